#pragma once
// RetryThrottle: gRPC's retry throttling (proposal A6), a token bucket fed by successes
// (docs/primitives/retry-budgets.md).
//
// Tokens start at maxTokens. Each failed call takes 1 token (not below 0); each successful call gives
// back tokenRatio (not above maxTokens). Retries (and hedges) are allowed only while
// tokens > maxTokens / 2 (strict: at exactly half, retries stop). Like gRPC the count is kept in
// thousandths of a token (tokenRatio is rounded to 3 decimal places), so long runs never drift.
// What counts as a failure is the caller's choice; gRPC counts the retryable status codes and
// server pushback, and counts everything else as success.
// Events: a RetryThrottleEvent when retries become throttled and when they are allowed again.
// reconfigure(): the fill fraction (tokens / maxTokens) is kept; the ratio applies from then on.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/retry_throttle_config.h"

#include <cstdint>

namespace rl {

struct RetryThrottleEvent {
    TimePoint at;
    bool throttling; // true: retries just stopped; false: allowed again
    double tokens;
};

class RetryThrottle {
public:
    explicit RetryThrottle(const RetryThrottleConfig& config); // validates

    bool canRetry() const { return 2 * m_milliTokens > m_maxMilliTokens; }
    double tokens() const { return static_cast<double>(m_milliTokens) / 1000.0; }

    void onSuccess(TimePoint now);
    void onFailure(TimePoint now);

    struct View {
        double tokens;
        double maxTokens;
        double threshold; // maxTokens / 2: retries need strictly more
        bool canRetry;
    };
    View view(TimePoint now = TimePoint{}) const; // time plays no part; `now` for uniformity

    void reconfigure(const RetryThrottleConfig& config, TimePoint now);
    const RetryThrottleConfig& config() const { return m_config; }
    Listeners<RetryThrottleEvent>& listeners() { return m_listeners; }

private:
    void setMilliTokens(TimePoint now, std::int64_t value);

    RetryThrottleConfig m_config;
    std::int64_t m_maxMilliTokens;
    std::int64_t m_ratioMilliTokens;
    std::int64_t m_milliTokens;
    Listeners<RetryThrottleEvent> m_listeners;
};

} // namespace rl
