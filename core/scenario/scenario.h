#pragma once
// The scenario model: what a scenario file says, after validation. Plain data; the loader
// (scenario_json.h) turns JSON into it and back, the simulator (core/sim) runs it.
// Keys and meanings: docs/scenario-format.md.
#include "core/common/outcome.h"
#include "core/common/time.h"
#include "core/primitives/bulkhead_config.h"
#include "core/primitives/circuit_breaker_config.h"
#include "core/primitives/fallback_config.h"
#include "core/primitives/load_shedder_config.h"
#include "core/primitives/rate_limiter_config.h"
#include "core/primitives/retry_budget_config.h"
#include "core/primitives/retry_config.h"
#include "core/primitives/retry_throttle_config.h"
#include "core/primitives/timeout_config.h"
#include "core/scenario/lesson.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rl::scenario {

inline constexpr const char* kFormatV1 = "resilience-lab/scenario@1";

// poisson and constant follow `rate_rps` (and the rate profile); batch sends `count` requests at one
// instant (or spread evenly over `spread_ms`) and nothing after: N clients that start together.
enum class ArrivalKind : std::uint8_t { Poisson, Constant, Batch };

struct BatchArrival {
    std::int64_t count = 0; // requests in the batch, 1 .. schema::kMaxBatchCount
    double atS = 0;         // when the first one leaves, >= 0 and < duration_s
    double spreadMs = 0;    // request k leaves at at_s + spread_ms * k / count; 0 = all at once

    bool operator==(const BatchArrival&) const = default;
};

struct RateStep {
    double atS = 0;     // when the new rate applies (or the ramp to it starts, if rampS > 0)
    double rateRps = 0; // >= 0
    double rampS = 0;   // linear ramp from the previous rate, from atS to atS + rampS; >= 0

    bool operator==(const RateStep&) const = default;
};

struct Client {
    std::string name;
    std::string target; // name of the entry service
    ArrivalKind arrival = ArrivalKind::Poisson;
    double rateRps = 1;                // poisson, constant: >= 0 (0 = silent until a rate_profile step)
    std::vector<RateStep> rateProfile; // poisson, constant: ordered by atS
    BatchArrival batch;                // batch only
    std::optional<Duration> deadline;  // overall budget of a request, retries included
    std::optional<RetryConfig> retry;  // client-side retries
    // Limits on those retries (need `retry`): Envoy's budget of concurrent retries, gRPC's throttle.
    // One per client group, shared by all its requests.
    std::optional<RetryBudgetConfig> retryBudget;
    std::optional<RetryThrottleConfig> retryThrottle;
    std::optional<Duration> timeout; // per attempt; defaults to the deadline if any
    Priority priority = Priority::Normal;
    std::string tenant = "default";
    bool idempotencyKey = false; // retries carry a key, so duplicates are suppressed
    bool idempotent = true;      // a retried non-idempotent request without key = duplicate side effect

    bool operator==(const Client&) const = default;
};

enum class ServiceTimeDist : std::uint8_t { Constant, Exponential, Lognormal, Uniform };

struct ServiceTime {
    ServiceTimeDist dist = ServiceTimeDist::Exponential;
    double valueMs = 0;  // constant
    double meanMs = 10;  // exponential
    double medianMs = 0; // lognormal
    double p99Ms = 0;    // lognormal, > medianMs
    double minMs = 0;    // uniform
    double maxMs = 0;    // uniform, >= minMs

    bool operator==(const ServiceTime&) const = default;
};

// A recorded log that drives the service (docs/scenario-format.md, "Replaying a recorded log"): a call
// at simulated time t gets the behaviour of a row recorded around log time start_s + t * time_scale.
enum class ReplayFormat : std::uint8_t { Auto, Csv, Jsonl };
enum class ReplayAfterEnd : std::uint8_t { Loop, Clamp, Synthetic };
enum class ReplayLatency : std::uint8_t { Replace, Scale };

struct ReplayLog; // the parsed rows (replay_log.h)

struct Replay {
    std::string file;                         // path relative to the scenario file, or builtin-data:NAME
    ReplayFormat format = ReplayFormat::Auto; // auto: by the file's extension, else by its first byte
    double windowS = 10;                      // sampling window on the log's clock, > 0
    double startS = 0;                        // log time at simulated time 0, >= 0
    double timeScale = 1;                     // log seconds per simulated second, > 0
    ReplayAfterEnd afterEnd = ReplayAfterEnd::Loop; // past the log's last row
    ReplayLatency latency = ReplayLatency::Replace; // replace the service time, or scale it
    // The rows, once loaded by attachReplayLogs (replay_log.h). Not part of the scenario's value: two
    // scenarios naming the same file compare equal whether or not the rows are loaded.
    std::shared_ptr<const ReplayLog> log;

