// Fixed window, sliding log and sliding window counter limiters, each replayed against a naive model
// that keeps every admission in a std::deque; plus RateLimiter (kind switch, view, events, reconfigure)
#include "core/common/random.h"
#include "core/primitives/rate_limiter.h"
#include "core/primitives/window_limiters.h"

#include <QtTest>

#include <deque>

using namespace rl;

namespace {
std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && (a < 0) ? 1 : 0);
}

// Every admission ever made; each question is answered by scanning them all.
struct NaiveLog {
    RateLimiterKind kind;
    double limit;
    std::int64_t w;
    std::deque<std::pair<std::int64_t, double>> all;

    double inWindow(std::int64_t index) const {
        double sum = 0;
        for (const auto& [t, c] : all)
            if (floorDiv(t, w) == index) sum += c;
        return sum;
    }
    double trailing(std::int64_t now) const {
        double sum = 0;
        for (const auto& [t, c] : all)
            if (now - t < w) sum += c;
        return sum;
    }
    bool passes(std::int64_t now, double cost) const {
        switch (kind) {
        case RateLimiterKind::FixedWindow:
            return inWindow(floorDiv(now, w)) + cost <= limit;
        case RateLimiterKind::SlidingLog:
            return trailing(now) + cost <= limit;
        default: {
            const std::int64_t index = floorDiv(now, w);
            const double weight = static_cast<double>(w - (now - index * w)) / static_cast<double>(w);
            return inWindow(index - 1) * weight + inWindow(index) + cost <= limit;
        }
        }
    }
    // The first time >= now at which `cost` passes if nothing else is admitted: every candidate instant
    // is checked (the boundaries where something expires or a window starts, and for the counter a
    // binary search inside each window, where the estimate only falls).
    std::int64_t firstPass(std::int64_t now, double cost) const {
        if (kind == RateLimiterKind::SlidingLog) {
            std::int64_t best = std::numeric_limits<std::int64_t>::max();
            for (const auto& a : all)
                if (a.first + w > now && passes(a.first + w, cost)) best = std::min(best, a.first + w);
            return best;
        }
        if (kind == RateLimiterKind::FixedWindow) return (floorDiv(now, w) + 1) * w;
        std::int64_t lo = now, hi = (floorDiv(now, w) + 2) * w; // passes at hi: both windows empty
        while (lo < hi) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            if (passes(mid, cost))
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
    RateDecision tryAcquire(std::int64_t now, double cost) {
        if (cost > limit) return {false, kNoLimit};
        if (passes(now, cost)) {
            if (cost > 0) all.emplace_back(now, cost);
            return {true, Duration{0}};
        }
        return {false, Duration(firstPass(now, cost) - now)};
    }
};

RateLimiterConfig windowConfig(RateLimiterKind kind, std::int32_t limit, Duration window) {
    RateLimiterConfig c;
    c.kind = kind;
    c.limit = limit;
    c.window = window;
    return c;
}
} // namespace

Q_DECLARE_METATYPE(rl::RateLimiterKind)

class TestWindowLimiters : public QObject {
    Q_OBJECT
private slots:
    void fixedWindowIsAlignedToTheEpoch() {
        FixedWindowLimiter limiter(2, seconds(1));
        QVERIFY(limiter.tryAcquire(millis(900)).permitted); // window [0, 1 s): 1
        QVERIFY(limiter.tryAcquire(millis(950)).permitted); // 2
        const RateDecision third = limiter.tryAcquire(millis(999));
        QVERIFY(!third.permitted);
        QCOMPARE(third.retryAfter, millis(1));               // the next window starts at 1 s
        QVERIFY(limiter.tryAcquire(millis(1000)).permitted); // window [1 s, 2 s): 1
        QVERIFY(limiter.tryAcquire(millis(1001)).permitted); // 2: four in 101 ms, the known weakness
        QCOMPARE(limiter.count(millis(1500)), 2.0);
        QCOMPARE(limiter.count(millis(2000)), 0.0);
    }

    void fixedWindowAlignsNegativeTimesToo() {
        FixedWindowLimiter limiter(1, seconds(1));
        QVERIFY(limiter.tryAcquire(millis(-1500)).permitted); // window [-2 s, -1 s)
        const RateDecision d = limiter.tryAcquire(millis(-1001));
        QVERIFY(!d.permitted);
        QCOMPARE(d.retryAfter, Duration(millis(1)));
        QVERIFY(limiter.tryAcquire(millis(-1000)).permitted);
    }

