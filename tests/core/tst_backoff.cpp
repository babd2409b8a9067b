// Backoff: nominal schedules, the cap, each jitter's bounds and mean, determinism, config errors.
#include "core/primitives/backoff.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace rl;

namespace {
BackoffConfig makeConfig(BackoffKind kind, Duration base, double multiplier, Duration max,
                         JitterKind jitter = JitterKind::None, double fraction = 0.25) {
    BackoffConfig c;
    c.kind = kind;
    c.base = base;
    c.multiplier = multiplier;
    c.max = max;
    c.jitter = jitter;
    c.jitterFraction = fraction;
    return c;
}
} // namespace

Q_DECLARE_METATYPE(rl::BackoffKind)
Q_DECLARE_METATYPE(rl::JitterKind)

class TestBackoff : public QObject {
    Q_OBJECT

private slots:
    void nominalSchedule_data() {
        QTest::addColumn<BackoffKind>("kind");
        QTest::addColumn<double>("multiplier");
        QTest::addColumn<QList<qint64>>("expectedMs"); // retries 1, 2, 3, ...; base 100 ms, max 1000 ms
        QTest::newRow("none: always 0") << BackoffKind::None << 2.0 << QList<qint64>{0, 0, 0, 0};
        QTest::newRow("fixed: base every time") << BackoffKind::Fixed << 2.0 << QList<qint64>{100, 100, 100};
        QTest::newRow("linear: base * n, capped")
            << BackoffKind::Linear << 2.0
            << QList<qint64>{100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1000};
        QTest::newRow("exponential x2: 100 200 400 800 then cap")
            << BackoffKind::Exponential << 2.0 << QList<qint64>{100, 200, 400, 800, 1000, 1000};
        QTest::newRow("exponential x3")
            << BackoffKind::Exponential << 3.0 << QList<qint64>{100, 300, 900, 1000};
        QTest::newRow("exponential x1 is fixed")
            << BackoffKind::Exponential << 1.0 << QList<qint64>{100, 100, 100};
        QTest::newRow("exponential x1.5") << BackoffKind::Exponential << 1.5 << QList<qint64>{100, 150, 225};
    }
    void nominalSchedule() {
        QFETCH(BackoffKind, kind);
        QFETCH(double, multiplier);
        QFETCH(QList<qint64>, expectedMs);
        const Backoff backoff(makeConfig(kind, millis(100), multiplier, millis(1000)));
        Random rng(7);
        for (int i = 0; i < expectedMs.size(); ++i) {
            const std::int32_t retry = i + 1;
            QCOMPARE(backoff.nominal(retry), millis(expectedMs[i]));
            // Without jitter the delay is the nominal delay, whatever the previous delay was.
            QCOMPARE(backoff.delay(retry, millis(12345), rng), millis(expectedMs[i]));
        }
    }

    void capHoldsWithoutOverflowAtLargeRetries() {
        // retry 100 of base * 2^(n-1) would be 100 ms * 2^99: far beyond int64 nanoseconds.
        const Backoff exp(makeConfig(BackoffKind::Exponential, millis(100), 2.0, seconds(10)));
        QCOMPARE(exp.nominal(100), seconds(10));
        QCOMPARE(exp.nominal(std::numeric_limits<std::int32_t>::max()), seconds(10));
        const Backoff huge(makeConfig(BackoffKind::Exponential, millis(100), 1000.0, seconds(10)));
        QCOMPARE(huge.nominal(100), seconds(10)); // 1000^99 overflows double to inf: still the cap
        const Backoff linear(makeConfig(BackoffKind::Linear, seconds(1), 2.0, seconds(30)));
        QCOMPARE(linear.nominal(std::numeric_limits<std::int32_t>::max()), seconds(30));
        // A cap of "no limit" (Duration::max) must not overflow either.
        const Backoff uncapped(
            makeConfig(BackoffKind::Exponential, millis(100), 2.0, kNoLimit, JitterKind::Full));
        QCOMPARE(uncapped.nominal(100), kNoLimit);
        QCOMPARE(uncapped.nominal(10), millis(51200));
        Random rng(1);
        for (int i = 0; i < 1000; ++i) {
            const Duration d = uncapped.delay(100, Duration::zero(), rng);
            QVERIFY(d >= Duration::zero());
        }
    }

