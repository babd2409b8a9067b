// Retries against a dependency that fails independently with probability p: with N retries
// (max_attempts = N + 1) the success ratio is 1 - p^(N+1) and the load per request is
// (1 - p^(N+1)) / (1 - p). Checked for client-side retries and for a service's call retries.
#include "core/sim/simulation.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

#include <cmath>

using namespace rl;
using rl::sim::OutcomeCounts;

namespace {
RetryConfig immediateRetries(int maxAttempts) {
    RetryConfig r;
    r.maxAttempts = maxAttempts;
    r.backoff.kind = BackoffKind::None;
    r.backoff.jitter = JitterKind::None;
    r.backoff.base = Duration::zero();
    return r;
}
} // namespace

class RetryFidelity : public QObject {
    Q_OBJECT

private slots:
    void clientRetries_data() {
        QTest::addColumn<double>("p");
        QTest::addColumn<int>("maxAttempts");
        QTest::newRow("p 0.3, 3 attempts") << 0.3 << 3;
        QTest::newRow("p 0.5, 4 attempts") << 0.5 << 4;
        QTest::newRow("p 0.1, 1 attempt") << 0.1 << 1;
    }
    void clientRetries() {
        QFETCH(double, p);
        QFETCH(int, maxAttempts);
        // Plenty of workers: no queueing, so only the error draws matter.
        auto s = test::singleQueue(200, 1, 64, 500);
        s.services[0].errorRate = p;
        s.clients[0].retry = immediateRetries(maxAttempts);
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto t = test::clientTotals(sim);
        const double n = static_cast<double>(t.answered);
        const double success = static_cast<double>(t.outcomes[Outcome::Success]) / n;
        const double load = static_cast<double>(t.attempts) / static_cast<double>(t.requests);
        const double expectedSuccess = 1 - std::pow(p, maxAttempts);
        const double expectedLoad = (1 - std::pow(p, maxAttempts)) / (1 - p);
        QVERIFY2(std::fabs(success - expectedSuccess) < 0.005,
                 qPrintable(QString("success %1, theory %2").arg(success).arg(expectedSuccess)));
        QVERIFY2(std::fabs(load - expectedLoad) / expectedLoad < 0.01,
                 qPrintable(QString("load %1, theory %2").arg(load).arg(expectedLoad)));
    }

    void layeredRetriesMultiply() {
        // front -> back, both retrying 3 times, back always failing: 3 x 3 = 9 attempts at back.
        auto s = test::singleQueue(20, 1, 64, 50);
        scenario::Service back;
        back.name = "back";
        back.workers = 64;
        back.serviceTime.meanMs = 1;
        back.errorRate = 1.0;
        s.services.push_back(back);
        scenario::Call call;
        call.to = "back";
        call.retry = immediateRetries(3);
        s.services[0].calls.push_back(call);
        s.clients[0].retry = immediateRetries(3);
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto t = test::clientTotals(sim);
        const auto backTotals = test::serviceTotals(sim, 1);
        QCOMPARE(t.outcomes[Outcome::Success], std::int64_t{0});
        QCOMPARE(t.attempts, 3 * t.requests);
        // Requests still in flight at the end have made some of their 9 attempts.
        QVERIFY(backTotals.arrivals >= 9 * t.answered);
        QVERIFY(backTotals.arrivals <= 9 * t.requests);
        QVERIFY(t.requests - t.answered < 5);
    }
};

QTEST_APPLESS_MAIN(RetryFidelity)
#include "tst_retry_fidelity.moc"
