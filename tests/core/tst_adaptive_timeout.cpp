// AdaptiveTimeout: initial until minimum_samples, nearest-rank percentile, factor, min/max clamps, the
// sliding window, the recompute stride, events, reconfigure, config errors, and a property test
// against a naive sort of the last `window` samples.
#include "core/common/random.h"
#include "core/primitives/adaptive_timeout.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

using namespace rl;

namespace {
AdaptiveTimeoutConfig smallConfig() {
    AdaptiveTimeoutConfig c;
    c.percentile = 0.9;
    c.factor = 1.0;
    c.min = millis(1);
    c.max = millis(1000);
    c.initial = millis(500);
    c.window = 10; // stride max(1, 10 / 20) = 1: recomputed on every record
    c.minimumSamples = 5;
    return c;
}

struct Recorder : EventListener<TimeoutChangedEvent> {
    std::vector<TimeoutChangedEvent> events;
    void onEvent(const TimeoutChangedEvent& e) override { events.push_back(e); }
};

// The reference: the last `window` samples in a deque, sorted naively when a recomputation is due.
class NaiveAdaptiveTimeout {
public:
    explicit NaiveAdaptiveTimeout(const AdaptiveTimeoutConfig& c)
        : m_c(c)
        , m_timeout(c.initial) {}
    void record(Duration latency) {
        m_last.push_back(std::max(latency, Duration::zero()));
        if (static_cast<std::int32_t>(m_last.size()) > m_c.window) m_last.pop_front();
        if (static_cast<std::int32_t>(m_last.size()) < m_c.minimumSamples) return;
        const std::int32_t stride = std::max(1, m_c.window / 20);
        ++m_since;
        if (m_warm && m_since < stride) return;
        m_warm = true;
        m_since = 0;
        std::vector<Duration> sorted(m_last.begin(), m_last.end());
        std::sort(sorted.begin(), sorted.end());
        const auto n = static_cast<double>(sorted.size());
        auto rank = static_cast<std::size_t>(std::ceil(m_c.percentile * n - 1e-9));
        rank = std::clamp<std::size_t>(rank, 1, sorted.size());
        const double scaled = static_cast<double>(sorted[rank - 1].count()) * m_c.factor;
        const double clamped =
            std::clamp(scaled, static_cast<double>(m_c.min.count()), static_cast<double>(m_c.max.count()));
        m_timeout = Duration(static_cast<std::int64_t>(std::llround(clamped)));
    }
    Duration timeout() const { return m_timeout; }

private:
    AdaptiveTimeoutConfig m_c;
    std::deque<Duration> m_last;
    Duration m_timeout;
    bool m_warm = false;
    std::int32_t m_since = 0;
};
} // namespace

class TestAdaptiveTimeout : public QObject {
    Q_OBJECT

private slots:
    void initialUntilMinimumSamples() {
        AdaptiveTimeout t(smallConfig());
        QCOMPARE(t.timeout(), millis(500));
        for (int i = 1; i <= 4; ++i) { // latencies 1..4 ms: still warming up
            t.record(millis(i), millis(i));
            QCOMPARE(t.timeout(), millis(500));
            QVERIFY(t.view().warmingUp);
        }
        t.record(millis(5), millis(5)); // 5th sample: p90 of {1..5} = 5th smallest (ceil 4.5) = 5 ms
        QVERIFY(!t.view().warmingUp);
        QCOMPARE(t.timeout(), millis(5));
        QCOMPARE(t.view().samples, 5);
    }

    void nearestRankPercentileTimesFactor_data() {
        QTest::addColumn<double>("percentile");
        QTest::addColumn<double>("factor");
        QTest::addColumn<qint64>("expectedMs");
        // Samples 10, 20, ..., 100 ms (window 10, all in).
        QTest::newRow("p90 = 9th = 90") << 0.9 << 1.0 << qint64(90);
        QTest::newRow("p50 = 5th = 50") << 0.5 << 1.0 << qint64(50);
        QTest::newRow("p51 = 6th = 60") << 0.51 << 1.0 << qint64(60);
        QTest::newRow("p01 = 1st = 10") << 0.01 << 1.0 << qint64(10);
        QTest::newRow("p99 = 10th = 100") << 0.99 << 1.0 << qint64(100);
        QTest::newRow("p90 x1.5 = 135") << 0.9 << 1.5 << qint64(135);
    }
    void nearestRankPercentileTimesFactor() {
        QFETCH(double, percentile);
        QFETCH(double, factor);
        QFETCH(qint64, expectedMs);
        AdaptiveTimeoutConfig c = smallConfig();
        c.percentile = percentile;
        c.factor = factor;
        AdaptiveTimeout t(c);
        for (int v : {70, 10, 100, 40, 30, 90, 20, 60, 80, 50}) // order does not matter
            t.record({}, millis(v));
        QCOMPARE(t.timeout(), millis(expectedMs));
    }

