#include "core/primitives/retry.h"

#include <algorithm>

namespace rl {
namespace {
constexpr std::array<std::string_view, kRetryVerdictCount> kVerdictNames = {
    "retry",           "not_retryable", "attempts_exhausted", "deadline_exceeded", "retry_after_too_long",
    "budget_exhausted"};
} // namespace

std::string_view retryVerdictName(RetryVerdict verdict) {
    return kVerdictNames[static_cast<std::size_t>(verdict)];
}

std::optional<RetryVerdict> retryVerdictFromName(std::string_view name) {
    for (std::size_t i = 0; i < kRetryVerdictCount; ++i)
        if (kVerdictNames[i] == name) return static_cast<RetryVerdict>(i);
    return std::nullopt;
}

RetryPolicy::RetryPolicy(const RetryConfig& config)
    : m_config(config)
    , m_backoff(config.backoff) {
    m_config.validate();
}

bool RetryPolicy::isRetryable(Outcome outcome) const {
    return !isAnswer(outcome) && outcome != Outcome::ClientError && m_config.retryOn.contains(outcome);
}

RetryDecision RetryPolicy::decide(RetryState& state, Outcome outcome, TimePoint now, Random& rng,
                                  Duration retryAfter, TimePoint deadline, bool budgetAllows) const {
    RetryDecision decision{RetryVerdict::Retry, Duration::zero()};
    const bool pushback = m_config.honorRetryAfter && retryAfter > Duration::zero();
    if (!isRetryable(outcome)) {
        decision.verdict = RetryVerdict::NotRetryable;
    } else if (state.attempts >= m_config.maxAttempts) {
        decision.verdict = RetryVerdict::AttemptsExhausted;
    } else if (pushback && retryAfter > m_config.maxRetryAfter) {
        decision.verdict = RetryVerdict::RetryAfterTooLong;
    } else {
        Duration delay = m_backoff.delay(state.attempts, state.previousDelay, rng);
        if (pushback) delay = std::max(delay, retryAfter);
        // now + delay >= deadline, written so that it cannot overflow (delay may be up to kNoLimit).
        if (deadline != kNoLimit && (now >= deadline || delay >= deadline - now)) {
            decision.verdict = RetryVerdict::DeadlineExceeded;
        } else if (!budgetAllows) {
            decision.verdict = RetryVerdict::BudgetExhausted;
        } else {
            decision.delay = delay;
            state.previousDelay = delay;
        }
    }
    if (!m_listeners.empty())
        m_listeners.emit({now, state.attempts, outcome, decision.verdict, decision.delay});
    return decision;
}

void RetryPolicy::reconfigure(const RetryConfig& config) {
    Backoff backoff(config.backoff); // validates the backoff part
    config.validate();
    m_config = config;
    m_backoff = backoff;
}

RetryPolicy::View RetryPolicy::view(TimePoint /*now*/) const {
    View v{m_config.maxAttempts, m_config.backoff.kind, m_config.backoff.jitter, 0, {}};
    v.nominalCount = std::min<std::size_t>(kViewRetries, static_cast<std::size_t>(m_config.maxAttempts - 1));
    for (std::size_t i = 0; i < v.nominalCount; ++i)
        v.nominalDelays[i] = m_backoff.nominal(static_cast<std::int32_t>(i + 1));
    return v;
}

} // namespace rl
