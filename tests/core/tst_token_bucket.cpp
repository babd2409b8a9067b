// TokenBucket (folly-style, integer "empty at" time): starts full, exact retryAfter, never admits a cost
// above the burst, ignores time going backwards, and conforms to burst + rate * T on random traces.
#include "core/common/random.h"
#include "core/primitives/token_bucket.h"

#include <QtTest>

#include <cmath>
#include <deque>

using namespace rl;

namespace {
// A naive, exact model: rate p/q per second, costs and burst in halves, everything in integers. The
// bucket's level at t is min over origins s (the start, or any admission time) of
// burst + rate * (t - s) - (cost admitted at times >= s): the classic min-plus formula, checked against
// every admission ever made (no "empty at" time, no rounding).
std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { // b > 0
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

struct ExactBucket {
    std::int64_t p, q; // rate = p / q tokens per second
    std::int64_t burstHalves;
    std::int64_t start;
    std::deque<std::pair<std::int64_t, std::int64_t>> admissions; // (time ns, cost in halves)

    // Nanoseconds to wait until `costHalves` fits (<= 0: fits now). For each origin s the condition is
    // q * 1e9 * (A + c - B) <= 2 p (t - s), with A, c, B in halves.
    std::int64_t wait(std::int64_t now, std::int64_t costHalves) const {
        const std::int64_t unit = q * 1000000000;
        std::int64_t worst = std::numeric_limits<std::int64_t>::min();
        auto consider = [&](std::int64_t s) {
            std::int64_t a = 0;
            for (const auto& [t, c] : admissions)
                if (t >= s) a += c;
            const std::int64_t need = ceilDiv(unit * (a + costHalves - burstHalves), 2 * p) - (now - s);
            worst = std::max(worst, need);
        };
        consider(start);
        for (const auto& adm : admissions)
            consider(adm.first);
        return worst;
    }
    RateDecision tryAcquire(std::int64_t now, std::int64_t costHalves) {
        if (costHalves > burstHalves) return {false, kNoLimit};
        const std::int64_t w = wait(now, costHalves);
        if (w <= 0) {
            admissions.emplace_back(now, costHalves);
            return {true, Duration{0}};
        }
        return {false, Duration(w)};
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

    void fractionalRefillTimesAddUpExactly() {
        // 3 tokens/s: a token is 333333333.33 ns of refill. Rounding each cost to whole ns would make
        // 1 + 1 + 1 (or 1 + 2) overflow a burst of 3 by a nanosecond or two.
        TokenBucket bucket(3.0, 3.0, TimePoint{0});
        QVERIFY(bucket.tryAcquire(TimePoint{0}, 1.0).permitted);
        QVERIFY(bucket.tryAcquire(TimePoint{0}, 2.0).permitted); // exactly the rest of the burst
        QVERIFY(!bucket.tryAcquire(TimePoint{0}, 1.0).permitted);
        // one token back after a third of a second: 333333333.33 ns, so at ns 333333334
        const RateDecision d = bucket.tryAcquire(TimePoint{0}, 1.0);
        QCOMPARE(d.retryAfter, Duration(333333334));
        // 300000 single tokens at exactly the rate: all admitted, none early (no drift)
        // (burst 2, emptied at 0, so the bucket is never full and no refill is lost to the cap)
        TokenBucket steady(3.0, 2.0, TimePoint{0});
        QVERIFY(steady.tryAcquire(TimePoint{0}, 2.0).permitted);
        for (std::int64_t k = 1; k <= 300000; ++k) {
            const std::int64_t due = (k * 1000000000 + 2) / 3; // ceil(k / 3 s) in ns
            if (steady.tryAcquire(Duration(due - 1)).permitted) QFAIL(qPrintable(QString::number(k)));
            if (!steady.tryAcquire(Duration(due)).permitted) QFAIL(qPrintable(QString::number(k)));
        }
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
        struct Rate {
            std::int64_t p, q;
        };
        const Rate rates[] = {{1, 1}, {3, 1}, {15, 2}, {100, 1}, {1000, 1}, {1, 4}, {10, 3}};
        const std::int64_t burstsHalves[] = {2, 5, 6, 20, 80}; // 1, 2.5, 3, 10, 40
        int admittedTotal = 0, rejectedTotal = 0;
        for (int trace = 0; trace < 1000; ++trace) {
            const Rate r = rates[rng.below(7)];
            const double rate = static_cast<double>(r.p) / static_cast<double>(r.q);
            const std::int64_t burstHalves = burstsHalves[rng.below(5)];
            const double burst = static_cast<double>(burstHalves) / 2;
            const std::int64_t start = static_cast<std::int64_t>(rng.below(1000000));
            TokenBucket bucket(rate, burst, TimePoint(start));
            ExactBucket model{r.p, r.q, burstHalves, start, {}};
            const double meanGapNs = 1e9 / rate * 0.6; // offered a bit above the rate
            std::int64_t now = start;
            std::vector<std::pair<std::int64_t, double>> admitted;
            for (int call = 0; call < 60; ++call) {
                const auto gapKind = rng.below(4);
                now += gapKind == 0 ? 0 : static_cast<std::int64_t>(rng.exponential(meanGapNs));
                const std::int64_t costs[] = {2, 2, 4, 1, 6, burstHalves, burstHalves + 1};
                const std::int64_t costHalves = costs[rng.below(7)];
                const double cost = static_cast<double>(costHalves) / 2;
                const RateDecision got = bucket.tryAcquire(TimePoint(now), cost);
                const RateDecision want = model.tryAcquire(now, costHalves);
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
