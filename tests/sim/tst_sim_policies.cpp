// The policy stack and service mechanics inside the simulation, one behaviour per test.
#include "core/primitives/circuit_breaker.h"
#include "core/sim/simulation.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

using namespace rl;
using rl::sim::LogEvent;

namespace {

// front (the client's target) calls back once per request.
scenario::Scenario frontAndBack(double rateRps, double durationS) {
    auto s = test::singleQueue(rateRps, 1, 200, durationS);
    scenario::Service back;
    back.name = "back";
    back.workers = 200;
    back.serviceTime.dist = scenario::ServiceTimeDist::Constant;
    back.serviceTime.valueMs = 10;
    s.services.push_back(back);
    scenario::Call call;
    call.to = "back";
    s.services[0].calls.push_back(call);
    return s;
}

scenario::Fault outage(double from, double to, scenario::OutageMode mode) {
    scenario::Fault f;
    f.target = "back";
    f.kind = scenario::FaultKind::Outage;
    f.fromS = from;
    f.toS = to;
    f.mode = mode;
    return f;
}

} // namespace

class SimPolicies : public QObject {
    Q_OBJECT

private slots:
    void breakerOpensDuringOutageAndFallbackAnswers() {
        auto s = frontAndBack(100, 60);
        auto& call = s.services[0].calls[0];
        call.timeout = millis(200);
        CircuitBreakerConfig cb;
        cb.windowSize = 20;
        cb.minimumCalls = 10;
        cb.openDuration = seconds(5);
        cb.halfOpenCalls = 3;
        call.circuitBreaker = cb;
        call.fallback = FallbackConfig{}; // cache, 60 s
        s.faults.push_back(outage(20, 40, scenario::OutageMode::FailFast));
        sim::Simulation sim(s);
        sim.runToEnd();

        std::vector<std::pair<double, std::string>> transitions;
        for (const auto& e : sim.log())
            if (e.kind == LogEvent::Kind::BreakerTransition)
                transitions.emplace_back(toSeconds(e.at),
                                         std::string(breakerStateName(static_cast<BreakerState>(e.to))));
        QVERIFY(!transitions.empty());
        // Opens within a second of the outage, probes every 5 s while it lasts, closes after it ends.
        QCOMPARE(transitions.front().second, std::string("open"));
        QVERIFY(transitions.front().first >= 20 && transitions.front().first < 21);
        QCOMPARE(transitions.back().second, std::string("closed"));
        QVERIFY(transitions.back().first >= 40 && transitions.back().first < 46);
        int opens = 0;
        for (const auto& t : transitions)
            opens += t.second == "open";
        QVERIFY(opens >= 3); // half-open probes fail and reopen while the outage lasts

        // During the outage the cache fallback answers: degraded, not failed.
        const auto& buckets = sim.clientBuckets(0);
        std::int64_t degraded = 0, failed = 0;
        for (std::size_t b = 21; b < 40; ++b) {
            degraded += buckets[b].outcomes[Outcome::Degraded];
            failed += buckets[b].outcomes.total() - buckets[b].outcomes[Outcome::Degraded] -
                      buckets[b].outcomes[Outcome::Success];
        }
        QVERIFY(degraded > 1500);
        QCOMPARE(failed, std::int64_t{0});
        // While open, calls are rejected locally: payments sees far fewer arrivals.
        const auto& back = sim.serviceBuckets(1);
        QVERIFY(back[30].arrivals < 10);
        QVERIFY(back[10].arrivals > 80);
    }

    void abandonedWorkKeepsTheCalleeBusy() {
        // The callee takes 200 ms, the caller gives up after 50 ms: its worker stays busy anyway.
        auto s = frontAndBack(20, 30);
        s.services[1].serviceTime.valueMs = 200;
        s.services[1].workers = 100;
        s.services[0].calls[0].timeout = millis(50);
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto t = test::clientTotals(sim);
        QCOMPARE(t.outcomes[Outcome::Error], t.answered); // the timeout fails the front job
        double busy = 0;
        for (std::size_t b = 0; b < sim.bucketCount(); ++b)
            busy += sim.serviceBusyWorkerSeconds(1, b);
        QVERIFY(std::fabs(busy / 30 - 20 * 0.2) < 0.4); // lambda x 200 ms = 4 busy workers on average
        QVERIFY(t.answered > 500);
    }

