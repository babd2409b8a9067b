#pragma once
// Configuration of an Envoy-style retry budget (docs/primitives/retry-budgets.md).
#include "core/common/config_error.h"

#include <cstdint>

namespace rl {

// Retries may run concurrently while activeRetries < max(minRetryConcurrency,
// floor(budgetPercent / 100 * activeRequests)).
struct RetryBudgetConfig {
    double budgetPercent = 20.0;          // percent of the active requests, in [0, 100] (Envoy: 20)
    std::int32_t minRetryConcurrency = 3; // retries always allowed up to this many at once; 0 .. 100000

    bool operator==(const RetryBudgetConfig&) const = default;

    void validate() const {
        config::requireInRange("budget_percent", budgetPercent, 0.0, 100.0);
        config::requireInRange<std::int32_t>("min_retry_concurrency", minRetryConcurrency, 0, 100000);
    }
};

} // namespace rl
