// ConcurrencyLimit: AIMD (x0.9 on a drop or a slow call, +1 per window of `limit` successes at load,
// nothing learnt while app-limited) and Gradient2 (RTT gradient against a long-term average); rejection
// at the limit, events, reconfigure, config messages; and random traces against a naive model that keeps
// every RTT ever seen and recomputes the long-term average from the whole history.
#include "core/common/random.h"
#include "core/primitives/concurrency_limit.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace rl;

namespace {
ConcurrencyLimitConfig aimd(std::int32_t initial, std::int32_t minLimit = 1, std::int32_t maxLimit = 1000) {
    ConcurrencyLimitConfig c;
    c.algorithm = LimitAlgorithm::Aimd;
    c.initialLimit = initial;
    c.minLimit = minLimit;
    c.maxLimit = maxLimit;
    return c;
}
ConcurrencyLimitConfig gradient(std::int32_t initial) {
    ConcurrencyLimitConfig c;
    c.algorithm = LimitAlgorithm::Gradient2;
    c.initialLimit = initial;
    return c;
}
// Keeps `n` calls in flight, then completes one with `rtt` and starts another: a saturated service.
void fillTo(ConcurrencyLimit& l, std::int32_t n) {
    while (l.view().inflight < n && l.tryAcquire(TimePoint{0})) {
    }
}

struct NaiveLimit {
    ConcurrencyLimitConfig c;
    double estimate;
    int limit;
    int inflight = 0;
    std::int64_t windowSuccesses = 0;
    std::vector<double> rtts; // every RTT ever reported

    explicit NaiveLimit(const ConcurrencyLimitConfig& cfg)
        : c(cfg)
        , estimate(cfg.initialLimit)
        , limit(cfg.initialLimit) {}

    double longRtt() const { // replays the whole history
        double value = 0, sum = 0;
        for (std::size_t i = 0; i < rtts.size(); ++i) {
            if (i < 10) {
                sum += rtts[i];
                value = sum / static_cast<double>(i + 1);
            } else {
                const double f = 2.0 / (c.longWindow + 1.0);
                value = value * (1 - f) + rtts[i] * f;
            }
            if (value / std::max(rtts[i], 1.0) > 2) value *= 0.95;
        }
        return value;
    }
    void set(double e) {
        estimate = std::min<double>(c.maxLimit, std::max<double>(c.minLimit, e));
        limit = static_cast<int>(std::floor(estimate));
    }
    bool acquire() {
        if (inflight >= limit) return false;
        ++inflight;
        return true;
    }
    void finish(bool isSample, bool drop, double rtt) {
        const int atSample = inflight;
        if (inflight > 0) --inflight;
        if (!isSample) return;
        if (c.algorithm == LimitAlgorithm::Aimd) {
            if (drop || rtt >= static_cast<double>(c.timeout.count())) {
                windowSuccesses = 0;
                set(std::floor(limit * c.backoffRatio));
            } else if (atSample * 2 >= limit && ++windowSuccesses >= limit) {
                windowSuccesses = 0;
                set(limit + 1);
            }
            return;
        }
        if (drop) return;
        rtts.push_back(rtt);
        const double longR = longRtt();
        if (atSample < estimate / 2) return;
        const double g = std::min(1.0, std::max(0.5, c.rttTolerance * longR / std::max(rtt, 1.0)));
        set(estimate * (1 - c.smoothing) + (estimate * g + c.queueSize) * c.smoothing);
    }
};
} // namespace

class TestConcurrencyLimit : public QObject {
    Q_OBJECT
private slots:
    void rejectsAtTheLimit() {
        ConcurrencyLimit l(aimd(2));
        QVERIFY(l.tryAcquire(TimePoint{0}));
        QVERIFY(l.tryAcquire(TimePoint{0}));
        QVERIFY(!l.tryAcquire(TimePoint{0})); // 2 in flight = limit
        l.onIgnore(TimePoint{0});             // a 4xx: frees the place, teaches nothing
        QCOMPARE(l.limit(), 2);
        QVERIFY(l.tryAcquire(TimePoint{0}));
        QCOMPARE(l.view().rejected, std::int64_t{1});
    }

    void aimdMultipliesOnDrops() {
        ConcurrencyLimit l(aimd(20, 5));
        const int expected[] = {18, 16, 14, 12, 10, 9, 8, 7, 6, 5, 5}; // floor(x 0.9), min 5
        for (int want : expected) {
            QVERIFY(l.tryAcquire(TimePoint{0}));
            l.onDropped(TimePoint{0});
            QCOMPARE(l.limit(), want);
        }
        QCOMPARE(l.view().drops, std::int64_t{11});
    }