    void hangOutageWithoutCallTimeoutExhaustsWorkers() {
        // front's call has no timeout: jobs waiting on the hung dependency hold front's 200 workers
        // forever, so front stays down after back recovers (a classic cascading failure).
        auto s = frontAndBack(50, 20);
        s.faults.push_back(outage(5, 10, scenario::OutageMode::Hang));
        s.clients[0].deadline = millis(300);
        sim::Simulation sim(s);
        sim.runToEnd();
        QCOMPARE(sim.snapshot().services[0].busy, 200);
        QCOMPARE(sim.clientBuckets(0)[15].outcomes[Outcome::Success], std::int64_t{0});
    }

    void hangOutageEndsByTheCallTimeout() {
        auto s = frontAndBack(50, 20);
        s.faults.push_back(outage(5, 10, scenario::OutageMode::Hang));
        s.clients[0].deadline = millis(300);
        s.services[0].calls[0].timeout = millis(100);
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto& b = sim.clientBuckets(0);
        QVERIFY(b[7].outcomes[Outcome::Error] > 30); // front answers 500 when its call times out
        QCOMPARE(b[3].outcomes[Outcome::Error], std::int64_t{0});
        QCOMPARE(b[15].outcomes[Outcome::Error], std::int64_t{0});
        QVERIFY(b[15].outcomes[Outcome::Success] > 30);
        for (std::size_t i = 6; i < 10; ++i)
            QCOMPARE(b[i].outcomes[Outcome::Success], std::int64_t{0});
    }

    void bulkheadRejectsBeyondItsSlots() {
        auto s = frontAndBack(100, 20);
        s.services[1].serviceTime.valueMs = 100; // ~10 concurrent calls needed
        BulkheadConfig bh;
        bh.maxConcurrent = 4;
        bh.maxQueue = 0;
        s.services[0].calls[0].bulkhead = bh;
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto& calls = sim.callBuckets(0);
        std::int64_t full = 0, ok = 0;
        for (const auto& c : calls) {
            full += c.outcomes[Outcome::BulkheadFull];
            ok += c.outcomes[Outcome::Success];
        }
        QVERIFY(full > ok); // at most 4 x 10 = 40 calls per second get through
        QVERIFY(ok <= 40 * 20 + 4);
        QVERIFY(ok > 30 * 20);
    }

    void bulkheadQueueWaitsThenGivesUp() {
        auto s = frontAndBack(100, 20);
        s.services[1].serviceTime.valueMs = 100;
        BulkheadConfig bh;
        bh.maxConcurrent = 4;
        bh.maxQueue = 1000;
        bh.maxWait = millis(50);
        s.services[0].calls[0].bulkhead = bh;
        sim::Simulation sim(s);
        sim.runToEnd();
        std::int64_t full = 0, ok = 0;
        for (const auto& c : sim.callBuckets(0)) {
            full += c.outcomes[Outcome::BulkheadFull];
            ok += c.outcomes[Outcome::Success];
        }
        QVERIFY(full > 0);
        QVERIFY(ok > 35 * 20); // queued calls get the freed slots
        QVERIFY(ok <= 40 * 20 + 4);
    }

