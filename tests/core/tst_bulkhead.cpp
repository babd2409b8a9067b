// Bulkhead: slots, a FIFO waiting room with max wait, fail fast at max_queue 0, cancel, reconfigure,
#include "core/common/random.h"
#include "core/primitives/bulkhead.h"

#include <QtTest>

#include <cmath>
#include <deque>
#include <queue>

using namespace rl;

namespace {
BulkheadConfig bulkheadConfig(std::int32_t maxConcurrent, std::int32_t maxQueue,
                              Duration maxWait = kNoLimit) {
    BulkheadConfig c;
    c.maxConcurrent = maxConcurrent;
    c.maxQueue = maxQueue;
    c.maxWait = maxWait;
    return c;
}

struct Recorder : EventListener<BulkheadEvent> {
    std::vector<BulkheadEvent> seen;
    void onEvent(const BulkheadEvent& e) override { seen.push_back(e); }
};

// The obvious model: a counter and a deque of every waiter, expiry checked waiter by waiter.
struct NaiveBulkhead {
    BulkheadConfig c;
    int inUse = 0;
    std::deque<std::pair<std::uint64_t, std::int64_t>> waiting;
    std::int64_t expired = 0;

    void dropExpired(std::int64_t now) {
        for (auto it = waiting.begin(); it != waiting.end();) {
            if (c.maxWait != kNoLimit && now - it->second > c.maxWait.count()) {
                it = waiting.erase(it);
                ++expired;
            } else {
                ++it;
            }
        }
    }
    BulkheadDecision tryAcquire(std::int64_t now, std::uint64_t id) {
        dropExpired(now);
        if (waiting.empty() && inUse < c.maxConcurrent) {
            ++inUse;
            return BulkheadDecision::Acquired;
        }
        if (static_cast<std::int32_t>(waiting.size()) < c.maxQueue) {
            waiting.emplace_back(id, now);
            return BulkheadDecision::Queued;
        }
        return BulkheadDecision::Rejected;
    }
    std::optional<std::uint64_t> release(std::int64_t now) {
        if (inUse == 0) return std::nullopt;
        --inUse;
        dropExpired(now);
        if (waiting.empty() || inUse >= c.maxConcurrent) return std::nullopt;
        ++inUse;
        const auto id = waiting.front().first;
        waiting.pop_front();
        return id;
    }
    bool cancel(std::uint64_t id) {
        for (auto it = waiting.begin(); it != waiting.end(); ++it)
            if (it->first == id) {
                waiting.erase(it);
                return true;
            }
        return false;
    }
};
// Poisson arrivals at `lambda` per second, exponential service at `mu` per second, through a bulkhead:
// returns the fraction of arrivals rejected. Departures are kept in a min-heap; a release that hands
// the slot to a waiter starts that waiter's service at once.
double rejectedFraction(const BulkheadConfig& config, double lambda, double mu, int arrivals,
                        std::uint64_t seed) {
    Bulkhead bulkhead(config);
    Random rng(seed);
    std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> departures;
    auto serviceNs = [&] { return static_cast<std::int64_t>(rng.exponential(1e9 / mu)); };
    std::int64_t now = 0;
    int rejected = 0;
    for (int i = 0; i < arrivals; ++i) {
        now += static_cast<std::int64_t>(rng.exponential(1e9 / lambda));
        while (!departures.empty() && departures.top() <= now) {
            const std::int64_t t = departures.top();
            departures.pop();
            if (bulkhead.release(TimePoint(t))) departures.push(t + serviceNs());
        }
        const auto d = bulkhead.tryAcquire(TimePoint(now), static_cast<std::uint64_t>(i));
        if (d == BulkheadDecision::Acquired) departures.push(now + serviceNs());
        if (d == BulkheadDecision::Rejected) ++rejected;
    }
    return static_cast<double>(rejected) / arrivals;
}
} // namespace

