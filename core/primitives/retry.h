#pragma once
// RetryPolicy: after each failed attempt, decides whether to retry and how long to wait first
// (docs/primitives/retry.md). The policy itself holds no per-request state: each request carries a
// RetryState (attempts made, previous delay), so one policy serves any number of requests.
//
// decide() answers, checking in this order (the first that applies wins):
//   1. NotRetryable       the outcome is an answer (success, degraded), client_error (even when listed
//                         in retry_on: a bad request stays bad), or not in retry_on
//   2. AttemptsExhausted  state.attempts >= max_attempts (attempts count the first one)
//   3. RetryAfterTooLong  honorRetryAfter and the server's Retry-After > maxRetryAfter (== is fine)
//   4. DeadlineExceeded   the wait would end at or after the request's deadline (now + delay >= deadline;
//                         also when the deadline has already passed)
//   5. BudgetExhausted    the caller's retry budget / throttle said no (budgetAllows == false)
//   6. Retry              wait `delay`, then make attempt state.attempts + 1
// The delay is the backoff delay for retry number state.attempts (Backoff), raised to the server's
// Retry-After when honorRetryAfter (delay = max(backoff, retryAfter), which may exceed backoff.max:
// the cap bounds our own backoff, not the server's request). The backoff delay (and its one
// random draw) is computed only when checks 1-3 pass. On Retry, state.previousDelay = delay (what
// decorrelated jitter grows from); the caller increments state.attempts when it makes the attempt.
// Every decision is emitted as a RetryEvent to listeners(); decide() never allocates.
#include "core/common/listeners.h"
#include "core/common/outcome.h"
#include "core/common/random.h"
#include "core/common/time.h"
#include "core/primitives/backoff.h"
#include "core/primitives/retry_config.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rl {

// One request's retry bookkeeping; start each request with a fresh RetryState.
struct RetryState {
    std::int32_t attempts = 0; // attempts already made, the first one included
    Duration previousDelay{0}; // the delay waited before the last retry (0 before any retry)
};

enum class RetryVerdict : std::uint8_t {
    Retry,
    NotRetryable,
    AttemptsExhausted,
    DeadlineExceeded,
    RetryAfterTooLong,
    BudgetExhausted,
};
inline constexpr std::size_t kRetryVerdictCount = 6;

// "retry", "not_retryable", "attempts_exhausted", "deadline_exceeded", "retry_after_too_long",
// "budget_exhausted".
std::string_view retryVerdictName(RetryVerdict verdict);
std::optional<RetryVerdict> retryVerdictFromName(std::string_view name);

struct RetryDecision {
    RetryVerdict verdict = RetryVerdict::NotRetryable;
    Duration delay{0}; // wait before the retry; 0 unless verdict == Retry
    bool retry() const { return verdict == RetryVerdict::Retry; }
};

struct RetryEvent {
    TimePoint at;
    std::int32_t attempt; // the attempt that just ended (1 = the first)
    Outcome outcome;      // its outcome
    RetryVerdict verdict;
    Duration delay; // 0 unless verdict == Retry
};

class RetryPolicy {
public:
    // Validates the config (throws ConfigError naming the field).
    explicit RetryPolicy(const RetryConfig& config);

    // Called after an attempt ends with `outcome` (state.attempts already counts it). retryAfter: the
    // server's pushback (Duration::zero() = none); deadline: the overall deadline of the request
    // (kNoLimit = none): a retry whose delay would end at or after the deadline is not made.
    // budgetAllows: the caller's RetryBudget / RetryThrottle / AdaptiveThrottle answer, consulted last.
    RetryDecision decide(RetryState& state, Outcome outcome, TimePoint now, Random& rng,
                         Duration retryAfter = Duration::zero(), TimePoint deadline = kNoLimit,
                         bool budgetAllows = true) const;

    // Whether this policy would ever retry `outcome` (retry_on, never answers or client_error).
    bool isRetryable(Outcome outcome) const;

    Listeners<RetryEvent>& listeners() { return m_listeners; }

    // Replaces the config (validated first; on error nothing changes). The policy keeps no state of its
    // own, so nothing is reset; requests in flight continue with their RetryState under the new rules.
    void reconfigure(const RetryConfig& config);
    // The common primitive signature; time plays no part here.
    void reconfigure(const RetryConfig& config, TimePoint /*now*/) { reconfigure(config); }
    const RetryConfig& config() const { return m_config; }
    const Backoff& backoff() const { return m_backoff; }

    // For the GUI's retry timeline: the nominal (unjittered) delays before the first retries.
    static constexpr std::size_t kViewRetries = 8;
    struct View {
        std::int32_t maxAttempts;
        BackoffKind backoffKind;
        JitterKind jitter;
        std::size_t nominalCount; // min(kViewRetries, maxAttempts - 1) entries of nominalDelays are set
        std::array<Duration, kViewRetries> nominalDelays;
    };
    View view(TimePoint now = TimePoint{}) const; // time plays no part; `now` for uniformity

private:
    RetryConfig m_config;
    Backoff m_backoff;
    Listeners<RetryEvent> m_listeners;
};

} // namespace rl
