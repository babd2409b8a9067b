// RetryPolicy: what is retried, attempt counting, Retry-After, deadlines, budgets, events, config errors,
// and a property test replaying random requests against a naive reference model.
#include "core/primitives/retry.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace rl;

Q_DECLARE_METATYPE(rl::Outcome)
Q_DECLARE_METATYPE(rl::RetryVerdict)

namespace {
// Exponential 100 ms x2, cap 10 s, no jitter: delays 100, 200, 400 ... ms are exact.
RetryConfig plainConfig(std::int32_t maxAttempts = 3) {
    RetryConfig c;
    c.maxAttempts = maxAttempts;
    c.backoff.kind = BackoffKind::Exponential;
    c.backoff.base = millis(100);
    c.backoff.multiplier = 2.0;
    c.backoff.max = seconds(10);
    c.backoff.jitter = JitterKind::None;
    return c;
}

struct Recorder : EventListener<RetryEvent> {
    std::vector<RetryEvent> events;
    void onEvent(const RetryEvent& e) override { events.push_back(e); }
};
} // namespace

class TestRetry : public QObject {
    Q_OBJECT

private slots:
    void defaultRetryOn_data() {
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<RetryVerdict>("verdict");
        QTest::newRow("timeout retried") << Outcome::Timeout << RetryVerdict::Retry;
        QTest::newRow("error retried") << Outcome::Error << RetryVerdict::Retry;
        QTest::newRow("rate_limited retried") << Outcome::RateLimited << RetryVerdict::Retry;
        QTest::newRow("shed retried") << Outcome::Shed << RetryVerdict::Retry;
        QTest::newRow("rejected retried") << Outcome::Rejected << RetryVerdict::Retry;
        QTest::newRow("client_error never") << Outcome::ClientError << RetryVerdict::NotRetryable;
        QTest::newRow("circuit_open not by default") << Outcome::CircuitOpen << RetryVerdict::NotRetryable;
        QTest::newRow("bulkhead_full not by default") << Outcome::BulkheadFull << RetryVerdict::NotRetryable;
        QTest::newRow("success: nothing to retry") << Outcome::Success << RetryVerdict::NotRetryable;
        QTest::newRow("degraded: nothing to retry") << Outcome::Degraded << RetryVerdict::NotRetryable;
    }
    void defaultRetryOn() {
        QFETCH(Outcome, outcome);
        QFETCH(RetryVerdict, verdict);
        const RetryPolicy policy(RetryConfig{}); // the defaults, as a scenario without retry_on gets them
        Random rng(1);
        RetryState state{1, Duration::zero()}; // attempt 1 just ended
        const RetryDecision d = policy.decide(state, outcome, Duration::zero(), rng);
        QCOMPARE(d.verdict, verdict);
        QCOMPARE(d.retry(), verdict == RetryVerdict::Retry);
        if (!d.retry()) QCOMPARE(d.delay, Duration::zero());
    }

    void retryOnCanAddLocalRejections() {
        RetryConfig c = plainConfig();
        c.retryOn.insert(Outcome::CircuitOpen);
        c.retryOn.erase(Outcome::Timeout);
        const RetryPolicy policy(c);
        Random rng(1);
        RetryState s{1, {}};
        QCOMPARE(policy.decide(s, Outcome::CircuitOpen, {}, rng).verdict, RetryVerdict::Retry);
        RetryState s2{1, {}};
        QCOMPARE(policy.decide(s2, Outcome::Timeout, {}, rng).verdict, RetryVerdict::NotRetryable);
    }

    void clientErrorIsNeverRetriedEvenIfListed() {
        RetryConfig c = plainConfig();
        c.retryOn.insert(Outcome::ClientError); // accepted by the config, ignored by the policy
        const RetryPolicy policy(c);
        Random rng(1);
        RetryState s{1, {}};
        QCOMPARE(policy.decide(s, Outcome::ClientError, {}, rng).verdict, RetryVerdict::NotRetryable);
        QVERIFY(!policy.isRetryable(Outcome::ClientError));
    }

