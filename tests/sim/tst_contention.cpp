// Contention: batch arrivals (N clients that start together), optimistic concurrency (a write fails when
// another one committed while it was in progress), and the lesson built on them, after the AWS
// Architecture Blog's "Exponential Backoff and Jitter" (Brooker, 2015): without jitter the retries
// collide again and again; full and equal jitter spread them out and need far fewer calls.
#include "core/scenario/path_override.h"
#include "core/scenario/scenario_json.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

using namespace rl;

namespace {

constexpr const char* kLesson = "backoff-jitter-contention";

// One client sending a batch of `count` requests (request k at spreadMs * k / count) to one service
// with a constant service time of `workMs` and enough workers for all of them; no retries.
scenario::Scenario writers(std::int64_t count, double spreadMs, double workMs, bool optimistic) {
    auto s = test::singleQueue(1, 1, 1000, 10);
    s.clients[0].arrival = scenario::ArrivalKind::Batch;
    s.clients[0].batch = scenario::BatchArrival{count, 0, spreadMs};
    s.services[0].serviceTime.dist = scenario::ServiceTimeDist::Constant;
    s.services[0].serviceTime.valueMs = workMs;
    if (optimistic) s.services[0].concurrencyControl = scenario::ConcurrencyControl::Optimistic;
    return s;
}

struct Run {
    std::int64_t requests = 0, attempts = 0, success = 0, errors = 0, serviceErrors = 0, unfinished = 0;
    double finishS = 0; // the last answer: every request starts at 0, so the longest latency
};

Run run(const scenario::Scenario& s) {
    sim::Simulation sim(s);
    sim.runToEnd();
    const auto c = test::clientTotals(sim);
    return Run{c.requests,
               c.attempts,
               c.outcomes[Outcome::Success],
               c.outcomes[Outcome::Error],
               test::serviceTotals(sim, 0).errors,
               sim.unfinishedRequests(),
               toSeconds(sim.clientLatency(0).max())};
}

// The lesson with `--set` overrides, as `run builtin:backoff-jitter-contention --set ...` would run it.
scenario::Scenario lessonWith(const std::vector<std::string>& overrides, std::uint64_t seed) {
    const BuiltinScenario* b = findBuiltinScenario(kLesson);
    if (!b) qFatal("no built-in %s", kLesson);
    scenario::Diagnostics d;
    auto doc = scenario::parseJsonText(std::string(b->json), d);
    if (!doc) qFatal("%s: %s", kLesson, d.toString().c_str());
    std::vector<std::string> all = overrides;
    all.push_back("seed=" + std::to_string(seed));
    for (const auto& o : all) {
        d = scenario::applyOverride(*doc, o);
        if (!d.empty()) qFatal("--set %s: %s", o.c_str(), d.toString().c_str());
    }
    auto r = scenario::parseScenarioJson(*doc);
    if (!r.scenario) qFatal("%s: %s", kLesson, r.diagnostics.toString().c_str());
    return *r.scenario;
}

// The five strategies of the study, as overrides of the lesson (whose default is exponential backoff
// without jitter). Decorrelated jitter ignores the exponential schedule but needs a kind other than none.
struct Strategy {
    const char* name;
    std::vector<std::string> overrides;
};
const std::vector<Strategy>& strategies() {
    static const std::vector<Strategy> all = {
        {"none", {"clients[0].retry.backoff.kind=none"}},
        {"exponential", {}},
        {"full", {"clients[0].retry.backoff.jitter=full"}},
        {"equal", {"clients[0].retry.backoff.jitter=equal"}},
        {"decorrelated", {"clients[0].retry.backoff.jitter=decorrelated"}}};
    return all;
}

QString describe(const char* name, const Run& r) {
    return QString("%1: %2 calls, %3 s, %4/%5 succeeded")
        .arg(name)
        .arg(r.attempts)
        .arg(r.finishS)
        .arg(r.success)
        .arg(r.requests);
}

} // namespace

