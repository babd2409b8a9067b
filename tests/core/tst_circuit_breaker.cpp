// rl::CircuitBreaker: every state transition and edge case, narrated step by step (no timing: time is a
// parameter). The windows alone are in tst_circuit_breaker_window.cpp; the random-trace comparison with a
// naive reference model is in tst_circuit_breaker_property.cpp.
#include "core/primitives/circuit_breaker.h"

#include <QtTest>

#include <functional>
#include <vector>

using namespace rl;
using Kind = BreakerEvent::Kind;

namespace {

struct EventLog : EventListener<BreakerEvent> {
    std::vector<BreakerEvent> events;
    void onEvent(const BreakerEvent& e) override { events.push_back(e); }
    std::vector<BreakerEvent> ofKind(Kind k) const {
        std::vector<BreakerEvent> out;
        for (const auto& e : events)
            if (e.kind == k) out.push_back(e);
        return out;
    }
};

TimePoint ms(std::int64_t v) {
    return millis(v);
}

CircuitBreakerConfig countConfig(std::int32_t windowSize, std::int32_t minimumCalls, double threshold) {
    CircuitBreakerConfig c;
    c.window = BreakerWindow::Count;
    c.windowSize = windowSize;
    c.minimumCalls = minimumCalls;
    c.failureRateThreshold = threshold;
    c.openDuration = seconds(10);
    c.halfOpenCalls = 2;
    return c;
}

// One complete call at `t`: acquire, then report success or failure taking `duration`.
bool call(CircuitBreaker& cb, TimePoint t, bool fail, Duration duration = millis(1)) {
    const auto permit = cb.tryAcquire(t);
    if (!permit) return false;
    if (fail)
        cb.onFailure(t, duration, permit);
    else
        cb.onSuccess(t, duration, permit);
    return true;
}

// Trips a count breaker (window 2, minimum 2, threshold 0.5) at `t` with two failures.
CircuitBreakerConfig quickTripConfig() {
    CircuitBreakerConfig c = countConfig(2, 2, 0.5);
    c.openDuration = seconds(10);
    c.halfOpenCalls = 2;
    return c;
}
void tripAt(CircuitBreaker& cb, TimePoint t) {
    call(cb, t, true);
    call(cb, t, true);
    QCOMPARE(cb.state(), BreakerState::Open);
}

} // namespace