    void attemptsCountTheFirstOne() {
        // max_attempts 3: the first attempt and two retries.
        const RetryPolicy policy(plainConfig(3));
        Random rng(1);
        RetryState s;
        s.attempts = 1; // attempt 1 fails -> retry after 100 ms
        RetryDecision d = policy.decide(s, Outcome::Error, millis(0), rng);
        QCOMPARE(d.verdict, RetryVerdict::Retry);
        QCOMPARE(d.delay, millis(100));
        QCOMPARE(s.previousDelay, millis(100));
        s.attempts = 2; // attempt 2 times out -> retry after 200 ms
        d = policy.decide(s, Outcome::Timeout, millis(150), rng);
        QCOMPARE(d.verdict, RetryVerdict::Retry);
        QCOMPARE(d.delay, millis(200));
        s.attempts = 3; // attempt 3 fails -> no attempts left
        d = policy.decide(s, Outcome::Error, millis(400), rng);
        QCOMPARE(d.verdict, RetryVerdict::AttemptsExhausted);
        QCOMPARE(d.delay, Duration::zero());
        QCOMPARE(s.previousDelay, millis(200)); // unchanged by a refusal
    }

    void maxAttemptsOneNeverRetries() {
        const RetryPolicy policy(plainConfig(1));
        Random rng(1);
        RetryState s{1, {}};
        QCOMPARE(policy.decide(s, Outcome::Timeout, {}, rng).verdict, RetryVerdict::AttemptsExhausted);
    }

    void retryAfterRaisesTheDelay_data() {
        QTest::addColumn<qint64>("retryAfterMs");
        QTest::addColumn<qint64>("delayMs");
        QTest::newRow("none: backoff 100") << qint64(0) << qint64(100);
        QTest::newRow("shorter than backoff: backoff 100") << qint64(50) << qint64(100);
        QTest::newRow("longer: waits 2000") << qint64(2000) << qint64(2000);
    }
    void retryAfterRaisesTheDelay() {
        QFETCH(qint64, retryAfterMs);
        QFETCH(qint64, delayMs);
        const RetryPolicy policy(plainConfig());
        Random rng(1);
        RetryState s{1, {}};
        const RetryDecision d = policy.decide(s, Outcome::RateLimited, {}, rng, millis(retryAfterMs));
        QCOMPARE(d.verdict, RetryVerdict::Retry);
        QCOMPARE(d.delay, millis(delayMs));
        QCOMPARE(s.previousDelay, millis(delayMs));
    }

    void retryAfterTooLongStopsRetrying() {
        RetryConfig c = plainConfig();
        c.maxRetryAfter = seconds(1);
        const RetryPolicy policy(c);
        Random rng(1);
        RetryState s{1, {}};
        // Exactly the limit is still waited for.
        QCOMPARE(policy.decide(s, Outcome::RateLimited, {}, rng, seconds(1)).delay, seconds(1));
        RetryState s2{1, {}};
        QCOMPARE(policy.decide(s2, Outcome::RateLimited, {}, rng, millis(1001)).verdict,
                 RetryVerdict::RetryAfterTooLong);
    }

    void retryAfterIgnoredWhenNotHonoured() {
        RetryConfig c = plainConfig();
        c.honorRetryAfter = false;
        c.maxRetryAfter = seconds(1);
        const RetryPolicy policy(c);
        Random rng(1);
        RetryState s{1, {}};
        const RetryDecision d = policy.decide(s, Outcome::RateLimited, {}, rng, seconds(60));
        QCOMPARE(d.verdict, RetryVerdict::Retry); // neither too long nor waited for
        QCOMPARE(d.delay, millis(100));
    }

    void deadlineExhaustedBeforeARetry_data() {
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<qint64>("deadlineMs");
        QTest::addColumn<RetryVerdict>("verdict");
        // Backoff before retry 1 is 100 ms.
        QTest::newRow("wait ends before the deadline") << qint64(0) << qint64(101) << RetryVerdict::Retry;
        QTest::newRow("wait ends AT the deadline")
            << qint64(0) << qint64(100) << RetryVerdict::DeadlineExceeded;
        QTest::newRow("wait ends after it") << qint64(950) << qint64(1000) << RetryVerdict::DeadlineExceeded;
        QTest::newRow("deadline already passed")
            << qint64(2000) << qint64(1000) << RetryVerdict::DeadlineExceeded;
    }
    void deadlineExhaustedBeforeARetry() {
        QFETCH(qint64, nowMs);
        QFETCH(qint64, deadlineMs);
        QFETCH(RetryVerdict, verdict);
        const RetryPolicy policy(plainConfig());
        Random rng(1);
        RetryState s{1, {}};
        QCOMPARE(policy.decide(s, Outcome::Timeout, millis(nowMs), rng, {}, millis(deadlineMs)).verdict,
                 verdict);
    }

    void retryAfterCountsAgainstTheDeadline() {
        const RetryPolicy policy(plainConfig());
        Random rng(1);
        RetryState s{1, {}};
        // Backoff alone (100 ms) would fit before the deadline at 1 s; the server's 2 s pushback does not.
        QCOMPARE(policy.decide(s, Outcome::RateLimited, {}, rng, seconds(2), seconds(1)).verdict,
                 RetryVerdict::DeadlineExceeded);
    }

