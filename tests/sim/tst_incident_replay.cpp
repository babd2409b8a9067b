// A service driven by a recorded log: which row a call gets (window, nearest, after the end), the
// recorded latency and status as the caller sees them, the outage showing where the log has it, and
// the same seed giving the same run.
#include "core/scenario/scenario_json.h"
#include "core/sim/replay_sampler.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "sim_support.h"

#include <QtTest>

#include <set>
#include <sstream>

using namespace rl;
using namespace rl::scenario;

namespace {

// Rows at 0, 1, ..., n-1 s; row i has latency i ms, so a drawn row tells where it came from.
std::shared_ptr<const ReplayLog> secondsLog(int n) {
    auto log = std::make_shared<ReplayLog>();
    log->name = "test.csv";
    for (int i = 0; i < n; ++i)
        log->rows.push_back(ReplayRow{seconds(i), double(i), Outcome::Success});
    log->medianLatencyMs = double(n / 2);
    return log;
}

Replay replayOf(std::shared_ptr<const ReplayLog> log, double windowS, ReplayAfterEnd afterEnd) {
    Replay r;
    r.file = "test.csv";
    r.windowS = windowS;
    r.afterEnd = afterEnd;
    r.log = std::move(log);
    return r;
}

Scenario builtinScenario(const char* name) {
    const BuiltinScenario* b = findBuiltinScenario(name);
    if (!b) qFatal("no built-in scenario %s", name);
    auto r = parseScenario(std::string(b->json));
    if (!r.scenario) qFatal("built-in %s does not load: %s", name, r.diagnostics.toString().c_str());
    return *r.scenario;
}

// One client straight at payments, which replays the built-in incident: what the client sees is what
// the log recorded (no retries, no timeout shorter than the recorded 5 s hangs).
Scenario directReplay(std::uint64_t seed) {
    Scenario s;
    s.seed = seed;
    s.durationS = 600;
    s.bucketS = 5;
    Client c;
    c.name = "web";
    c.target = "payments";
    c.rateRps = 40;
    s.clients.push_back(c);
    Service p;
    p.name = "payments";
    p.workers = 1000;
    Replay r;
    r.file = "builtin-data:payments-incident.csv";
    p.replay = r;
    s.services.push_back(p);
    Diagnostics out;
    attachReplayLogs(s, "", out);
    if (!out.empty()) qFatal("%s", out.toString().c_str());
    return s;
}

struct Share {
    std::int64_t requests = 0, failed = 0;
    double rate() const { return requests ? double(failed) / double(requests) : 0; }
};

// Outcomes of requests answered in [fromS, toS).
Share failuresBetween(const sim::Simulation& sim, double fromS, double toS) {
    Share share;
    const double width = toSeconds(sim.bucketWidth());
    const auto& buckets = sim.clientBuckets(0);
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        if (double(b) * width < fromS || double(b + 1) * width > toS) continue;
        for (std::size_t o = 0; o < kOutcomeCount; ++o) {
            const auto n = buckets[b].outcomes[static_cast<Outcome>(o)];
            share.requests += n;
            if (!isAnswer(static_cast<Outcome>(o))) share.failed += n;
        }
    }
    return share;
}

} // namespace

class IncidentReplayTest : public QObject {
    Q_OBJECT

private slots:
    void drawsOnlyRowsInsideTheWindow() {
        const sim::ReplaySampler sampler(replayOf(secondsLog(100), 10, ReplayAfterEnd::Loop));
        Random rng(3);
        std::set<double> seen;
        for (int i = 0; i < 2000; ++i)
            seen.insert(sampler.draw(seconds(50), rng)->latencyMs);
        // [45 s, 55 s], both ends included: rows 45..55, each drawn.
        QCOMPARE(seen.size(), std::size_t{11});
        QCOMPARE(*seen.begin(), 45.0);
        QCOMPARE(*seen.rbegin(), 55.0);
    }

    void anEmptyWindowGivesTheNearestRow() {
        auto log = std::make_shared<ReplayLog>();
        log->rows = {{seconds(0), 1, Outcome::Success}, {seconds(100), 2, Outcome::Error}};
        const sim::ReplaySampler sampler(replayOf(log, 1, ReplayAfterEnd::Loop));
        Random rng(3);
        QCOMPARE(sampler.draw(seconds(40), rng)->latencyMs, 1.0);
        QCOMPARE(sampler.draw(seconds(50), rng)->latencyMs, 1.0); // a tie: the earlier
        QCOMPARE(sampler.draw(seconds(60), rng)->latencyMs, 2.0);
    }

    void afterTheEndLoopsClampsOrTurnsSynthetic() {
        Random rng(3);
        // The log spans 0..99 s; at 130 s a loop is at 31 s, a clamp at 99 s.
        const sim::ReplaySampler loop(replayOf(secondsLog(100), 0.5, ReplayAfterEnd::Loop));
        QCOMPARE(loop.draw(seconds(130), rng)->latencyMs, 31.0);
        const sim::ReplaySampler clamp(replayOf(secondsLog(100), 0.5, ReplayAfterEnd::Clamp));
        QCOMPARE(clamp.draw(seconds(130), rng)->latencyMs, 99.0);
        const sim::ReplaySampler synthetic(replayOf(secondsLog(100), 0.5, ReplayAfterEnd::Synthetic));
        QVERIFY(synthetic.draw(seconds(130), rng) == nullptr);
        QCOMPARE(synthetic.draw(seconds(99), rng)->latencyMs, 99.0);
    }