    void slidingLogExpiresEachAdmissionExactlyOneWindowLater() {
        SlidingLogLimiter limiter(3, seconds(1));
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(limiter.tryAcquire(millis(400)).permitted);
        QVERIFY(limiter.tryAcquire(millis(400)).permitted);
        const RateDecision full = limiter.tryAcquire(millis(1099));
        QVERIFY(!full.permitted);
        QCOMPARE(full.retryAfter, millis(1)); // the admission at 100 ms leaves the window at 1100 ms
        QVERIFY(limiter.tryAcquire(millis(1100)).permitted);
        // A cost of 2 must wait for both admissions of 400 ms to leave, at 1400 ms.
        const RateDecision two = limiter.tryAcquire(millis(1200), 2.0);
        QVERIFY(!two.permitted);
        QCOMPARE(two.retryAfter, millis(200));
        QCOMPARE(limiter.count(millis(1200)), 3.0);
    }

    void slidingCounterWeighsThePreviousWindow() {
        // Cloudflare's example: limit 10 per second; 10 admitted in [0, 1 s); at 1.5 s the estimate is
        // 10 * 0.5 + 0 = 5, so 5 more pass and the 6th waits.
        SlidingWindowCounterLimiter limiter(10, seconds(1));
        for (int i = 0; i < 10; ++i)
            QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QCOMPARE(limiter.estimate(millis(1500)), 5.0);
        for (int i = 0; i < 5; ++i)
            QVERIFY(limiter.tryAcquire(millis(1500)).permitted);
        const RateDecision sixth = limiter.tryAcquire(millis(1500));
        QVERIFY(!sixth.permitted);
        // estimate 10 * (1 - f) + 5 + 1 <= 10 needs f >= 0.6: at 1.6 s.
        QCOMPARE(sixth.retryAfter, millis(100));
        QVERIFY(limiter.tryAcquire(millis(1600)).permitted);
        QCOMPARE(limiter.count(millis(1600)), 6.0);
        QCOMPARE(limiter.estimate(millis(3000)), 0.0); // two windows on: nothing remembered
    }

    void timeGoingBackwardsHasNoEffect_data() { costAboveLimitIsNeverAdmitted_data(); }
    void timeGoingBackwardsHasNoEffect() {
        QFETCH(RateLimiterKind, kind);
        RateLimiter limiter(windowConfig(kind, 1, seconds(1)));
        QVERIFY(limiter.tryAcquire(millis(1500)).permitted); // window [1 s, 2 s) (or trailing) is full
        // at 200 ms (backwards): treated as 1500 ms, so no fresh window [0, 1 s); the wait is measured
        // from 200 ms: the same instant as seen from 1500 ms
        const RateDecision back = limiter.tryAcquire(millis(200));
        QVERIFY(!back.permitted);
        RateLimiter twin(windowConfig(kind, 1, seconds(1)));
        QVERIFY(twin.tryAcquire(millis(1500)).permitted);
        const RateDecision forward = twin.tryAcquire(millis(1500));
        QCOMPARE(back.retryAfter, forward.retryAfter + millis(1300));
    }

    void newWindowLengthRealignsAndStartsEmpty_data() {
        QTest::addColumn<RateLimiterKind>("kind");
        QTest::newRow("fixed") << RateLimiterKind::FixedWindow;
        QTest::newRow("counter") << RateLimiterKind::SlidingWindowCounter;
    }
    void newWindowLengthRealignsAndStartsEmpty() {
        QFETCH(RateLimiterKind, kind);
        RateLimiter limiter(windowConfig(kind, 2, seconds(1)));
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(!limiter.tryAcquire(millis(100)).permitted);
        limiter.reconfigure(windowConfig(kind, 2, millis(500)), millis(100)); // counts start afresh
        QCOMPARE(limiter.view(millis(100)).windowCount, std::int64_t{0});
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(!limiter.tryAcquire(millis(100)).permitted);
    }

