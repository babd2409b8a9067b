#include "tests/sim/sim_support.h"

namespace rl::test {

scenario::Scenario singleQueue(double rateRps, double meanMs, int workers, double durationS,
                               std::optional<std::int64_t> queueCapacity, std::uint64_t seed) {
    scenario::Scenario s;
    s.name = "single queue";
    s.seed = seed;
    s.durationS = durationS;
    s.bucketS = 1;
    scenario::Client c;
    c.name = "load";
    c.target = "server";
    c.arrival = scenario::ArrivalKind::Poisson;
    c.rateRps = rateRps;
    s.clients.push_back(c);
    scenario::Service svc;
    svc.name = "server";
    svc.workers = workers;
    svc.queueCapacity = queueCapacity;
    svc.serviceTime.dist = scenario::ServiceTimeDist::Exponential;
    svc.serviceTime.meanMs = meanMs;
    s.services.push_back(svc);
    return s;
}

ClientTotals clientTotals(const sim::Simulation& sim, std::size_t client) {
    const sim::ClientBucket b = sim::total(sim.clientBuckets(client));
    return ClientTotals{b.requests, b.attempts, b.outcomes.total(), b.outcomes};
}

sim::ServiceBucket serviceTotals(const sim::Simulation& sim, std::size_t service) {
    return sim::total(sim.serviceBuckets(service));
}

double meanQueueLength(const sim::Simulation& sim, std::size_t service) {
    double q = 0;
    for (std::size_t b = 0; b < sim.bucketCount(); ++b)
        q += sim.serviceQueueSeconds(service, b);
    return q / toSeconds(sim.now());
}

double erlangB(int servers, double a) {
    double b = 1.0; // B(0) = 1; B(k) = a B(k-1) / (k + a B(k-1))
    for (int k = 1; k <= servers; ++k)
        b = a * b / (k + a * b);
    return b;
}

double erlangC(int servers, double a) {
    const double b = erlangB(servers, a);
    const double rho = a / servers;
    return b / (1 - rho + rho * b);
}

} // namespace rl::test