    void startAndTimeScaleMapSimulatedTimeToTheLog() {
        Replay r = replayOf(secondsLog(1000), 0.5, ReplayAfterEnd::Clamp);
        r.startS = 100;
        r.timeScale = 10; // ten log seconds per simulated second
        const sim::ReplaySampler sampler(r);
        Random rng(3);
        QCOMPARE(sampler.draw(seconds(5), rng)->latencyMs, 150.0);
    }

    void aLogThatIsNotLoadedIsRefused() {
        Replay r;
        r.file = "x.csv";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sim::ReplaySampler{r});
    }

    void recordedLatencyAndStatusReachTheCaller() {
        // Every row: 123 ms, then 503 from 10 s on.
        auto log = std::make_shared<ReplayLog>();
        for (int i = 0; i < 20; ++i)
            log->rows.push_back({seconds(i), 123, i < 10 ? Outcome::Success : Outcome::Error});
        log->medianLatencyMs = 123;
        Scenario s = test::singleQueue(20, 5, 100, 20);
        s.services[0].replay = replayOf(log, 0.5, ReplayAfterEnd::Clamp);
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto early = failuresBetween(sim, 1, 9);
        const auto late = failuresBetween(sim, 11, 19);
        QVERIFY(early.requests > 100);
        QCOMPARE(early.failed, std::int64_t{0});
        QCOMPARE(late.failed, late.requests);
        // Latency replaced: 123 ms (within the histogram's 1%), nothing of the 5 ms synthetic mean.
        const auto p50 = sim.clientLatency(0).percentileMs(0.5);
        QVERIFY2(std::fabs(p50 - 123) < 2, qPrintable(QString::number(p50)));
    }

    void theOutageShowsWhereTheLogHasIt() {
        sim::Simulation sim(directReplay(7));
        sim.runToEnd();
        // The log: healthy until 180 s, an outage from about 240 s to 330 s (most calls 5xx).
        const auto before = failuresBetween(sim, 0, 175);
        const auto outage = failuresBetween(sim, 250, 325);
        const auto after = failuresBetween(sim, 400, 600);
        QVERIFY(before.requests > 5000);
        QVERIFY2(before.rate() < 0.05, qPrintable(QString::number(before.rate())));
        QVERIFY2(outage.rate() > 0.6, qPrintable(QString::number(outage.rate())));
        QVERIFY2(after.rate() < 0.05, qPrintable(QString::number(after.rate())));
        // Per bucket, as a chart shows it: every bucket inside the outage is worse than any before it.
        double worstBefore = 0, bestInside = 1;
        for (double t = 0; t < 175; t += 5)
            worstBefore = std::max(worstBefore, failuresBetween(sim, t, t + 5).rate());
        for (double t = 250; t < 325; t += 5)
            bestInside = std::min(bestInside, failuresBetween(sim, t, t + 5).rate());
        QVERIFY(bestInside > worstBefore);
    }

    void sameSeedSameRun() {
        auto run = [](std::uint64_t seed) {
            sim::Simulation sim(directReplay(seed));
            sim.runToEnd();
            std::ostringstream out;
            sim::writeTimeseriesCsv(sim, out);
            sim::writeEventsJsonl(sim, out);
            return out.str();
        };
        const std::string a = run(7);
        QCOMPARE(run(7), a);
        QVERIFY(run(8) != a);
    }

    void theLessonOpensTheBreakerDuringTheRecordedOutage() {
        sim::Simulation sim(builtinScenario("incident-replay"));
        sim.runToEnd();
        const auto h = sim::headline(sim);
        QVERIFY(h.requests > 25000);
        bool openedInOutage = false, openedBefore = false, closedAfter = false;
        for (const auto& e : sim.log()) {
            if (e.kind != sim::LogEvent::Kind::BreakerTransition) continue;
            const auto to = static_cast<BreakerState>(e.to);
            const double at = toSeconds(e.at);
            if (to == BreakerState::Open && at >= 235 && at < 335) openedInOutage = true;
            if (to == BreakerState::Open && at < 175) openedBefore = true;
            if (to == BreakerState::Closed && at >= 330) closedAfter = true;
        }
        QVERIFY(openedInOutage);
        QVERIFY(!openedBefore);
        QVERIFY(closedAfter);
        // The cache fallback keeps most answers coming through the outage.
        QVERIFY2(h.degraded > 0, "no stale answers");
        const auto outage = failuresBetween(sim, 250, 325);
        QVERIFY2(outage.rate() < 0.5, qPrintable(QString::number(outage.rate())));
    }
};

QTEST_APPLESS_MAIN(IncidentReplayTest)
#include "tst_incident_replay.moc"
