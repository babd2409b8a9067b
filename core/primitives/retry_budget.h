#pragma once
// RetryBudget: Envoy's retry budget as plain counters (docs/primitives/retry-budgets.md).
//
// A retry may start while activeRetries < limit, limit = max(minRetryConcurrency,
// floor(budgetPercent / 100 * activeRequests)). As in Envoy, "active requests" are all requests in
// flight, retries included: onRequestStarted/onRequestFinished bracket a first attempt,
// onRetryStarted/onRetryFinished bracket a retry (a retry counts as an active request AND an active
// retry). Finishing more than were started is ignored (counters never go below 0).
// canRetry() is a query; tryStartRetry(now) checks and starts in one go, and emits a
// RetryBudgetEvent when it refuses. No time dependence: the budget is concurrency, not rate.
// reconfigure(): counters are kept, the new limits apply at once.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/retry_budget_config.h"

#include <cstdint>

namespace rl {

struct RetryBudgetEvent { // a retry refused by the budget
    TimePoint at;
    std::int64_t activeRequests;
    std::int64_t activeRetries;
    std::int64_t limit;
};

class RetryBudget {
public:
    explicit RetryBudget(const RetryBudgetConfig& config); // validates

    bool canRetry() const { return m_activeRetries < limit(); }
    std::int64_t limit() const; // how many retries may be active at once now

    void onRequestStarted() { ++m_activeRequests; }
    void onRequestFinished();
    void onRetryStarted();
    void onRetryFinished();
    // canRetry() then onRetryStarted(); emits a RetryBudgetEvent and returns false when refused.
    bool tryStartRetry(TimePoint now);

    struct View {
        std::int64_t activeRequests; // retries included
        std::int64_t activeRetries;
        std::int64_t limit;
        bool canRetry;
    };
    // Time plays no part; `now` for uniformity with the other primitives.
    View view(TimePoint /*now*/ = TimePoint{}) const {
        return {m_activeRequests, m_activeRetries, limit(), canRetry()};
    }

    void reconfigure(const RetryBudgetConfig& config);
    void reconfigure(const RetryBudgetConfig& config, TimePoint /*now*/) { reconfigure(config); }
    const RetryBudgetConfig& config() const { return m_config; }
    Listeners<RetryBudgetEvent>& listeners() { return m_listeners; }

private:
    RetryBudgetConfig m_config;
    std::int64_t m_activeRequests = 0;
    std::int64_t m_activeRetries = 0;
    Listeners<RetryBudgetEvent> m_listeners;
};

} // namespace rl
