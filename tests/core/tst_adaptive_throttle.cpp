// AdaptiveThrottle (SRE book): p = max(0, (requests - k*accepts) / (requests + 1)) over a trailing
// window of one-second buckets; expiry, time going backwards, draws, events, reconfigure, config
// errors, and a property test against a naive list of timestamped events.
#include "core/primitives/adaptive_throttle.h"

#include <QtTest>

#include <deque>
#include <vector>

using namespace rl;

namespace {
struct Recorder : EventListener<AdaptiveThrottleEvent> {
    std::vector<AdaptiveThrottleEvent> events;
    void onEvent(const AdaptiveThrottleEvent& e) override { events.push_back(e); }
};
} // namespace

class TestAdaptiveThrottle : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheSreBooks() {
        const AdaptiveThrottleConfig c;
        QCOMPARE(c.k, 2.0);
        QCOMPARE(c.windowSeconds, 120);
    }

    void probabilityArithmetic_data() {
        QTest::addColumn<int>("requests");
        QTest::addColumn<int>("accepts");
        QTest::addColumn<double>("probability");
        QTest::newRow("nothing yet") << 0 << 0 << 0.0;
        QTest::newRow("all accepted") << 100 << 100 << 0.0;
        QTest::newRow("half accepted: 100 - 2*50 = 0") << 100 << 50 << 0.0;
        QTest::newRow("a quarter: (100 - 50) / 101") << 100 << 25 << 50.0 / 101.0;
        QTest::newRow("none accepted: 100 / 101") << 100 << 0 << 100.0 / 101.0;
        QTest::newRow("one request, none accepted: 1/2") << 1 << 0 << 0.5;
    }
    void probabilityArithmetic() {
        QFETCH(int, requests);
        QFETCH(int, accepts);
        QFETCH(double, probability);
        AdaptiveThrottle t(AdaptiveThrottleConfig{});
        for (int i = 0; i < requests; ++i)
            t.onRequest(millis(i));
        for (int i = 0; i < accepts; ++i)
            t.onAccepted(millis(i));
        QCOMPARE(t.rejectProbability(millis(500)), probability);
        QCOMPARE(t.view(millis(500)).rejectProbability, probability);
    }

    void oldSecondsLeaveTheWindow() {
        AdaptiveThrottle t({2.0, 10}); // a 10 s window
        // Second 0: 10 requests, none accepted (the backend is down).
        for (int i = 0; i < 10; ++i)
            t.onRequest(millis(100 + i));
        QCOMPARE(t.rejectProbability(millis(900)), 10.0 / 11.0);
        // Second 5: 10 more, all accepted: (20 - 2*10) / 21 = 0.
        for (int i = 0; i < 10; ++i) {
            t.onRequest(seconds(5));
            t.onAccepted(seconds(5));
        }
        QCOMPARE(t.rejectProbability(seconds(5)), 0.0);
        // At 9.999 s second 0 is still in (seconds 0..9); at 10 s it leaves: 10 - 20 < 0.
        QCOMPARE(t.view(millis(9999)).requests, qint64(20));
        QCOMPARE(t.view(seconds(10)).requests, qint64(10));
        QCOMPARE(t.rejectProbability(seconds(10)), 0.0);
        // Long silence: everything expires (the gap is longer than the window).
        QCOMPARE(t.view(seconds(1000)).requests, qint64(0));
        QCOMPARE(t.rejectProbability(seconds(1000)), 0.0);
        t.onRequest(seconds(1000));
        QCOMPARE(t.view(seconds(1000)).requests, qint64(1));
        QCOMPARE(t.rejectProbability(seconds(1000)), 0.5);
    }

    void timeGoingBackwardsHasNoEffect() {
        AdaptiveThrottle t({2.0, 10});
        t.onRequest(seconds(20));
        t.onRequest(seconds(3)); // earlier: counted in the latest second (20)
        QCOMPARE(t.view(seconds(20)).requests, qint64(2));
        QCOMPARE(t.rejectProbability(seconds(1)), 2.0 / 3.0);
        QCOMPARE(t.view(seconds(29)).requests, qint64(2));
        QCOMPARE(t.view(seconds(30)).requests, qint64(0));
    }

    void rejectsAtTheRightRateAndDrawsOnlyWhenNeeded() {
        AdaptiveThrottle t(AdaptiveThrottleConfig{});
        Random rng(8);
        const Random untouched = rng;
        QVERIFY(!t.shouldReject(seconds(1), rng)); // p = 0: no draw
        QCOMPARE(rng.next(), Random(untouched).next());
        for (int i = 0; i < 300; ++i)
            t.onRequest(seconds(1));
        for (int i = 0; i < 100; ++i)
            t.onAccepted(seconds(1)); // p = (300 - 200) / 301
        int rejected = 0;
        for (int i = 0; i < 100000; ++i)
            rejected += t.shouldReject(seconds(1), rng) ? 1 : 0;
        QVERIFY2(std::fabs(rejected / 100000.0 - 100.0 / 301.0) < 0.01,
                 qPrintable(QString::number(rejected)));
    }

    void rejectionsAreEvents() {
        AdaptiveThrottle t(AdaptiveThrottleConfig{});
        Recorder rec;
        t.listeners().subscribe(&rec);
        for (int i = 0; i < 1000; ++i)
            t.onRequest(seconds(2)); // nothing accepted: p = 1000/1001
        Random rng(3);
        int rejected = 0;
        for (int i = 0; i < 100; ++i)
            rejected += t.shouldReject(seconds(2), rng) ? 1 : 0;
        QCOMPARE(static_cast<int>(rec.events.size()), rejected);
        QVERIFY(rejected > 90);
        QCOMPARE(rec.events[0].requests, qint64(1000));
        QCOMPARE(rec.events[0].accepts, qint64(0));
        QCOMPARE(rec.events[0].probability, 1000.0 / 1001.0);
        t.listeners().unsubscribe(&rec);
    }

    void reconfigure() {
        AdaptiveThrottle t({2.0, 60});
        for (int i = 0; i < 10; ++i)
            t.onRequest(seconds(1));
        for (int i = 0; i < 4; ++i)
            t.onAccepted(seconds(1));
        QCOMPARE(t.rejectProbability(seconds(1)), 2.0 / 11.0);
        t.reconfigure({1.5, 60}, seconds(1)); // k only: counts kept
        QCOMPARE(t.rejectProbability(seconds(1)), 4.0 / 11.0);
        t.reconfigure({1.5, 30}, seconds(1)); // a new window: counts restart
        QCOMPARE(t.view(seconds(1)).requests, qint64(0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, t.reconfigure({0.5, 30}, seconds(1)));
        QCOMPARE(t.config().k, 1.5);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<double>("k");
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("message");
        QTest::newRow("k below 1") << 0.5 << 120 << QStringLiteral("k: must be in [1, 100], got 0.5");
        QTest::newRow("window 0") << 2.0 << 0 << QStringLiteral("window_s: must be in [1, 3600], got 0");
    }
    void configErrorsNameTheField() {
        QFETCH(double, k);
        QFETCH(int, window);
        QFETCH(QString, message);
        try {
            AdaptiveThrottle t({k, window});
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // Property: random timed traces of requests and accepts (with gaps, bursts and long silences); the
    // model keeps every event with its second in a deque and counts those of the last `window` seconds.
    void propertyMatchesNaiveEventList() {
        Random gen(60);
        for (int trial = 0; trial < 200; ++trial) {
            const AdaptiveThrottleConfig c{1.0 + gen.uniform01() * 3.0,
                                           static_cast<std::int32_t>(1 + gen.below(20))};
            AdaptiveThrottle t(c);
            struct Ev {
                std::int64_t second;
                bool accept;
            };
            std::deque<Ev> all;
            std::int64_t nowMs = 0;
            const double acceptRate = gen.uniform01();
            for (int step = 0; step < 1500; ++step) {
                const auto gap = gen.below(100);
                nowMs += gap < 90 ? static_cast<std::int64_t>(gen.below(300))
                                  : static_cast<std::int64_t>(gen.below(40000)); // occasional silence
                const std::int64_t second = nowMs / 1000;
                t.onRequest(millis(nowMs));
                all.push_back({second, false});
                if (gen.bernoulli(acceptRate)) {
                    t.onAccepted(millis(nowMs));
                    all.push_back({second, true});
                }
                while (all.front().second <= second - c.windowSeconds - 5) // far too old to matter
                    all.pop_front();
                long long requests = 0, accepts = 0;
                for (const Ev& e : all)
                    if (e.second > second - c.windowSeconds) (e.accept ? accepts : requests)++;
                const double expected =
                    std::max(0.0, (static_cast<double>(requests) - c.k * static_cast<double>(accepts)) /
                                      (static_cast<double>(requests) + 1.0));
                QCOMPARE(t.view(millis(nowMs)).requests, static_cast<qint64>(requests));
                QCOMPARE(t.view(millis(nowMs)).accepts, static_cast<qint64>(accepts));
                const double got = t.rejectProbability(millis(nowMs));
                QVERIFY2(std::fabs(got - expected) < 1e-12,
                         qPrintable(QStringLiteral("trial %1 step %2: %3 vs %4")
                                        .arg(trial)
                                        .arg(step)
                                        .arg(got)
                                        .arg(expected)));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestAdaptiveThrottle)
#include "tst_adaptive_throttle.moc"