    void clampedToMinAndMax() {
        AdaptiveTimeout t(smallConfig()); // min 1 ms, max 1000 ms
        for (int i = 0; i < 10; ++i)
            t.record({}, Duration(100)); // 100 ns latencies
        QCOMPARE(t.timeout(), millis(1));
        for (int i = 0; i < 10; ++i)
            t.record({}, seconds(30));
        QCOMPARE(t.timeout(), millis(1000));
        QCOMPARE(t.view().percentileLatency, seconds(30));
    }

    void negativeLatencyCountsAsZero() {
        AdaptiveTimeout t(smallConfig());
        for (int i = 0; i < 10; ++i)
            t.record({}, millis(-50));
        QCOMPARE(t.view().percentileLatency, Duration::zero());
        QCOMPARE(t.timeout(), millis(1));
    }

    void windowForgetsOldSamples() {
        AdaptiveTimeout t(smallConfig()); // window 10
        for (int i = 0; i < 10; ++i)
            t.record({}, millis(900)); // a slow period
        QCOMPARE(t.timeout(), millis(900));
        for (int i = 0; i < 9; ++i)
            t.record({}, millis(20)); // 9 fast samples: the 9th smallest of {20 x9, 900} is still 20
        QCOMPARE(t.timeout(), millis(20));
        t.record({}, millis(20)); // the last 900 leaves the window
        QCOMPARE(t.timeout(), millis(20));
        QCOMPARE(t.view().samples, 10);
        QCOMPARE(t.view().recorded, qint64(20));
    }

    void recomputedEveryStrideRecords() {
        AdaptiveTimeoutConfig c = smallConfig();
        c.window = 100; // stride 5
        c.minimumSamples = 10;
        c.percentile = 0.5;
        AdaptiveTimeout t(c);
        QCOMPARE(t.recomputeStride(), 5);
        for (int i = 0; i < 10; ++i)
            t.record({}, millis(100));
        QCOMPARE(t.timeout(), millis(100)); // computed at the 10th sample
        for (int i = 0; i < 4; ++i) {       // 4 more records: not yet recomputed
            t.record({}, millis(400));
            QCOMPARE(t.timeout(), millis(100));
        }
        t.record({}, millis(400)); // 5th since: p50 of {100 x10, 400 x5} = 8th smallest = 100
        QCOMPARE(t.timeout(), millis(100));
        for (int i = 0; i < 5; ++i)
            t.record({}, millis(400)); // {100 x10, 400 x10}: 10th smallest = 100
        QCOMPARE(t.timeout(), millis(100));
        for (int i = 0; i < 5; ++i)
            t.record({}, millis(400)); // {100 x10, 400 x15}: 13th smallest = 400
        QCOMPARE(t.timeout(), millis(400));
    }

    void changesAreEvents() {
        AdaptiveTimeout t(smallConfig());
        Recorder rec;
        t.listeners().subscribe(&rec);
        for (int i = 1; i <= 5; ++i)
            t.record(millis(i), millis(50));
        t.record(millis(6), millis(50)); // no change, no event
        QCOMPARE(rec.events.size(), std::size_t(1));
        QCOMPARE(rec.events[0].at, millis(5));
        QCOMPARE(rec.events[0].previous, millis(500));
        QCOMPARE(rec.events[0].current, millis(50));
        QCOMPARE(rec.events[0].samples, 5);
        t.listeners().unsubscribe(&rec);
    }

