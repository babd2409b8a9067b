// The teaching kit's lessons (resources/scenarios/*.json with a `lesson`): each claim a lesson's story
// makes is pinned here with its default seed, A against its own B side (lesson.compare) on the same
// seed and arrivals, so a trainer is never embarrassed in front of a class. The six older lessons'
// claims are in tst_builtin_lessons.
#include "core/scenario/lesson_json.h"
#include "core/scenario/scenario_json.h"
#include "core/sim/run_compare.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

using namespace rl;

namespace {

const BuiltinScenario& builtinEntry(const char* name) {
    const BuiltinScenario* b = findBuiltinScenario(name);
    if (!b) qFatal("no built-in scenario %s", name);
    return *b;
}

scenario::Scenario builtin(const char* name) {
    auto r = scenario::parseScenario(std::string(builtinEntry(name).json));
    if (!r.scenario) qFatal("built-in %s does not load: %s", name, r.diagnostics.toString().c_str());
    return *r.scenario;
}

// The lesson's B side: its compare overrides applied to the built-in's JSON, as `run --compare lesson`.
scenario::Scenario bSide(const char* name) {
    const auto a = builtin(name);
    if (!a.lesson || !a.lesson->compare) qFatal("built-in %s has no lesson.compare", name);
    scenario::Diagnostics d;
    auto doc = scenario::parseJsonText(std::string(builtinEntry(name).json), d);
    const auto b = scenario::parseScenarioJson(scenario::applyCompare(*doc, *a.lesson->compare, d));
    if (!d.empty() || !b.scenario) qFatal("B side of %s: %s", name, b.diagnostics.toString().c_str());
    return *b.scenario;
}

struct Pair {
    sim::Simulation a, b;
    explicit Pair(const char* name)
        : a(builtin(name))
        , b(bSide(name)) {
        a.runToEnd();
        b.runToEnd();
    }
};

std::int64_t outcomeIn(const sim::Simulation& sim, Outcome o, std::size_t from, std::size_t to,
                       std::size_t client = 0) {
    std::int64_t n = 0;
    for (std::size_t b = from; b < to && b < sim.bucketCount(); ++b)
        n += sim.clientBuckets(client)[b].outcomes[o];
    return n;
}

std::int64_t requestsIn(const sim::Simulation& sim, std::size_t from, std::size_t to) {
    std::int64_t n = 0;
    for (std::size_t b = from; b < to && b < sim.bucketCount(); ++b)
        n += sim.clientBuckets(0)[b].requests;
    return n;
}

// Successful calls of call `call` in buckets [from, to).
std::int64_t callSuccessIn(const sim::Simulation& sim, std::size_t call, std::size_t from, std::size_t to) {
    std::int64_t n = 0;
    for (std::size_t b = from; b < to && b < sim.bucketCount(); ++b)
        n += sim.callBuckets(call)[b].outcomes[Outcome::Success];
    return n;
}

double ratio(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

std::string describe(const sim::Simulation& s) {
    const auto h = sim::headline(s);
    return "requests " + std::to_string(h.requests) + ", success " + std::to_string(h.success) +
           ", degraded " + std::to_string(h.degraded) + ", failed " + std::to_string(h.failed);
}

} // namespace

class TeachingLessons : public QObject {
    Q_OBJECT

private slots:
    void thereAreAtLeastTwelveLessons() { QVERIFY(builtinScenarios().size() >= 12); }

    // Every built-in is a lesson with a story and guided steps; every B side loads and, when it does not
    // touch the clients, sees exactly the same arrivals as A.
    void everyBuiltinHasGuidedStepsAndAWorkingBSide() {
        for (const auto& entry : builtinScenarios()) {
            const std::string name(entry.name);
            const auto a = builtin(name.c_str());
            QVERIFY2(a.lesson, name.c_str());
            QVERIFY2(!a.lesson->title.empty() && !a.lesson->story.empty(), name.c_str());
            QVERIFY2(!a.lesson->steps.empty(), name.c_str());
            QVERIFY2(!a.lesson->watch.empty() && !a.lesson->tryThis.empty(), name.c_str());
            if (!a.lesson->compare) continue;
            auto b = bSide(name.c_str());
            QVERIFY2(!(b == a), name.c_str());
            bool touchesClients = false;
            for (const auto& [path, value] : a.lesson->compare->set)
                touchesClients = touchesClients || path.starts_with("clients");
            if (touchesClients) continue;
            auto shortA = a;
            shortA.durationS = std::min(a.durationS, 30.0);
            b.durationS = shortA.durationS;
            sim::Simulation runA(shortA), runB(b);
            runA.runToEnd();
            runB.runToEnd();
            const auto rows = sim::compareRuns(runA, runB);
            QCOMPARE(rows.front().key, std::string("requests"));
            QVERIFY2(rows.front().a == rows.front().b && rows.front().a > 0, name.c_str());
        }
    }