    void aimdSlowSuccessCountsAsADrop() {
        auto c = aimd(10);
        c.timeout = millis(100);
        ConcurrencyLimit l(c);
        QVERIFY(l.tryAcquire(TimePoint{0}));
        l.onSuccess(millis(99), millis(99)); // fast enough (and app-limited: no growth)
        QCOMPARE(l.limit(), 10);
        QVERIFY(l.tryAcquire(millis(100)));
        l.onSuccess(millis(200), millis(100)); // rtt == timeout: a drop
        QCOMPARE(l.limit(), 9);
    }

    void aimdGrowsByOnePerWindowAtFullLoad() {
        ConcurrencyLimit l(aimd(4));
        fillTo(l, 4);
        // 4 successes with 4 in flight (4 x 2 >= 4): after the 4th, limit 5
        for (int i = 0; i < 3; ++i) {
            l.onSuccess(TimePoint{0}, millis(10));
            QCOMPARE(l.limit(), 4);
            fillTo(l, 4);
        }
        l.onSuccess(TimePoint{0}, millis(10));
        QCOMPARE(l.limit(), 5);
        // then 5 more successes for 6
        for (int i = 0; i < 5; ++i) {
            fillTo(l, 5);
            l.onSuccess(TimePoint{0}, millis(10));
        }
        QCOMPARE(l.limit(), 6);
    }

    void aimdLearnsNothingWhileAppLimited() {
        ConcurrencyLimit l(aimd(10));
        for (int i = 0; i < 1000; ++i) { // one call at a time: 1 x 2 < 10
            QVERIFY(l.tryAcquire(TimePoint{0}));
            l.onSuccess(TimePoint{0}, millis(1));
        }
        QCOMPARE(l.limit(), 10);
    }

    void gradientGrowsWhileLatencyIsSteady() {
        ConcurrencyLimit l(gradient(20));
        fillTo(l, 20);
        // gradient 1 (rtt = long-term rtt): estimate x 0.8 + (estimate + 4) x 0.2 = estimate + 0.8
        l.onSuccess(TimePoint{0}, millis(10));
        QVERIFY(std::fabs(l.view().estimate - 20.8) < 1e-9);
        QCOMPARE(l.limit(), 20);
        fillTo(l, 20);
        l.onSuccess(TimePoint{0}, millis(10));
        QVERIFY(std::fabs(l.view().estimate - 21.6) < 1e-9);
        QCOMPARE(l.limit(), 21);
    }

    void gradientShrinksWhenLatencyRises() {
        auto c = gradient(100);
        ConcurrencyLimit l(c);
        for (int i = 0; i < 10; ++i) { // warm-up: long-term rtt 10 ms
            fillTo(l, l.limit());
            l.onSuccess(TimePoint{0}, millis(10));
        }
        const double before = l.view().estimate;
        fillTo(l, l.limit());
        l.onSuccess(TimePoint{0}, millis(40)); // 4x slower: gradient clamps to 0.5
        const double longRtt = l.view().longRttMs * 1e6;
        const double g = std::max(0.5, std::min(1.0, 1.5 * longRtt / 40e6));
        QCOMPARE(g, 0.5);
        QVERIFY(std::fabs(l.view().estimate - (before * 0.8 + (before * 0.5 + 4) * 0.2)) < 1e-9);
        QVERIFY(l.view().estimate < before);
    }

    void gradientIgnoresAppLimitedSamples() {
        ConcurrencyLimit l(gradient(20));
        QVERIFY(l.tryAcquire(TimePoint{0}));
        l.onSuccess(TimePoint{0}, millis(10)); // 1 in flight < 20 / 2
        QCOMPARE(l.view().estimate, 20.0);
        QVERIFY(l.view().longRttMs > 0); // but the RTT average still learns
    }

    void limitChangesAreEvents() {
        struct Recorder : EventListener<ConcurrencyLimitEvent> {
            std::vector<ConcurrencyLimitEvent> seen;
            void onEvent(const ConcurrencyLimitEvent& e) override { seen.push_back(e); }
        } recorder;
        ConcurrencyLimit l(aimd(10));
        l.listeners().subscribe(&recorder);
        QVERIFY(l.tryAcquire(millis(1)));
        l.onDropped(millis(2));
        QCOMPARE(recorder.seen.size(), std::size_t{1});
        QCOMPARE(recorder.seen[0].kind, ConcurrencyLimitEvent::Kind::LimitChanged);
        QCOMPARE(recorder.seen[0].previous, 10);
        QCOMPARE(recorder.seen[0].limit, 9);
        QCOMPARE(recorder.seen[0].at, millis(2));
    }