    void reconfigureKeepsTheMostRecentSamples() {
        AdaptiveTimeoutConfig c = smallConfig();
        c.window = 20;
        AdaptiveTimeout t(c);
        for (int i = 1; i <= 20; ++i)
            t.record({}, millis(i * 10));              // 10 .. 200 ms
        QCOMPARE(t.timeout(), millis(180));            // p90 of 20 = 18th
        AdaptiveTimeoutConfig smaller = smallConfig(); // window 10: keeps 110 .. 200
        t.reconfigure(smaller, seconds(1));
        QCOMPARE(t.view().samples, 10);
        QCOMPARE(t.timeout(), millis(190)); // 9th of 110..200
        t.record({}, millis(5));            // replaces the oldest kept (110): {5, 120 .. 200}, 9th = 190
        QCOMPARE(t.timeout(), millis(190));
        // A larger minimum than the samples kept: back to initial.
        AdaptiveTimeoutConfig stricter = smallConfig();
        stricter.window = 50;
        stricter.minimumSamples = 40;
        t.reconfigure(stricter, seconds(2));
        QCOMPARE(t.timeout(), millis(500));
        QVERIFY(t.view().warmingUp);
        QVERIFY_THROWS_EXCEPTION(ConfigError,
                                 t.reconfigure(AdaptiveTimeoutConfig{.percentile = 1.0}, seconds(3)));
        QCOMPARE(t.config().window, 50);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("percentile 1")
            << 0 << QStringLiteral("percentile") << QStringLiteral("percentile: must be in (0, 1), got 1");
        QTest::newRow("factor 0.5") << 1 << QStringLiteral("factor")
                                    << QStringLiteral("factor: must be in [1, 100], got 0.5");
        QTest::newRow("min 0") << 2 << QStringLiteral("min_ms")
                               << QStringLiteral("min_ms: must be > 0, got 0");
        QTest::newRow("max below min")
            << 3 << QStringLiteral("max_ms") << QStringLiteral("max_ms: must be >= min_ms (10), got 5");
        QTest::newRow("initial outside")
            << 4 << QStringLiteral("initial_ms")
            << QStringLiteral("initial_ms: must be in [min_ms, max_ms] = [10, 10000], got 20000");
        QTest::newRow("window 5") << 5 << QStringLiteral("window")
                                  << QStringLiteral("window: must be in [10, 100000], got 5");
        QTest::newRow("minimum above window")
            << 6 << QStringLiteral("minimum_samples")
            << QStringLiteral("minimum_samples: must be in [1, 1000], got 2000");
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, field);
        QFETCH(QString, message);
        AdaptiveTimeoutConfig c;
        if (which == 0) c.percentile = 1.0;
        if (which == 1) c.factor = 0.5;
        if (which == 2) c.min = Duration::zero();
        if (which == 3) c.max = millis(5);
        if (which == 4) c.initial = seconds(20);
        if (which == 5) c.window = 5;
        if (which == 6) c.minimumSamples = 2000;
        try {
            AdaptiveTimeout t(c);
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // Property: random configs and latency sequences (steady, bursty, drifting); after every record the
    // timeout equals the naive model's (deque of the last `window`, full sort when due).
    void propertyMatchesNaiveSort() {
        Random gen(2718);
        for (int trial = 0; trial < 300; ++trial) {
            AdaptiveTimeoutConfig c;
            c.window = static_cast<std::int32_t>(10 + gen.below(300));
            c.minimumSamples = static_cast<std::int32_t>(1 + gen.below(static_cast<std::uint64_t>(c.window)));
            c.percentile = 0.01 + 0.98 * gen.uniform01();
            c.factor = 1.0 + 3.0 * gen.uniform01();
            c.min = millis(static_cast<std::int64_t>(1 + gen.below(20)));
            c.max = c.min + millis(static_cast<std::int64_t>(gen.below(3000)));
            c.initial = c.min + (c.max - c.min) / 2;
            AdaptiveTimeout t(c);
            NaiveAdaptiveTimeout model(c);
            const int length = static_cast<int>(gen.below(2000));
            const int shape = static_cast<int>(gen.below(3));
            for (int i = 0; i < length; ++i) {
                double ms = gen.exponential(50.0);
                if (shape == 1 && gen.bernoulli(0.05)) ms *= 40; // bursts of slow calls
                if (shape == 2) ms *= 1.0 + i / 200.0;           // drifting slower
                const Duration latency = fromMillis(ms);
                t.record(millis(i), latency);
                model.record(latency);
                if (t.timeout() != model.timeout())
                    QFAIL(qPrintable(QStringLiteral("trial %1 record %2: got %3 ns, model %4 ns")
                                         .arg(trial)
                                         .arg(i)
                                         .arg(t.timeout().count())
                                         .arg(model.timeout().count())));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestAdaptiveTimeout)
#include "tst_adaptive_timeout.moc"
