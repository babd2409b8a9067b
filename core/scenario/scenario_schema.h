#pragma once
// The scenario format's schema (docs/scenario-format.md): the keys each object accepts, the names of
// enum values as written in JSON, and the limits on sizes. The parser, the writer, `--set` and the
// parameter table all read them from here, so a key is spelled once.
#include "core/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace rl::scenario {

namespace schema {

// The keys each object accepts, in the order the writer puts them.
extern const std::vector<std::string_view> kRootKeys;
extern const std::vector<std::string_view> kClientKeys;
extern const std::vector<std::string_view> kArrivalKeys;
// The arrival keys that apply to some kinds only (the others are refused), with whether they are
// required there.
struct ArrivalKindKey {
    std::string_view key;
    bool batch; // applies to batch (true) or to poisson and constant (false)
    bool required;
};
inline constexpr ArrivalKindKey kArrivalKindKeys[] = {
    {"rate_rps", false, true}, {"count", true, true}, {"at_s", true, false}, {"spread_ms", true, false}};
extern const std::vector<std::string_view> kRateStepKeys;
extern const std::vector<std::string_view> kServiceKeys;
extern const std::vector<std::string_view> kServiceTimeKeys;
extern const std::vector<std::string_view> kIngressKeys;
extern const std::vector<std::string_view> kReplayKeys;
extern const std::vector<std::string_view> kCallKeys;
extern const std::vector<std::string_view> kFaultKeys;
// A fault started by a change has no window: it lasts until an end_fault names its id.
extern const std::vector<std::string_view> kStartedFaultKeys;
extern const std::vector<std::string_view> kLessonKeys;
extern const std::vector<std::string_view> kLessonStepKeys;
extern const std::vector<std::string_view> kLessonCompareKeys;

// The keys of `object` ("client", "arrival", "call", "retry", "backoff", "circuit_breaker", ...: the
// scenario's object kinds and the policies' JSON names); nullptr for an unknown kind.
const std::vector<std::string_view>* keysOf(std::string_view object);

// The service-time keys a distribution takes ("value_ms" for constant, ...), in the writer's order.
std::vector<std::string_view> serviceTimeKeysFor(ServiceTimeDist dist);

// A fault's kind-specific keys: each applies to one kind; latency, errors and capacity need theirs.
struct FaultKindKey {
    std::string_view key;
    FaultKind kind;
    bool required;
};
inline constexpr FaultKindKey kFaultKindKeys[] = {{"mode", FaultKind::Outage, false},
                                                  {"multiplier", FaultKind::Latency, true},
                                                  {"error_rate", FaultKind::Errors, true},
                                                  {"workers", FaultKind::Capacity, true}};

// Enum values as written in JSON, in documentation order.
inline constexpr std::pair<std::string_view, ArrivalKind> kArrivalKinds[] = {
    {"poisson", ArrivalKind::Poisson}, {"constant", ArrivalKind::Constant}, {"batch", ArrivalKind::Batch}};
inline constexpr std::pair<std::string_view, ConcurrencyControl> kConcurrencyControls[] = {
    {"none", ConcurrencyControl::None}, {"optimistic", ConcurrencyControl::Optimistic}};
inline constexpr std::pair<std::string_view, ServiceTimeDist> kDists[] = {
    {"constant", ServiceTimeDist::Constant},
    {"exponential", ServiceTimeDist::Exponential},
    {"lognormal", ServiceTimeDist::Lognormal},
    {"uniform", ServiceTimeDist::Uniform}};
inline constexpr std::pair<std::string_view, FaultKind> kFaultKinds[] = {{"outage", FaultKind::Outage},
                                                                         {"latency", FaultKind::Latency},
                                                                         {"errors", FaultKind::Errors},
                                                                         {"capacity", FaultKind::Capacity}};
inline constexpr std::pair<std::string_view, OutageMode> kOutageModes[] = {
    {"fail_fast", OutageMode::FailFast}, {"hang", OutageMode::Hang}};
inline constexpr std::pair<std::string_view, ReplayFormat> kReplayFormats[] = {
    {"auto", ReplayFormat::Auto}, {"csv", ReplayFormat::Csv}, {"jsonl", ReplayFormat::Jsonl}};
inline constexpr std::pair<std::string_view, ReplayAfterEnd> kReplayAfterEnds[] = {
    {"loop", ReplayAfterEnd::Loop},
    {"clamp", ReplayAfterEnd::Clamp},
    {"synthetic", ReplayAfterEnd::Synthetic}};
inline constexpr std::pair<std::string_view, ReplayLatency> kReplayLatencies[] = {
    {"replace", ReplayLatency::Replace}, {"scale", ReplayLatency::Scale}};
inline constexpr std::pair<std::string_view, PolicyLayer> kLayers[] = {
    {"fallback", PolicyLayer::Fallback},
    {"retry", PolicyLayer::Retry},
    {"circuit_breaker", PolicyLayer::CircuitBreaker},
    {"bulkhead", PolicyLayer::Bulkhead},
    {"timeout", PolicyLayer::Timeout}};

// Limits on sizes: lists longer than these are absurd for a simulation someone wrote or will read.
inline constexpr std::int64_t kMaxQueueCapacity = 1'000'000'000;
inline constexpr std::int64_t kMaxWorkers = 1'000'000;
inline constexpr double kMaxBuckets = 1'000'000;
// Metrics keep about 100 bytes per time bucket for every client, service and call: cap the product so
// a run cannot ask for more than ~2 GB of metrics.
inline constexpr double kMaxEntityBuckets = 20'000'000;
inline constexpr std::size_t kMaxServices = 10'000;
inline constexpr std::size_t kMaxClients = 10'000;
inline constexpr std::size_t kMaxCalls = 1'000; // per service
inline constexpr std::size_t kMaxFaults = 100'000;
inline constexpr std::size_t kMaxChanges = 100'000;
inline constexpr std::size_t kMaxRateSteps = 100'000;     // per client
inline constexpr std::int64_t kMaxBatchCount = 1'000'000; // requests of one batch arrival
inline constexpr std::size_t kMaxOrderItems = 100;
inline constexpr std::size_t kMaxLessonSteps = 1'000;
inline constexpr std::size_t kMaxLessonOverrides = 100;

} // namespace schema

// Names used in the JSON.
std::string_view policyLayerName(PolicyLayer layer);
std::string_view serviceTimeDistName(ServiceTimeDist dist);
std::string_view faultKindName(FaultKind kind);
// The call's default layer order, outermost first.
const std::vector<PolicyLayer>& defaultLayerOrder();

} // namespace rl::scenario