    void reconfigureClampsTheLimitAndKeepsInflight() {
        ConcurrencyLimit l(aimd(50));
        fillTo(l, 30);
        l.reconfigure(aimd(10, 1, 20), TimePoint{0}); // max 20 < limit 50
        QCOMPARE(l.limit(), 20);
        QCOMPARE(l.view().inflight, 30);
        QVERIFY(!l.tryAcquire(TimePoint{0}));      // 30 in flight, limit 20: they finish first
        l.reconfigure(gradient(10), TimePoint{0}); // another algorithm starts from the current limit
        QCOMPARE(l.view().estimate, 20.0);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("min") << 0 << "min_limit: must be >= 1, got 0";
        QTest::newRow("max") << 1 << "max_limit: must be in [5, 10000000], got 4";
        QTest::newRow("initial") << 2 << "initial_limit: must be in [5, 1000], got 2000";
        QTest::newRow("backoff") << 3 << "backoff_ratio: must be in (0, 1), got 1";
        QTest::newRow("smoothing") << 4 << "smoothing: must be in (0, 1], got 0";
        QTest::newRow("tolerance") << 5 << "rtt_tolerance: must be in [1, 100], got 0.5";
        QTest::newRow("timeout") << 6 << "timeout_ms: must be > 0, got 0";
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, expected);
        auto c = aimd(10);
        switch (which) {
        case 0:
            c.minLimit = 0;
            break;
        case 1:
            c.minLimit = 5;
            c.maxLimit = 4;
            c.initialLimit = 5;
            break;
        case 2:
            c.minLimit = 5;
            c.initialLimit = 2000;
            break;
        case 3:
            c.backoffRatio = 1.0;
            break;
        case 4:
            c.smoothing = 0;
            break;
        case 5:
            c.rttTolerance = 0.5;
            break;
        default:
            c.timeout = Duration{0};
            break;
        }
        try {
            ConcurrencyLimit l(c);
            QFAIL("no ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), expected);
        }
    }

    // Property: the same admissions and the same limit after every step as the naive model.
    void matchesNaiveModelOnRandomTraces() {
        Random rng(777);
        int changes = 0;
        for (int trace = 0; trace < 1000; ++trace) {
            auto c = rng.below(2) == 0 ? aimd(static_cast<std::int32_t>(5 + rng.below(30)))
                                       : gradient(static_cast<std::int32_t>(5 + rng.below(30)));
            c.minLimit = 2;
            c.maxLimit = 60;
            c.timeout = millis(80);
            c.longWindow = static_cast<std::int32_t>(5 + rng.below(50));
            ConcurrencyLimit l(c);
            NaiveLimit model(c);
            const double baseRtt = 5e6 + static_cast<double>(rng.below(20)) * 1e6;
            int lastLimit = l.limit();
            for (int step = 0; step < 300; ++step) {
                const auto op = rng.below(10);
                if (op < 5) {
                    QCOMPARE(l.tryAcquire(TimePoint(step)), model.acquire());
                } else {
                    // latency rises with load, with spikes
                    const double rtt = baseRtt * (1 + 0.05 * model.inflight) * (rng.below(20) == 0 ? 6 : 1);
                    const auto kind = rng.below(10);
                    if (kind < 7) {
                        l.onSuccess(TimePoint(step), Duration(static_cast<std::int64_t>(rtt)));
                        model.finish(true, false, static_cast<double>(static_cast<std::int64_t>(rtt)));
                    } else if (kind < 9) {
                        l.onDropped(TimePoint(step));
                        model.finish(true, true, 0);
                    } else {
                        l.onIgnore(TimePoint(step));
                        model.finish(false, false, 0);
                    }
                }
                QCOMPARE(l.limit(), model.limit);
                QCOMPARE(l.view().inflight, model.inflight);
                QVERIFY(std::fabs(l.view().estimate - model.estimate) < 1e-9 * std::max(1.0, model.estimate));
                if (l.limit() != lastLimit) ++changes;
                lastLimit = l.limit();
            }
        }
        QVERIFY(changes > 2000);
    }
};

QTEST_APPLESS_MAIN(TestConcurrencyLimit)
#include "tst_concurrency_limit.moc"
