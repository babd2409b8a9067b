#include "core/primitives/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rl {
namespace {
using FineTime = TokenBucket::FineTime;

constexpr std::int64_t kMaxDurationNs = std::int64_t{1} << 62;
constexpr double kSnap = 1e-6; // a fraction of a ns this close to a whole number is that number

FineTime normalised(std::int64_t ns, double frac) {
    if (frac >= 1.0 - kSnap) {
        ns += 1;
        frac -= 1.0;
    }
    if (frac < kSnap) frac = 0;
    return {ns, frac};
}

// A non-negative duration given as a double count of ns, capped at 2^62 ns.
FineTime fromNs(double ns) {
    if (!(ns < static_cast<double>(kMaxDurationNs))) return {kMaxDurationNs, 0};
    if (!(ns > 0)) return {0, 0};
    const double whole = std::floor(ns);
    return normalised(static_cast<std::int64_t>(whole), ns - whole);
}

FineTime add(FineTime a, FineTime b) {
    return normalised(a.ns + b.ns, a.frac + b.frac);
}

// t - d, saturating at the lowest int64.
FineTime sub(TimePoint t, FineTime d) {
    const auto lowest = std::numeric_limits<std::int64_t>::min();
    const std::int64_t borrow = d.frac > 0 ? 1 : 0;
    if (t.count() < lowest + d.ns + borrow) return {lowest, 0};
    return {t.count() - d.ns - borrow, borrow ? 1.0 - d.frac : 0.0};
}

// t - f as a double count of ns (f <= t + 2^62).
double nsBetween(TimePoint t, FineTime f) {
    return static_cast<double>(t.count() - f.ns) - f.frac;
}
} // namespace

TokenBucket::TokenBucket(double ratePerSecond, double burst, TimePoint start)
    : m_rate(ratePerSecond)
    , m_burst(burst)
    , m_nsPerToken(1e9 / ratePerSecond)
    , m_burstDuration(fromNs(burst * 1e9 / ratePerSecond)) {
    reset(start);
}

void TokenBucket::reset(TimePoint now) {
    m_lastNow = now;
    m_emptyAt = sub(now, m_burstDuration);
}

FineTime TokenBucket::costDuration(double cost) const {
    return fromNs(cost * 1e9 / m_rate);
}

FineTime TokenBucket::fillOrigin(TimePoint now) const {
    return std::max(m_emptyAt, sub(now, m_burstDuration));
}

RateDecision TokenBucket::tryAcquire(TimePoint asked, double cost) {
    const TimePoint now = effectiveNow(asked);
    m_lastNow = now;
    if (cost < 0) cost = 0; // precondition: cost >= 0; a negative cost must never create tokens
    if (cost > m_burst) return {false, kNoLimit};
    const FineTime emptyAfter = add(fillOrigin(now), costDuration(cost));
    // emptyAfter <= now, with whole nanoseconds on the right
    if (emptyAfter.ns < now.count() || (emptyAfter.ns == now.count() && emptyAfter.frac == 0)) {
        m_emptyAt = emptyAfter;
        return {true, Duration{0}};
    }
    // Passes at the first whole ns >= emptyAfter; measured from the caller's own `now`.
    return {false, Duration(emptyAfter.ns + (emptyAfter.frac > 0 ? 1 : 0) - asked.count())};
}

double TokenBucket::tokens(TimePoint now) const {
    now = effectiveNow(now);
    if (!(sub(now, m_burstDuration) < m_emptyAt)) return m_burst; // full (also when the cap was hit)
    const double stored = nsBetween(now, m_emptyAt);
    if (stored <= 0) return 0.0;
    return std::min(m_burst, stored / m_nsPerToken);
}

void TokenBucket::reconfigure(double ratePerSecond, double burst, TimePoint now) {
    now = effectiveNow(now);
    const double stored = std::min(tokens(now), burst);
    m_rate = ratePerSecond;
    m_burst = burst;
    m_nsPerToken = 1e9 / ratePerSecond;
    m_burstDuration = fromNs(burst * 1e9 / ratePerSecond);
    m_lastNow = now;
    m_emptyAt = sub(now, std::min(m_burstDuration, fromNs(stored * m_nsPerToken)));
}

} // namespace rl
