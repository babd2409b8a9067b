#include "core/primitives/adaptive_throttle.h"

#include <algorithm>

namespace rl {
namespace {
std::int64_t secondOf(TimePoint t) {
    // Floor division, so negative times (before the caller's epoch) land in the right second.
    const std::int64_t ns = t.count();
    const std::int64_t s = ns / 1'000'000'000;
    return (ns % 1'000'000'000 < 0) ? s - 1 : s;
}
} // namespace

AdaptiveThrottle::AdaptiveThrottle(const AdaptiveThrottleConfig& config)
    : m_config(config) {
    m_config.validate();
    m_buckets.resize(static_cast<std::size_t>(m_config.windowSeconds));
}

void AdaptiveThrottle::advance(TimePoint now) {
    const std::int64_t second = secondOf(now);
    // Same second, or time going backwards: no effect. (Times before 0 count as second 0.)
    if (second <= m_second) return;
    const std::int64_t passed = std::min<std::int64_t>(second - m_second, m_config.windowSeconds);
    for (std::int64_t i = 1; i <= passed; ++i) {
        Bucket& b = m_buckets[static_cast<std::size_t>((m_second + i) % m_config.windowSeconds)];
        m_requests -= b.requests;
        m_accepts -= b.accepts;
        b = Bucket{};
    }
    m_second = second;
}

double AdaptiveThrottle::probability(std::int64_t requests, std::int64_t accepts) const {
    const double p = (static_cast<double>(requests) - m_config.k * static_cast<double>(accepts)) /
                     (static_cast<double>(requests) + 1.0);
    return std::max(0.0, p);
}

double AdaptiveThrottle::rejectProbability(TimePoint now) {
    advance(now);
    return probability(m_requests, m_accepts);
}

bool AdaptiveThrottle::shouldReject(TimePoint now, Random& rng) {
    const double p = rejectProbability(now);
    if (p <= 0.0 || !rng.bernoulli(p)) return false;
    m_listeners.emit({now, p, m_requests, m_accepts});
    return true;
}

void AdaptiveThrottle::onRequest(TimePoint now) {
    advance(now);
    ++current().requests;
    ++m_requests;
}

void AdaptiveThrottle::onAccepted(TimePoint now) {
    advance(now);
    ++current().accepts;
    ++m_accepts;
}

AdaptiveThrottle::View AdaptiveThrottle::view(TimePoint now) const {
    const std::int64_t w = m_config.windowSeconds;
    const std::int64_t second = std::max(secondOf(now), m_second);
    std::int64_t requests = 0, accepts = 0;
    // Live buckets: seconds in (second - w, m_second]; later ones have not been written yet.
    for (std::int64_t s = std::max({std::int64_t{0}, m_second - w + 1, second - w + 1}); s <= m_second; ++s) {
        const Bucket& b = m_buckets[static_cast<std::size_t>(s % w)];
        requests += b.requests;
        accepts += b.accepts;
    }
    return {requests, accepts, probability(requests, accepts)};
}

void AdaptiveThrottle::reconfigure(const AdaptiveThrottleConfig& config, TimePoint now) {
    config.validate();
    if (config.windowSeconds != m_config.windowSeconds) {
        m_buckets.assign(static_cast<std::size_t>(config.windowSeconds), Bucket{});
        m_requests = 0;
        m_accepts = 0;
    }
    m_config = config;
    m_second = std::max(m_second, secondOf(now));
}

} // namespace rl
