#include "core/sim/service_time_sampler.h"

#include <cmath>

namespace rl::sim {

using scenario::ServiceTimeDist;

ServiceTimeSampler::ServiceTimeSampler(const scenario::ServiceTime& spec)
    : m_dist(spec.dist) {
    switch (m_dist) {
    case ServiceTimeDist::Constant:
        m_a = spec.valueMs;
        break;
    case ServiceTimeDist::Exponential:
        m_a = spec.meanMs;
        break;
    case ServiceTimeDist::Lognormal:
        m_a = std::log(spec.medianMs);
        m_b = (std::log(spec.p99Ms) - m_a) / kNormalQuantile99;
        break;
    case ServiceTimeDist::Uniform:
        m_a = spec.minMs;
        m_b = spec.maxMs;
        break;
    }
}

Duration ServiceTimeSampler::draw(Random& rng) const {
    double ms = 0;
    switch (m_dist) {
    case ServiceTimeDist::Constant:
        ms = m_a;
        break;
    case ServiceTimeDist::Exponential:
        ms = rng.exponential(m_a);
        break;
    case ServiceTimeDist::Lognormal:
        ms = std::exp(m_a + m_b * rng.normal());
        break;
    case ServiceTimeDist::Uniform:
        ms = rng.uniform(m_a, m_b);
        break;
    }
    // A lognormal tail can reach absurd values; 1 day is far beyond any simulated timeout.
    return fromMillis(std::min(ms, 86'400'000.0));
}

} // namespace rl::sim
