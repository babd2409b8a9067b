// The simulator against queueing theory: M/M/1, M/M/c (Erlang C), M/D/1 (Pollaczek-Khinchine),
// M/M/c/c (Erlang B) and Little's law. Long enough runs that the tolerances hold for the fixed seeds,
// short enough to stay well under a second each in a release build.
#include "core/sim/simulation.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

#include <cmath>

using namespace rl;

namespace {

double relativeError(double measured, double expected) {
    return std::fabs(measured - expected) / expected;
}

#define EXPECT_NEAR_REL(measured, expected, tolerance)                                                       \
    QVERIFY2(relativeError((measured), (expected)) <= (tolerance),                                           \
             qPrintable(QString("measured %1, theory %2, relative error %3 > %4")                            \
                            .arg(measured)                                                                   \
                            .arg(expected)                                                                   \
                            .arg(relativeError((measured), (expected)))                                      \
                            .arg(tolerance)))

} // namespace

class QueueingFidelity : public QObject {
    Q_OBJECT

private slots:
    void mm1MeanLatency_data() {
        QTest::addColumn<double>("rho");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("rho 0.5") << 0.5 << 0.03;
        QTest::newRow("rho 0.8") << 0.8 << 0.06;
    }
    void mm1MeanLatency() {
        QFETCH(double, rho);
        QFETCH(double, tolerance);
        const double mu = 100; // 10 ms mean service
        sim::Simulation sim(test::singleQueue(rho * mu, 10, 1, 4000));
        sim.runToEnd();
        const double expectedMs = 1000.0 / (mu - rho * mu); // W = 1 / (mu - lambda)
        EXPECT_NEAR_REL(sim.clientLatency(0).meanMs(), expectedMs, tolerance);
    }

    void mmcMeanLatencyMatchesErlangC() {
        // c = 4 servers at mu = 10/s each, lambda = 32/s: rho = 0.8.
        const int c = 4;
        const double mu = 10, lambda = 32;
        sim::Simulation sim(test::singleQueue(lambda, 100, c, 8000));
        sim.runToEnd();
        const double a = lambda / mu;
        const double wq = test::erlangC(c, a) / (c * mu - lambda);
        EXPECT_NEAR_REL(sim.clientLatency(0).meanMs(), (wq + 1 / mu) * 1000, 0.05);
    }

    void md1WaitingTimeMatchesPollaczekKhinchine() {
        // Deterministic 10 ms service at rho = 0.8: Wq = lambda E[S^2] / (2 (1 - rho)) = 2 / mu = 20 ms.
        auto s = test::singleQueue(80, 10, 1, 4000);
        s.services[0].serviceTime.dist = scenario::ServiceTimeDist::Constant;
        s.services[0].serviceTime.valueMs = 10;
        sim::Simulation sim(s);
        sim.runToEnd();
        EXPECT_NEAR_REL(sim.clientLatency(0).meanMs(), 30.0, 0.04);
    }

    void mmccBlockingMatchesErlangB() {
        // No waiting room: 5 servers, offered load a = 4 Erlang. Blocking is Erlang B whatever the
        // service distribution, so check a lognormal one too.
        for (bool lognormal : {false, true}) {
            auto s = test::singleQueue(40, 100, 5, 3000, std::int64_t{0});
            if (lognormal) {
                s.services[0].serviceTime.dist = scenario::ServiceTimeDist::Lognormal;
                // median m, p99 p: mean = m exp(sigma^2 / 2); pick sigma = 1: p99 = m e^2.326, mean 100 ms.
                const double m = 100.0 / std::exp(0.5);
                s.services[0].serviceTime.medianMs = m;
                s.services[0].serviceTime.p99Ms = m * std::exp(2.3263478740408408);
            }
            sim::Simulation sim(s);
            sim.runToEnd();
            const auto t = test::serviceTotals(sim, 0);
            const double blocked = static_cast<double>(t.rejected) / static_cast<double>(t.arrivals);
            EXPECT_NEAR_REL(blocked, test::erlangB(5, 4.0), 0.05);
            QCOMPARE(test::clientTotals(sim).outcomes[Outcome::Rejected], t.rejected);
        }
    }

    void littlesLawOnTheMeasuredQueue() {
        // L_q = lambda W_q, with L_q from the time-integrated queue length and W_q = W - 1/mu.
        const double lambda = 70, mu = 100;
        sim::Simulation sim(test::singleQueue(lambda, 10, 1, 4000));
        sim.runToEnd();
        const double wqS = sim.clientLatency(0).meanMs() / 1000 - 1 / mu;
        const double measuredRate = static_cast<double>(test::clientTotals(sim).requests) / 4000.0;
        EXPECT_NEAR_REL(test::meanQueueLength(sim, 0), measuredRate * wqS, 0.02);
        // And utilisation = lambda / mu.
        double busy = 0;
        for (std::size_t b = 0; b < sim.bucketCount(); ++b)
            busy += sim.serviceBusyWorkerSeconds(0, b);
        EXPECT_NEAR_REL(busy / 4000.0, lambda / mu, 0.02);
    }

    void constantArrivalsAreEvenlySpaced() {
        auto s = test::singleQueue(50, 1, 1, 10);
        s.clients[0].arrival = scenario::ArrivalKind::Constant;
        sim::Simulation sim(s);
        sim.runToEnd();
        for (const auto& b : sim.clientBuckets(0))
            QVERIFY(b.requests == 50 || b.requests == 49); // 1/50 s apart, first at 20 ms
    }

    void rateProfileStepsAndRamps() {
        // 100 rps, a step to 300 at 10 s, then a ramp down to 100 from 20 s to 30 s.
        auto s = test::singleQueue(100, 1, 8, 40);
        s.clients[0].arrival = scenario::ArrivalKind::Constant;
        s.clients[0].rateProfile = {{10, 300, 0}, {20, 100, 10}};
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto& b = sim.clientBuckets(0);
        QVERIFY(std::abs(b[5].requests - 100) <= 1);
        QVERIFY(std::abs(b[15].requests - 300) <= 1);
        QVERIFY(std::abs(b[25].requests - 190) <=
                2); // the ramp passes 200 at 25 s: mean over [25, 26) is 190
        QVERIFY(std::abs(b[35].requests - 100) <= 1);
    }
};

QTEST_APPLESS_MAIN(QueueingFidelity)
#include "tst_queueing_fidelity.moc"