class Contention : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A batch sends exactly `count` requests, at one instant or evenly over its spread, and nothing after.
    void batchSendsExactlyItsCountAndNothingAfter() {
        auto s = writers(100, 0, 1, false);
        s.clients[0].batch.atS = 2;
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto& buckets = sim.clientBuckets(0);
        QCOMPARE(buckets[2].requests, std::int64_t{100});
        QCOMPARE(test::clientTotals(sim).requests, std::int64_t{100});

        s.clients[0].batch = scenario::BatchArrival{100, 1, 1000}; // 100 over [1 s, 2 s): 10 per 100 ms
        s.bucketS = 0.1;
        sim::Simulation spread(s);
        spread.runToEnd();
        for (std::size_t b = 0; b < spread.bucketCount(); ++b)
            QCOMPARE(spread.clientBuckets(0)[b].requests, std::int64_t{b >= 10 && b < 20 ? 10 : 0});
    }

    // A change during the run rebuilds the client's arrivals: a batch half sent goes on where it was.
    void aChangeDoesNotResendTheBatch() {
        auto s = writers(50, 9000, 1, false); // one every 180 ms
        s.clients[0].retry = RetryConfig{};
        scenario::Change c;
        c.atS = 5;
        c.set = {{"clients[0].retry.max_attempts", "5"}};
        s.changes.push_back(c);
        sim::Simulation sim(s);
        sim.runToEnd();
        QCOMPARE(test::clientTotals(sim).requests, std::int64_t{50});
        QCOMPARE(sim.clientBuckets(0)[5].requests, std::int64_t{6}); // at 5.04, 5.22, ..., 5.94 s
    }

    // Two overlapping writes: the later finisher finds the version moved and fails; the other commits.
    void overlappingWritesConflict() {
        const Run r = run(writers(2, 10, 20, true)); // [0, 20 ms] and [5, 25 ms]
        QCOMPARE(r.success, std::int64_t{1});
        QCOMPARE(r.errors, std::int64_t{1});
        QCOMPARE(r.serviceErrors, std::int64_t{1}); // counted as the service's own error
        // Without optimistic concurrency control both commit.
        QCOMPARE(run(writers(2, 10, 20, false)).success, std::int64_t{2});
    }

    // Writes that do not overlap both commit.
    void writesInTurnBothCommit() {
        QCOMPARE(run(writers(2, 100, 20, true)).success, std::int64_t{2}); // [0, 20 ms] and [50, 70 ms]
        QCOMPARE(run(writers(2, 50, 20, true)).success, std::int64_t{2});  // [0, 20 ms] and [25, 45 ms]
    }

    // The later finisher fails even when it started first: what counts is a commit after its start.
    void theLaterFinisherFailsEvenIfItStartedFirst() {
        auto s = writers(1, 0, 20, true);
        s.clients[0].batch.atS = 0.001;
        scenario::Client late = s.clients[0];
        late.name = "late";
        late.batch.atS = 0.005;
        s.clients.push_back(late);
        // Work started in the first 4 ms takes three times as long: the first writer holds [1, 61 ms].
        scenario::Fault slow;
        slow.target = "server";
        slow.kind = scenario::FaultKind::Latency;
        slow.fromS = 0;
        slow.toS = 0.004;
        slow.multiplier = 3;
        s.faults.push_back(slow);
        sim::Simulation sim(s);
        sim.runToEnd();
        QCOMPARE(test::clientTotals(sim, 0).outcomes[Outcome::Error], std::int64_t{1});   // finished at 61 ms
        QCOMPARE(test::clientTotals(sim, 1).outcomes[Outcome::Success], std::int64_t{1}); // at 25 ms
    }

    // N writers at one instant with constant work and no backoff: one commits per round, so writer k
    // needs k attempts: N (N + 1) / 2 calls in all, N rounds of work.
    void noBackoffCostsNSquaredOverTwo() {
        auto s = writers(20, 0, 10, true);
        RetryConfig retry;
        retry.maxAttempts = 20;
        retry.backoff.kind = BackoffKind::None;
        s.clients[0].retry = retry;
        const Run r = run(s);
        QCOMPARE(r.success, std::int64_t{20});
        QCOMPARE(r.attempts, std::int64_t{20 * 21 / 2});
        QCOMPARE(r.finishS, 0.2);
    }

    // The study's findings on the lesson, for every strategy and three seeds: every writer commits;
    // without jitter (with or without exponential backoff) the system does more than twice the calls
    // of full jitter; full and equal jitter beat no jitter on calls; and exponential backoff without
    // jitter takes longer to finish than any jittered strategy.
    void jitterCutsTheWorkOfContendingClients_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {2015u, 1u, 2u})
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
    void jitterCutsTheWorkOfContendingClients() {
        QFETCH(quint64, seed);
        std::map<std::string, Run> runs;
        QString all;
        for (const auto& strategy : strategies()) {
            const Run r = run(lessonWith(strategy.overrides, seed));
            all += describe(strategy.name, r) + "\n";
            QCOMPARE(r.requests, std::int64_t{100});
            QVERIFY2(r.success == 100 && r.unfinished == 0, qPrintable(all));
            runs[strategy.name] = r;
        }
        qInfo("%s", qPrintable(all)); // the figures of docs/scenario-format.md's table
        const auto calls = [&](const char* name) { return static_cast<double>(runs[name].attempts); };
        QVERIFY2(calls("none") > 2 * calls("full"), qPrintable(all));
        QVERIFY2(calls("exponential") > 2 * calls("full"), qPrintable(all));
        QVERIFY2(calls("full") < calls("exponential") && calls("equal") < calls("exponential"),
                 qPrintable(all));
        QVERIFY2(calls("decorrelated") < calls("exponential"), qPrintable(all));
        for (const char* jittered : {"full", "equal", "decorrelated"})
            QVERIFY2(runs["exponential"].finishS > runs[jittered].finishS, qPrintable(all));
    }

    // The lesson's A side (no jitter) against its B side (full jitter), as `--compare lesson` runs them.
    void lessonComparesNoJitterWithFullJitter() {
        const auto a = lessonWith({}, 2015);
        QVERIFY(a.lesson && a.lesson->compare);
        QCOMPARE(a.clients[0].retry->backoff.jitter, JitterKind::None);
        const auto& set = a.lesson->compare->set;
        QCOMPARE(set.size(), std::size_t{1});
        QCOMPARE(set[0].first, std::string("clients[0].retry.backoff.jitter"));
        const Run noJitter = run(a);
        const Run full = run(lessonWith({"clients[0].retry.backoff.jitter=full"}, 2015));
        QVERIFY2(noJitter.attempts > 2 * full.attempts,
                 qPrintable(describe("A", noJitter) + " " + describe("B", full)));
    }
};

QTEST_GUILESS_MAIN(Contention)
#include "tst_contention.moc"
