#pragma once
// Builders for small scenarios used by the simulation tests, and the queueing formulas they check.
#include "core/scenario/scenario.h"
#include "core/sim/simulation.h"

#include <string>

namespace rl::test {

// One Poisson client at `rateRps` on one service with `workers` workers, exponential service time.
scenario::Scenario singleQueue(double rateRps, double meanMs, int workers, double durationS,
                               std::optional<std::int64_t> queueCapacity = std::nullopt,
                               std::uint64_t seed = 7);

struct ClientTotals {
    std::int64_t requests = 0, attempts = 0, answered = 0;
    sim::OutcomeCounts outcomes;
};
ClientTotals clientTotals(const sim::Simulation& sim, std::size_t client = 0);
sim::ServiceBucket serviceTotals(const sim::Simulation& sim, std::size_t service);
double meanQueueLength(const sim::Simulation& sim, std::size_t service);

// Queueing theory.
double erlangB(int servers, double offeredLoad);
double erlangC(int servers, double offeredLoad);

} // namespace rl::test
