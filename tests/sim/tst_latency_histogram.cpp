// Percentiles from the log-bucketed histogram are within 1% of the exact ones; the mean is exact.
#include "core/common/random.h"
#include "core/sim/latency_histogram.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace rl;
using namespace rl::sim;

class LatencyHistogramTest : public QObject {
    Q_OBJECT

private slots:
    void percentilesWithinOnePercent() {
        Random rng(11);
        LatencyHistogram h;
        std::vector<double> exact;
        double sum = 0;
        for (int i = 0; i < 100000; ++i) {
            const double ms = std::exp(3 + 1.2 * rng.normal()); // lognormal, 1 ms .. seconds
            const Duration d = fromMillis(ms);
            h.record(d);
            exact.push_back(toMillis(d));
            sum += toMillis(d);
        }
        std::sort(exact.begin(), exact.end());
        QVERIFY(h.relativeErrorBound() <= 0.01);
        for (double q : {0.01, 0.5, 0.9, 0.95, 0.99, 0.999}) {
            const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(exact.size()))) - 1;
            const double truth = exact[rank];
            QVERIFY2(std::fabs(h.percentileMs(q) - truth) / truth <= 0.01,
                     qPrintable(QString("q %1: %2 vs %3").arg(q).arg(h.percentileMs(q)).arg(truth)));
        }
        QVERIFY(std::fabs(h.meanMs() - sum / 100000) < 1e-6 * sum / 100000);
        QCOMPARE(toMillis(h.max()), exact.back());
    }

    void emptyAndMerge() {
        LatencyHistogram a, b;
        QCOMPARE(a.percentileMs(0.5), 0.0);
        a.record(millis(10));
        b.record(millis(20));
        a.merge(b);
        QCOMPARE(a.count(), std::int64_t{2});
        QCOMPARE(a.meanMs(), 15.0);
        QVERIFY(std::fabs(a.percentileMs(1.0) - 20) <= 0.2);
    }
};

QTEST_APPLESS_MAIN(LatencyHistogramTest)
#include "tst_latency_histogram.moc"
