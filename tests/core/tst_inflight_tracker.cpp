// InFlightTracker: serving, draining, drained, deadline exceeded (with the count cut), rejections,
// resume, events, config errors, and a property test against a naive model.
#include "core/common/random.h"
#include "core/primitives/inflight_tracker.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace rl;

namespace {
struct Recorder : EventListener<InFlightEvent> {
    std::vector<std::string> lines;
    void onEvent(const InFlightEvent& e) override {
        if (e.kind == InFlightEvent::Kind::Rejected)
            lines.push_back("rejected");
        else
            lines.push_back(std::string(drainStateName(e.from)) + "->" + std::string(drainStateName(e.to)) +
                            " inflight=" + std::to_string(e.inFlight) + " cut=" + std::to_string(e.cut));
    }
};
} // namespace

class TestInFlightTracker : public QObject {
    Q_OBJECT

private slots:
    void servingCountsWork() {
        InFlightTracker t;
        QVERIFY(t.begin(millis(0)));
        QVERIFY(t.begin(millis(1)));
        QCOMPARE(t.inFlight(), std::int64_t{2});
        t.end(millis(2));
        const auto v = t.view(millis(2));
        QCOMPARE(v.state, DrainState::Serving);
        QCOMPARE(v.inFlight, std::int64_t{1});
        QCOMPARE(v.peakInFlight, std::int64_t{2});
        QCOMPARE(v.started, std::int64_t{2});
        QCOMPARE(v.finished, std::int64_t{1});
    }

    void drainRejectsNewWorkThenDrainsToZero() {
        InFlightTracker t;
        Recorder rec;
        t.listeners().subscribe(&rec);
        t.begin(millis(0));
        t.begin(millis(0));
        t.startDrain(millis(10), millis(1000)); // 2 in flight: draining until t=1000
        QCOMPARE(t.state(), DrainState::Draining);
        QVERIFY(!t.begin(millis(11))); // new work rejected
        QCOMPARE(t.view(millis(11)).timeLeft, millis(989));
        t.end(millis(20));
        QCOMPARE(t.state(), DrainState::Draining);
        t.end(millis(30)); // last one out: drained
        QCOMPARE(t.state(), DrainState::Drained);
        QVERIFY(!t.begin(millis(40))); // still rejected once drained
        const auto v = t.view(millis(40));
        QCOMPARE(v.rejected, std::int64_t{2});
        QCOMPARE(v.cut, std::int64_t{0});
        QCOMPARE(v.drainStartedAt, millis(10));
        QCOMPARE(rec.lines, (std::vector<std::string>{"serving->draining inflight=2 cut=0", "rejected",
                                                      "draining->drained inflight=0 cut=0", "rejected"}));
    }

    void drainWithNothingInFlightIsDrainedAtOnce() {
        InFlightTracker t;
        t.startDrain(millis(5));
        QCOMPARE(t.state(), DrainState::Drained);
    }

    void deadlinePassedReportsHowManyWereCut() {
        InFlightConfig c;
        c.drainTimeout = millis(100);
        InFlightTracker t(c);
        Recorder rec;
        t.listeners().subscribe(&rec);
        for (int i = 0; i < 3; ++i)
            t.begin(millis(0));
        t.startDrain(millis(0)); // deadline t=100
        t.end(millis(99));       // one finishes in time
        QCOMPARE(t.view(millis(99)).state, DrainState::Draining);
        // At t=100 the view already shows the deadline, before anyone calls in.
        QCOMPARE(t.view(millis(100)).state, DrainState::DeadlineExceeded);
        QCOMPARE(t.view(millis(100)).cut, std::int64_t{2});
        QCOMPARE(t.state(), DrainState::Draining);
        t.update(millis(100)); // noticed: event
        QCOMPARE(t.state(), DrainState::DeadlineExceeded);
        t.end(millis(150)); // a straggler that was not killed
        const auto v = t.view(millis(150));
        QCOMPARE(v.cut, std::int64_t{2});
        QCOMPARE(v.finishedAfterDeadline, std::int64_t{1});
        QCOMPARE(v.inFlight, std::int64_t{1});
        QCOMPARE(v.state, DrainState::DeadlineExceeded);
        QCOMPARE(rec.lines, (std::vector<std::string>{"serving->draining inflight=3 cut=0",
                                                      "draining->deadline_exceeded inflight=2 cut=2"}));
    }

