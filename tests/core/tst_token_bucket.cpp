// TokenBucket (folly-style, integer "empty at" time): starts full, exact retryAfter, never admits a cost
// above the burst, ignores time going backwards, and conforms to burst + rate * T on random traces.
#include "core/common/random.h"
#include "core/primitives/token_bucket.h"

#include <QtTest>

#include <cmath>
#include <deque>

using namespace rl;

namespace {
// A naive model of the same (quantised) bucket: a cost c is ceil(c / rate) ns of refill, the capacity
// ceil(burst / rate) ns. A call is admitted iff for EVERY earlier origin s (the start or an admission
// time), the refill time consumed since s plus this cost fits in capacity + (now - s). This is the
// classic min-plus formula of a bucket's level, checked against every admission ever made.
struct NaiveBucket {
    double rate, burst;
    std::int64_t capacityNs;
    std::int64_t start;
    std::deque<std::pair<std::int64_t, std::int64_t>> admissions; // (time, cost in ns)

    NaiveBucket(double r, double b, std::int64_t s)
        : rate(r)
        , burst(b)
        , capacityNs(static_cast<std::int64_t>(std::ceil(b * 1e9 / r)))
        , start(s) {}
    std::int64_t costNs(double c) const { return static_cast<std::int64_t>(std::ceil(c * 1e9 / rate)); }

    // How long until `cost` fits (<= 0: it fits now).
    std::int64_t shortfall(std::int64_t now, double cost) const {
        const std::int64_t need = costNs(cost);
        std::int64_t worst = need - capacityNs; // origin s = now: only the capacity counts
        auto consider = [&](std::int64_t s) {
            std::int64_t used = 0;
            for (const auto& [t, c] : admissions)
                if (t >= s) used += c;
            worst = std::max(worst, used + need - capacityNs - (now - s));
        };
        consider(start);
        for (const auto& a : admissions)
            consider(a.first);
        return worst;
    }
    RateDecision tryAcquire(std::int64_t now, double cost) {
        if (cost > burst) return {false, kNoLimit};
        const std::int64_t wait = shortfall(now, cost);
        if (wait <= 0) {
            admissions.emplace_back(now, costNs(cost));
            return {true, Duration{0}};
        }
        return {false, Duration(wait)};
    }
};
} // namespace

class TestTokenBucket : public QObject {
    Q_OBJECT
private slots:
    void startsFullAndRefillsAtRate() {
        TokenBucket bucket(2.0, 5.0, seconds(10)); // 2 tokens/s, 5 stored, full at t = 10 s
        QCOMPARE(bucket.tokens(seconds(10)), 5.0);
        for (int i = 0; i < 5; ++i) // calls 1-5 at t=10 s take the full burst
            QVERIFY(bucket.tryAcquire(seconds(10)).permitted);
        const RateDecision sixth = bucket.tryAcquire(seconds(10)); // call 6: empty
        QVERIFY(!sixth.permitted);
        QCOMPARE(sixth.retryAfter, millis(500)); // one token at 2/s
        QCOMPARE(bucket.tokens(seconds(10)), 0.0);
        QCOMPARE(bucket.tokens(seconds(11)), 2.0);                       // 1 s later: 2 tokens
        QCOMPARE(bucket.tokens(seconds(100)), 5.0);                      // never above the burst
        QVERIFY(bucket.tryAcquire(seconds(10) + millis(500)).permitted); // t=10.5 s: one token back
    }