    void slidingLogKeepsItsAdmissionsAcrossReconfigure() {
        RateLimiter limiter(windowConfig(RateLimiterKind::SlidingLog, 2, seconds(1)));
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(limiter.tryAcquire(millis(600)).permitted);
        // a 2 s window: both admissions still count at 1500 ms; the one at 100 ms leaves at 2100 ms
        limiter.reconfigure(windowConfig(RateLimiterKind::SlidingLog, 2, seconds(2)), millis(700));
        const RateDecision d = limiter.tryAcquire(millis(1500));
        QVERIFY(!d.permitted);
        QCOMPARE(d.retryAfter, millis(600));
        QCOMPARE(limiter.view(millis(1500)).windowCount, std::int64_t{2});
    }

    void costAboveLimitIsNeverAdmitted_data() {
        QTest::addColumn<RateLimiterKind>("kind");
        QTest::newRow("fixed") << RateLimiterKind::FixedWindow;
        QTest::newRow("log") << RateLimiterKind::SlidingLog;
        QTest::newRow("counter") << RateLimiterKind::SlidingWindowCounter;
    }
    void costAboveLimitIsNeverAdmitted() {
        QFETCH(RateLimiterKind, kind);
        RateLimiter limiter(windowConfig(kind, 5, seconds(1)));
        const RateDecision d = limiter.tryAcquire(TimePoint{0}, 6.0);
        QVERIFY(!d.permitted);
        QCOMPARE(d.retryAfter, kNoLimit);
        QVERIFY(limiter.tryAcquire(TimePoint{0}, 5.0).permitted); // exactly the limit passes
    }

    // Property: each window kind agrees with the naive deque model on every decision and retryAfter.
    void matchNaiveModelOnRandomTraces_data() { costAboveLimitIsNeverAdmitted_data(); }
    void matchNaiveModelOnRandomTraces() {
        QFETCH(RateLimiterKind, kind);
        Random rng(7 + static_cast<std::uint64_t>(kind));
        const std::int32_t limits[] = {1, 3, 10};
        const Duration windows[] = {seconds(1), millis(250), Duration(7)};
        int permitted = 0, rejected = 0;
        for (int trace = 0; trace < 1500; ++trace) {
            const std::int32_t limit = limits[rng.below(3)];
            const Duration window = windows[rng.below(3)];
            RateLimiter limiter(windowConfig(kind, limit, window));
            NaiveLog model{kind, static_cast<double>(limit), window.count(), {}};
            const double meanGap = static_cast<double>(window.count()) / limit * 0.7;
            std::int64_t now = static_cast<std::int64_t>(rng.below(3)) * window.count() / 2;
            for (int call = 0; call < 80; ++call) {
                const auto r = rng.below(10);
                now += r == 0   ? 0
                       : r == 1 ? 3 * window.count()
                                : static_cast<std::int64_t>(rng.exponential(meanGap));
                const double costs[] = {1, 1, 1, 2, 0, static_cast<double>(limit) + 1};
                const double cost = costs[rng.below(6)];
                const RateDecision got = limiter.tryAcquire(TimePoint(now), cost);
                const RateDecision want = model.tryAcquire(now, cost);
                if (got.permitted != want.permitted || got.retryAfter != want.retryAfter)
                    QFAIL(
                        qPrintable(QStringLiteral("trace %1 call %2 (limit %3, window %4 ns, cost %5, t %6): "
                                                  "got %7/%8 want %9/%10")
                                       .arg(trace)
                                       .arg(call)
                                       .arg(limit)
                                       .arg(window.count())
                                       .arg(cost)
                                       .arg(now)
                                       .arg(got.permitted)
                                       .arg(got.retryAfter.count())
                                       .arg(want.permitted)
                                       .arg(want.retryAfter.count())));
                got.permitted ? ++permitted : ++rejected;
            }
        }
        QVERIFY(permitted > 5000 && rejected > 5000);
    }

    void slidingLogGrowsBeyondItsPreallocatedRing() {
        SlidingLogLimiter limiter(10000, seconds(1)); // preallocates 4096 places
        for (int i = 0; i < 10000; ++i)
            QVERIFY(limiter.tryAcquire(Duration(i)).permitted);
        QVERIFY(!limiter.tryAcquire(Duration(10000)).permitted);
        QCOMPARE(limiter.entries(), std::size_t{10000});
        QVERIFY(limiter.tryAcquire(seconds(1)).permitted); // the first one left at exactly 1 s
    }