    void deadlinePropagationDropsExpiredWork() {
        // back is saturated (1 worker, 20 ms, 60 rps): requests wait long. With propagation, back drops
        // work whose deadline has passed instead of doing it for nobody.
        for (bool propagate : {false, true}) {
            auto s = frontAndBack(60, 30);
            s.services[1].workers = 1;
            s.services[1].serviceTime.valueMs = 20;
            s.services[1].queueCapacity = 1000;
            s.clients[0].deadline = millis(200);
            if (propagate) s.services[0].calls[0].deadlinePropagation = DeadlinePropagationConfig{};
            sim::Simulation sim(s);
            sim.runToEnd();
            const auto back = test::serviceTotals(sim, 1);
            const auto ct = test::clientTotals(sim);
            if (propagate) {
                QVERIFY(back.expiredDropped > 100);
                // Not wasting the worker on abandoned requests leaves it for live ones.
                QVERIFY(ct.outcomes[Outcome::Success] > ct.answered / 3);
            } else {
                QCOMPARE(back.expiredDropped, std::int64_t{0});
                QVERIFY(ct.outcomes[Outcome::Success] < ct.answered / 10);
            }
        }
    }

    void retriedNonIdempotentRequestsDuplicateSideEffects() {
        // The entry service is slower than the client's timeout: every retry repeats the work.
        for (bool key : {false, true}) {
            auto s = test::singleQueue(20, 1, 50, 20);
            s.services[0].serviceTime.dist = scenario::ServiceTimeDist::Constant;
            s.services[0].serviceTime.valueMs = 150;
            s.clients[0].timeout = millis(100);
            RetryConfig r;
            r.maxAttempts = 3;
            r.backoff.kind = BackoffKind::Fixed;
            r.backoff.base = millis(100);
            r.backoff.jitter = JitterKind::None;
            s.clients[0].retry = r;
            s.clients[0].idempotent = false;
            s.clients[0].idempotencyKey = key;
            sim::Simulation sim(s);
            sim.runToEnd();
            std::int64_t dup = 0;
            for (const auto& b : sim.clientBuckets(0))
                dup += b.duplicateSideEffects;
            if (key)
                QCOMPARE(dup, std::int64_t{0});
            else
                QVERIFY(dup > 300);
        }
    }

    void ingressTokenBucketNeverExceedsBurstPlusRate() {
        auto s = test::singleQueue(400, 1, 100, 60);
        RateLimiterConfig rl;
        rl.kind = RateLimiterKind::TokenBucket;
        rl.ratePerSecond = 100;
        rl.burst = 50;
        s.services[0].ingress.rateLimiter = rl;
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto& b = sim.serviceBuckets(0);
        // Admitted in any k consecutive one-second buckets <= burst + rate x k.
        for (std::size_t k = 1; k <= 10; ++k)
            for (std::size_t start = 0; start + k <= b.size(); ++start) {
                std::int64_t admitted = 0;
                for (std::size_t i = start; i < start + k; ++i)
                    admitted += b[i].arrivals - b[i].rateLimited;
                QVERIFY2(
                    static_cast<double>(admitted) <= 50 + 100.0 * static_cast<double>(k),
                    qPrintable(QString("%1 admitted in %2 s from %3 s").arg(admitted).arg(k).arg(start)));
            }
        QVERIFY(b[30].rateLimited > 250);
        const auto snap = sim.snapshot().services[0];
        QVERIFY(snap.hasRateLimiter);
        QVERIFY(snap.tokens >= 0 && snap.tokens <= 50);
        QCOMPARE(snap.rateLimited, test::serviceTotals(sim, 0).rateLimited);
        QVERIFY(test::clientTotals(sim).outcomes[Outcome::RateLimited] > 15000);
    }

    void loadShedderShedsLowPriorityFirst() {
        // Two clients share an overloaded service; the shedder protects the high-priority one.
        auto s = test::singleQueue(150, 100, 10, 30);
        auto high = s.clients[0];
        high.rateRps = 50; // 5 of the 10 workers: fine alone, overloaded with the low-priority traffic
        high.name = "high";
        high.priority = Priority::High;
        s.clients[0].priority = Priority::Low;
        s.clients.push_back(high);
        LoadShedderConfig ls;
        ls.maxInflight = 20;
        ls.protectPriority = Priority::High;
        s.services[0].ingress.loadShedder = ls;
        sim::Simulation sim(s);
        sim.runToEnd();
        const auto low = test::clientTotals(sim, 0), hi = test::clientTotals(sim, 1);
        QVERIFY(low.outcomes[Outcome::Shed] > 1000);
        QCOMPARE(hi.outcomes[Outcome::Shed], std::int64_t{0});
        QCOMPARE(sim.snapshot().services[0].shed, low.outcomes[Outcome::Shed]);
    }

