// Changes during a run. The rule that makes the GUI honest: a change made live at time t, and the same
// change written in the scenario at t, give the same bytes out, and so does a checkpoint taken before t
// that is given the change. Then, for each kind of change, what happens to work under way: no slot
// leaked, no permit lost, every request accounted for.
#include "core/scenario/changes.h"
#include "core/scenario/scenario_json.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

#include <sstream>

using namespace rl;

namespace {

scenario::Scenario builtin(std::string_view name) {
    const auto* b = findBuiltinScenario(name);
    return *scenario::parseScenario(std::string(b->json)).scenario;
}

std::string outputs(const sim::Simulation& sim) {
    std::ostringstream out;
    out << sim::summaryJson(sim, -1).dump() << '\n';
    sim::writeTimeseriesCsv(sim, out);
    sim::writeEventsJsonl(sim, out);
    return out.str();
}

scenario::Change setAt(double atS, std::string path, std::string value) {
    scenario::Change c;
    c.atS = atS;
    c.set.emplace_back(std::move(path), std::move(value));
    return c;
}

scenario::Change layerAt(double atS, std::string path, bool on) {
    scenario::Change c;
    c.atS = atS;
    c.layers.emplace_back(std::move(path), on);
    return c;
}

std::string eventsOf(const sim::Simulation& sim) {
    std::ostringstream out;
    sim::writeEventsJsonl(sim, out);
    return out.str();
}

// Every request is answered or still in flight; every slot and worker is free once nothing is left.
void checkQuiet(const sim::Simulation& sim) {
    const auto snap = sim.snapshot();
    QCOMPARE(snap.inflightRequests, 0);
    for (const auto& s : snap.services) {
        QCOMPARE(s.busy, 0);
        QCOMPARE(s.queued, 0);
        QCOMPARE(s.inflight, 0);
    }
    for (const auto& c : snap.calls) {
        QCOMPARE(c.inflight, 0);
        if (c.hasBulkhead) {
            QCOMPARE(c.bulkheadInUse, 0);
            QCOMPARE(c.bulkheadQueued, 0);
        }
    }
    const auto t = test::clientTotals(sim);
    QCOMPARE(t.answered, t.requests);
}

// The payments outage with traffic stopped at 150 s, so the run ends quiet and leaks show.
scenario::Scenario quietEnding() {
    auto s = builtin("payments-outage");
    s.changes.push_back(setAt(150, "clients[0].arrival.rate_rps", "0"));
    return s;
}

} // namespace

