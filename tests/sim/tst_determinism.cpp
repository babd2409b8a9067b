// Same scenario and seed: byte-identical outputs. Another seed: different numbers. Changing one
// call's policy: the client arrival times stay the same (each entity has its own random stream).
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

#include <sstream>

using namespace rl;

namespace {

scenario::Scenario twoTier(std::uint64_t seed) {
    auto s = test::singleQueue(150, 5, 8, 120, std::int64_t{50}, seed);
    scenario::Service back;
    back.name = "back";
    back.workers = 10;
    back.queueCapacity = 0;
    back.serviceTime.dist = scenario::ServiceTimeDist::Lognormal;
    back.serviceTime.medianMs = 20;
    back.serviceTime.p99Ms = 200;
    back.errorRate = 0.05;
    s.services.push_back(back);
    scenario::Call call;
    call.to = "back";
    call.timeout = millis(100);
    call.retry = RetryConfig{};
    call.circuitBreaker = CircuitBreakerConfig{};
    call.circuitBreaker->windowSize = 20;
    call.circuitBreaker->minimumCalls = 10;
    call.circuitBreaker->openDuration = seconds(5);
    s.services[0].calls.push_back(call);
    scenario::Fault outage;
    outage.target = "back";
    outage.fromS = 40;
    outage.toS = 60;
    s.faults.push_back(outage);
    return s;
}

struct Outputs {
    std::string summary, timeseries, events;
};

Outputs runOnce(const scenario::Scenario& s) {
    sim::Simulation sim(s);
    sim.runToEnd();
    std::ostringstream ts, ev;
    sim::writeTimeseriesCsv(sim, ts);
    sim::writeEventsJsonl(sim, ev);
    return {sim::summaryJson(sim, -1).dump(), ts.str(), ev.str()};
}

std::vector<std::int64_t> arrivalsPerBucket(const scenario::Scenario& s) {
    sim::Simulation sim(s);
    sim.runToEnd();
    std::vector<std::int64_t> out;
    for (const auto& b : sim.clientBuckets(0))
        out.push_back(b.requests);
    return out;
}

} // namespace

class Determinism : public QObject {
    Q_OBJECT

private slots:
    void sameSeedSameBytes() {
        const Outputs a = runOnce(twoTier(42));
        const Outputs b = runOnce(twoTier(42));
        QVERIFY(!a.events.empty()); // the outage and breaker transitions are logged
        QCOMPARE(a.summary, b.summary);
        QCOMPARE(a.timeseries, b.timeseries);
        QCOMPARE(a.events, b.events);
    }

    void steppedRunEqualsOneShot() {
        // advanceTo in small steps (as the GUI does) must not change anything.
        sim::Simulation stepped(twoTier(42));
        while (!stepped.finished())
            stepped.advanceTo(stepped.now() + millis(137));
        QCOMPARE(sim::summaryJson(stepped, -1).dump(), runOnce(twoTier(42)).summary);
    }

    void otherSeedOtherNumbers() { QVERIFY(runOnce(twoTier(42)).summary != runOnce(twoTier(43)).summary); }

    void policyChangeKeepsArrivals() {
        auto base = twoTier(42);
        auto changed = base;
        changed.services[0].calls[0].retry->maxAttempts = 1;
        changed.services[0].calls[0].circuitBreaker.reset();
        QCOMPARE(arrivalsPerBucket(base), arrivalsPerBucket(changed));
        QVERIFY(runOnce(base).summary != runOnce(changed).summary);
    }
};

QTEST_APPLESS_MAIN(Determinism)
#include "tst_determinism.moc"