    void noDelayBeforeTheFirstAttempt() {
        const Backoff b(makeConfig(BackoffKind::Fixed, millis(100), 2.0, seconds(1), JitterKind::Full));
        Random rng(3);
        const Random before = rng;
        QCOMPARE(b.nominal(0), Duration::zero());
        QCOMPARE(b.delay(0, Duration::zero(), rng), Duration::zero());
        QCOMPARE(b.delay(-5, Duration::zero(), rng), Duration::zero());
        QCOMPARE(rng.next(), Random(before).next()); // nothing drawn
    }

    // Each jitter over 100k draws: every value within bounds, and the mean where it is known.
    void jitterBoundsAndMean_data() {
        QTest::addColumn<JitterKind>("jitter");
        QTest::addColumn<double>("lowMs");
        QTest::addColumn<double>("highMs");
        QTest::addColumn<double>("meanMs"); // < 0: not checked
        // Exponential base 100 ms, retry 4: nominal d = 800 ms; cap 1000 ms.
        QTest::newRow("none: d") << JitterKind::None << 800.0 << 800.0 << 800.0;
        QTest::newRow("full: U[0, d], mean d/2") << JitterKind::Full << 0.0 << 800.0 << 400.0;
        QTest::newRow("equal: d/2 + U[0, d/2], mean 3d/4") << JitterKind::Equal << 400.0 << 800.0 << 600.0;
        QTest::newRow("proportional 25%: d * U[0.75, 1.25], cap 1000")
            << JitterKind::Proportional << 600.0 << 1000.0 << -1.0;
    }
    void jitterBoundsAndMean() {
        QFETCH(JitterKind, jitter);
        QFETCH(double, lowMs);
        QFETCH(double, highMs);
        QFETCH(double, meanMs);
        const Backoff b(makeConfig(BackoffKind::Exponential, millis(100), 2.0, millis(1000), jitter, 0.25));
        Random rng(2024);
        double sum = 0, lo = 1e300, hi = -1;
        const int n = 100000;
        for (int i = 0; i < n; ++i) {
            const double ms = toMillis(b.delay(4, Duration::zero(), rng));
            sum += ms;
            lo = std::min(lo, ms);
            hi = std::max(hi, ms);
        }
        QVERIFY2(lo >= lowMs && hi <= highMs, qPrintable(QStringLiteral("range [%1, %2]").arg(lo).arg(hi)));
        // The draws also reach close to both ends (the bounds are not just loose).
        QVERIFY(lo - lowMs < (highMs - lowMs) * 0.01 + 1e-9);
        QVERIFY(highMs - hi < (highMs - lowMs) * 0.01 + 1e-9);
        if (meanMs >= 0) {
            const double mean = sum / n;
            QVERIFY2(std::fabs(mean - meanMs) < 0.01 * 800.0, qPrintable(QString::number(mean)));
        }
    }

    void proportionalIsSymmetricBelowTheCap() {
        // d = 400 ms, +-50%: U[200, 600], mean 400.
        const Backoff b(
            makeConfig(BackoffKind::Fixed, millis(400), 2.0, seconds(1), JitterKind::Proportional, 0.5));
        Random rng(5);
        double sum = 0;
        for (int i = 0; i < 100000; ++i) {
            const Duration d = b.delay(1, Duration::zero(), rng);
            QVERIFY(d >= millis(200) && d <= millis(600));
            sum += toMillis(d);
        }
        QVERIFY(std::fabs(sum / 100000 - 400.0) < 4.0);
    }