    void orderDecidesWhatTheBreakerCounts() {
        // back always fails. Retry outside the breaker (the default): every attempt is judged, so three
        // consecutive failures (one call's three attempts) open it. Retry inside: the breaker sees one
        // outcome per call, after three attempts, so it takes three calls (nine attempts).
        for (bool retryInside : {false, true}) {
            auto s = frontAndBack(1, 20);
            s.clients[0].arrival = scenario::ArrivalKind::Constant;
            s.services[1].errorRate = 1.0;
            auto& call = s.services[0].calls[0];
            RetryConfig r;
            r.maxAttempts = 3;
            r.backoff.kind = BackoffKind::None;
            r.backoff.jitter = JitterKind::None;
            call.retry = r;
            CircuitBreakerConfig cb;
            cb.window = BreakerWindow::Consecutive;
            cb.failureThreshold = 3;
            cb.openDuration = seconds(1000);
            call.circuitBreaker = cb;
            if (retryInside)
                call.order = {scenario::PolicyLayer::CircuitBreaker, scenario::PolicyLayer::Retry};
            sim::Simulation sim(s);
            sim.runToEnd();
            QCOMPARE(test::serviceTotals(sim, 1).arrivals, std::int64_t{retryInside ? 9 : 3});
            std::int64_t open = 0;
            for (const auto& b : sim.callBuckets(0))
                open += b.outcomes[Outcome::CircuitOpen];
            QCOMPARE(open, std::int64_t{retryInside ? 16 : 18}); // the other calls of the 19 are refused
        }
    }

    void timeoutOutsideRetryBoundsTheWholeCall() {
        // back answers in 100 ms and always fails. Timeout inside retry (default): 3 attempts of 100 ms.
        // Timeout outside retry: 150 ms for all attempts together, so the second attempt is cut short.
        for (bool timeoutOutside : {false, true}) {
            auto s = frontAndBack(2, 30);
            s.clients[0].arrival = scenario::ArrivalKind::Constant;
            s.services[1].serviceTime.valueMs = 100;
            s.services[1].errorRate = 1.0;
            auto& call = s.services[0].calls[0];
            RetryConfig r;
            r.maxAttempts = 3;
            r.backoff.kind = BackoffKind::None;
            r.backoff.jitter = JitterKind::None;
            call.retry = r;
            call.timeout = millis(150);
            if (timeoutOutside) call.order = {scenario::PolicyLayer::Timeout, scenario::PolicyLayer::Retry};
            sim::Simulation sim(s);
            sim.runToEnd();
            const auto calls = sim::total(sim.callBuckets(0));
            QCOMPARE(calls.attempts, calls.calls * (timeoutOutside ? 2 : 3));
            QCOMPARE(calls.outcomes[timeoutOutside ? Outcome::Timeout : Outcome::Error], calls.calls);
        }
    }

    void capacityFaultLowersWorkers() {
        auto s = test::singleQueue(50, 100, 10, 30);
        scenario::Fault f;
        f.target = "server";
        f.kind = scenario::FaultKind::Capacity;
        f.fromS = 10;
        f.toS = 20;
        f.workers = 2;
        s.faults.push_back(f);
        sim::Simulation sim(s);
        sim.runToEnd();
        QCOMPARE(sim.serviceBuckets(0)[5].workers, 10);
        QCOMPARE(sim.serviceBuckets(0)[15].workers, 2);
        QCOMPARE(sim.serviceBuckets(0)[25].workers, 10);
        QVERIFY(sim.serviceBusyWorkerSeconds(0, 15) <= 2.0 + 1e-9);
        QVERIFY(sim.serviceQueueSeconds(0, 19) > 50); // the backlog builds while capacity is low
    }
};

QTEST_APPLESS_MAIN(SimPolicies)
#include "tst_sim_policies.moc"