    void budgetIsConsultedLast() {
        const RetryPolicy policy(plainConfig(2));
        Random rng(1);
        RetryState s{1, {}};
        QCOMPARE(policy.decide(s, Outcome::Error, {}, rng, {}, kNoLimit, false).verdict,
                 RetryVerdict::BudgetExhausted);
        QCOMPARE(s.previousDelay, Duration::zero());
        // Other reasons win over the budget: the budget is only blamed for retries it alone stopped.
        QCOMPARE(policy.decide(s, Outcome::ClientError, {}, rng, {}, kNoLimit, false).verdict,
                 RetryVerdict::NotRetryable);
        QCOMPARE(policy.decide(s, Outcome::Error, {}, rng, {}, millis(50), false).verdict,
                 RetryVerdict::DeadlineExceeded);
        s.attempts = 2;
        QCOMPARE(policy.decide(s, Outcome::Error, {}, rng, {}, kNoLimit, false).verdict,
                 RetryVerdict::AttemptsExhausted);
    }

    void attemptsExhaustedWinsOverRetryAfterTooLong() {
        RetryConfig c = plainConfig(2);
        c.maxRetryAfter = seconds(1);
        const RetryPolicy policy(c);
        Random rng(1);
        RetryState s{2, {}};
        QCOMPARE(policy.decide(s, Outcome::RateLimited, {}, rng, seconds(5)).verdict,
                 RetryVerdict::AttemptsExhausted);
    }

    void decorrelatedJitterGrowsFromThePreviousDelay() {
        RetryConfig c = plainConfig(10);
        c.backoff.jitter = JitterKind::Decorrelated;
        const RetryPolicy policy(c);
        Random rng(17);
        RetryState s;
        for (std::int32_t attempt = 1; attempt < 10; ++attempt) {
            s.attempts = attempt;
            const Duration prev = std::max(s.previousDelay, millis(100));
            const RetryDecision d = policy.decide(s, Outcome::Error, {}, rng);
            QVERIFY(d.retry());
            QVERIFY(d.delay >= millis(100) && d.delay <= 3 * prev);
            QCOMPARE(s.previousDelay, d.delay);
        }
    }

    // Against independent failures with probability p, N retries give success 1 - p^(N+1)
    // at a load of (1 - p^(N+1)) / (1 - p) attempts per request (Brooker: p = 0.5, 3 retries -> 0.94
    // at 1.87x). Monte Carlo over 200k requests driven by the policy alone.
    void amplificationMatchesTheory_data() {
        QTest::addColumn<double>("p");
        QTest::addColumn<int>("maxAttempts");
        QTest::newRow("p 0.5, 3 retries (Brooker: 0.94 at 1.87x)") << 0.5 << 4;
        QTest::newRow("p 0.1, 2 retries") << 0.1 << 3;
        QTest::newRow("p 0.9, 4 retries") << 0.9 << 5;
        QTest::newRow("no retries") << 0.3 << 1;
    }
    void amplificationMatchesTheory() {
        QFETCH(double, p);
        QFETCH(int, maxAttempts);
        const RetryPolicy policy(plainConfig(maxAttempts));
        Random faults(11), jitter(12);
        const int requests = 200000;
        long long attempts = 0, successes = 0;
        for (int i = 0; i < requests; ++i) {
            RetryState s;
            for (;;) {
                ++s.attempts;
                ++attempts;
                const Outcome o = faults.bernoulli(p) ? Outcome::Error : Outcome::Success;
                if (o == Outcome::Success) ++successes;
                if (!policy.decide(s, o, {}, jitter).retry()) break;
            }
        }
        const double pAll = std::pow(p, maxAttempts);
        const double success = static_cast<double>(successes) / requests;
        const double load = static_cast<double>(attempts) / requests;
        QVERIFY2(std::fabs(success - (1 - pAll)) < 0.005, qPrintable(QString::number(success)));
        QVERIFY2(std::fabs(load - (1 - pAll) / (1 - p)) < 0.01 * (1 - pAll) / (1 - p),
                 qPrintable(QString::number(load)));
    }