    // Without a timeout the hang takes every API worker for good; with one, the requests that do not
    // need inventory succeed through the hang and everything recovers after it.
    void hangingDependencyNeedsATimeout() {
        Pair p("hanging-dependency");
        const sim::Simulation &noTimeout = p.a, &timeout = p.b;
        QVERIFY(ratio(outcomeIn(noTimeout, Outcome::Success, 0, 60), requestsIn(noTimeout, 0, 60)) > 0.99);
        // During the hang (after the first seconds) and long after it: nothing without the timeout.
        QVERIFY2(outcomeIn(noTimeout, Outcome::Success, 65, 90) < requestsIn(noTimeout, 65, 90) / 100,
                 describe(noTimeout).c_str());
        QCOMPARE(outcomeIn(noTimeout, Outcome::Success, 100, 150), std::int64_t{0});
        // With it: about 70% succeed during the hang, nearly all after it.
        const double during =
            ratio(outcomeIn(timeout, Outcome::Success, 65, 90), requestsIn(timeout, 65, 90));
        QVERIFY2(during > 0.6 && during < 0.8, qPrintable(QString::number(during)));
        QVERIFY(ratio(outcomeIn(timeout, Outcome::Success, 100, 150), requestsIn(timeout, 100, 150)) > 0.99);
    }

    // The bulkhead keeps search's slowness to its slots: profile calls keep succeeding during the
    // slowdown; without it the API's workers all wait on search and profile calls collapse.
    void bulkheadIsolatesTheSlowDependency() {
        Pair p("bulkhead-isolation");
        const std::size_t profile = 1;
        const auto before = callSuccessIn(p.a, profile, 30, 60);
        const auto withBulkhead = callSuccessIn(p.a, profile, 65, 120);
        const auto withoutBulkhead = callSuccessIn(p.b, profile, 65, 120);
        // Per second: the profile calls that still succeed, against before the slowdown.
        QVERIFY2(static_cast<double>(withBulkhead) / 55.0 > 0.4 * static_cast<double>(before) / 30.0,
                 qPrintable(QString("%1 %2").arg(withBulkhead).arg(before)));
        QVERIFY2(withBulkhead > 4 * withoutBulkhead,
                 qPrintable(QString("%1 vs %2").arg(withBulkhead).arg(withoutBulkhead)));
        // The bulkhead refused search calls, and the fallback answered them: fast, degraded answers.
        std::int64_t refused = 0;
        for (std::size_t b = 65; b < 120; ++b)
            refused += p.a.callBuckets(0)[b].outcomes[Outcome::Degraded];
        QVERIFY(refused > 0);
        // The clients: nearly all answered with the bulkhead; most time out without it.
        const auto answeredWith =
            outcomeIn(p.a, Outcome::Success, 65, 120) + outcomeIn(p.a, Outcome::Degraded, 65, 120);
        const auto answeredWithout =
            outcomeIn(p.b, Outcome::Success, 65, 120) + outcomeIn(p.b, Outcome::Degraded, 65, 120);
        QVERIFY(ratio(answeredWith, requestsIn(p.a, 65, 120)) > 0.95);
        QVERIFY2(ratio(answeredWithout, requestsIn(p.b, 65, 120)) < 0.4, describe(p.b).c_str());
        QVERIFY(sim::headline(p.a).goodput > sim::headline(p.b).goodput + 0.1);
    }

    // serve_stale keeps answering (labelled degraded) through a 90 s outage; without the fallback the
    // outage comes through as errors.
    void cacheFallbackServesStaleAnswers() {
        Pair p("graceful-degradation");
        const auto a = sim::headline(p.a), b = sim::headline(p.b);
        QVERIFY2(a.failed < a.requests / 1000, describe(p.a).c_str());
        QVERIFY(a.degraded > a.requests * 35 / 100); // the outage is 90 s of 210
        // The stale part: answered well past the cache's 10 s of freshness.
        QVERIFY(outcomeIn(p.a, Outcome::Degraded, 80, 150) > requestsIn(p.a, 80, 150) * 95 / 100);
        QCOMPARE(b.degraded, std::int64_t{0});
        QVERIFY2(b.failed > b.requests * 35 / 100, describe(p.b).c_str());
    }