class TestCircuitBreaker : public QObject {
    Q_OBJECT

private slots:
    // ---- config validation ----
    void configValidationNamesTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("window_size 0") << 0 << "window_size: must be in [1, 100000], got 0";
        QTest::newRow("failure_threshold 0") << 1 << "failure_threshold: must be >= 1, got 0";
        QTest::newRow("failure_rate_threshold 1.5")
            << 2 << "failure_rate_threshold: must be in (0, 1], got 1.5";
        QTest::newRow("failure_rate_threshold 0") << 3 << "failure_rate_threshold: must be in (0, 1], got 0";
        QTest::newRow("slow_call_rate_threshold 0")
            << 4 << "slow_call_rate_threshold: must be in (0, 1], got 0";
        QTest::newRow("minimum_calls 0") << 5 << "minimum_calls: must be >= 1, got 0";
        QTest::newRow("slow_call_ms -5") << 6 << "slow_call_ms: must be > 0, got -5";
        QTest::newRow("open_duration_ms 0") << 7 << "open_duration_ms: must be > 0, got 0";
        QTest::newRow("open_duration_multiplier 0.5")
            << 8 << "open_duration_multiplier: must be in [1, 1000], got 0.5";
        QTest::newRow("max_open_duration_ms below open")
            << 9 << "max_open_duration_ms: must be >= open_duration_ms";
        QTest::newRow("half_open_calls 0") << 10 << "half_open_calls: must be in [1, 100000], got 0";
        QTest::newRow("max_half_open_ms 0") << 11 << "max_half_open_ms: must be > 0, got 0";
    }
    void configValidationNamesTheField() {
        QFETCH(int, which);
        QFETCH(QString, expected);
        CircuitBreakerConfig c;
        switch (which) {
        case 0:
            c.windowSize = 0;
            break;
        case 1:
            c.failureThreshold = 0;
            break;
        case 2:
            c.failureRateThreshold = 1.5;
            break;
        case 3:
            c.failureRateThreshold = 0.0;
            break;
        case 4:
            c.slowCallRateThreshold = 0.0;
            break;
        case 5:
            c.minimumCalls = 0;
            break;
        case 6:
            c.slowCall = millis(-5);
            break;
        case 7:
            c.openDuration = Duration::zero();
            break;
        case 8:
            c.openDurationMultiplier = 0.5;
            break;
        case 9:
            c.maxOpenDuration = seconds(1);
            break; // open_duration defaults to 60 s
        case 10:
            c.halfOpenCalls = 0;
            break;
        case 11:
            c.maxHalfOpen = Duration::zero();
            break;
        }
        try {
            CircuitBreaker cb(c);
            QFAIL("constructing with a bad config must throw");
        } catch (const ConfigError& e) {
            QVERIFY2(QString::fromStdString(e.what()).startsWith(expected), e.what());
        }
    }
    void defaultConfigIsResilience4js() {
        const CircuitBreakerConfig c;
        QCOMPARE(c.window, BreakerWindow::Count);
        QCOMPARE(c.windowSize, 100);
        QCOMPARE(c.minimumCalls, 100);
        QCOMPARE(c.failureRateThreshold, 0.5);
        QCOMPARE(c.openDuration, seconds(60));
        QCOMPARE(c.halfOpenCalls, 10);
        CircuitBreaker cb(c); // valid
        QCOMPARE(cb.state(), BreakerState::Closed);
    }
    void stateNamesRoundTrip() {
        const BreakerState all[] = {BreakerState::Closed,   BreakerState::Open,
                                    BreakerState::HalfOpen, BreakerState::ForcedOpen,
                                    BreakerState::Disabled, BreakerState::MetricsOnly};
        const char* names[] = {"closed", "open", "half_open", "forced_open", "disabled", "metrics_only"};
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(breakerStateName(all[i]), std::string_view(names[i]));
            QCOMPARE(breakerStateFromName(names[i]), std::optional<BreakerState>(all[i]));
        }
        QCOMPARE(breakerStateFromName("ajar"), std::optional<BreakerState>());
    }

    // ---- CLOSED: count window ----
    void noVerdictBelowMinimumCalls() {
        CircuitBreaker cb(countConfig(10, 5, 0.5));
        for (int i = 1; i <= 4; ++i) { // calls 1..4 fail: 100% failures, but only 4 < 5 calls
            QVERIFY(call(cb, ms(i), true));
            QCOMPARE(cb.state(), BreakerState::Closed);
            QCOMPARE(cb.view(ms(i)).failureRate, -1.0);
            QCOMPARE(cb.view(ms(i)).bufferedCalls, i);
        }
        QVERIFY(call(cb, ms(5), true)); // call 5 fails: 5 calls, rate 1.0 -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void thresholdIsInclusive_data() {
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("failures"); // of 4 calls, failures last
        QTest::addColumn<bool>("opens");
        QTest::newRow("0.5, 2 of 4 (equal) opens") << 0.5 << 2 << true;
        QTest::newRow("0.5, 1 of 4 stays closed") << 0.5 << 1 << false;
        QTest::newRow("0.25, 1 of 4 (equal) opens") << 0.25 << 1 << true;
        QTest::newRow("0.75, 3 of 4 (equal) opens") << 0.75 << 3 << true;
        QTest::newRow("0.76, 3 of 4 stays closed") << 0.76 << 3 << false;
        QTest::newRow("1.0, 4 of 4 opens") << 1.0 << 4 << true;
        QTest::newRow("1.0, 3 of 4 stays closed") << 1.0 << 3 << false;
    }
    void thresholdIsInclusive() {
        QFETCH(double, threshold);
        QFETCH(int, failures);
        QFETCH(bool, opens);
        CircuitBreaker cb(countConfig(4, 4, threshold));
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(cb.state(), BreakerState::Closed); // no verdict before call 4
            call(cb, ms(i), i >= 4 - failures);
        }
        QCOMPARE(cb.state(), opens ? BreakerState::Open : BreakerState::Closed);
    }
    void minimumCallsIsCappedAtWindowSize() {
        // minimum_calls 100 with a window of 5 (Resilience4j: min(minimum, size)): 5 failures open it.
        CircuitBreaker cb(countConfig(5, 100, 0.5));
        QCOMPARE(cb.view(ms(0)).minimumCalls, 5);
        for (int i = 0; i < 4; ++i)
            call(cb, ms(i), true);
        QCOMPARE(cb.state(), BreakerState::Closed);
        call(cb, ms(4), true);
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void countWindowSlides() {
        // window 4, threshold 0.75: the oldest outcome leaves when a fifth comes in.
        CircuitBreaker cb(countConfig(4, 4, 0.75));
        const bool outcomes[] = {true, true, false, false, false, true, true};
        const double rates[] = {-1, -1, -1, 0.5, 0.25, 0.25, 0.5};
        for (int i = 0; i < 7; ++i) {
            call(cb, ms(i), outcomes[i]);
            QCOMPARE(cb.view(ms(i)).failureRate, rates[i]);
            QCOMPARE(cb.state(), BreakerState::Closed);
        }
        call(cb, ms(7), true); // window S,F,F,F: 0.75 -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void slowCallRateOpens() {
        // slow_call 100 ms, slow rate threshold 0.5: durations 101 (slow: strictly longer), 10, 150, then
        // 100 (exactly the threshold: not slow, as Resilience4j) -> 2/4 = 0.5.
        CircuitBreakerConfig c = countConfig(4, 4, 1.0);
        c.slowCall = millis(100);
        c.slowCallRateThreshold = 0.5;
        CircuitBreaker cb(c);
        call(cb, ms(0), false, millis(101));
        call(cb, ms(1), false, millis(10));
        call(cb, ms(2), false, millis(150));
        QCOMPARE(cb.view(ms(2)).slowCalls, 2);
        QCOMPARE(cb.state(), BreakerState::Closed);
        call(cb, ms(3), false, millis(100)); // not slow (100 is not > 100): rate 2/4 = 0.5 -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void slowFailuresCountAsSlowToo() {
        CircuitBreakerConfig c = countConfig(2, 2, 1.0);
        c.slowCall = millis(100);
        c.slowCallRateThreshold = 1.0;
        CircuitBreaker cb(c);
        call(cb, ms(0), true, millis(200));  // slow failure
        call(cb, ms(1), false, millis(300)); // slow success: failure rate 0.5 < 1, slow rate 1.0 -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void slowCallNoLimitMeansNeverSlow() {
        CircuitBreakerConfig c = countConfig(2, 2, 1.0);
        c.slowCall = kNoLimit; // never slow
        c.slowCallRateThreshold = 0.5;
        CircuitBreaker cb(c);
        call(cb, ms(0), false, seconds(3600));
        call(cb, ms(1), false, seconds(3600));
        QCOMPARE(cb.state(), BreakerState::Closed);
        QCOMPARE(cb.view(ms(1)).slowCallRate, 0.0);
    }
    void defaultSlowCallIsSixtySeconds() {
        // Resilience4j's DEFAULT_SLOW_CALL_DURATION_THRESHOLD (60 s) with rate threshold 100%.
        CircuitBreaker cb(countConfig(2, 2, 1.0));
        call(cb, ms(0), false, seconds(60)); // exactly 60 s: not slow
        call(cb, ms(1), false, seconds(60) + millis(1));
        QCOMPARE(cb.view(ms(1)).slowCallRate, 0.5);
        QCOMPARE(cb.state(), BreakerState::Closed);
        call(cb, ms(2), false, seconds(61)); // the last two both slow: 100% -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }

    // ---- CLOSED: consecutive ----
    void consecutiveFailuresOpenAndSuccessResets() {
        CircuitBreakerConfig c;
        c.window = BreakerWindow::Consecutive;
        c.failureThreshold = 3;
        CircuitBreaker cb(c);
        call(cb, ms(0), true);
        call(cb, ms(1), true);
        QCOMPARE(cb.view(ms(1)).consecutiveFailures, 2);
        call(cb, ms(2), false); // a success resets the count
        QCOMPARE(cb.view(ms(2)).consecutiveFailures, 0);
        call(cb, ms(3), true);
        call(cb, ms(4), true);
        QCOMPARE(cb.state(), BreakerState::Closed);
        call(cb, ms(5), true); // third in a row -> open
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(ms(5)).failureRate, -1.0); // no rates in consecutive mode
    }

    // ---- CLOSED: time window ----
    void timeWindowDropsExpiredBuckets() {
        // window 10 s, minimum 2, threshold 0.5. Buckets are whole seconds of the caller's time.
        CircuitBreakerConfig c;
        c.window = BreakerWindow::Time;
        c.windowSize = 10;
        c.minimumCalls = 2;
        c.failureRateThreshold = 0.5;
        CircuitBreaker cb(c);
        call(cb, ms(900), true); // second 0: a failure
        QCOMPARE(cb.view(ms(9999)).bufferedCalls, 1);
        // At 10.000 s the window is seconds 1..10: second 0 has left, with no call in between.
        QCOMPARE(cb.view(ms(10000)).bufferedCalls, 0);
        call(cb, ms(10000), true); // one failure in the window: below minimum -> closed
        QCOMPARE(cb.state(), BreakerState::Closed);
        QCOMPARE(cb.view(ms(10000)).bufferedCalls, 1);
        call(cb, ms(10500), true); // two failures in second 10 -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void timeWindowForgetsAcrossLongIdleGaps() {
        CircuitBreakerConfig c;
        c.window = BreakerWindow::Time;
        c.windowSize = 5;
        c.minimumCalls = 3;
        c.failureRateThreshold = 0.5;
        CircuitBreaker cb(c);
        call(cb, seconds(1), true);
        call(cb, seconds(2), true); // two failures (below minimum 3)
        // 100 s of silence (20 windows), then successes: the old failures no longer count.
        call(cb, seconds(102), false);
        call(cb, seconds(102), false);
        call(cb, seconds(103), true);
        QCOMPARE(cb.view(seconds(103)).bufferedCalls, 3);
        QCOMPARE(cb.view(seconds(103)).failedCalls, 1);
        QCOMPARE(cb.state(), BreakerState::Closed); // 1/3 < 0.5
    }
    void timeWindowCountsOnlyRecentSeconds() {
        CircuitBreakerConfig c;
        c.window = BreakerWindow::Time;
        c.windowSize = 3;
        c.minimumCalls = 4;
        c.failureRateThreshold = 0.5;
        CircuitBreaker cb(c);
        call(cb, ms(0), true);     // second 0
        call(cb, ms(1100), true);  // second 1
        call(cb, ms(2100), false); // second 2
        call(cb, ms(3100), false); // second 3: window is seconds 1..3 -> F,S,S = 3 calls (< 4)
        QCOMPARE(cb.view(ms(3100)).bufferedCalls, 3);
        call(cb, ms(3200), true); // F,S,S,F: 4 calls, rate 0.5 -> open
        QCOMPARE(cb.state(), BreakerState::Open);
    }

    // ---- OPEN ----
    void openRejectsUntilOpenDurationThenLazilyHalfOpens() {
        CircuitBreaker cb(quickTripConfig());
        EventLog log;
        cb.listeners().subscribe(&log);
        tripAt(cb, seconds(1));
        QCOMPARE(cb.view(seconds(1)).openUntil, seconds(11));
        QVERIFY(!cb.tryAcquire(seconds(11) - Duration(1))); // 1 ns before the end: rejected
        QCOMPARE(cb.view(seconds(11)).rejected, 1);
        // Time passing alone changes nothing: no timer.
        QCOMPARE(cb.view(seconds(50)).state, BreakerState::Open);
        // The next acquire strictly after the end moves to HALF_OPEN and is the first trial.
        const auto p = cb.tryAcquire(seconds(50));
        QVERIFY(p);
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        const auto transitions = log.ofKind(Kind::Transition);
        QCOMPARE(transitions.size(), std::size_t(2));
        QCOMPARE(transitions[1].from, BreakerState::Open);
        QCOMPARE(transitions[1].to, BreakerState::HalfOpen);
        QCOMPARE(transitions[1].at, seconds(50));
    }
    void openAtExactEndRejectsThenProbes() {
        CircuitBreaker cb(quickTripConfig());
        tripAt(cb, seconds(0));
        QVERIFY(
            !cb.tryAcquire(seconds(10))); // exactly open_duration later: still OPEN (Resilience4j: isAfter)
        QCOMPARE(cb.state(), BreakerState::Open);
        QVERIFY(cb.tryAcquire(seconds(10) + Duration(1))); // 1 ns later: the probe
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
    }
    void openDurationGrowsPerConsecutiveTripAndIsCapped() {
        CircuitBreakerConfig c = quickTripConfig();
        c.openDuration = seconds(10);
        c.openDurationMultiplier = 2.0;
        c.maxOpenDuration = seconds(30);
        c.halfOpenCalls = 1;
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0)); // trip 1 from CLOSED: 10 s
        QCOMPARE(cb.view(seconds(0)).currentOpenDuration, seconds(10));
        TimePoint t = seconds(10) + Duration(1);      // probes 1 ns after each open period
        const std::int64_t expected[] = {20, 30, 30}; // 10*2, min(40, 30), capped
        for (std::int64_t e : expected) {
            const auto probe = cb.tryAcquire(t); // HALF_OPEN: the view announces the next open period
            QCOMPARE(cb.view(t).currentOpenDuration, seconds(e));
            cb.onFailure(t, millis(1), probe); // the probe fails -> OPEN again, longer
            QCOMPARE(cb.state(), BreakerState::Open);
            QCOMPARE(cb.view(t).currentOpenDuration, seconds(e));
            QCOMPARE(cb.view(t).openUntil, t + seconds(e));
            t += seconds(e) + Duration(1);
        }
        QCOMPARE(cb.view(t).consecutiveTrips, 4);
        call(cb, t, false); // the probe succeeds -> CLOSED: the growth resets
        QCOMPARE(cb.state(), BreakerState::Closed);
        tripAt(cb, t);
        QCOMPARE(cb.view(t).currentOpenDuration, seconds(10));
        QCOMPARE(cb.view(t).trips, 5);
    }

    // ---- HALF_OPEN ----
    void halfOpenBudgetRejectsExtraCalls() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 3;
        CircuitBreaker cb(c);
        EventLog log;
        cb.listeners().subscribe(&log);
        tripAt(cb, seconds(0));
        for (int i = 0; i < 3; ++i)
            QVERIFY(cb.tryAcquire(seconds(11))); // three trial calls admitted
        QCOMPARE(cb.view(seconds(11)).halfOpenPermitsLeft, 0);
        QCOMPARE(cb.view(seconds(11)).halfOpenInFlight, 3);
        QVERIFY(!cb.tryAcquire(seconds(11))); // the fourth is rejected
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        const auto rejected = log.ofKind(Kind::Rejected);
        QCOMPARE(rejected.size(), std::size_t(1));
        QCOMPARE(rejected[0].from, BreakerState::HalfOpen);
    }
    void anyHalfOpenFailureReopensAtOnce() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 3;
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0));
        const auto a = cb.tryAcquire(seconds(11));
        const auto b = cb.tryAcquire(seconds(11));
        const auto d = cb.tryAcquire(seconds(11));
        cb.onSuccess(seconds(11), millis(1), a);
        cb.onFailure(seconds(11), millis(1), b); // one failure: OPEN without waiting for d
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(seconds(11)).openUntil, seconds(21));
        cb.onSuccess(seconds(12), millis(1), d); // the straggler belongs to the old generation
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(seconds(12)).staleOutcomes, 1);
    }
    void allTrialsSucceedClosesWithFreshWindow() {
        CircuitBreakerConfig c = countConfig(4, 4, 0.5);
        c.halfOpenCalls = 2;
        CircuitBreaker cb(c);
        for (int i = 0; i < 4; ++i)
            call(cb, ms(i), true); // 4 failures -> open
        QCOMPARE(cb.state(), BreakerState::Open);
        const auto a = cb.tryAcquire(seconds(20));
        const auto b = cb.tryAcquire(seconds(20));
        cb.onSuccess(seconds(20), millis(5), a);
        QCOMPARE(cb.state(), BreakerState::HalfOpen); // one of two reported
        cb.onSuccess(seconds(20), millis(5), b);
        QCOMPARE(cb.state(), BreakerState::Closed);
        const auto v = cb.view(seconds(20));
        QCOMPARE(v.bufferedCalls, 0); // the failures from before are gone
        QCOMPARE(v.failureRate, -1.0);
        // Three failures now are below minimum_calls again: still closed.
        for (int i = 0; i < 3; ++i)
            call(cb, seconds(21), true);
        QCOMPARE(cb.state(), BreakerState::Closed);
    }
    void slowTrialsReopen() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 2;
        c.slowCall = millis(100);
        c.slowCallRateThreshold = 0.5;
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0));
        const auto a = cb.tryAcquire(seconds(11));
        const auto b = cb.tryAcquire(seconds(11));
        cb.onSuccess(seconds(11), millis(150), a); // slow
        cb.onSuccess(seconds(11), millis(10), b);  // all succeeded, but 1/2 slow >= 0.5 -> OPEN
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(seconds(11)).consecutiveTrips, 2);
    }
    void ignoredTrialGivesItsPermitBack() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 1;
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0));
        const auto a = cb.tryAcquire(seconds(11));
        QVERIFY(!cb.tryAcquire(seconds(11))); // budget of 1 used
        cb.onIgnored(seconds(11), a);         // e.g. a 4xx: does not count
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        const auto b = cb.tryAcquire(seconds(11)); // the permit came back
        QVERIFY(b);
        cb.onSuccess(seconds(11), millis(1), b);
        QCOMPARE(cb.state(), BreakerState::Closed);
    }
    void ignoredOutcomeInClosedIsNotRecorded() {
        CircuitBreaker cb(countConfig(2, 2, 0.5));
        const auto p = cb.tryAcquire(ms(0));
        cb.onIgnored(ms(0), p);
        QCOMPARE(cb.view(ms(0)).bufferedCalls, 0);
    }
    void hungProbeReturnsToOpen() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 1;
        c.maxHalfOpen = seconds(5);
        c.openDurationMultiplier = 2.0;
        CircuitBreaker cb(c);
        EventLog log;
        cb.listeners().subscribe(&log);
        tripAt(cb, seconds(0));
        const auto probe = cb.tryAcquire(seconds(11)); // HALF_OPEN at 11 s; the probe hangs
        QVERIFY(probe);
        QCOMPARE(cb.view(seconds(11)).halfOpenDeadline, seconds(16));
        QVERIFY(!cb.tryAcquire(seconds(16) - Duration(1))); // still HALF_OPEN, budget used
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        QVERIFY(!cb.tryAcquire(seconds(17))); // past 16 s: OPEN again, counted from 16 s, for 20 s
        QCOMPARE(cb.state(), BreakerState::Open);
        const auto transitions = log.ofKind(Kind::Transition);
        QCOMPARE(transitions.back().from, BreakerState::HalfOpen);
        QCOMPARE(transitions.back().to, BreakerState::Open);
        QCOMPARE(transitions.back().at, seconds(16));
        QCOMPARE(cb.view(seconds(17)).openUntil, seconds(36));
        cb.onSuccess(seconds(18), seconds(7), probe); // the hung probe finally answers: stale
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(seconds(18)).staleOutcomes, 1);
    }
    void hungProbeSeenByItsOwnOutcome() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 1;
        c.maxHalfOpen = seconds(5);
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0));
        const auto probe = cb.tryAcquire(seconds(11));
        cb.onSuccess(seconds(16), seconds(5), probe); // answers at the deadline: too late -> OPEN
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(seconds(16)).openUntil, seconds(26));
    }
    void hungProbeNoticedLateProbesAtOnce() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 1;
        c.maxHalfOpen = seconds(5);
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0));
        QVERIFY(cb.tryAcquire(seconds(11)));       // hangs; HALF_OPEN ran out at 16 s, OPEN until 26 s
        const auto p = cb.tryAcquire(seconds(40)); // both periods are over: this call probes
        QVERIFY(p);
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        QCOMPARE(cb.view(seconds(40)).trips, 2);
    }

    // ---- generations ----
    void staleOutcomeFromClosedIsNotAHalfOpenTrial() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 1;
        CircuitBreaker cb(c);
        const auto slowCall = cb.tryAcquire(seconds(0)); // admitted while CLOSED, takes long
        tripAt(cb, seconds(1));                          // other calls fail: OPEN
        const auto probe = cb.tryAcquire(seconds(12));   // HALF_OPEN, the probe is out
        QVERIFY(probe.generation != slowCall.generation);
        cb.onSuccess(seconds(13), seconds(13), slowCall); // Resilience4j would close here; we ignore it
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        QCOMPARE(cb.view(seconds(13)).halfOpenInFlight, 1);
        QCOMPARE(cb.view(seconds(13)).staleOutcomes, 1);
        cb.onSuccess(seconds(13), millis(5), probe); // the real probe closes it
        QCOMPARE(cb.state(), BreakerState::Closed);
    }
    void rejectedPermitOutcomeIsIgnored() {
        CircuitBreaker cb(quickTripConfig());
        tripAt(cb, seconds(0));
        const auto refused = cb.tryAcquire(seconds(1));
        QVERIFY(!refused);
        cb.onSuccess(seconds(1), millis(1), refused);
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(seconds(1)).staleOutcomes, 1);
    }

    // ---- manual states ----
    void forcedOpenRejectsEverythingForever() {
        CircuitBreaker cb(quickTripConfig());
        cb.transitionToForcedOpen(seconds(0));
        QCOMPARE(cb.state(), BreakerState::ForcedOpen);
        QVERIFY(!cb.tryAcquire(seconds(0)));
        QVERIFY(!cb.tryAcquire(seconds(100000)));
        QCOMPARE(cb.view(seconds(100000)).rejected, 2);
        cb.transitionToClosed(seconds(100001));
        QVERIFY(cb.tryAcquire(seconds(100001)));
    }
    void disabledAdmitsAllAndRecordsNothing() {
        CircuitBreaker cb(quickTripConfig());
        cb.transitionToDisabled(seconds(0));
        for (int i = 0; i < 10; ++i)
            QVERIFY(call(cb, seconds(i), true));
        QCOMPARE(cb.state(), BreakerState::Disabled);
        QCOMPARE(cb.view(seconds(10)).bufferedCalls, 0);
    }
    void metricsOnlyRecordsAndWarnsButNeverOpens() {
        CircuitBreaker cb(countConfig(2, 2, 0.5));
        EventLog log;
        cb.listeners().subscribe(&log);
        cb.transitionToMetricsOnly(seconds(0));
        for (int i = 0; i < 6; ++i)
            QVERIFY(call(cb, seconds(i), true)); // always admitted
        QCOMPARE(cb.state(), BreakerState::MetricsOnly);
        QCOMPARE(cb.view(seconds(6)).failureRate, 1.0);
        QCOMPARE(log.ofKind(Kind::ThresholdExceeded).size(), std::size_t(1)); // once per crossing
        call(cb, seconds(7), false);
        call(cb, seconds(8), false); // back below
        call(cb, seconds(9), true);  // S,F = 0.5 again: a second crossing
        QCOMPARE(log.ofKind(Kind::ThresholdExceeded).size(), std::size_t(2));
        QCOMPARE(log.ofKind(Kind::ThresholdExceeded)[1].failureRate, 0.5);
    }
    void manualTransitionsEmitEventsAndNewGenerations() {
        CircuitBreaker cb(quickTripConfig());
        EventLog log;
        cb.listeners().subscribe(&log);
        const auto before = cb.tryAcquire(seconds(0));
        cb.transitionToOpen(seconds(1));
        cb.transitionToOpen(seconds(1)); // already there: no-op
        cb.transitionToHalfOpen(seconds(2));
        cb.transitionToForcedOpen(seconds(3));
        cb.transitionToDisabled(seconds(4));
        cb.transitionToMetricsOnly(seconds(5));
        cb.transitionToClosed(seconds(6));
        const BreakerState to[] = {BreakerState::Open,        BreakerState::HalfOpen,
                                   BreakerState::ForcedOpen,  BreakerState::Disabled,
                                   BreakerState::MetricsOnly, BreakerState::Closed};
        QCOMPARE(log.events.size(), std::size_t(6));
        BreakerState from = BreakerState::Closed;
        for (std::size_t i = 0; i < 6; ++i) {
            QCOMPARE(log.events[i].kind, Kind::Transition);
            QCOMPARE(log.events[i].from, from);
            QCOMPARE(log.events[i].to, to[i]);
            QCOMPARE(log.events[i].at, seconds(static_cast<std::int64_t>(i) + 1));
            from = to[i];
        }
        QCOMPARE(cb.generation(), before.generation + 6);
        cb.onFailure(seconds(7), millis(1), before); // from generation 1: ignored
        QCOMPARE(cb.view(seconds(7)).bufferedCalls, 0);
    }
    void resetClearsEverything() {
        CircuitBreaker cb(quickTripConfig());
        EventLog log;
        cb.listeners().subscribe(&log);
        tripAt(cb, seconds(0));
        cb.tryAcquire(seconds(1)); // rejected
        cb.reset(seconds(2));
        QCOMPARE(cb.state(), BreakerState::Closed);
        const auto v = cb.view(seconds(2));
        QCOMPARE(v.trips, 0);
        QCOMPARE(v.rejected, 0);
        QCOMPARE(v.bufferedCalls, 0);
        QCOMPARE(log.events.back().kind, Kind::Reset);
        QCOMPARE(log.events.back().from, BreakerState::Open);
        QCOMPARE(log.events.back().to, BreakerState::Closed);
    }

    // ---- events ----
    void tripEventCarriesTheRates() {
        CircuitBreaker cb(countConfig(4, 4, 0.5));
        EventLog log;
        cb.listeners().subscribe(&log);
        call(cb, ms(0), false);
        call(cb, ms(1), true);
        call(cb, ms(2), false);
        call(cb, ms(3), true); // 2/4 -> open
        QCOMPARE(log.events.size(), std::size_t(1));
        const BreakerEvent& e = log.events[0];
        QCOMPARE(e.kind, Kind::Transition);
        QCOMPARE(e.from, BreakerState::Closed);
        QCOMPARE(e.to, BreakerState::Open);
        QCOMPARE(e.at, ms(3));
        QCOMPARE(e.failureRate, 0.5);
        QCOMPARE(e.slowCallRate, 0.0);
        QVERIFY(!cb.tryAcquire(ms(4)));
        QCOMPARE(log.events.back().kind, Kind::Rejected);
        QCOMPARE(log.events.back().at, ms(4));
    }

    // ---- reconfigure ----
    void reconfigureKeepsWindowOfSameShape() {
        CircuitBreaker cb(countConfig(4, 4, 0.9));
        call(cb, ms(0), true);
        call(cb, ms(1), true);
        call(cb, ms(2), false);
        CircuitBreakerConfig c = countConfig(4, 4, 0.9);
        c.minimumCalls = 3; // same window kind and size: the 3 outcomes stay
        cb.reconfigure(c, ms(3));
        QCOMPARE(cb.view(ms(3)).bufferedCalls, 3);
        QCOMPARE(cb.state(), BreakerState::Closed); // 2/3 < 0.9
        c.failureRateThreshold = 0.6;               // now 2/3 >= 0.6: judged at once
        cb.reconfigure(c, ms(4));
        QCOMPARE(cb.state(), BreakerState::Open);
    }
    void reconfigureNewWindowShapeStartsFresh() {
        CircuitBreaker cb(countConfig(4, 4, 0.9));
        call(cb, ms(0), true);
        CircuitBreakerConfig c = countConfig(8, 4, 0.9);
        cb.reconfigure(c, ms(1));
        QCOMPARE(cb.view(ms(1)).bufferedCalls, 0);
        c.window = BreakerWindow::Time;
        call(cb, ms(2), true);
        cb.reconfigure(c, ms(3));
        QCOMPARE(cb.view(ms(3)).bufferedCalls, 0);
    }
    void reconfigureOpenDurationMovesTheEnd() {
        CircuitBreakerConfig c = quickTripConfig();
        CircuitBreaker cb(c);
        tripAt(cb, seconds(100));
        c.openDuration = seconds(3);
        cb.reconfigure(c, seconds(101));
        QCOMPARE(cb.view(seconds(101)).openUntil, seconds(103)); // still counted from 100 s
        QVERIFY(!cb.tryAcquire(seconds(103)));
        QVERIFY(cb.tryAcquire(seconds(103) + Duration(1)));
    }
    void reconfigureFewerTrialsConcludesHalfOpen() {
        CircuitBreakerConfig c = quickTripConfig();
        c.halfOpenCalls = 3;
        CircuitBreaker cb(c);
        tripAt(cb, seconds(0));
        const auto a = cb.tryAcquire(seconds(11));
        cb.tryAcquire(seconds(11));
        cb.onSuccess(seconds(11), millis(1), a);
        c.halfOpenCalls = 1; // one success already in: enough
        cb.reconfigure(c, seconds(12));
        QCOMPARE(cb.state(), BreakerState::Closed);
    }
    void invalidReconfigureChangesNothing() {
        CircuitBreaker cb(countConfig(4, 4, 0.5));
        call(cb, ms(0), true);
        CircuitBreakerConfig bad = countConfig(4, 4, 0.5);
        bad.failureRateThreshold = 2.0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, cb.reconfigure(bad, ms(1)));
        QCOMPARE(cb.config().failureRateThreshold, 0.5);
        QCOMPARE(cb.view(ms(1)).bufferedCalls, 1);
    }
};

QTEST_APPLESS_MAIN(TestCircuitBreaker)
#include "tst_circuit_breaker.moc"