    void layeredRetriesMultiply() {
        // 3 attempts at each of 3 layers against a dependency that always fails: 27 calls reach it.
        const RetryPolicy policy(plainConfig(3));
        Random rng(1);
        long long leafCalls = 0;
        auto callLayer = [&](auto&& self, int layer) -> Outcome {
            RetryState s;
            for (;;) {
                ++s.attempts;
                Outcome o = Outcome::Error;
                if (layer == 0)
                    ++leafCalls;
                else
                    o = self(self, layer - 1);
                if (!policy.decide(s, o, {}, rng).retry()) return o;
            }
        };
        QCOMPARE(callLayer(callLayer, 2), Outcome::Error);
        QCOMPARE(leafCalls, 27LL);
    }

    void everyDecisionIsAnEvent() {
        RetryPolicy policy(plainConfig(2));
        Recorder rec;
        policy.listeners().subscribe(&rec);
        Random rng(1);
        RetryState s{1, {}};
        policy.decide(s, Outcome::Timeout, millis(10), rng);
        s.attempts = 2;
        policy.decide(s, Outcome::Error, millis(200), rng);
        QCOMPARE(rec.events.size(), std::size_t(2));
        QCOMPARE(rec.events[0].at, millis(10));
        QCOMPARE(rec.events[0].attempt, 1);
        QCOMPARE(rec.events[0].outcome, Outcome::Timeout);
        QCOMPARE(rec.events[0].verdict, RetryVerdict::Retry);
        QCOMPARE(rec.events[0].delay, millis(100));
        QCOMPARE(rec.events[1].attempt, 2);
        QCOMPARE(rec.events[1].verdict, RetryVerdict::AttemptsExhausted);
        policy.listeners().unsubscribe(&rec);
    }

    void reconfigureAppliesToTheNextDecision() {
        RetryPolicy policy(plainConfig(2));
        Random rng(1);
        RetryState s{2, {}};
        QCOMPARE(policy.decide(s, Outcome::Error, {}, rng).verdict, RetryVerdict::AttemptsExhausted);
        policy.reconfigure(plainConfig(4)); // the GUI raises max_attempts mid-request
        QCOMPARE(policy.decide(s, Outcome::Error, {}, rng).verdict, RetryVerdict::Retry);
        RetryConfig bad = plainConfig(0);
        QVERIFY_THROWS_EXCEPTION(ConfigError, policy.reconfigure(bad));
        QCOMPARE(policy.config().maxAttempts, 4); // unchanged by a rejected config
    }

    void viewShowsTheNominalSchedule() {
        const RetryPolicy policy(plainConfig(4));
        const RetryPolicy::View v = policy.view();
        QCOMPARE(v.maxAttempts, 4);
        QCOMPARE(v.nominalCount, std::size_t(3));
        QCOMPARE(v.nominalDelays[0], millis(100));
        QCOMPARE(v.nominalDelays[1], millis(200));
        QCOMPARE(v.nominalDelays[2], millis(400));
        QCOMPARE(RetryPolicy(plainConfig(50)).view().nominalCount, RetryPolicy::kViewRetries);
    }

