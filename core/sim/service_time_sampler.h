#pragma once
// Draws service times from a scenario's `service_time` distribution.
// lognormal is given by its median and p99: mu = ln(median), sigma = (ln(p99) - mu) / z(0.99).
#include "core/common/random.h"
#include "core/common/time.h"
#include "core/scenario/scenario.h"

namespace rl::sim {

class ServiceTimeSampler {
public:
    explicit ServiceTimeSampler(const scenario::ServiceTime& spec);
    Duration draw(Random& rng) const;
    double meanMs() const;          // the distribution's exact mean
    double secondMomentMs2() const; // E[S^2], for Pollaczek-Khinchine checks

private:
    scenario::ServiceTimeDist m_dist;
    double m_a = 0; // constant: value; exponential: mean; lognormal: mu; uniform: min
    double m_b = 0; // lognormal: sigma; uniform: max
};

inline constexpr double kNormalQuantile99 = 2.3263478740408408;

} // namespace rl::sim