class TestBulkhead : public QObject {
    Q_OBJECT
private slots:
    void failsFastWhenQueueIsZero() {
        Bulkhead bulkhead(bulkheadConfig(2, 0));
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 1), BulkheadDecision::Acquired); // slot 1 of 2
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 2), BulkheadDecision::Acquired); // slot 2 of 2
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 3), BulkheadDecision::Rejected); // no waiting room
        QCOMPARE(bulkhead.release(millis(5)), std::optional<std::uint64_t>{});      // nobody waits
        QCOMPARE(bulkhead.tryAcquire(millis(5), 4), BulkheadDecision::Acquired);
        const auto v = bulkhead.view();
        QCOMPARE(v.inUse, 2);
        QCOMPARE(v.acquired, std::int64_t{3});
        QCOMPARE(v.rejected, std::int64_t{1});
    }

    void waitersGetSlotsInFifoOrder() {
        Bulkhead bulkhead(bulkheadConfig(1, 3));
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 10), BulkheadDecision::Acquired);
        QCOMPARE(bulkhead.tryAcquire(millis(1), 11), BulkheadDecision::Queued);
        QCOMPARE(bulkhead.tryAcquire(millis(2), 12), BulkheadDecision::Queued);
        QCOMPARE(bulkhead.tryAcquire(millis(3), 13), BulkheadDecision::Queued);
        QCOMPARE(bulkhead.tryAcquire(millis(4), 14), BulkheadDecision::Rejected); // queue full
        QCOMPARE(bulkhead.view().queued, 3);
        QCOMPARE(bulkhead.release(millis(5)), std::optional<std::uint64_t>(11)); // 10 done -> 11 runs
        QCOMPARE(bulkhead.release(millis(6)), std::optional<std::uint64_t>(12));
        QCOMPARE(bulkhead.release(millis(7)), std::optional<std::uint64_t>(13));
        QCOMPARE(bulkhead.release(millis(8)), std::optional<std::uint64_t>());
        QCOMPARE(bulkhead.view().inUse, 0);
        QCOMPARE(bulkhead.view().acquired, std::int64_t{4});
    }

    void waiterOlderThanMaxWaitIsDroppedAndCounted() {
        Recorder recorder;
        Bulkhead bulkhead(bulkheadConfig(1, 5, millis(100)));
        bulkhead.listeners().subscribe(&recorder);
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 1), BulkheadDecision::Acquired);
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 2), BulkheadDecision::Queued); // waits from 0
        QCOMPARE(bulkhead.tryAcquire(millis(1), 3), BulkheadDecision::Queued);    // waits from 1 ms
        QCOMPARE(bulkhead.tryAcquire(millis(50), 4), BulkheadDecision::Queued);   // waits from 50 ms
        // release at 101 ms: 2 waited 101 ms > 100 (dropped); 3 waited exactly 100 ms: still served
        QCOMPARE(bulkhead.release(millis(101)), std::optional<std::uint64_t>(3));
        QCOMPARE(bulkhead.view().expired, std::int64_t{1});
        QCOMPARE(recorder.seen.size(), std::size_t{1});
        QCOMPARE(recorder.seen[0].kind, BulkheadEvent::Kind::WaitExpired);
        QCOMPARE(recorder.seen[0].at, millis(101));
        QCOMPARE(recorder.seen[0].queued, 2); // when 2 expired, 3 and 4 were still waiting
        QCOMPARE(bulkhead.view().queued, 1);  // then 3 got the slot: 4 still waits
        QCOMPARE(bulkhead.oldestWait(millis(101)), millis(51));
    }

    void expiredWaitersDoNotHoldQueuePlaces() {
        Bulkhead bulkhead(bulkheadConfig(1, 1, millis(10)));
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 1), BulkheadDecision::Acquired);
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 2), BulkheadDecision::Queued);
        QCOMPARE(bulkhead.tryAcquire(millis(5), 3), BulkheadDecision::Rejected); // 2 holds the place
        QCOMPARE(bulkhead.tryAcquire(millis(11), 4), BulkheadDecision::Queued);  // 2 expired: 4 takes it
        QCOMPARE(bulkhead.view().expired, std::int64_t{1});
        QCOMPARE(bulkhead.release(millis(12)), std::optional<std::uint64_t>(4));
    }

    void cancelRemovesAWaiter() {
        Bulkhead bulkhead(bulkheadConfig(1, 3));
        bulkhead.tryAcquire(TimePoint{0}, 1);
        bulkhead.tryAcquire(TimePoint{0}, 2);
        bulkhead.tryAcquire(TimePoint{0}, 3);
        bulkhead.tryAcquire(TimePoint{0}, 4);
        QVERIFY(bulkhead.cancel(3));  // 3 gives up (its own timeout)
        QVERIFY(!bulkhead.cancel(3)); // not queued any more
        QVERIFY(!bulkhead.cancel(1)); // 1 holds a slot, it does not wait
        QCOMPARE(bulkhead.view().queued, 2);
        QCOMPARE(bulkhead.view().cancelled, std::int64_t{1});
        QCOMPARE(bulkhead.release(millis(1)), std::optional<std::uint64_t>(2));
        QCOMPARE(bulkhead.release(millis(2)), std::optional<std::uint64_t>(4)); // 3 is skipped
    }

    void loweringMaxConcurrentLetsHoldersFinish() {
        Bulkhead bulkhead(bulkheadConfig(3, 2));
        for (std::uint64_t id = 1; id <= 3; ++id)
            QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, id), BulkheadDecision::Acquired);
        QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, 4), BulkheadDecision::Queued);
        bulkhead.reconfigure(bulkheadConfig(1, 2), millis(1)); // 3 in use, limit now 1
        QCOMPARE(bulkhead.view().inUse, 3);
        QCOMPARE(bulkhead.release(millis(2)), std::optional<std::uint64_t>());  // 2 in use: 4 still waits
        QCOMPARE(bulkhead.release(millis(3)), std::optional<std::uint64_t>());  // 1 in use
        QCOMPARE(bulkhead.release(millis(4)), std::optional<std::uint64_t>(4)); // 0 -> 4 gets the slot
        QCOMPARE(bulkhead.tryAcquire(millis(5), 5), BulkheadDecision::Queued);
    }

    void raisingMaxConcurrentHandsSlotsToWaitersFirst() {
        Bulkhead bulkhead(bulkheadConfig(1, 3));
        bulkhead.tryAcquire(TimePoint{0}, 1);
        bulkhead.tryAcquire(TimePoint{0}, 2);
        bulkhead.tryAcquire(TimePoint{0}, 3);
        bulkhead.reconfigure(bulkheadConfig(3, 3), millis(1));
        QCOMPARE(bulkhead.tryAcquire(millis(1), 9), BulkheadDecision::Queued); // no overtaking waiters
        QCOMPARE(bulkhead.grantWaiting(millis(1)), std::optional<std::uint64_t>(2));
        QCOMPARE(bulkhead.grantWaiting(millis(1)), std::optional<std::uint64_t>(3));
        QCOMPARE(bulkhead.grantWaiting(millis(1)), std::optional<std::uint64_t>());
        QCOMPARE(bulkhead.view().inUse, 3);
        QCOMPARE(bulkhead.view().queued, 1);
    }

    void rejectionIsAnEvent() {
        Recorder recorder;
        Bulkhead bulkhead(bulkheadConfig(1, 0));
        bulkhead.listeners().subscribe(&recorder);
        bulkhead.tryAcquire(TimePoint{0}, 1);
        bulkhead.tryAcquire(millis(3), 2);
        QCOMPARE(recorder.seen.size(), std::size_t{1});
        QCOMPARE(recorder.seen[0].kind, BulkheadEvent::Kind::Rejected);
        QCOMPARE(recorder.seen[0].at, millis(3));
        QCOMPARE(recorder.seen[0].inUse, 1);
    }

    void strayReleaseIsIgnored() {
        Bulkhead bulkhead(bulkheadConfig(1, 0));
        QCOMPARE(bulkhead.release(TimePoint{0}), std::optional<std::uint64_t>());
        QCOMPARE(bulkhead.view().inUse, 0);
        QCOMPARE(bulkhead.view().strayReleases, std::int64_t{1});
    }

    void queueRingGrowsAndWrapsInOrder() {
        Bulkhead bulkhead(bulkheadConfig(1, 1000)); // the ring starts with 64 places
        bulkhead.tryAcquire(TimePoint{0}, 0);
        std::uint64_t nextId = 1, nextServed = 1;
        for (int round = 0; round < 5; ++round) {
            for (int i = 0; i < 300; ++i)
                QCOMPARE(bulkhead.tryAcquire(TimePoint{0}, nextId++), BulkheadDecision::Queued);
            for (int i = 0; i < 250; ++i)
                QCOMPARE(bulkhead.release(TimePoint{0}), std::optional<std::uint64_t>(nextServed++));
        }
        QCOMPARE(bulkhead.view().queued, 250);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("max_concurrent") << 0 << "max_concurrent: must be in [1, 1000000], got 0";
        QTest::newRow("max_queue") << 1 << "max_queue: must be in [0, 1000000], got -1";
        QTest::newRow("max_wait_ms") << 2 << "max_wait_ms: must be > 0, got 0";
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, expected);
        BulkheadConfig c;
        if (which == 0) c.maxConcurrent = 0;
        if (which == 1) c.maxQueue = -1;
        if (which == 2) c.maxWait = Duration{0};
        QVERIFY_THROWS_EXCEPTION(ConfigError, Bulkhead{c});
        try {
            Bulkhead b(c);
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), expected);
        }
    }

    // Queueing theory: a fail-fast bulkhead of c slots is an M/M/c/c loss system, whose
    // blocking probability is Erlang B; with one slot and K - 1 places it is M/M/1/K.
    void failFastBulkheadBlocksAsErlangB() {
        const double lambda = 4.0, mu = 1.0, e = lambda / mu;
        const int c = 5;
        double b = 1.0; // Erlang B by recursion: B(E, k) = E B(E, k-1) / (k + E B(E, k-1))
        for (int k = 1; k <= c; ++k)
            b = e * b / (k + e * b);
        const double measured = rejectedFraction(bulkheadConfig(c, 0), lambda, mu, 300000, 11);
        QVERIFY2(std::fabs(measured - b) < 0.006,
                 qPrintable(QStringLiteral("measured %1, Erlang B %2").arg(measured).arg(b)));
    }
    void queuedBulkheadBlocksAsMM1K() {
        const double rho = 0.8;
        const int k = 5; // 1 in service + 4 waiting
        const double pk = (1 - rho) * std::pow(rho, k) / (1 - std::pow(rho, k + 1));
        const double measured = rejectedFraction(bulkheadConfig(1, k - 1), rho, 1.0, 300000, 12);
        QVERIFY2(std::fabs(measured - pk) < 0.006,
                 qPrintable(QStringLiteral("measured %1, M/M/1/K %2").arg(measured).arg(pk)));
    }

    // Property: the same decisions, granted ids, cancels and counts as the naive model.
    void matchesNaiveModelOnRandomTraces() {
        Random rng(4242);
        int queued = 0, expired = 0;
        for (int trace = 0; trace < 2000; ++trace) {
            const auto c = bulkheadConfig(
                static_cast<std::int32_t>(1 + rng.below(4)), static_cast<std::int32_t>(rng.below(6)),
                rng.below(3) == 0 ? kNoLimit : millis(static_cast<std::int64_t>(1 + rng.below(50))));
            Bulkhead bulkhead(c);
            NaiveBulkhead model{c, 0, {}, 0};
            std::int64_t now = 0;
            std::uint64_t nextId = 1;
            for (int step = 0; step < 200; ++step) {
                now += static_cast<std::int64_t>(rng.exponential(5e6));
                const auto op = rng.below(10);
                if (op < 5) {
                    const auto got = bulkhead.tryAcquire(TimePoint(now), nextId);
                    const auto want = model.tryAcquire(now, nextId);
                    QCOMPARE(got, want);
                    if (got == BulkheadDecision::Queued) ++queued;
                    ++nextId;
                } else if (op < 9) {
                    QCOMPARE(bulkhead.release(TimePoint(now)), model.release(now));
                } else {
                    const std::uint64_t id =
                        nextId - 1 - rng.below(std::min<std::uint64_t>(nextId - 1, 8) + 1);
                    QCOMPARE(bulkhead.cancel(id), model.cancel(id));
                }
                const auto v = bulkhead.view();
                QCOMPARE(v.inUse, model.inUse);
                QCOMPARE(v.queued, static_cast<std::int32_t>(model.waiting.size()));
                QCOMPARE(v.expired, model.expired);
            }
            expired += static_cast<int>(model.expired);
        }
        QVERIFY(queued > 1000 && expired > 100);
    }
};

QTEST_APPLESS_MAIN(TestBulkhead)
#include "tst_bulkhead.moc"
