#include "core/primitives/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rl {
namespace {
constexpr std::int64_t kMaxDurationNs = std::int64_t{1} << 62;

Duration ceilNs(double ns) {
    if (!(ns < static_cast<double>(kMaxDurationNs))) return Duration(kMaxDurationNs);
    return Duration(static_cast<std::int64_t>(std::ceil(ns)));
}

TimePoint saturatingSub(TimePoint a, Duration b) {
    const auto lowest = std::numeric_limits<std::int64_t>::min();
    if (b.count() > 0 && a.count() < lowest + b.count()) return TimePoint(lowest);
    return a - b;
}
} // namespace

TokenBucket::TokenBucket(double ratePerSecond, double burst, TimePoint start)
    : m_rate(ratePerSecond)
    , m_burst(burst)
    , m_nsPerToken(1e9 / ratePerSecond)
    , m_burstDuration(ceilNs(burst * 1e9 / ratePerSecond)) {
    reset(start);
}

void TokenBucket::reset(TimePoint now) {
    m_lastNow = now;
    m_emptyAt = saturatingSub(now, m_burstDuration);
}

Duration TokenBucket::costDuration(double cost) const {
    return ceilNs(cost * 1e9 / m_rate);
}

TimePoint TokenBucket::fillOrigin(TimePoint now) const {
    return std::max(m_emptyAt, saturatingSub(now, m_burstDuration));
}

RateDecision TokenBucket::tryAcquire(TimePoint asked, double cost) {
    const TimePoint now = effectiveNow(asked);
    m_lastNow = now;
    if (cost < 0) cost = 0; // precondition: cost >= 0; a negative cost must never create tokens
    if (cost > m_burst) return {false, kNoLimit};
    const TimePoint emptyAfter = fillOrigin(now) + costDuration(cost);
    if (emptyAfter <= now) {
        m_emptyAt = emptyAfter;
        return {true, Duration{0}};
    }
    return {false, emptyAfter - asked}; // from the caller's own `now`, even if it went backwards
}

double TokenBucket::tokens(TimePoint now) const {
    now = effectiveNow(now);
    const Duration stored = now - fillOrigin(now);
    if (stored.count() <= 0) return 0.0;
    if (stored >= m_burstDuration) return m_burst;
    return std::min(m_burst, static_cast<double>(stored.count()) / m_nsPerToken);
}

void TokenBucket::reconfigure(double ratePerSecond, double burst, TimePoint now) {
    now = effectiveNow(now);
    const double stored = tokens(now);
    m_rate = ratePerSecond;
    m_burst = burst;
    m_nsPerToken = 1e9 / ratePerSecond;
    m_burstDuration = ceilNs(burst * 1e9 / ratePerSecond);
    m_lastNow = now;
    // Round the stored tokens DOWN to whole nanoseconds of refill: reconfiguring never creates tokens.
    const double keptNs = std::floor(std::min(stored, burst) * m_nsPerToken);
    const Duration kept =
        std::min(m_burstDuration,
                 Duration(static_cast<std::int64_t>(std::min(keptNs, static_cast<double>(kMaxDurationNs)))));
    m_emptyAt = saturatingSub(now, kept);
}

} // namespace rl
