// Trace drivers for the retry-budget family (docs/primitives/retry-budgets.md):
//   retry-budget       Envoy's concurrency budget; --config {budget_percent, min_retry_concurrency}
//                      ops request_start, request_end, retry (try to start one), retry_end
//                      -> {"t_ms", ["permitted",] "active_requests","active_retries","limit","can_retry"}
//   retry-throttle     gRPC's token bucket; --config {max_tokens, token_ratio}
//                      ops success, failure, check -> {"t_ms","tokens","can_retry"}
//   adaptive-throttle  SRE client-side throttling; --config {k, window_s, seed (default 1)}
//                      ops request (counts it, then draws whether to reject it locally), accepted
//                      -> {"t_ms", ["rejected",] "requests","accepts","reject_probability"}
#include "app/trace/driver_support.h"
#include "app/trace/trace_driver.h"
#include "core/common/random.h"
#include "core/primitives/adaptive_throttle.h"
#include "core/primitives/retry_budget.h"
#include "core/primitives/retry_throttle.h"
#include "core/scenario/policy_json.h"

namespace rl::trace {
namespace {

// ---- retry-budget ----

class RetryBudgetDriver : public TraceDriver {
public:
    explicit RetryBudgetDriver(const RetryBudgetConfig& c)
        : m_budget(c) {}
    void apply(TimePoint now, std::string_view op, const nlohmann::json&,
               nlohmann::ordered_json& out) override {
        if (op == "request_start")
            m_budget.onRequestStarted();
        else if (op == "request_end")
            m_budget.onRequestFinished();
        else if (op == "retry")
            out["permitted"] = m_budget.tryStartRetry(now);
        else if (op == "retry_end")
            m_budget.onRetryFinished();
        else
            unknownOp(op, "request_start, request_end, retry, retry_end");
        const RetryBudget::View v = m_budget.view(now);
        out["active_requests"] = v.activeRequests;
        out["active_retries"] = v.activeRetries;
        out["limit"] = v.limit;
        out["can_retry"] = v.canRetry;
    }

private:
    RetryBudget m_budget;
};

std::unique_ptr<TraceDriver> createRetryBudget(const nlohmann::json& config) {
    return std::make_unique<RetryBudgetDriver>(parseConfig(&scenario::parseRetryBudget, config));
}

const DriverRegistrar kRetryBudget({"retry-budget",
                                    "Envoy's retry budget: concurrent retries vs active requests",
                                    "request_start, request_end, retry, retry_end", &createRetryBudget});

// ---- retry-throttle ----

class RetryThrottleDriver : public TraceDriver {
public:
    explicit RetryThrottleDriver(const RetryThrottleConfig& c)
        : m_throttle(c) {}
    void apply(TimePoint now, std::string_view op, const nlohmann::json&,
               nlohmann::ordered_json& out) override {
        if (op == "success")
            m_throttle.onSuccess(now);
        else if (op == "failure")
            m_throttle.onFailure(now);
        else if (op != "check")
            unknownOp(op, "success, failure, check");
        out["tokens"] = scenario::numberJson(m_throttle.tokens());
        out["can_retry"] = m_throttle.canRetry();
    }

private:
    RetryThrottle m_throttle;
};

std::unique_ptr<TraceDriver> createRetryThrottle(const nlohmann::json& config) {
    return std::make_unique<RetryThrottleDriver>(parseConfig(&scenario::parseRetryThrottle, config));
}

const DriverRegistrar kRetryThrottle({"retry-throttle",
                                      "gRPC retry throttling: a token bucket fed by successes",
                                      "success, failure, check", &createRetryThrottle});

// ---- adaptive-throttle ----

class AdaptiveThrottleDriver : public TraceDriver {
public:
    AdaptiveThrottleDriver(const AdaptiveThrottleConfig& c, std::uint64_t seed)
        : m_throttle(c)
        , m_rng(seed) {}
    void apply(TimePoint now, std::string_view op, const nlohmann::json&,
               nlohmann::ordered_json& out) override {
        if (op == "request") {
            m_throttle.onRequest(now);
            out["rejected"] = m_throttle.shouldReject(now, m_rng);
        } else if (op == "accepted") {
            m_throttle.onAccepted(now);
        } else {
            unknownOp(op, "request, accepted");
        }
        const AdaptiveThrottle::View v = m_throttle.view(now);
        out["requests"] = v.requests;
        out["accepts"] = v.accepts;
        out["reject_probability"] = scenario::numberJson(v.rejectProbability);
    }

private:
    AdaptiveThrottle m_throttle;
    Random m_rng;
};

std::unique_ptr<TraceDriver> createAdaptiveThrottle(const nlohmann::json& config) {
    std::vector<std::string> problems;
    nlohmann::json rest = config;
    const std::uint64_t seed = takeSeed(rest, problems);
    return std::make_unique<AdaptiveThrottleDriver>(
        parseConfig(&scenario::parseAdaptiveThrottle, rest, std::move(problems)), seed);
}

const DriverRegistrar kAdaptiveThrottle({"adaptive-throttle",
                                         "SRE-book client-side throttling: reject locally as accepts fall",
                                         "request, accepted", &createAdaptiveThrottle});

} // namespace
} // namespace rl::trace