class Changes : public QObject {
    Q_OBJECT
private slots:
    void liveChangeEqualsTheScenariosChange_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<double>("atS");
        QTest::newRow("retry attempts") << "services[0].calls[0].retry.max_attempts"
                                        << "5" << 63.2;
        QTest::newRow("breaker threshold") << "services[0].calls[0].circuit_breaker.failure_rate_threshold"
                                           << "0.9" << 30.0;
        QTest::newRow("breaker window shrunk") << "services[0].calls[0].circuit_breaker.window_size"
                                               << "5" << 61.5;
        QTest::newRow("bulkhead shrunk") << "services[0].calls[0].bulkhead.max_concurrent"
                                         << "2" << 45.0;
        QTest::newRow("workers") << "services[1].workers"
                                 << "3" << 20.0;
        QTest::newRow("client rate") << "clients[0].arrival.rate_rps"
                                     << "600" << 10.0;
        QTest::newRow("jitter") << "services[0].calls[0].retry.backoff.jitter"
                                << "\"none\"" << 62.0;
    }
    void liveChangeEqualsTheScenariosChange() {
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(double, atS);
        const auto change = setAt(atS, path.toStdString(), value.toStdString());

        auto written = builtin("payments-outage");
        written.changes.push_back(change);
        sim::Simulation fromFile(written);
        fromFile.runToEnd();

        sim::Simulation live(builtin("payments-outage"));
        live.advanceTo(scenario::changeTime(change));
        const auto problems = live.addChange(change);
        QVERIFY2(problems.empty(), problems.toString().c_str());
        live.runToEnd();
        QCOMPARE(outputs(live), outputs(fromFile));

        // A checkpoint from before the change, given it, lands on the same run too.
        sim::Simulation early(builtin("payments-outage"));
        early.advanceTo(fromMillis(atS * 500));
        sim::Simulation checkpoint(early);
        QVERIFY(checkpoint.addChange(change).empty());
        checkpoint.runToEnd();
        QCOMPARE(outputs(checkpoint), outputs(fromFile));

        // And the change did something.
        sim::Simulation unchanged(builtin("payments-outage"));
        unchanged.runToEnd();
        QVERIFY(outputs(unchanged) != outputs(fromFile));
    }

    void changesAreLoggedAndReplayedExactly() {
        auto s = quietEnding();
        s.changes.insert(s.changes.begin(), layerAt(70, "services[0].calls[0].circuit_breaker", false));
        s.changes.insert(s.changes.begin() + 1, layerAt(90, "services[0].calls[0].circuit_breaker", true));
        sim::Simulation a(s), b(s);
        a.runToEnd();
        b.runToEnd();
        QCOMPARE(outputs(a), outputs(b));
        const std::string events = eventsOf(a);
        QVERIFY(
            events.find("{\"t_s\":70.0,\"event\":\"change\",\"index\":0,\"layers\":{\"services[0].calls[0]."
                        "circuit_breaker\":\"off\"}}") != std::string::npos);
        QVERIFY(events.find("\"event\":\"change\",\"index\":2,\"set\":{\"clients[0].arrival.rate_rps\":0}") !=
                std::string::npos);
    }

    void breakerSwitchedOffWhileOpenLeaksNothing() {
        auto s = quietEnding();
        s.changes.insert(s.changes.begin(), layerAt(70, "services[0].calls[0].circuit_breaker", false));
        sim::Simulation sim(s);
        sim.advanceTo(seconds(69));
        QCOMPARE(static_cast<int>(sim.snapshot().calls[0].breakerState), 1); // OPEN before the switch
        sim.advanceTo(seconds(100));
        // Off: calls go to payments (which fails) instead of being refused by the breaker.
        std::int64_t refusedAfter = 0, attemptsAfter = 0;
        for (std::size_t b = 71; b < 100; ++b) {
            refusedAfter += sim.callBuckets(0)[b].outcomes[Outcome::CircuitOpen];
            attemptsAfter += sim.callBuckets(0)[b].attempts;
        }
        QCOMPARE(refusedAfter, 0);
        QVERIFY(attemptsAfter > 1000);
        sim.runToEnd();
        checkQuiet(sim);
    }

    void bulkheadShrunkBelowItsUseLeaksNothing() {
        auto s = quietEnding();
        // Slow payments so the bulkhead is full, then shrink it under its holders, then grow it.
        auto slow = setAt(20, "services[1].service_time.p99_ms", "2000");
        slow.set.emplace_back("services[1].service_time.median_ms", "300");
        s.changes.insert(s.changes.begin(), slow);
        s.changes.insert(s.changes.begin() + 1,
                         setAt(25, "services[0].calls[0].bulkhead.max_concurrent", "3"));
        s.changes.insert(s.changes.begin() + 2,
                         setAt(35, "services[0].calls[0].bulkhead.max_concurrent", "30"));
        sim::Simulation sim(s);
        sim.advanceTo(seconds(25) - Duration(1));
        QVERIFY(sim.snapshot().calls[0].bulkheadInUse > 3);
        sim.advanceTo(seconds(25));
        QCOMPARE(sim.snapshot().calls[0].bulkheadMax, 3);
        QVERIFY(sim.snapshot().calls[0].bulkheadInUse > 3); // holders finish; nobody is evicted
        sim.advanceTo(seconds(30));
        QVERIFY(sim.snapshot().calls[0].bulkheadInUse <= 3);
        sim.runToEnd();
        checkQuiet(sim);
    }

    void waitersPastANewMaxWaitLeaveAtOnce() {
        // One slot, a long queue, a slow callee: callers queue for the slot.
        auto s = test::singleQueue(50, 1, 10, 30, std::int64_t{100}, 3);
        scenario::Service back;
        back.name = "back";
        back.workers = 10;
        back.serviceTime.dist = scenario::ServiceTimeDist::Constant;
        back.serviceTime.valueMs = 200;
        s.services.push_back(back);
        scenario::Call call;
        call.to = "back";
        call.bulkhead = BulkheadConfig{};
        call.bulkhead->maxConcurrent = 1;
        call.bulkhead->maxQueue = 1000;
        call.bulkhead->maxWait = seconds(60);
        s.services[0].calls.push_back(call);
        s.services[0].workers = 1000;
        s.changes.push_back(setAt(10, "services[0].calls[0].bulkhead.max_wait_ms", "1000"));
        s.changes.push_back(setAt(20, "clients[0].arrival.rate_rps", "0"));
        sim::Simulation sim(s);
        sim.advanceTo(seconds(10) - Duration(1));
        const auto queuedBefore = sim.snapshot().calls[0].bulkheadQueued;
        QVERIFY(queuedBefore > 100); // ~45 waiters a second join, one leaves every 200 ms
        sim.advanceTo(seconds(10));
        // Those waiting longer than 1 s left at once, as bulkhead_full.
        QVERIFY(sim.snapshot().calls[0].bulkheadQueued <= 60);
        QVERIFY(sim.callBuckets(0)[10].outcomes[Outcome::BulkheadFull] >= queuedBefore - 60);
        sim.runToEnd();
        checkQuiet(sim);
    }

    void faultsStartedAndEndedByHand() {
        auto s = builtin("payments-outage");
        s.faults.clear();
        scenario::Change start;
        start.atS = 30;
        scenario::Fault f;
        f.id = "kill-payments";
        f.target = "payments";
        start.startFault = f;
        scenario::Change end;
        end.atS = 50;
        end.endFault = "kill-payments";
        s.changes = {start, end};
        sim::Simulation sim(s);
        sim.runToEnd();
        const std::string events = eventsOf(sim);
        QVERIFY(events.find(
                    "{\"t_s\":30.0,\"event\":\"fault_start\",\"target\":\"payments\",\"fault\":\"outage\","
                    "\"index\":0,\"id\":\"kill-payments\"}") != std::string::npos);
        QVERIFY(events.find("{\"t_s\":50.0,\"event\":\"fault_end\"") != std::string::npos);
        QVERIFY(events.find("\"to\":\"open\"") != std::string::npos); // the breaker saw the outage
        QCOMPARE(sim.faults().size(), std::size_t{1});
        QCOMPARE(sim.faults()[0].toS, 50.0);
    }

    void aScheduledFaultEndedEarly() {
        auto s = builtin("payments-outage");
        s.faults[0].id = "outage";
        scenario::Change end;
        end.atS = 70;
        end.endFault = "outage";
        s.changes = {end};
        sim::Simulation sim(s);
        sim.runToEnd();
        const std::string events = eventsOf(sim);
        QVERIFY(events.find("{\"t_s\":70.0,\"event\":\"fault_end\"") != std::string::npos);
        QVERIFY(events.find("{\"t_s\":120.0,\"event\":\"fault_end\"") == std::string::npos);
    }

    void aScenarioWithBadChangesIsRefusedUpFront() {
        auto s = builtin("payments-outage");
        s.changes.push_back(setAt(20, "services[1].service_time.median_ms", "300")); // above its p99
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sim::Simulation{s});
    }

    void aScheduledFaultEndedByItsPlace() {
        auto s = builtin("payments-outage");
        scenario::Change end;
        end.atS = 80;
        end.endFault = "faults[0]";
        s.changes = {end};
        sim::Simulation sim(s);
        sim.runToEnd();
        QVERIFY(eventsOf(sim).find("{\"t_s\":80.0,\"event\":\"fault_end\"") != std::string::npos);
    }

    void badLiveChangesAreRefusedAndChangeNothing() {
        sim::Simulation sim(builtin("payments-outage"));
        sim.advanceTo(seconds(40));
        auto d = sim.addChange(setAt(39, "services[1].workers", "5"));
        QCOMPARE(QString::fromStdString(d.toString()),
                 QString("change.at_s: must be >= the run's time now (40 s), got 39\n"));
        d = sim.addChange(setAt(40, "services[0].calls[0].retry.max_attempts", "0"));
        QCOMPARE(QString::fromStdString(d.toString()),
                 QString("change.set.services[0].calls[0].retry.max_attempts: must be in [1, 100], got 0\n"));
        QVERIFY(sim.changes().empty());
        sim::Simulation untouched(builtin("payments-outage"));
        sim.runToEnd();
        untouched.runToEnd();
        QCOMPARE(outputs(sim), outputs(untouched));
    }

    void changesBeforeOthersAtTheSameTimeKeepTheirOrder() {
        sim::Simulation sim(builtin("payments-outage"));
        QVERIFY(sim.addChange(setAt(50, "services[1].workers", "7")).empty());
        QVERIFY(sim.addChange(setAt(30, "services[1].workers", "5")).empty());
        QVERIFY(sim.addChange(setAt(50, "services[1].workers", "9")).empty()); // after the other one at 50
        QCOMPARE(sim.changes().size(), std::size_t{3});
        QCOMPARE(sim.changes()[0].atS, 30.0);
        QCOMPARE(sim.changes()[1].set[0].second, std::string("7"));
        QCOMPARE(sim.changes()[2].set[0].second, std::string("9"));
        sim.advanceTo(seconds(51));
        QCOMPARE(sim.snapshot().services[1].workers, 9);
    }
};

QTEST_GUILESS_MAIN(Changes)
#include "tst_changes.moc"