    bool operator==(const Replay& o) const {
        return file == o.file && format == o.format && windowS == o.windowS && startS == o.startS &&
               timeScale == o.timeScale && afterEnd == o.afterEnd && latency == o.latency;
    }
};

struct Ingress {
    std::optional<RateLimiterConfig> rateLimiter;
    std::optional<LoadShedderConfig> loadShedder;

    bool operator==(const Ingress&) const = default;
};

// The layers of a call's policy stack, outermost first in `Call::order`.
enum class PolicyLayer : std::uint8_t { Fallback, Retry, CircuitBreaker, Bulkhead, Timeout };

struct Call {
    std::string to;                  // name of the callee service
    double probability = 1.0;        // chance a request makes this call; [0, 1]
    std::optional<Duration> timeout; // per attempt
    std::optional<RetryConfig> retry;
    std::optional<RetryBudgetConfig> retryBudget;     // needs `retry`; shared by the call's executions
    std::optional<RetryThrottleConfig> retryThrottle; // needs `retry`
    std::optional<CircuitBreakerConfig> circuitBreaker;
    std::optional<BulkheadConfig> bulkhead;
    std::optional<FallbackConfig> fallback;
    std::optional<DeadlinePropagationConfig> deadlinePropagation;
    std::optional<AdaptiveTimeoutConfig> adaptiveTimeout; // replaces `timeout` when present
    // Outermost first. Default (documented): fallback, retry, circuit_breaker, bulkhead, timeout:
    // every attempt passes the breaker and holds a bulkhead slot, and the fallback sees the final result.
    std::vector<PolicyLayer> order;

    bool operator==(const Call&) const = default;
};

// How a service treats concurrent work on its one shared resource (docs/scenario-format.md,
// "concurrency_control"). optimistic: each job reads the resource's version when its work starts and
// writes when its work ends; the write fails (outcome `error`, a conflict) if another job of the
// service committed after this one started, else it commits. A DynamoDB conditional put, say.
enum class ConcurrencyControl : std::uint8_t { None, Optimistic };

struct Service {
    std::string name;
    std::int32_t workers = 1;                  // 1 .. 1000000
    std::optional<std::int64_t> queueCapacity; // nullopt = unbounded, 0 = no waiting room
    ServiceTime serviceTime;
    double errorRate = 0; // [0, 1]
    ConcurrencyControl concurrencyControl = ConcurrencyControl::None;
    Ingress ingress;
    std::optional<Replay> replay; // a recorded log drives the service's work time and outcome
    std::vector<Call> calls;      // made in order, after the service's own work

    bool operator==(const Service&) const = default;
};

enum class FaultKind : std::uint8_t { Outage, Latency, Errors, Capacity };
enum class OutageMode : std::uint8_t { FailFast, Hang };

struct Fault {
    std::string id;     // optional name, unique among faults; a change's end_fault refers to it
    std::string target; // service name
    FaultKind kind = FaultKind::Outage;
    double fromS = 0;
    double toS = 0;                         // > fromS
    OutageMode mode = OutageMode::FailFast; // outage
    double multiplier = 1;                  // latency, > 0
    double errorRate = 0;                   // errors, [0, 1]
    std::int32_t workers = 0;               // capacity: workers during the fault, >= 0

    bool operator==(const Fault&) const = default;
};

// A change during a run: a slider moved in the GUI, a policy layer switched, a fault started or ended
// by hand. Applied after every event at `atS` (so a change made live at the current time and the same
// change replayed from the file act at the same point); equal times apply in list order. Checked and
// applied by core/scenario/changes.h; the tunable PATHs are the parameter table's.
struct Change {
    double atS = 0;
    std::vector<std::pair<std::string, std::string>> set; // PATH -> VALUE as JSON text, in order
    std::vector<std::pair<std::string, bool>> layers;     // "services[0].calls[0].circuit_breaker" -> on
    std::optional<Fault> startFault;                      // from_s / to_s unused; `id` required
    std::string endFault;                                 // id of a fault to end now ("" = none)
    bool operator==(const Change&) const = default;
};

struct Scenario {
    std::string format = kFormatV1;
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    double durationS = 60; // > 0
    double bucketS = 1;    // > 0
    std::vector<Client> clients;
    std::vector<Service> services;
    std::vector<Fault> faults;
    std::vector<Change> changes;  // ordered by atS
    std::optional<Lesson> lesson; // for teaching; the simulation ignores it

    bool operator==(const Scenario&) const = default;

    const Service* findService(const std::string& serviceName) const {
        for (const auto& s : services)
            if (s.name == serviceName) return &s;
        return nullptr;
    }
};

} // namespace rl::scenario