    void verdictNamesRoundTrip() {
        for (std::size_t i = 0; i < kRetryVerdictCount; ++i) {
            const auto v = static_cast<RetryVerdict>(i);
            QCOMPARE(retryVerdictFromName(retryVerdictName(v)), std::optional<RetryVerdict>(v));
        }
        QCOMPARE(retryVerdictName(RetryVerdict::DeadlineExceeded), std::string_view("deadline_exceeded"));
        QVERIFY(!retryVerdictFromName("nope"));
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("max_attempts 0") << 0 << QStringLiteral("max_attempts")
                                        << QStringLiteral("max_attempts: must be in [1, 100], got 0");
        QTest::newRow("retry_on success")
            << 1 << QStringLiteral("retry_on")
            << QStringLiteral("retry_on: must list failure outcomes only, got success or degraded");
        QTest::newRow("max_retry_after 0") << 3 << QStringLiteral("max_retry_after_ms")
                                           << QStringLiteral("max_retry_after_ms: must be > 0, got 0");
        QTest::newRow("backoff multiplier")
            << 4 << QStringLiteral("multiplier") << QStringLiteral("multiplier: must be in [1, 1000], got 0");
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, field);
        QFETCH(QString, message);
        RetryConfig c;
        if (which == 0) c.maxAttempts = 0;
        if (which == 1) c.retryOn.insert(Outcome::Success);
        if (which == 3) c.maxRetryAfter = Duration::zero();
        if (which == 4) c.backoff.multiplier = 0;
        try {
            RetryPolicy p(c);
            QFAIL("expected a ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // Property: thousands of random requests (random configs, outcomes, pushback, deadlines, budget
    // answers) decided by RetryPolicy and by a naive model that restates the rules in order, with its
    // own copy of the random stream; verdicts, delays and the draws consumed must be identical.
    void propertyMatchesReferenceModel() {
        Random gen(4242);
        int retries = 0, verdictsSeen[kRetryVerdictCount] = {};
        for (int request = 0; request < 5000; ++request) {
            RetryConfig c;
            c.maxAttempts = static_cast<std::int32_t>(1 + gen.below(6));
            c.backoff.kind = static_cast<BackoffKind>(gen.below(4));
            c.backoff.jitter = static_cast<JitterKind>(gen.below(5));
            c.backoff.base = millis(static_cast<std::int64_t>(gen.below(100)));
            c.backoff.max = c.backoff.base + millis(static_cast<std::int64_t>(gen.below(2000)));
            c.honorRetryAfter = gen.bernoulli(0.7);
            c.maxRetryAfter =
                gen.bernoulli(0.5) ? kNoLimit : millis(static_cast<std::int64_t>(1 + gen.below(1000)));
            c.retryOn = OutcomeSet{};
            for (Outcome o : {Outcome::Error, Outcome::Timeout, Outcome::RateLimited, Outcome::Shed,
                              Outcome::BulkheadFull, Outcome::CircuitOpen, Outcome::Rejected})
                if (gen.bernoulli(0.6)) c.retryOn.insert(o);
            const RetryPolicy policy(c);
            const Backoff modelBackoff(c.backoff);
            const std::uint64_t seed = gen.next();
            Random rngPolicy(seed), rngModel(seed);

            RetryState state;
            Duration modelPrevious = Duration::zero();
            std::vector<Duration> modelDelays; // every delay the model waited, in order
            TimePoint now = millis(static_cast<std::int64_t>(gen.below(1000)));
            const TimePoint deadline =
                gen.bernoulli(0.3) ? kNoLimit : now + millis(static_cast<std::int64_t>(gen.below(3000)));
            for (std::int32_t attempt = 1; attempt <= 10; ++attempt) {
                state.attempts = attempt;
                now += millis(static_cast<std::int64_t>(gen.below(300))); // the attempt's duration
                const auto outcome = static_cast<Outcome>(gen.below(kOutcomeCount));
                const Duration retryAfter = gen.bernoulli(0.3)
                                                ? millis(static_cast<std::int64_t>(gen.below(1500)))
                                                : Duration::zero();
                const bool budget = gen.bernoulli(0.9);

                // The model: the rules of retry.h, one by one.
                RetryVerdict expected = RetryVerdict::Retry;
                Duration expectedDelay = Duration::zero();
                const bool retryable = outcome != Outcome::Success && outcome != Outcome::Degraded &&
                                       outcome != Outcome::ClientError && c.retryOn.contains(outcome);
                const bool pushback = c.honorRetryAfter && retryAfter > Duration::zero();
                if (!retryable) {
                    expected = RetryVerdict::NotRetryable;
                } else if (attempt >= c.maxAttempts) {
                    expected = RetryVerdict::AttemptsExhausted;
                } else if (pushback && retryAfter > c.maxRetryAfter) {
                    expected = RetryVerdict::RetryAfterTooLong;
                } else {
                    Duration delay = modelBackoff.delay(attempt, modelPrevious, rngModel);
                    if (pushback && retryAfter > delay) delay = retryAfter;
                    if (deadline != kNoLimit && now + delay >= deadline) {
                        expected = RetryVerdict::DeadlineExceeded;
                    } else if (!budget) {
                        expected = RetryVerdict::BudgetExhausted;
                    } else {
                        expectedDelay = delay;
                        modelPrevious = delay;
                        modelDelays.push_back(delay);
                    }
                }

                const RetryDecision got =
                    policy.decide(state, outcome, now, rngPolicy, retryAfter, deadline, budget);
                QCOMPARE(got.verdict, expected);
                QCOMPARE(got.delay, expectedDelay);
                QCOMPARE(state.previousDelay, modelPrevious);
                ++verdictsSeen[static_cast<std::size_t>(got.verdict)];
                if (!got.retry()) break;
                ++retries;
                now += got.delay;
            }
            QCOMPARE(rngPolicy.next(), rngModel.next()); // the same number of draws
        }
        // The traces exercised every verdict, not just the common ones.
        for (std::size_t i = 0; i < kRetryVerdictCount; ++i)
            QVERIFY2(verdictsSeen[i] > 20,
                     qPrintable(QString::fromUtf8(retryVerdictName(static_cast<RetryVerdict>(i)).data())));
        QVERIFY(retries > 1000);
    }
};

QTEST_APPLESS_MAIN(TestRetry)
#include "tst_retry.moc"
