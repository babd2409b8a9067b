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

    void retryLimitsCutTheAmplification() {
        // Brooker's setting: 1000 requests/s, half of them failing, up to 3 retries. Unlimited: success
        // 1 - 0.5^4 = 0.94 at 1.87x load. gRPC's throttle (10 tokens, 0.1 back per success) and Envoy's
        // budget (20% of active requests) both keep the load near 1x, at the price of success.
        struct Case {
            const char* name;
            bool budget, throttle;
        };
        for (const Case& k :
             {Case{"unlimited", false, false}, Case{"throttle", false, true}, Case{"budget", true, false}}) {
            auto s = test::singleQueue(1000, 50, 500, 60);
            s.services[0].serviceTime.dist = scenario::ServiceTimeDist::Constant;
            s.services[0].serviceTime.valueMs = 50;
            s.services[0].errorRate = 0.5;
            s.clients[0].retry = immediateRetries(4);
            if (k.budget) s.clients[0].retryBudget = RetryBudgetConfig{};
            if (k.throttle) s.clients[0].retryThrottle = RetryThrottleConfig{};
            sim::Simulation sim(s);
            sim.runToEnd();
            const auto t = test::clientTotals(sim);
            const double success =
                static_cast<double>(t.outcomes[Outcome::Success]) / static_cast<double>(t.answered);
            const double load = static_cast<double>(t.attempts) / static_cast<double>(t.requests);
            const QString what = QString("%1: success %2, load %3").arg(k.name).arg(success).arg(load);
            if (!k.budget && !k.throttle) {
                QVERIFY2(std::fabs(success - 0.9375) < 0.01 && std::fabs(load - 1.875) < 0.02,
                         qPrintable(what));
            } else if (k.throttle) {
                // Each failure takes a token and each success gives 0.1 back: at 50% failures the bucket
                // drains below half and stays there, so retries stop almost entirely (as gRPC intends).
                QVERIFY2(load < 1.01 && std::fabs(success - 0.5) < 0.01, qPrintable(what));
            } else {
                // Concurrent retries <= 20% of active requests: about 1.25-1.3x with 50 ms attempts.
                QVERIFY2(load > 1.15 && load < 1.35, qPrintable(what));
                QVERIFY2(success > 0.55 && success < 0.75, qPrintable(what));
            }
            qInfo("%s", qPrintable(what));
        }
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