    void rateLimiterViewPerKind() {
        RateLimiterConfig bucket;
        bucket.ratePerSecond = 10;
        bucket.burst = 4;
        RateLimiter tb(bucket);
        QVERIFY(tb.tryAcquire(TimePoint{0}).permitted);
        auto v = tb.view(TimePoint{0});
        QCOMPARE(v.kind, RateLimiterKind::TokenBucket);
        QCOMPARE(v.tokens, 3.0);
        QCOMPARE(v.capacity, 4.0);
        QCOMPARE(v.windowCount, std::int64_t{0});
        QCOMPARE(v.permitted, std::int64_t{1});

        RateLimiter counter(windowConfig(RateLimiterKind::SlidingWindowCounter, 4, seconds(1)));
        for (int i = 0; i < 4; ++i)
            QVERIFY(counter.tryAcquire(millis(500)).permitted);
        QVERIFY(!counter.tryAcquire(millis(600)).permitted);
        v = counter.view(millis(1250)); // estimate 4 * 0.75 = 3: one left
        QCOMPARE(v.windowCount, std::int64_t{0});
        QCOMPARE(v.tokens, 1.0);
        QCOMPARE(v.capacity, 4.0);
        QCOMPARE(v.rejected, std::int64_t{1});
    }

    void rejectionsAreEmittedAsEvents() {
        struct Recorder : EventListener<RateLimitEvent> {
            std::vector<RateLimitEvent> seen;
            void onEvent(const RateLimitEvent& e) override { seen.push_back(e); }
        } recorder;
        RateLimiter limiter(windowConfig(RateLimiterKind::FixedWindow, 1, seconds(1)));
        limiter.listeners().subscribe(&recorder);
        QVERIFY(limiter.tryAcquire(millis(200)).permitted);
        QVERIFY(!limiter.tryAcquire(millis(300), 1.0).permitted);
        QCOMPARE(recorder.seen.size(), std::size_t{1});
        QCOMPARE(recorder.seen[0].at, millis(300));
        QCOMPARE(recorder.seen[0].retryAfter, millis(700));
    }

    void reconfigureKeepsCountsOrStartsAfresh() {
        RateLimiter limiter(windowConfig(RateLimiterKind::FixedWindow, 2, seconds(1)));
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        QVERIFY(limiter.tryAcquire(millis(100)).permitted);
        limiter.reconfigure(windowConfig(RateLimiterKind::FixedWindow, 3, seconds(1)), millis(100));
        QVERIFY(limiter.tryAcquire(millis(200)).permitted);  // same window length: count 2 kept, limit 3
        QVERIFY(!limiter.tryAcquire(millis(200)).permitted); // 3 of 3
        RateLimiterConfig bucket; // another kind: a fresh token bucket, full at the reconfigure time
        bucket.ratePerSecond = 1;
        bucket.burst = 2;
        limiter.reconfigure(bucket, millis(300));
        QVERIFY(limiter.tryAcquire(millis(300)).permitted);
        QVERIFY(limiter.tryAcquire(millis(300)).permitted);
        QVERIFY(!limiter.tryAcquire(millis(300)).permitted);
        QCOMPARE(limiter.view(millis(300)).permitted, std::int64_t{5}); // counters survive
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rate") << "rate_per_s"
                              << "rate_per_s: must be > 0, got 0";
        QTest::newRow("burst") << "burst"
                               << "burst: must be >= 1, got 0.5";
        QTest::newRow("limit") << "limit"
                               << "limit: must be in [1, 1000000], got 0";
        QTest::newRow("window") << "window_ms"
                                << "window_ms: must be > 0, got -5";
        QTest::newRow("max_keys") << "max_keys"
                                  << "max_keys: must be in [1, 10000000], got 0";
        QTest::newRow("idle") << "idle_eviction_s"
                              << "idle_eviction_s: must be > 0, got 0";
    }
    void configErrorsNameTheField() {
        QFETCH(QString, field);
        QFETCH(QString, expected);
        RateLimiterConfig c;
        if (field == "rate_per_s") c.ratePerSecond = 0;
        if (field == "burst") c.burst = 0.5;
        if (field == "limit") c.limit = 0;
        if (field == "window_ms") c.window = millis(-5); // reported in ms, the key's unit
        if (field == "max_keys") c.maxKeys = 0;
        if (field == "idle_eviction_s") c.idleEviction = Duration(0);
        try {
            RateLimiter limiter(c);
            QFAIL("no ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QCOMPARE(QString::fromUtf8(e.what()), expected);
        }
    }
};

QTEST_APPLESS_MAIN(TestWindowLimiters)
#include "tst_window_limiters.moc"