    void decorrelatedStaysWithinBaseAndThreeTimesPrevious() {
        // min(max, U[base, 3 * prev]), prev = base for the first retry (AWS study: base 5 ms, cap 2 s).
        const Backoff b(
            makeConfig(BackoffKind::Exponential, millis(5), 2.0, seconds(2), JitterKind::Decorrelated));
        Random rng(99);
        for (int request = 0; request < 10000; ++request) {
            Duration previous = Duration::zero();
            for (std::int32_t retry = 1; retry <= 10; ++retry) {
                const Duration prevOrBase = std::max(previous, millis(5));
                const Duration d = b.delay(retry, previous, rng);
                QVERIFY(d >= millis(5));
                QVERIFY(d <= std::min(seconds(2), 3 * prevOrBase));
                previous = d;
            }
        }
        // First retry: U[base, 3 * base] = [5, 15] ms, mean 10 ms.
        double sum = 0;
        for (int i = 0; i < 100000; ++i)
            sum += toMillis(b.delay(1, Duration::zero(), rng));
        QVERIFY2(std::fabs(sum / 100000 - 10.0) < 0.1, qPrintable(QString::number(sum / 100000)));
    }

    void decorrelatedReachesTheCapAndStaysBelowIt() {
        const Backoff b(
            makeConfig(BackoffKind::Fixed, millis(100), 2.0, millis(500), JitterKind::Decorrelated));
        Random rng(11);
        int atCap = 0;
        for (int i = 0; i < 10000; ++i) {
            const Duration d = b.delay(5, millis(500), rng); // U[100, 1500] clamped to 500
            QVERIFY(d >= millis(100) && d <= millis(500));
            atCap += d == millis(500) ? 1 : 0;
        }
        QVERIFY(atCap > 6000); // P(U[100,1500] >= 500) = 10/14
    }

    void decorrelatedWithZeroBaseStaysZero() {
        const Backoff b(makeConfig(BackoffKind::Exponential, Duration::zero(), 2.0, seconds(1),
                                   JitterKind::Decorrelated));
        Random rng(1);
        Duration previous = Duration::zero();
        for (std::int32_t retry = 1; retry < 20; ++retry) {
            previous = b.delay(retry, previous, rng);
            QCOMPARE(previous, Duration::zero());
        }
    }

    void kindNoneIgnoresJitterAndDrawsNothing() {
        const Backoff b(
            makeConfig(BackoffKind::None, millis(100), 2.0, seconds(1), JitterKind::Decorrelated));
        Random rng(8);
        const Random before = rng;
        QCOMPARE(b.delay(3, millis(300), rng), Duration::zero());
        QCOMPARE(rng.next(), Random(before).next());
    }

    void drawsExactlyOneNumberPerJitteredDelay_data() {
        QTest::addColumn<JitterKind>("jitter");
        QTest::addColumn<int>("draws");
        QTest::newRow("none") << JitterKind::None << 0;
        QTest::newRow("full") << JitterKind::Full << 1;
        QTest::newRow("equal") << JitterKind::Equal << 1;
        QTest::newRow("decorrelated") << JitterKind::Decorrelated << 1;
        QTest::newRow("proportional") << JitterKind::Proportional << 1;
    }
    void drawsExactlyOneNumberPerJitteredDelay() {
        QFETCH(JitterKind, jitter);
        QFETCH(int, draws);
        const Backoff b(makeConfig(BackoffKind::Exponential, millis(10), 2.0, seconds(1), jitter));
        Random used(42), reference(42);
        b.delay(2, millis(10), used);
        for (int i = 0; i < draws; ++i)
            reference.next();
        QCOMPARE(used.next(), reference.next());
    }

    void sameSeedGivesTheSameSchedule() {
        for (JitterKind j :
             {JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated, JitterKind::Proportional}) {
            const Backoff b(makeConfig(BackoffKind::Exponential, millis(50), 2.0, seconds(5), j));
            auto schedule = [&](std::uint64_t seed) {
                Random rng(seed);
                QList<qint64> out;
                Duration prev = Duration::zero();
                for (std::int32_t r = 1; r <= 8; ++r) {
                    prev = b.delay(r, prev, rng);
                    out.push_back(prev.count());
                }
                return out;
            };
            QCOMPARE(schedule(123), schedule(123));
            QVERIFY(schedule(123) != schedule(124));
        }
    }

