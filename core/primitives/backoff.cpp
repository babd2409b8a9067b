#include "core/primitives/backoff.h"

#include <algorithm>
#include <cmath>

namespace rl {
namespace {

// Converts a non-negative nanosecond count held in a double to a Duration, clamped to [0, cap].
// Comparing in floating point first keeps the conversion defined even for a cap of Duration::max().
Duration clampToDuration(double ns, Duration cap, double capNs) {
    if (!(ns > 0.0)) return Duration::zero(); // also maps NaN to 0
    if (ns >= capNs) return cap;
    return std::min(cap, Duration(static_cast<std::int64_t>(std::llround(ns))));
}

} // namespace

Backoff::Backoff(const BackoffConfig& config)
    : m_config(config)
    , m_maxNs(static_cast<double>(config.max.count())) {
    m_config.validate();
    for (std::int32_t retry = 1; retry <= kTable; ++retry)
        m_nominal[static_cast<std::size_t>(retry - 1)] = computeNominal(retry);
}

Duration Backoff::nominal(std::int32_t retry) const {
    if (retry < 1) return Duration::zero();
    if (retry <= kTable) return m_nominal[static_cast<std::size_t>(retry - 1)];
    return computeNominal(retry);
}

Duration Backoff::computeNominal(std::int32_t retry) const {
    const double base = static_cast<double>(m_config.base.count());
    switch (m_config.kind) {
    case BackoffKind::None:
        return Duration::zero();
    case BackoffKind::Fixed:
        return clampToDuration(base, m_config.max, m_maxNs);
    case BackoffKind::Linear:
        return clampToDuration(base * static_cast<double>(retry), m_config.max, m_maxNs);
    case BackoffKind::Exponential:
        // pow() overflows to +inf for huge exponents, which the clamp maps to max.
        return clampToDuration(base * std::pow(m_config.multiplier, static_cast<double>(retry - 1)),
                               m_config.max, m_maxNs);
    }
    return Duration::zero();
}

Duration Backoff::delay(std::int32_t retry, Duration previous, Random& rng) const {
    if (retry < 1 || m_config.kind == BackoffKind::None) return Duration::zero();
    if (m_config.jitter == JitterKind::None) return nominal(retry);
    const double u = rng.uniform01(); // exactly one draw per jittered delay
    switch (m_config.jitter) {
    case JitterKind::None:
        break;
    case JitterKind::Full: {
        // u in [0, 1): scaling by d + 1 ns and flooring makes every value of [0, d] reachable.
        const double d = static_cast<double>(nominal(retry).count());
        return clampToDuration(std::min(d, std::floor(u * (d + 1.0))), m_config.max, m_maxNs);
    }
    case JitterKind::Equal: {
        // d - h + uniform in [0, h] with h = d/2 rounded down: in [d/2, d] without rounding past d.
        const std::int64_t d = nominal(retry).count();
        const std::int64_t h = d / 2;
        const double extra = std::min(static_cast<double>(h), std::floor(u * (static_cast<double>(h) + 1.0)));
        return clampToDuration(static_cast<double>(d - h) + extra, m_config.max, m_maxNs);
    }
    case JitterKind::Decorrelated: {
        const double base = static_cast<double>(m_config.base.count());
        const double prev = std::max(base, static_cast<double>(previous.count()));
        const double hi = 3.0 * prev;
        return clampToDuration(std::min(hi, base + std::floor(u * (hi - base + 1.0))), m_config.max, m_maxNs);
    }
    case JitterKind::Proportional: {
        const double d = static_cast<double>(nominal(retry).count());
        const double f = m_config.jitterFraction;
        return clampToDuration(d * (1.0 + (2.0 * u - 1.0) * f), m_config.max, m_maxNs);
    }
    }
    return nominal(retry);
}

} // namespace rl
