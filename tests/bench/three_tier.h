#pragma once
// The benchmarks' three-tier scenario (edge -> app -> db, every policy on each call, a db outage from
// 40% to 50% of the run), shared by bench_sim and bench_gui so their figures describe the same system.
#include "core/scenario/scenario.h"

#include <string>

namespace rl::bench {

inline scenario::Scenario threeTier(double rateRps, double durationS) {
    scenario::Scenario s;
    s.name = "three tiers, every policy";
    s.seed = 3;
    s.durationS = durationS;
    s.bucketS = 1;
    scenario::Client c;
    c.name = "web";
    c.target = "edge";
    c.rateRps = rateRps;
    c.deadline = millis(2000);
    c.retry = RetryConfig{};
    c.tenant = "acme";
    s.clients.push_back(c);
    auto service = [](const std::string& name, int workers, double meanMs) {
        scenario::Service svc;
        svc.name = name;
        svc.workers = workers;
        svc.queueCapacity = 1000;
        svc.serviceTime.meanMs = meanMs;
        svc.errorRate = 0.01;
        return svc;
    };
    auto call = [](const std::string& to) {
        scenario::Call k;
        k.to = to;
        k.timeout = millis(500);
        k.retry = RetryConfig{};
        k.circuitBreaker = CircuitBreakerConfig{};
        k.bulkhead = BulkheadConfig{};
        k.bulkhead->maxConcurrent = 500;
        k.fallback = FallbackConfig{};
        k.deadlinePropagation = DeadlinePropagationConfig{};
        return k;
    };
    auto edge = service("edge", 400, 1);
    RateLimiterConfig rl;
    rl.ratePerSecond = rateRps * 2;
    rl.burst = rateRps;
    rl.per = RateLimitScope::Tenant;
    edge.ingress.rateLimiter = rl;
    LoadShedderConfig ls;
    ls.maxInflight = 2000;
    edge.ingress.loadShedder = ls;
    edge.calls.push_back(call("app"));
    auto app = service("app", 400, 2);
    app.calls.push_back(call("db"));
    app.calls.back().adaptiveTimeout = AdaptiveTimeoutConfig{};
    auto db = service("db", 400, 3);
    s.services = {edge, app, db};
    scenario::Fault outage;
    outage.target = "db";
    outage.fromS = durationS * 0.4;
    outage.toS = durationS * 0.5;
    s.faults.push_back(outage);
    return s;
}

} // namespace rl::bench
