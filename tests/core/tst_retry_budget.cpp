// RetryBudget (Envoy): limit = max(min_retry_concurrency, floor(budget_percent% of active requests)),
// retries counted as active requests, events on refusal, reconfigure, config errors, and a property
// test replaying random start/finish traces against a naive list of in-flight requests.
#include "core/common/random.h"
#include "core/primitives/retry_budget.h"

#include <QtTest>

#include <vector>

using namespace rl;

namespace {
struct Recorder : EventListener<RetryBudgetEvent> {
    std::vector<RetryBudgetEvent> events;
    void onEvent(const RetryBudgetEvent& e) override { events.push_back(e); }
};
} // namespace

class TestRetryBudget : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreEnvoys() {
        const RetryBudgetConfig c;
        QCOMPARE(c.budgetPercent, 20.0);
        QCOMPARE(c.minRetryConcurrency, 3);
    }

    void limitArithmetic_data() {
        QTest::addColumn<double>("percent");
        QTest::addColumn<int>("minimum");
        QTest::addColumn<int>("firstAttempts"); // active first attempts
        QTest::addColumn<qint64>("limit");
        QTest::newRow("idle: the minimum 3") << 20.0 << 3 << 0 << qint64(3);
        QTest::newRow("10 active: 20% = 2 < 3: 3") << 20.0 << 3 << 10 << qint64(3);
        QTest::newRow("20 active: 20% = 4") << 20.0 << 3 << 20 << qint64(4);
        QTest::newRow("24 active: 4.8 truncated to 4") << 20.0 << 3 << 24 << qint64(4);
        QTest::newRow("100 active: 20") << 20.0 << 3 << 100 << qint64(20);
        QTest::newRow("0% and minimum 0: no retries ever") << 0.0 << 0 << 100 << qint64(0);
        QTest::newRow("100%: one retry per request") << 100.0 << 0 << 7 << qint64(7);
    }
    void limitArithmetic() {
        QFETCH(double, percent);
        QFETCH(int, minimum);
        QFETCH(int, firstAttempts);
        QFETCH(qint64, limit);
        RetryBudget b({percent, minimum});
        for (int i = 0; i < firstAttempts; ++i)
            b.onRequestStarted();
        QCOMPARE(b.limit(), limit);
        QCOMPARE(b.canRetry(), limit > 0);
    }

    void retriesCountAsActiveRequests() {
        // 10 requests in flight, defaults (20%, at least 3).
        RetryBudget b(RetryBudgetConfig{});
        for (int i = 0; i < 10; ++i)
            b.onRequestStarted();
        QVERIFY(b.tryStartRetry(millis(1))); // retry 1: 11 active, limit 3
        QVERIFY(b.tryStartRetry(millis(2))); // retry 2: 12 active
        QVERIFY(b.tryStartRetry(millis(3))); // retry 3: 13 active
        QCOMPARE(b.view().activeRequests, qint64(13));
        QCOMPARE(b.view().activeRetries, qint64(3));
        QVERIFY(!b.canRetry()); // 3 retries active, limit max(3, floor(2.6)) = 3
        for (int i = 0; i < 7; ++i)
            b.onRequestStarted(); // 20 active: floor(4.0) = 4
        QCOMPARE(b.limit(), qint64(4));
        QVERIFY(b.canRetry());
        b.onRetryStarted(); // 21 active, 4 retries
        QVERIFY(!b.canRetry());
        b.onRetryFinished(); // a retry ends: 20 active, 3 retries
        QVERIFY(b.canRetry());
        QCOMPARE(b.view().activeRequests, qint64(20));
    }

    void refusalIsAnEvent() {
        RetryBudget b({20.0, 1});
        Recorder rec;
        b.listeners().subscribe(&rec);
        b.onRequestStarted();
        QVERIFY(b.tryStartRetry(millis(5)));
        QVERIFY(!b.tryStartRetry(millis(6)));
        QCOMPARE(rec.events.size(), std::size_t(1));
        QCOMPARE(rec.events[0].at, millis(6));
        QCOMPARE(rec.events[0].activeRequests, qint64(2));
        QCOMPARE(rec.events[0].activeRetries, qint64(1));
        QCOMPARE(rec.events[0].limit, qint64(1));
        QCOMPARE(b.view().activeRetries, qint64(1)); // the refused retry did not start
        b.listeners().unsubscribe(&rec);
    }

    void finishingMoreThanStartedIsIgnored() {
        RetryBudget b(RetryBudgetConfig{});
        b.onRetryFinished();
        b.onRequestFinished();
        QCOMPARE(b.view().activeRequests, qint64(0));
        QCOMPARE(b.view().activeRetries, qint64(0));
        b.onRetryStarted();
        b.onRequestFinished(); // only a retry is active: a first attempt cannot finish
        QCOMPARE(b.view().activeRequests, qint64(1));
    }

    void reconfigureKeepsCounters() {
        RetryBudget b(RetryBudgetConfig{});
        for (int i = 0; i < 50; ++i)
            b.onRequestStarted();
        QCOMPARE(b.limit(), qint64(10));
        b.reconfigure({50.0, 3});
        QCOMPARE(b.limit(), qint64(25));
        QCOMPARE(b.view().activeRequests, qint64(50));
        QVERIFY_THROWS_EXCEPTION(ConfigError, b.reconfigure({150.0, 3}));
        QCOMPARE(b.config().budgetPercent, 50.0);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<double>("percent");
        QTest::addColumn<int>("minimum");
        QTest::addColumn<QString>("message");
        QTest::newRow("percent above 100")
            << 120.0 << 3 << QStringLiteral("budget_percent: must be in [0, 100], got 120");
        QTest::newRow("percent negative")
            << -1.0 << 3 << QStringLiteral("budget_percent: must be in [0, 100], got -1");
        QTest::newRow("minimum negative")
            << 20.0 << -2 << QStringLiteral("min_retry_concurrency: must be in [0, 100000], got -2");
    }
    void configErrorsNameTheField() {
        QFETCH(double, percent);
        QFETCH(int, minimum);
        QFETCH(QString, message);
        try {
            RetryBudget b({percent, minimum});
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // Property: random traces of first attempts and retries starting and finishing; the naive model keeps
    // a list of every request in flight (true = a retry) and recomputes the limit from scratch.
    void propertyMatchesInFlightList() {
        Random gen(99);
        for (int trial = 0; trial < 200; ++trial) {
            const RetryBudgetConfig c{gen.uniform01() * 60.0, static_cast<std::int32_t>(gen.below(6))};
            RetryBudget b(c);
            std::vector<bool> inFlight;
            for (int step = 0; step < 2000; ++step) {
                const auto op = gen.below(4);
                if (op == 0) {
                    b.onRequestStarted();
                    inFlight.push_back(false);
                } else if (op == 1) {
                    // Try a retry: allowed iff retries < max(min, floor(percent/100 * in flight)).
                    long long retries = std::count(inFlight.begin(), inFlight.end(), true);
                    const double share = c.budgetPercent / 100.0 * static_cast<double>(inFlight.size());
                    const long long limit =
                        std::max<long long>(c.minRetryConcurrency, static_cast<long long>(share));
                    const bool allowed = retries < limit;
                    QCOMPARE(b.tryStartRetry(millis(step)), allowed);
                    if (allowed) inFlight.push_back(true);
                } else if (!inFlight.empty()) {
                    // Something finishes: a random one of those in flight.
                    const auto i = static_cast<std::size_t>(gen.below(inFlight.size()));
                    if (inFlight[i])
                        b.onRetryFinished();
                    else
                        b.onRequestFinished();
                    inFlight.erase(inFlight.begin() + static_cast<std::ptrdiff_t>(i));
                }
                QCOMPARE(b.view().activeRequests, static_cast<qint64>(inFlight.size()));
                QCOMPARE(b.view().activeRetries,
                         static_cast<qint64>(std::count(inFlight.begin(), inFlight.end(), true)));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestRetryBudget)
#include "tst_retry_budget.moc"