    void retryAfterIsExact_data() {
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("burst");
        QTest::addColumn<double>("cost");
        QTest::newRow("1/s, burst 1, cost 1") << 1.0 << 1.0 << 1.0;
        QTest::newRow("3/s (non-integer ns per token)") << 3.0 << 2.0 << 1.0;
        QTest::newRow("7.5/s, burst 10, cost 2.5") << 7.5 << 10.0 << 2.5;
        QTest::newRow("1000/s, burst 50, cost 50") << 1000.0 << 50.0 << 50.0;
        QTest::newRow("0.1/s, burst 1, cost 0.3") << 0.1 << 1.0 << 0.3;
        QTest::newRow("1e6/s, burst 1000, cost 7") << 1e6 << 1000.0 << 7.0;
    }
    void retryAfterIsExact() {
        QFETCH(double, rate);
        QFETCH(double, burst);
        QFETCH(double, cost);
        TokenBucket bucket(rate, burst, TimePoint{0});
        // Drain: take costs until one is rejected, at t = 1 ms.
        const TimePoint now = millis(1);
        RateDecision d{true, Duration{0}};
        for (int i = 0; i < 100000 && d.permitted; ++i)
            d = bucket.tryAcquire(now, cost);
        QVERIFY(!d.permitted);
        QVERIFY(d.retryAfter > Duration{0} && d.retryAfter != kNoLimit);
        TokenBucket early = bucket;
        QVERIFY2(!early.tryAcquire(now + d.retryAfter - Duration(1), cost).permitted, "1 ns early passes");
        QVERIFY2(bucket.tryAcquire(now + d.retryAfter, cost).permitted, "at now + retryAfter it fails");
    }

    void costAboveBurstIsNeverAdmitted() {
        TokenBucket bucket(10.0, 3.0, TimePoint{0});
        const RateDecision d = bucket.tryAcquire(seconds(1000), 3.5); // full bucket, cost 3.5 > burst 3
        QVERIFY(!d.permitted);
        QCOMPARE(d.retryAfter, kNoLimit);
        QCOMPARE(bucket.tokens(seconds(1000)), 3.0);              // nothing taken
        QVERIFY(bucket.tryAcquire(seconds(1000), 3.0).permitted); // exactly the burst passes
        QVERIFY(bucket.tryAcquire(seconds(1000), 0.0).permitted); // a zero cost always passes
    }

    void timeGoingBackwardsHasNoEffect() {
        TokenBucket bucket(1.0, 2.0, TimePoint{0});
        QVERIFY(bucket.tryAcquire(seconds(10)).permitted); // t=10 s: 2 -> 1
        QVERIFY(bucket.tryAcquire(seconds(10)).permitted); // 1 -> 0
        // t=5 s (backwards): treated as t=10 s: still empty, no refill, no penalty
        const RateDecision back = bucket.tryAcquire(seconds(5));
        QVERIFY(!back.permitted);
        QCOMPARE(back.retryAfter, seconds(6)); // measured from 5 s to the token at 11 s
        QCOMPARE(bucket.tokens(seconds(5)), 0.0);
        QVERIFY(bucket.tryAcquire(seconds(11)).permitted); // the token of 10..11 s is still there
    }

    void reconfigureKeepsTokensCappedToNewBurst() {
        TokenBucket bucket(1.0, 10.0, TimePoint{0});
        QVERIFY(bucket.tryAcquire(TimePoint{0}, 4.0).permitted); // 10 -> 6
        bucket.reconfigure(2.0, 8.0, TimePoint{0});              // keeps 6 (below the new burst 8)
        QVERIFY(std::fabs(bucket.tokens(TimePoint{0}) - 6.0) < 1e-9);
        QCOMPARE(bucket.tokens(seconds(1)), 8.0); // +2/s, capped at 8
        bucket.reconfigure(1.0, 3.0, seconds(1)); // 8 stored, new burst 3: capped
        QCOMPARE(bucket.tokens(seconds(1)), 3.0);
        QVERIFY(bucket.tryAcquire(seconds(1), 3.0).permitted);
        QVERIFY(!bucket.tryAcquire(seconds(1), 1.0).permitted);
        QVERIFY(bucket.tryAcquire(seconds(2), 1.0).permitted); // refills at the new 1/s
    }

