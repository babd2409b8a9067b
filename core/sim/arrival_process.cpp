#include "core/sim/arrival_process.h"

#include <algorithm>
#include <cmath>

namespace rl::sim {

ArrivalProcess::ArrivalProcess(const scenario::Client& client, double durationS)
    : m_kind(client.arrival)
    , m_durationS(durationS)
    , m_batch(client.batch) {
    // Breakpoints of the piecewise-linear rate.
    double t = 0, rate = client.rateRps;
    for (const auto& step : client.rateProfile) {
        // A step jumps at at_s; a ramp starts at at_s and reaches the new rate at at_s + ramp_s.
        if (step.atS > t) m_segments.push_back({t, step.atS, rate, rate});
        const double start = std::max(t, step.atS);
        if (step.rampS > 0) {
            m_segments.push_back({start, start + step.rampS, rate, step.rateRps});
            t = start + step.rampS;
        } else {
            t = start;
        }
        rate = step.rateRps;
    }
    m_segments.push_back({t, std::max(t, durationS) + 1.0, rate, rate});
}

ArrivalProcess ArrivalProcess::continuedAs(const scenario::Client& client, double durationS) const {
    ArrivalProcess next(client, durationS);
    if (m_kind == scenario::ArrivalKind::Batch && next.m_kind == scenario::ArrivalKind::Batch)
        next.m_batchSent = m_batchSent;
    return next;
}

TimePoint ArrivalProcess::nextInBatch(TimePoint now) {
    if (m_batchSent >= m_batch.count) return kNoLimit;
    const double k = static_cast<double>(m_batchSent++);
    const double atMs = m_batch.atS * 1000.0 + m_batch.spreadMs * k / static_cast<double>(m_batch.count);
    if (atMs >= m_durationS * 1000.0) return kNoLimit;
    return std::max(now, fromMillis(atMs));
}

TimePoint ArrivalProcess::next(TimePoint now, Random& rng) {
    if (m_kind == scenario::ArrivalKind::Batch) return nextInBatch(now);
    double need = m_kind == scenario::ArrivalKind::Poisson ? rng.exponential(1.0) : 1.0;
    double t = toSeconds(now);
    for (const auto& s : m_segments) {
        if (t >= s.t1) continue;
        const double from = std::max(t, s.t0);
        const double slope = s.t1 > s.t0 ? (s.r1 - s.r0) / (s.t1 - s.t0) : 0.0;
        const double rFrom = s.r0 + slope * (from - s.t0);
        // Area under the rate from `from` to the segment's end.
        const double len = s.t1 - from;
        const double area = rFrom * len + slope * len * len / 2;
        if (area >= need) {
            // Solve rFrom * x + slope * x^2 / 2 = need for the smallest x >= 0.
            double x;
            if (std::fabs(slope) < 1e-12)
                x = need / rFrom;
            else {
                const double disc = rFrom * rFrom + 2 * slope * need;
                x = (std::sqrt(std::max(0.0, disc)) - rFrom) / slope;
            }
            const double at = from + std::max(0.0, x);
            if (at >= m_durationS) return kNoLimit;
            TimePoint result = fromMillis(at * 1000.0);
            return result > now ? result : now + Duration(1);
        }
        need -= area;
        t = s.t1;
        if (t >= m_durationS) break;
    }
    return kNoLimit;
}

} // namespace rl::sim
