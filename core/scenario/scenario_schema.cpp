#include "core/scenario/scenario_schema.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/policy_json.h"

namespace rl::scenario {

namespace schema {

const std::vector<std::string_view> kRootKeys = {"format",     "name",     "description", "seed",
                                                 "duration_s", "bucket_s", "clients",     "services",
                                                 "faults",     "changes",  "lesson"};
const std::vector<std::string_view> kLessonKeys = {"title", "story", "watch", "try", "steps", "compare"};
const std::vector<std::string_view> kLessonStepKeys = {"at_s", "note", "question", "pause"};
const std::vector<std::string_view> kLessonCompareKeys = {"label", "set"};
const std::vector<std::string_view> kClientKeys = {
    "name",     "target", "arrival",         "rate_profile", "deadline_ms",  "timeout_ms",    "retry",
    "priority", "tenant", "idempotency_key", "idempotent",   "retry_budget", "retry_throttle"};
const std::vector<std::string_view> kArrivalKeys = {"kind", "rate_rps", "count", "at_s", "spread_ms"};
const std::vector<std::string_view> kRateStepKeys = {"at_s", "rate_rps", "ramp_s"};
const std::vector<std::string_view> kServiceKeys = {"name",         "workers",    "queue_capacity",
                                                    "service_time", "error_rate", "concurrency_control",
                                                    "ingress",      "calls",      "replay"};
const std::vector<std::string_view> kReplayKeys = {"file",       "format",    "window_s", "start_s",
                                                   "time_scale", "after_end", "latency"};
const std::vector<std::string_view> kServiceTimeKeys = {"dist",   "value_ms", "mean_ms", "median_ms",
                                                        "p99_ms", "min_ms",   "max_ms"};
const std::vector<std::string_view> kIngressKeys = {"rate_limiter", "load_shedder"};
const std::vector<std::string_view> kCallKeys = {
    "to",       "probability",          "timeout_ms",       "retry", "circuit_breaker", "bulkhead",
    "fallback", "deadline_propagation", "adaptive_timeout", "order", "retry_budget",    "retry_throttle"};
const std::vector<std::string_view> kFaultKeys = {"id",   "target",     "kind",       "from_s", "to_s",
                                                  "mode", "multiplier", "error_rate", "workers"};
const std::vector<std::string_view> kStartedFaultKeys = {"id",         "target",     "kind",   "mode",
                                                         "multiplier", "error_rate", "workers"};

const std::vector<std::string_view>* keysOf(std::string_view object) {
    static const std::pair<std::string_view, const std::vector<std::string_view>*> kObjects[] = {
        {"scenario", &kRootKeys},
        {"client", &kClientKeys},
        {"arrival", &kArrivalKeys},
        {"rate_step", &kRateStepKeys},
        {"service", &kServiceKeys},
        {"service_time", &kServiceTimeKeys},
        {"ingress", &kIngressKeys},
        {"replay", &kReplayKeys},
        {"call", &kCallKeys},
        {"fault", &kFaultKeys},
        {"lesson", &kLessonKeys},
        {"lesson_step", &kLessonStepKeys},
        {"lesson_compare", &kLessonCompareKeys},
        {"backoff", &keys::kBackoff},
        {"retry", &keys::kRetry},
        {"circuit_breaker", &keys::kCircuitBreaker},
        {"bulkhead", &keys::kBulkhead},
        {"rate_limiter", &keys::kRateLimiter},
        {"load_shedder", &keys::kLoadShedder},
        {"fallback", &keys::kFallback},
        {"deadline_propagation", &keys::kDeadlinePropagation},
        {"adaptive_timeout", &keys::kAdaptiveTimeout},
        {"retry_budget", &keys::kRetryBudget},
        {"retry_throttle", &keys::kRetryThrottle},
        {"adaptive_throttle", &keys::kAdaptiveThrottle}};
    for (const auto& [name, keys] : kObjects)
        if (name == object) return keys;
    return nullptr;
}

std::vector<std::string_view> serviceTimeKeysFor(ServiceTimeDist dist) {
    switch (dist) {
    case ServiceTimeDist::Constant:
        return {"value_ms"};
    case ServiceTimeDist::Exponential:
        return {"mean_ms"};
    case ServiceTimeDist::Lognormal:
        return {"median_ms", "p99_ms"};
    case ServiceTimeDist::Uniform:
        return {"min_ms", "max_ms"};
    }
    return {};
}

} // namespace schema

const std::vector<PolicyLayer>& defaultLayerOrder() {
    static const std::vector<PolicyLayer> order = {PolicyLayer::Fallback, PolicyLayer::Retry,
                                                   PolicyLayer::CircuitBreaker, PolicyLayer::Bulkhead,
                                                   PolicyLayer::Timeout};
    return order;
}

std::string_view policyLayerName(PolicyLayer layer) {
    return enumName(layer, schema::kLayers);
}
std::string_view serviceTimeDistName(ServiceTimeDist dist) {
    return enumName(dist, schema::kDists);
}
std::string_view faultKindName(FaultKind kind) {
    return enumName(kind, schema::kFaultKinds);
}

} // namespace rl::scenario
