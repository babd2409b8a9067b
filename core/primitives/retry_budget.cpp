#include "core/primitives/retry_budget.h"

#include <algorithm>
#include <cmath>

namespace rl {

RetryBudget::RetryBudget(const RetryBudgetConfig& config)
    : m_config(config) {
    m_config.validate();
}

std::int64_t RetryBudget::limit() const {
    // Envoy truncates the product to an integer, so 20% of 14 active requests allows 2, not 2.8.
    const double share = std::floor(m_config.budgetPercent / 100.0 * static_cast<double>(m_activeRequests));
    return std::max<std::int64_t>(m_config.minRetryConcurrency, static_cast<std::int64_t>(share));
}

void RetryBudget::onRequestFinished() {
    if (m_activeRequests > m_activeRetries) --m_activeRequests;
}

void RetryBudget::onRetryStarted() {
    ++m_activeRetries;
    ++m_activeRequests;
}

void RetryBudget::onRetryFinished() {
    if (m_activeRetries == 0) return;
    --m_activeRetries;
    --m_activeRequests;
}

bool RetryBudget::tryStartRetry(TimePoint now) {
    if (!canRetry()) {
        m_listeners.emit({now, m_activeRequests, m_activeRetries, limit()});
        return false;
    }
    onRetryStarted();
    return true;
}

void RetryBudget::reconfigure(const RetryBudgetConfig& config) {
    config.validate();
    m_config = config;
}

} // namespace rl
