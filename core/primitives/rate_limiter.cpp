#include "core/primitives/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace rl {
namespace {
const RateLimiterConfig& validated(const RateLimiterConfig& c) {
    c.validate();
    return c;
}
} // namespace

RateLimiter::Impl RateLimiter::makeImpl(const RateLimiterConfig& c, TimePoint start) {
    switch (c.kind) {
    case RateLimiterKind::FixedWindow:
        return FixedWindowLimiter(c.limit, c.window);
    case RateLimiterKind::SlidingLog:
        return SlidingLogLimiter(c.limit, c.window);
    case RateLimiterKind::SlidingWindowCounter:
        return SlidingWindowCounterLimiter(c.limit, c.window);
    case RateLimiterKind::TokenBucket:
        break;
    }
    return TokenBucket(c.ratePerSecond, c.burst, start);
}

RateLimiter::RateLimiter(const RateLimiterConfig& config, TimePoint start)
    : m_config(validated(config))
    , m_impl(makeImpl(config, start)) {}

RateDecision RateLimiter::tryAcquire(TimePoint now, double cost) {
    const RateDecision d = std::visit([&](auto& impl) { return impl.tryAcquire(now, cost); }, m_impl);
    if (d.permitted) {
        ++m_permitted;
    } else {
        ++m_rejected;
        if (!m_listeners.empty()) m_listeners.emit({RateLimitEvent::Kind::Rejected, now, cost, d.retryAfter});
    }
    return d;
}

RateLimiter::View RateLimiter::view(TimePoint now) const {
    View v{m_config.kind, 0, 0, 0, m_permitted, m_rejected};
    std::visit(
        [&](const auto& impl) {
            using T = std::decay_t<decltype(impl)>;
            if constexpr (std::is_same_v<T, TokenBucket>) {
                v.tokens = impl.tokens(now);
                v.capacity = impl.burst();
            } else {
                const double limit = static_cast<double>(impl.limit());
                double used = impl.count(now);
                v.windowCount = static_cast<std::int64_t>(std::ceil(used));
                if constexpr (std::is_same_v<T, SlidingWindowCounterLimiter>) used = impl.estimate(now);
                v.tokens = std::max(0.0, limit - used);
                v.capacity = limit;
            }
        },
        m_impl);
    return v;
}

void RateLimiter::reconfigure(const RateLimiterConfig& config, TimePoint now) {
    config.validate();
    if (config.kind != m_config.kind) {
        m_impl = makeImpl(config, now);
    } else {
        std::visit(
            [&](auto& impl) {
                using T = std::decay_t<decltype(impl)>;
                if constexpr (std::is_same_v<T, TokenBucket>)
                    impl.reconfigure(config.ratePerSecond, config.burst, now);
                else
                    impl.reconfigure(config.limit, config.window, now);
            },
            m_impl);
    }
    m_config = config;
}

void RateLimiter::reset(TimePoint now) {
    std::visit(
        [&](auto& impl) {
            using T = std::decay_t<decltype(impl)>;
            if constexpr (std::is_same_v<T, TokenBucket>)
                impl.reset(now);
            else
                impl.reset();
        },
        m_impl);
    m_permitted = 0;
    m_rejected = 0;
}

} // namespace rl
