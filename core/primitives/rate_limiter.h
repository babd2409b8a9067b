#pragma once
// One rate limiter of the kind a RateLimiterConfig names (token bucket, fixed window, sliding log or
// sliding window counter), with counters, rejection events and a view for the GUI. Semantics of each
// kind: token_bucket.h and window_limiters.h; docs/primitives/rate-limiters.md compares them.
// `per` is ignored here (KeyedRateLimiter handles tenants).
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/rate_decision.h"
#include "core/primitives/rate_limiter_config.h"
#include "core/primitives/token_bucket.h"
#include "core/primitives/window_limiters.h"

#include <cstdint>
#include <variant>

namespace rl {

struct RateLimitEvent {
    enum class Kind : std::uint8_t { Rejected };
    Kind kind;
    TimePoint at;
    double cost;
    Duration retryAfter; // as returned to the caller (kNoLimit: never)
};

class RateLimiter {
public:
    explicit RateLimiter(const RateLimiterConfig& config, TimePoint start = TimePoint{});

    RateDecision tryAcquire(TimePoint now, double cost = 1);

    struct View {
        RateLimiterKind kind;
        // What is left to admit now, in cost units: tokens in the bucket, or limit - the window's count
        // (for the sliding counter: limit - the weighted estimate), never below 0.
        double tokens;
        double capacity;          // burst (token bucket) or limit (window kinds)
        std::int64_t windowCount; // admissions counted in the current window (0 for the token bucket)
        std::int64_t permitted, rejected;
    };
    View view(TimePoint now) const;

    // Same kind: keeps the state as each kind documents (the bucket keeps its tokens, windows keep
    // their counts unless the window length changes). Another kind: a fresh limiter, full at `now`.
    // The permitted/rejected counters are kept.
    void reconfigure(const RateLimiterConfig& config, TimePoint now);
    // Forgets everything (a fresh, full limiter at `now`), keeping allocated memory; counters to 0.
    void reset(TimePoint now);

    const RateLimiterConfig& config() const { return m_config; }
    Listeners<RateLimitEvent>& listeners() { return m_listeners; }

private:
    using Impl =
        std::variant<TokenBucket, FixedWindowLimiter, SlidingLogLimiter, SlidingWindowCounterLimiter>;
    static Impl makeImpl(const RateLimiterConfig& config, TimePoint start);

    RateLimiterConfig m_config;
    Impl m_impl;
    std::int64_t m_permitted = 0;
    std::int64_t m_rejected = 0;
    Listeners<RateLimitEvent> m_listeners;
};

} // namespace rl
