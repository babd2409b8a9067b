// The circuit breaker's sliding windows on their own: count ring, one-second time buckets, consecutive.
#include "core/primitives/breaker_window.h"

#include <QtTest>

using namespace rl;

namespace {
WindowTotals totals(std::int32_t calls, std::int32_t failures, std::int32_t slow) {
    return {calls, failures, slow};
}
} // namespace

class TestCircuitBreakerWindow : public QObject {
    Q_OBJECT

private slots:
    void rateAtLeastAgreesWithDivision() {
        // Every (failures, calls) pair up to 3000 calls, against thresholds that are not exact binary
        // fractions (0.1, 0.3, 1/3, 0.7 ...): the multiply-first test must decide like the division.
        const double thresholds[] = {0.01, 0.1,       0.2, 0.25, 0.3,  1.0 / 3.0, 0.5,
                                     0.6,  2.0 / 3.0, 0.7, 0.9,  0.99, 1.0};
        std::int64_t checked = 0;
        for (double t : thresholds)
            for (std::int32_t calls = 1; calls <= 3000; ++calls)
                for (std::int32_t part = 0; part <= calls; ++part) {
                    const bool expected = static_cast<double>(part) / static_cast<double>(calls) >= t;
                    if (rateAtLeast(part, calls, t) != expected)
                        QFAIL(qPrintable(
                            QStringLiteral("%1/%2 vs %3").arg(part).arg(calls).arg(t, 0, 'g', 17)));
                    ++checked;
                }
        QVERIFY(checked > 50'000'000);
    }
    void countWindowKeepsLastN() {
        CountWindow w;
        w.resize(3);
        w.record(true, false); // F
        w.record(true, true);  // F slow
        QCOMPARE(w.totals(), totals(2, 2, 1));
        w.record(false, false); // S: full
        QCOMPARE(w.totals(), totals(3, 2, 1));
        w.record(false, true); // S slow: the first F leaves
        QCOMPARE(w.totals(), totals(3, 1, 2));
        w.record(false, false); // the slow F leaves
        QCOMPARE(w.totals(), totals(3, 0, 1));
        w.clear();
        QCOMPARE(w.totals(), totals(0, 0, 0));
        w.record(true, false); // after clear, the ring starts over
        QCOMPARE(w.totals(), totals(1, 1, 0));
    }
    void countWindowOfOne() {
        CountWindow w;
        w.resize(1);
        for (int i = 0; i < 5; ++i) {
            w.record(i % 2 == 0, false);
            QCOMPARE(w.totals(), totals(1, i % 2 == 0 ? 1 : 0, 0));
        }
    }
    void secondsAreFloored() {
        QCOMPARE(TimeWindow::secondOf(Duration(0)), std::int64_t(0));
        QCOMPARE(TimeWindow::secondOf(millis(999)), std::int64_t(0));
        QCOMPARE(TimeWindow::secondOf(millis(1000)), std::int64_t(1));
        QCOMPARE(TimeWindow::secondOf(Duration(-1)), std::int64_t(-1));
        QCOMPARE(TimeWindow::secondOf(millis(-1000)), std::int64_t(-1));
        QCOMPARE(TimeWindow::secondOf(millis(-1001)), std::int64_t(-2));
    }
    void timeWindowBucketsLeaveOnWholeSeconds() {
        TimeWindow w;
        w.resize(3);                         // at second c it holds seconds c-2 .. c
        w.record(millis(100), true, false);  // second 0
        w.record(millis(1500), false, true); // second 1
        w.record(millis(2999), true, true);  // second 2
        QCOMPARE(w.totalsAt(millis(2999)), totals(3, 2, 2));
        QCOMPARE(w.totalsAt(millis(3000)), totals(2, 1, 2)); // second 0 left
        QCOMPARE(w.totalsAt(millis(4000)), totals(1, 1, 1)); // second 1 left
        QCOMPARE(w.totalsAt(millis(5000)), totals(0, 0, 0)); // all gone, without any call
        // totalsAt does not change the window: recording at second 3 drops only second 0.
        w.record(millis(3000), false, false);
        QCOMPARE(w.totalsAt(millis(3000)), totals(3, 1, 2));
    }
    void timeWindowAfterLongIdleGap() {
        TimeWindow w;
        w.resize(10);
        for (int s = 0; s < 10; ++s)
            w.record(seconds(s), true, false); // one failure in each of 10 seconds: ring full
        QCOMPARE(w.totalsAt(seconds(9)), totals(10, 10, 0));
        w.record(seconds(1000), false, false); // 990 s later
        QCOMPARE(w.totalsAt(seconds(1000)), totals(1, 0, 0));
    }
    void timeWindowRingWrapsAcrossManySeconds() {
        TimeWindow w;
        w.resize(4);
        // Two calls per second for 50 seconds: the window always holds the last 4 seconds.
        for (int s = 0; s < 50; ++s) {
            w.record(seconds(s), s % 2 == 0, false);
            w.record(seconds(s) + millis(500), false, false);
            const int n = std::min(s + 1, 4);
            int failures = 0;
            for (int k = s - n + 1; k <= s; ++k)
                failures += k % 2 == 0 ? 1 : 0;
            QCOMPARE(w.totalsAt(seconds(s) + millis(999)), totals(2 * n, failures, 0));
        }
    }
    void timeGoingBackwardsAddsToNewestBucket() {
        TimeWindow w;
        w.resize(2);
        w.record(seconds(5), false, false);
        w.record(seconds(3), true, false); // earlier than second 5: counted in second 5's bucket
        QCOMPARE(w.totalsAt(seconds(6)), totals(2, 1, 0));
        QCOMPARE(w.totalsAt(seconds(7)), totals(0, 0, 0));
    }
    void consecutiveCounter() {
        OutcomeWindow w;
        w.configure(BreakerWindow::Consecutive, 1);
        w.record(seconds(0), true, false);
        w.record(seconds(0), true, false);
        QCOMPARE(w.consecutiveFailures(), 2);
        QCOMPARE(w.totalsAt(seconds(0)), totals(0, 0, 0));
        w.record(seconds(0), false, false);
        QCOMPARE(w.consecutiveFailures(), 0);
    }
    void outcomeWindowDispatchesAndClears() {
        OutcomeWindow w;
        w.configure(BreakerWindow::Count, 2);
        w.record(seconds(0), true, false);
        QCOMPARE(w.totalsAt(seconds(100)), totals(1, 1, 0)); // count windows ignore time
        w.configure(BreakerWindow::Time, 2);
        QCOMPARE(w.totalsAt(seconds(0)), totals(0, 0, 0));
        w.record(seconds(0), true, false);
        QCOMPARE(w.totalsAt(seconds(1)), totals(1, 1, 0));
        QCOMPARE(w.totalsAt(seconds(2)), totals(0, 0, 0));
        w.clear();
        QCOMPARE(w.totalsAt(seconds(0)), totals(0, 0, 0));
    }
    void countWindowCellsAreOldestFirstAndSumToTotals() {
        CountWindow w;
        w.resize(3);
        std::vector<WindowTotals> cells;
        w.cells(cells);
        QVERIFY(cells.empty());
        w.record(true, false);  // F (leaves when the 4th arrives)
        w.record(false, true);  // slow
        w.record(false, false); // ok
        w.record(true, true);   // F slow
        w.cells(cells);
        QCOMPARE(cells.size(), std::size_t{3});
        QCOMPARE(cells[0], totals(1, 0, 1));
        QCOMPARE(cells[1], totals(1, 0, 0));
        QCOMPARE(cells[2], totals(1, 1, 1));
        WindowTotals sum;
        for (const auto& c : cells) {
            sum.calls += c.calls;
            sum.failures += c.failures;
            sum.slow += c.slow;
        }
        QCOMPARE(sum, w.totals());
    }
    void timeWindowCellsHaveOneEntryPerSecondEndingNow() {
        TimeWindow w;
        w.resize(4);
        w.record(TimePoint{std::chrono::milliseconds(1'200)}, true, false);  // second 1
        w.record(TimePoint{std::chrono::milliseconds(1'900)}, false, false); // second 1
        w.record(TimePoint{std::chrono::milliseconds(3'100)}, false, true);  // second 3
        std::vector<WindowTotals> cells;
        // At 4.5 s the window holds seconds 1..4.
        w.cellsAt(TimePoint{std::chrono::milliseconds(4'500)}, cells);
        QCOMPARE(cells.size(), std::size_t{4});
        QCOMPARE(cells[0], totals(2, 1, 0));
        QCOMPARE(cells[1], totals(0, 0, 0));
        QCOMPARE(cells[2], totals(1, 0, 1));
        QCOMPARE(cells[3], totals(0, 0, 0));
        // At 5.0 s second 1 has left: seconds 2..5, and the totals agree.
        const TimePoint later{std::chrono::milliseconds(5'000)};
        w.cellsAt(later, cells);
        QCOMPARE(cells[0], totals(0, 0, 0));
        QCOMPARE(cells[1], totals(1, 0, 1));
        QCOMPARE(w.totalsAt(later), totals(1, 0, 1));
    }
};

QTEST_APPLESS_MAIN(TestCircuitBreakerWindow)
#include "tst_circuit_breaker_window.moc"