    // Retried non-idempotent charges without keys are charged again; with keys, never.
    void idempotencyKeysPreventDuplicateCharges() {
        Pair p("idempotency");
        const auto rows = sim::compareRuns(p.a, p.b);
        const auto dup = std::find_if(rows.begin(), rows.end(),
                                      [](const auto& r) { return r.key == "duplicate_side_effects"; });
        QVERIFY(dup != rows.end());
        QVERIFY2(dup->a > 100, qPrintable(QString::number(dup->a)));
        QCOMPARE(dup->b, 0.0);
        QCOMPARE(rows.front().a, rows.front().b); // the same requests
    }

    // With deadline propagation the backend drops expired work and answers again soon after the
    // brownout; without it, it works through dead requests and goodput stays down far longer.
    void deadlinePropagationStopsWastedWork() {
        Pair p("deadline-propagation");
        const std::size_t backend = 1;
        QVERIFY(test::serviceTotals(p.a, backend).expiredDropped > 1000);
        QCOMPARE(test::serviceTotals(p.b, backend).expiredDropped, std::int64_t{0});
        const auto recoveredWith = outcomeIn(p.a, Outcome::Success, 92, 130);
        const auto recoveredWithout = outcomeIn(p.b, Outcome::Success, 92, 130);
        QVERIFY2(recoveredWith > 2 * recoveredWithout,
                 qPrintable(QString("%1 vs %2").arg(recoveredWith).arg(recoveredWithout)));
        QVERIFY(sim::headline(p.a).goodput > sim::headline(p.b).goodput);
        const auto rows = sim::compareRuns(p.a, p.b);
        const auto waste = std::find_if(rows.begin(), rows.end(),
                                        [](const auto& r) { return r.key == "jobs_per_good_answer"; });
        QVERIFY(waste->a < waste->b);
    }

    // The whole stack answers nearly every request through the hang and the spike; with none of it the
    // hang takes the service down for good.
    void fullStackBeatsNone() {
        Pair p("full-stack");
        const auto a = sim::headline(p.a), b = sim::headline(p.b);
        QCOMPARE(a.requests, b.requests);
        QVERIFY2(a.goodput > 0.85, describe(p.a).c_str());
        QVERIFY2(b.goodput < 0.5, describe(p.b).c_str());
        QVERIFY(outcomeIn(p.a, Outcome::Degraded, 60, 90) > 0);
        QVERIFY(outcomeIn(p.a, Outcome::RateLimited, 120, 140) > 0);
        QVERIFY(outcomeIn(p.a, Outcome::Success, 145, 180) > requestsIn(p.a, 145, 180) * 95 / 100);
        QCOMPARE(outcomeIn(p.b, Outcome::Success, 100, 180), std::int64_t{0});
    }

    // gRPC's retry throttle stops the retries that keep the metastable database overloaded.
    void retryThrottleCuresTheMetastableFailure() {
        Pair p("metastable-throttled");
        QVERIFY(static_cast<double>(outcomeIn(p.a, Outcome::Success, 100, 240)) > 0.8 * 280 * 140);
        QCOMPARE(outcomeIn(p.b, Outcome::Success, 100, 240), std::int64_t{0});
        // Before the trigger the throttle costs nothing.
        QVERIFY(
            std::llabs(outcomeIn(p.a, Outcome::Success, 10, 50) - outcomeIn(p.b, Outcome::Success, 10, 50)) <
            outcomeIn(p.b, Outcome::Success, 10, 50) / 100);
    }

    // The six older lessons' B sides say what their stories say.
    void olderLessonsBSides() {
        {
            Pair p("payments-outage"); // without breaker and fallback the outage shows as errors
            QCOMPARE(sim::headline(p.a).failed, std::int64_t{0});
            QVERIFY(sim::headline(p.b).failed > sim::headline(p.b).requests / 4);
        }
        {
            Pair p("metastable");
            QVERIFY(outcomeIn(p.b, Outcome::Success, 100, 240) >
                    20 * outcomeIn(p.a, Outcome::Success, 100, 240));
        }
        {
            Pair p("mm1"); // 12% more load, about twice the latency
            QVERIFY(p.b.clientLatency(0).meanMs() > 1.8 * p.a.clientLatency(0).meanMs());
        }
        {
            Pair p("load-shedding"); // without the shedder checkout suffers
            QVERIFY(ratio(test::clientTotals(p.b, 0).outcomes[Outcome::Success],
                          test::clientTotals(p.b, 0).answered) <
                    ratio(test::clientTotals(p.a, 0).outcomes[Outcome::Success],
                          test::clientTotals(p.a, 0).answered));
        }
    }
};

QTEST_APPLESS_MAIN(TeachingLessons)
#include "tst_teaching_lessons.moc"