    void tinyRateDoesNotOverflow() {
        // Refill time of the burst far beyond int64 ns: durations saturate at 2^62 ns instead of
        // wrapping (a wrapped value would make the bucket admit everything or nothing).
        TokenBucket bucket(1e-12, 1e9, TimePoint{0});
        QCOMPARE(bucket.tokens(TimePoint{0}), 1e9);
        QVERIFY(bucket.tryAcquire(TimePoint{0}, 1.0).permitted);
        const RateDecision next = bucket.tryAcquire(seconds(1), 1.0);
        QVERIFY(!next.permitted);
        QVERIFY(next.retryAfter > seconds(1000000));
        QVERIFY(bucket.tokens(seconds(1)) >= 0.0);
    }

    // Property: decisions and retryAfter equal the naive min-plus model's on thousands of random calls,
    // and the admitted cost in ANY interval [t1, t2] between admissions is <= burst + rate * (t2 - t1).
    void matchesNaiveModelAndConformsOnRandomTraces() {
        Random rng(20261126);
        const double rates[] = {1.0, 3.0, 7.5, 100.0, 1000.0, 0.25};
        const double bursts[] = {1.0, 2.5, 10.0, 40.0};
        int admittedTotal = 0, rejectedTotal = 0;
        for (int trace = 0; trace < 200; ++trace) {
            const double rate = rates[rng.below(6)];
            const double burst = bursts[rng.below(4)];
            const std::int64_t start = static_cast<std::int64_t>(rng.below(1000000));
            TokenBucket bucket(rate, burst, TimePoint(start));
            NaiveBucket model(rate, burst, start);
            const double meanGapNs = 1e9 / rate * 0.6; // offered a bit above the rate
            std::int64_t now = start;
            std::vector<std::pair<std::int64_t, double>> admitted;
            for (int call = 0; call < 150; ++call) {
                const int gapKind = static_cast<int>(rng.below(4));
                now += gapKind == 0 ? 0 : static_cast<std::int64_t>(rng.exponential(meanGapNs));
                const double costs[] = {1.0, 1.0, 2.0, 0.5, burst, burst + 0.5};
                const double cost = costs[rng.below(6)];
                const RateDecision got = bucket.tryAcquire(TimePoint(now), cost);
                const RateDecision want = model.tryAcquire(now, cost);
                if (got.permitted != want.permitted || got.retryAfter != want.retryAfter)
                    QFAIL(qPrintable(QStringLiteral("trace %1 call %2 (rate %3, burst %4, cost %5, t %6 ns): "
                                                    "got %7/%8 want %9/%10")
                                         .arg(trace)
                                         .arg(call)
                                         .arg(rate)
                                         .arg(burst)
                                         .arg(cost)
                                         .arg(now)
                                         .arg(got.permitted)
                                         .arg(got.retryAfter.count())
                                         .arg(want.permitted)
                                         .arg(want.retryAfter.count())));
                if (got.permitted) {
                    admitted.emplace_back(now, cost);
                    ++admittedTotal;
                } else {
                    ++rejectedTotal;
                }
            }
            for (std::size_t i = 0; i < admitted.size(); ++i) {
                double sum = 0;
                for (std::size_t j = i; j < admitted.size(); ++j) {
                    sum += admitted[j].second;
                    const double t = static_cast<double>(admitted[j].first - admitted[i].first) / 1e9;
                    QVERIFY2(
                        sum <= burst + rate * t + 1e-6,
                        qPrintable(QStringLiteral("trace %1: %2 admitted in %3 s > burst %4 + rate %5 * T")
                                       .arg(trace)
                                       .arg(sum)
                                       .arg(t)
                                       .arg(burst)
                                       .arg(rate)));
                }
            }
        }
        QVERIFY(admittedTotal > 5000 && rejectedTotal > 5000); // the traces exercised both answers
    }
};

QTEST_APPLESS_MAIN(TestTokenBucket)
#include "tst_token_bucket.moc"
