// Every built-in scenario teaches one lesson; these tests pin the lesson down, so an engine change that
// silently breaks a class demonstration fails here.
#include "core/primitives/circuit_breaker.h"
#include "core/scenario/scenario_json.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

#include <cmath>

using namespace rl;

namespace {

scenario::Scenario builtin(const char* name) {
    const BuiltinScenario* b = findBuiltinScenario(name);
    if (!b) qFatal("no built-in scenario %s", name);
    auto r = scenario::parseScenario(std::string(b->json));
    if (!r.scenario) qFatal("built-in %s does not load: %s", name, r.diagnostics.toString().c_str());
    return *r.scenario;
}

std::int64_t successIn(const sim::Simulation& sim, std::size_t client, std::size_t from, std::size_t to) {
    std::int64_t n = 0;
    for (std::size_t b = from; b < to; ++b)
        n += sim.clientBuckets(client)[b].outcomes[Outcome::Success];
    return n;
}

} // namespace

class BuiltinLessons : public QObject {
    Q_OBJECT

private slots:
    void everyBuiltinRuns() {
        for (const auto& b : builtinScenarios()) {
            auto s = builtin(std::string(b.name).c_str());
            s.durationS = std::min(s.durationS, 30.0);
            sim::Simulation sim(s);
            sim.runToEnd();
            QVERIFY2(sim::headline(sim).requests > 0, std::string(b.name).c_str());
        }
    }

    void mm1MatchesTheory() {
        const auto s = builtin("mm1");
        sim::Simulation sim(s);
        sim.runToEnd();
        const double lambda = s.clients[0].rateRps, mu = 1000.0 / s.services[0].serviceTime.meanMs;
        const double w = 1000.0 / (mu - lambda);
        QVERIFY2(std::fabs(sim.clientLatency(0).meanMs() - w) / w < 0.10,
                 qPrintable(QString("%1 vs %2").arg(sim.clientLatency(0).meanMs()).arg(w)));
        double busy = 0;
        for (std::size_t b = 0; b < sim.bucketCount(); ++b)
            busy += sim.serviceBusyWorkerSeconds(0, b);
        QVERIFY(std::fabs(busy / s.durationS - lambda / mu) < 0.03);
    }

    void paymentsOutageOpensTheBreakerAndDegradesGracefully() {
        sim::Simulation sim(builtin("payments-outage"));
        sim.runToEnd();
        const auto h = sim::headline(sim);
        QCOMPARE(h.failed, std::int64_t{0});  // the cache fallback answers every failed payment
        QVERIFY(h.degraded > h.requests / 4); // the 60 s outage is a third of the run
        bool opened = false, closedAfter = false;
        for (const auto& e : sim.log()) {
            if (e.kind != sim::LogEvent::Kind::BreakerTransition) continue;
            const auto to = static_cast<BreakerState>(e.to);
            if (to == BreakerState::Open && toSeconds(e.at) >= 60 && toSeconds(e.at) < 61) opened = true;
            if (to == BreakerState::Closed && toSeconds(e.at) >= 120) closedAfter = true;
        }
        QVERIFY(opened);
        QVERIFY(closedAfter);
    }

    void metastableStaysDownAfterTheTrigger() {
        auto s = builtin("metastable");
        sim::Simulation stuck(s);
        stuck.runToEnd();
        // The hang ends at 70 s; goodput never comes back (retries keep the database saturated).
        QCOMPARE(successIn(stuck, 0, 100, stuck.bucketCount()), std::int64_t{0});
        QVERIFY(static_cast<double>(successIn(stuck, 0, 10, 50)) > 0.9 * 280 * 40);
        // Without retries the same trigger is survived.
        s.clients[0].retry->maxAttempts = 1;
        sim::Simulation recovers(s);
        recovers.runToEnd();
        QVERIFY(static_cast<double>(successIn(recovers, 0, 100, recovers.bucketCount())) > 0.8 * 280 * 140);
    }

    void retryStormAmplifiesLoadOnTheDeepestService() {
        sim::Simulation sim(builtin("retry-storm"));
        sim.runToEnd();
        const auto inventory = test::serviceTotals(sim, 2);
        const auto requests = test::clientTotals(sim).requests;
        // Three layers of 3 attempts: up to 27 attempts at inventory per request during the outage.
        std::int64_t during = 0, before = 0;
        for (std::size_t b = 0; b < 60; ++b)
            before += sim.serviceBuckets(2)[b].arrivals;
        for (std::size_t b = 60; b < 120; ++b)
            during += sim.serviceBuckets(2)[b].arrivals;
        QVERIFY(during > 20 * before);
        QVERIFY(inventory.arrivals > 5 * requests);
    }

    void rateLimitContainsTheNoisyTenant() {
        sim::Simulation sim(builtin("rate-limit-tenants"));
        sim.runToEnd();
        const auto importer = test::clientTotals(sim, 0), acme = test::clientTotals(sim, 1);
        QVERIFY(static_cast<double>(acme.outcomes[Outcome::Success]) >
                0.99 * static_cast<double>(acme.answered));
        QVERIFY(importer.outcomes[Outcome::RateLimited] > importer.answered / 2);
    }

    void loadSheddingProtectsTheCriticalClient() {
        auto s = builtin("load-shedding");
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto checkout = test::clientTotals(sim, 0), recommendations = test::clientTotals(sim, 2);
        QVERIFY(static_cast<double>(checkout.outcomes[Outcome::Success]) >
                0.99 * static_cast<double>(checkout.answered));
        QVERIFY(recommendations.outcomes[Outcome::Shed] > 0);
        QCOMPARE(checkout.outcomes[Outcome::Shed], std::int64_t{0});
    }
};

QTEST_APPLESS_MAIN(BuiltinLessons)
#include "tst_builtin_lessons.moc"
