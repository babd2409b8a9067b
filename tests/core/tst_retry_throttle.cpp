// RetryThrottle (gRPC A6): tokens start full, -1 per failure, +token_ratio per success, retries only
// while tokens > max/2; thousandths of a token; events; reconfigure; config errors; property test.
#include "core/common/random.h"
#include "core/primitives/retry.h"
#include "core/primitives/retry_throttle.h"

#include <QtTest>

#include <vector>

using namespace rl;

namespace {
struct Recorder : EventListener<RetryThrottleEvent> {
    std::vector<RetryThrottleEvent> events;
    void onEvent(const RetryThrottleEvent& e) override { events.push_back(e); }
};
} // namespace

class TestRetryThrottle : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreGrpcs() {
        const RetryThrottleConfig c;
        QCOMPARE(c.maxTokens, 10);
        QCOMPARE(c.tokenRatio, 0.1);
        const RetryThrottle t(c);
        QCOMPARE(t.tokens(), 10.0); // starts full
        QVERIFY(t.canRetry());
    }

    void failuresDrainAndRetriesStopAtHalf() {
        RetryThrottle t(RetryThrottleConfig{});
        for (int i = 1; i <= 4; ++i) {
            t.onFailure(millis(i)); // 9, 8, 7, 6 tokens: still > 5
            QVERIFY(t.canRetry());
        }
        t.onFailure(millis(5)); // 5 tokens: exactly half is not enough
        QCOMPARE(t.tokens(), 5.0);
        QVERIFY(!t.canRetry());
        t.onSuccess(millis(6)); // 5.1 > 5: allowed again
        QCOMPARE(t.tokens(), 5.1);
        QVERIFY(t.canRetry());
    }

    void tokensStayWithinZeroAndMax() {
        RetryThrottle t(RetryThrottleConfig{});
        for (int i = 0; i < 30; ++i)
            t.onFailure({});
        QCOMPARE(t.tokens(), 0.0);
        for (int i = 0; i < 1000; ++i)
            t.onSuccess({});
        QCOMPARE(t.tokens(), 10.0);
    }

    void thousandthsDoNotDrift() {
        // 0.1 added 50 times is exactly 5 tokens here (in doubles it would be 4.999999...).
        RetryThrottle t({10, 0.1});
        for (int i = 0; i < 10; ++i)
            t.onFailure({});
        QCOMPARE(t.tokens(), 0.0);
        for (int i = 0; i < 50; ++i)
            t.onSuccess({});
        QCOMPARE(t.tokens(), 5.0);
        QVERIFY(!t.canRetry());
        t.onSuccess({});
        QVERIFY(t.canRetry());
    }

    void throttlingChangesAreEvents() {
        RetryThrottle t({4, 0.5});
        Recorder rec;
        t.listeners().subscribe(&rec);
        t.onFailure(millis(1)); // 3
        t.onFailure(millis(2)); // 2: throttled
        t.onFailure(millis(3)); // 1: still throttled, no event
        t.onSuccess(millis(4)); // 1.5
        t.onSuccess(millis(5)); // 2
        t.onSuccess(millis(6)); // 2.5: allowed
        QCOMPARE(rec.events.size(), std::size_t(2));
        QCOMPARE(rec.events[0].at, millis(2));
        QVERIFY(rec.events[0].throttling);
        QCOMPARE(rec.events[0].tokens, 2.0);
        QCOMPARE(rec.events[1].at, millis(6));
        QVERIFY(!rec.events[1].throttling);
        t.listeners().unsubscribe(&rec);
    }

    void reconfigureKeepsTheFillFraction() {
        RetryThrottle t({10, 0.1});
        for (int i = 0; i < 3; ++i)
            t.onFailure({}); // 7 of 10
        t.reconfigure({100, 1.0}, {});
        QCOMPARE(t.tokens(), 70.0);
        QCOMPARE(t.view().threshold, 50.0);
        t.onSuccess({});
        QCOMPARE(t.tokens(), 71.0);
        QVERIFY_THROWS_EXCEPTION(ConfigError, t.reconfigure({0, 1.0}, {}));
        QCOMPARE(t.config().maxTokens, 100);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("maxTokens");
        QTest::addColumn<double>("ratio");
        QTest::addColumn<QString>("message");
        QTest::newRow("max 0") << 0 << 0.1 << QStringLiteral("max_tokens: must be in [1, 1000], got 0");
        QTest::newRow("max 1001") << 1001 << 0.1
                                  << QStringLiteral("max_tokens: must be in [1, 1000], got 1001");
        QTest::newRow("ratio 0") << 10 << 0.0
                                 << QStringLiteral("token_ratio: must be in [0.001, 1000], got 0");
    }
    void configErrorsNameTheField() {
        QFETCH(int, maxTokens);
        QFETCH(double, ratio);
        QFETCH(QString, message);
        try {
            RetryThrottle t({maxTokens, ratio});
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // Brooker, "Fixing retries with token buckets": at a 50 % failure rate, 3 plain retries cost 1.87x
    // load; with the throttle gating the policy (budgetAllows), retries stop once the bucket is at half
    // and load falls close to 1x, each refusal reported as budget_exhausted.
    void throttleGatesARetryPolicy() {
        RetryConfig rc;
        rc.maxAttempts = 4;
        rc.backoff.jitter = JitterKind::None;
        const RetryPolicy policy(rc);
        Random faults(21), jitter(22);
        auto run = [&](bool throttled, long long& budgetRefusals) {
            RetryThrottle throttle(RetryThrottleConfig{});
            long long attempts = 0;
            const int requests = 20000;
            for (int i = 0; i < requests; ++i) {
                RetryState s;
                for (;;) {
                    ++s.attempts;
                    ++attempts;
                    const bool failed = faults.bernoulli(0.5);
                    if (failed)
                        throttle.onFailure({});
                    else
                        throttle.onSuccess({});
                    const RetryDecision d =
                        policy.decide(s, failed ? Outcome::Error : Outcome::Success, {}, jitter, {}, kNoLimit,
                                      !throttled || throttle.canRetry());
                    if (d.verdict == RetryVerdict::BudgetExhausted) ++budgetRefusals;
                    if (!d.retry()) break;
                }
            }
            return static_cast<double>(attempts) / requests;
        };
        long long refusalsPlain = 0, refusalsThrottled = 0;
        const double plain = run(false, refusalsPlain);
        const double throttledLoad = run(true, refusalsThrottled);
        QVERIFY2(std::fabs(plain - 1.875) < 0.03, qPrintable(QString::number(plain)));
        QVERIFY2(throttledLoad < 1.1, qPrintable(QString::number(throttledLoad)));
        QCOMPARE(refusalsPlain, 0LL);
        QVERIFY(refusalsThrottled > 5000);
    }

    // Property: random success/failure traces against a model counting whole thousandths in a plain
    // integer, the threshold compared as tokens > max/2.
    void propertyMatchesIntegerModel() {
        Random gen(5150);
        for (int trial = 0; trial < 300; ++trial) {
            const RetryThrottleConfig c{static_cast<std::int32_t>(1 + gen.below(50)),
                                        static_cast<double>(1 + gen.below(2000)) / 1000.0};
            RetryThrottle t(c);
            long long milli = c.maxTokens * 1000LL;
            const long long ratio = static_cast<long long>(std::llround(c.tokenRatio * 1000));
            const double failureRate = gen.uniform01();
            for (int step = 0; step < 1000; ++step) {
                if (gen.bernoulli(failureRate)) {
                    t.onFailure({});
                    milli = std::max(0LL, milli - 1000);
                } else {
                    t.onSuccess({});
                    milli = std::min(c.maxTokens * 1000LL, milli + ratio);
                }
                QCOMPARE(t.tokens(), static_cast<double>(milli) / 1000.0);
                QCOMPARE(t.canRetry(), static_cast<double>(milli) / 1000.0 > c.maxTokens / 2.0);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestRetryThrottle)
#include "tst_retry_throttle.moc"