    void endAtTheDeadlineIsTooLate() {
        InFlightTracker t;
        t.begin(millis(0));
        t.startDrain(millis(0), millis(50));
        t.end(millis(50)); // the deadline is inclusive: noticed first, then the end
        QCOMPARE(t.state(), DrainState::DeadlineExceeded);
        QCOMPARE(t.view(millis(50)).cut, std::int64_t{1});
        QCOMPARE(t.view(millis(50)).finishedAfterDeadline, std::int64_t{1});
    }

    void secondDrainOnlyMovesTheDeadlineEarlier() {
        InFlightTracker t;
        t.begin(millis(0));
        t.startDrain(millis(0), millis(100));
        t.startDrain(millis(1), millis(500)); // later: ignored
        QCOMPARE(t.view(millis(1)).deadline, millis(100));
        t.startDrain(millis(2), millis(50)); // earlier: taken
        QCOMPARE(t.view(millis(2)).deadline, millis(50));
        t.startDrain(millis(60), millis(1000)); // past the (new) deadline: noticed
        QCOMPARE(t.state(), DrainState::DeadlineExceeded);
    }

    void resumeCancelsADrain() {
        InFlightTracker t;
        t.begin(millis(0));
        t.startDrain(millis(1), millis(100));
        t.resume(millis(2));
        QCOMPARE(t.state(), DrainState::Serving);
        QVERIFY(t.begin(millis(3)));
        QCOMPARE(t.inFlight(), std::int64_t{2});
        t.update(millis(200)); // the old deadline no longer matters
        QCOMPARE(t.state(), DrainState::Serving);
    }

    void unmatchedEndIsIgnoredAndCounted() {
        InFlightTracker t;
        t.end(millis(0));
        QCOMPARE(t.inFlight(), std::int64_t{0});
        QCOMPARE(t.view(millis(0)).unmatchedEnds, std::int64_t{1});
    }

    void configErrorNamesTheField() {
        InFlightConfig c;
        c.drainTimeout = Duration{0};
        try {
            InFlightTracker t(c);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(std::string(e.what()), std::string("drain_timeout_ms: must be > 0, got 0"));
        }
        InFlightTracker ok;
        QVERIFY_THROWS_EXCEPTION(ConfigError, ok.reconfigure(c, millis(0)));
        QCOMPARE(ok.config().drainTimeout, seconds(30));
    }

    void reconfigureAppliesToTheNextDrain() {
        InFlightTracker t;
        t.begin(millis(0));
        InFlightConfig c;
        c.drainTimeout = millis(10);
        t.reconfigure(c, millis(0));
        t.startDrain(millis(5));
        QCOMPARE(t.view(millis(5)).deadline, millis(15));
    }

    // Property: random begin/end/drain/resume/update traces against a naive model.
    void matchesNaiveModelOnRandomTraces() {
        Random rng(99);
        for (int trace = 0; trace < 500; ++trace) {
            InFlightTracker t;
            std::int64_t inFlight = 0, cut = 0, rejected = 0;
            DrainState state = DrainState::Serving;
            TimePoint deadline{0};
            TimePoint now{0};
            auto notice = [&] {
                if (state == DrainState::Draining && now >= deadline && inFlight > 0) {
                    state = DrainState::DeadlineExceeded;
                    cut = inFlight;
                }
            };
            for (int step = 0; step < 100; ++step) {
                now += millis(static_cast<std::int64_t>(rng.below(5)));
                const auto op = rng.below(20);
                if (op < 8) {
                    notice();
                    const bool ok = state == DrainState::Serving;
                    if (ok)
                        ++inFlight;
                    else
                        ++rejected;
                    QCOMPARE(t.begin(now), ok);
                } else if (op < 15) {
                    notice();
                    t.end(now);
                    if (inFlight > 0) {
                        --inFlight;
                        if (state == DrainState::Draining && inFlight == 0) state = DrainState::Drained;
                    }
                } else if (op < 17) {
                    const TimePoint d = now + millis(static_cast<std::int64_t>(rng.below(30)));
                    t.startDrain(now, d);
                    if (state == DrainState::Draining) {
                        deadline = std::min(deadline, d);
                    } else if (state == DrainState::Serving) {
                        deadline = d;
                        cut = 0;
                        state = inFlight == 0 ? DrainState::Drained : DrainState::Draining;
                    }
                    notice();
                } else if (op < 18) {
                    t.resume(now);
                    state = DrainState::Serving;
                } else {
                    t.update(now);
                    notice();
                }
                QCOMPARE(t.state(), state);
                QCOMPARE(t.inFlight(), inFlight);
                const auto v = t.view(now);
                QCOMPARE(v.cut, cut);
                QCOMPARE(v.rejected, rejected);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestInFlightTracker)
#include "tst_inflight_tracker.moc"
