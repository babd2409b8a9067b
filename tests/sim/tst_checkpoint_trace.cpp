// Checkpoints (a copy of the whole simulation) and the trace stream the GUI animates.
// - A copy taken at t and the original, both run to the end, give the same bytes as a run never copied.
// - The copy is independent: running one does not move the other.
// - The trace sink sees every attempt of the sampled requests, retries included, and nothing when unset.
#include "core/scenario/scenario_json.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"

#include <QtTest>

#include <map>
#include <sstream>

using namespace rl;

namespace {

scenario::Scenario builtin(std::string_view name) {
    const auto* b = findBuiltinScenario(name);
    auto r = scenario::parseScenario(std::string(b->json));
    return *r.scenario;
}

std::string allOutputs(const sim::Simulation& sim) {
    std::ostringstream out;
    out << sim::summaryJson(sim, -1).dump() << '\n';
    sim::writeTimeseriesCsv(sim, out);
    sim::writeEventsJsonl(sim, out);
    return out.str();
}

struct Recorder : sim::TraceSink {
    std::vector<sim::AttemptTrace> attempts;
    void onAttempt(const sim::AttemptTrace& a) override { attempts.push_back(a); }
};

} // namespace

class CheckpointTrace : public QObject {
    Q_OBJECT
private slots:
    void copyRunsToTheSameBytes_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("atS");
        for (const auto& b : builtinScenarios()) {
            const QString name = QString::fromUtf8(b.name.data(), static_cast<qsizetype>(b.name.size()));
            QTest::newRow(qPrintable(name + "@early")) << name << 7.3;
            QTest::newRow(qPrintable(name + "@middle")) << name << 65.0; // inside most outages
        }
    }
    void copyRunsToTheSameBytes() {
        QFETCH(QString, name);
        QFETCH(double, atS);
        const auto scenario = builtin(name.toStdString());

        sim::Simulation fresh(scenario);
        fresh.runToEnd();
        const std::string expected = allOutputs(fresh);

        sim::Simulation original(scenario);
        original.advanceTo(fromMillis(atS * 1000));
        sim::Simulation copy(original); // the checkpoint
        QCOMPARE(copy.now(), original.now());
        copy.runToEnd();
        QCOMPARE(copy.now(), copy.end());
        QVERIFY(original.now() < original.end()); // running the copy did not move the original
        original.runToEnd();
        QCOMPARE(allOutputs(copy), expected);
        QCOMPARE(allOutputs(original), expected);
    }

    void copyOfACopyIsIndependent() {
        const auto scenario = builtin("payments-outage");
        sim::Simulation a(scenario);
        a.advanceTo(seconds(70)); // the breaker has opened by now
        sim::Simulation b(a);
        b.advanceTo(seconds(100));
        sim::Simulation c(b);
        // Destroying the source must not leave the copy pointing into it (breaker listeners, specs).
        {
            sim::Simulation doomed(c);
            doomed.advanceTo(seconds(110));
        }
        c.runToEnd();
        a.runToEnd();
        QCOMPARE(allOutputs(c), allOutputs(a));
        QVERIFY(!a.log().empty());
    }

    void traceSeesEveryAttemptOfSampledRequests() {
        auto scenario = builtin("payments-outage");
        scenario.durationS = 90; // through the start of the outage
        sim::Simulation sim(scenario);
        Recorder rec;
        sim.setTraceSink(&rec, 1);
        sim.runToEnd();

        // Every client request gives at least one client attempt; every payments attempt counted by the
        // metrics was traced (attempts that reached it or were refused before sending).
        std::int64_t clientRequests = 0, paymentsAttempts = 0, paymentsCalls = 0;
        for (const auto& b : sim.clientBuckets(0))
            clientRequests += b.requests;
        for (const auto& b : sim.callBuckets(0)) {
            paymentsAttempts += b.attempts;
            paymentsCalls += b.calls;
        }
        std::map<std::uint64_t, int> clientAttemptsPerRequest;
        std::int64_t tracedSent = 0, tracedRefused = 0, retries = 0, breakerRefusals = 0;
        for (const auto& a : rec.attempts) {
            QVERIFY(a.start <= a.end);
            if (a.fromClient) {
                ++clientAttemptsPerRequest[a.request];
                continue;
            }
            QCOMPARE(a.call, 0u);
            (a.reachedCallee ? tracedSent : tracedRefused) += 1;
            if (a.attempt > 1) ++retries;
            if (!a.reachedCallee && a.stoppedAt == scenario::PolicyLayer::CircuitBreaker) {
                ++breakerRefusals;
                QCOMPARE(a.outcome, Outcome::CircuitOpen);
            }
        }
        // Requests still in flight at the end have no finished client attempt yet.
        QVERIFY(static_cast<std::int64_t>(clientAttemptsPerRequest.size()) <= clientRequests);
        QVERIFY(static_cast<std::int64_t>(clientAttemptsPerRequest.size()) >=
                clientRequests - sim.unfinishedRequests());
        // Attempts still waiting for payments at the end are counted as sent but not yet traced.
        const std::int64_t pending = sim.snapshot().calls[0].inflight;
        QVERIFY(tracedSent <= paymentsAttempts);
        QVERIFY(tracedSent >= paymentsAttempts - pending);
        std::int64_t firstAttempts = 0;
        for (const auto& a : rec.attempts)
            if (!a.fromClient && a.attempt == 1) ++firstAttempts;
        QVERIFY(firstAttempts <= paymentsCalls);
        QVERIFY(firstAttempts >= paymentsCalls - pending);
        QVERIFY(retries > 0);         // failures in the outage are retried once
        QVERIFY(breakerRefusals > 0); // and the breaker opens in it
    }

    void traceSamplesByRequestAndCostsNothingWhenUnset() {
        const auto scenario = builtin("retry-storm");
        sim::Simulation plain(scenario);
        plain.runToEnd();

        sim::Simulation sampled(scenario);
        Recorder rec;
        sampled.setTraceSink(&rec, 10);
        sampled.runToEnd();
        QVERIFY(!rec.attempts.empty());
        for (const auto& a : rec.attempts)
            QCOMPARE(a.request % 10, 0u);
        // Observing does not change what happens.
        QCOMPARE(allOutputs(sampled), allOutputs(plain));

        // A checkpoint does not inherit the sink: the copy runs silently.
        sim::Simulation traced(scenario);
        Recorder first;
        traced.setTraceSink(&first, 1);
        traced.advanceTo(seconds(5));
        const auto seen = first.attempts.size();
        sim::Simulation copy(traced);
        copy.advanceTo(seconds(10));
        QCOMPARE(first.attempts.size(), seen);
    }
};

QTEST_GUILESS_MAIN(CheckpointTrace)
#include "tst_checkpoint_trace.moc"