    // Property: over random configs, retries and draws, delay() equals a naive restatement of the
    // formulas computed from the same uniform draw (and every result lies in [0, max]).
    void propertyMatchesNaiveFormulas() {
        Random gen(777);
        for (int trial = 0; trial < 5000; ++trial) {
            BackoffConfig c;
            c.kind = static_cast<BackoffKind>(gen.below(4));
            c.jitter = static_cast<JitterKind>(gen.below(5));
            c.base = millis(static_cast<std::int64_t>(gen.below(200)));
            c.max = c.base + millis(static_cast<std::int64_t>(gen.below(5000)));
            c.multiplier = 1.0 + gen.uniform01() * 3.0;
            c.jitterFraction = gen.uniform01();
            const Backoff b(c);
            const auto retry = static_cast<std::int32_t>(1 + gen.below(30));
            const Duration previous = millis(static_cast<std::int64_t>(gen.below(3000)));
            const std::uint64_t seed = gen.next();
            Random forPrimitive(seed), forModel(seed);
            const Duration got = b.delay(retry, previous, forPrimitive);

            const double base = static_cast<double>(c.base.count());
            const double max = static_cast<double>(c.max.count());
            double d = 0;
            if (c.kind == BackoffKind::Fixed) d = base;
            if (c.kind == BackoffKind::Linear) d = base * retry;
            if (c.kind == BackoffKind::Exponential) d = base * std::pow(c.multiplier, retry - 1);
            d = std::min(d, max);
            d = std::round(d);
            double expected = d;
            if (c.kind != BackoffKind::None && c.jitter != JitterKind::None) {
                const double u = forModel.uniform01();
                if (c.jitter == JitterKind::Full) expected = std::floor(u * (d + 1));
                if (c.jitter == JitterKind::Equal) {
                    const double h = std::floor(d / 2);
                    expected = d - h + std::floor(u * (h + 1));
                }
                if (c.jitter == JitterKind::Decorrelated) {
                    const double prev = std::max(base, static_cast<double>(previous.count()));
                    expected = std::min(max, base + std::floor(u * (3 * prev - base + 1)));
                }
                if (c.jitter == JitterKind::Proportional)
                    expected = std::clamp(std::round(d * (1 + (2 * u - 1) * c.jitterFraction)), 0.0, max);
            }
            if (c.kind == BackoffKind::None) expected = 0;
            QVERIFY2(std::fabs(static_cast<double>(got.count()) - expected) <= 1.0,
                     qPrintable(QStringLiteral("trial %1: got %2 ns, expected %3 ns")
                                    .arg(trial)
                                    .arg(got.count())
                                    .arg(expected, 0, 'f', 0)));
            QVERIFY(got >= Duration::zero() && got <= c.max);
        }
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative base")
            << QStringLiteral("base_ms") << QStringLiteral("base_ms: must be >= 0, got -5");
        QTest::newRow("multiplier below 1")
            << QStringLiteral("multiplier") << QStringLiteral("multiplier: must be in [1, 1000], got 0.5");
        QTest::newRow("max below base")
            << QStringLiteral("max_ms") << QStringLiteral("max_ms: must be >= base_ms (100), got 50");
        QTest::newRow("fraction above 1") << QStringLiteral("jitter_fraction")
                                          << QStringLiteral("jitter_fraction: must be in [0, 1], got 1.5");
    }
    void configErrorsNameTheField() {
        QFETCH(QString, field);
        QFETCH(QString, message);
        BackoffConfig c;
        if (field == QStringLiteral("base_ms")) c.base = millis(-5);
        if (field == QStringLiteral("multiplier")) c.multiplier = 0.5;
        if (field == QStringLiteral("max_ms")) c.max = millis(50);
        if (field == QStringLiteral("jitter_fraction")) c.jitterFraction = 1.5;
        try {
            Backoff b(c);
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }
};

QTEST_APPLESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
