// IdempotencyStore: concurrent duplicates (409), replay of stored results, ttl from completion,
// abandon, in-progress lease expiry, bounded memory (oldest completed evicted, Full when every key is a
// live lease), counters, events, reconfigure, config errors, and a property test against a std::map.
#include "core/common/random.h"
#include "core/primitives/idempotency_store.h"

#include <QtTest>

#include <map>
#include <string>
#include <vector>

using namespace rl;

namespace {

using Store = IdempotencyStore<std::uint64_t>;

IdempotencyConfig idemConfig(Duration ttl, std::int32_t maxEntries = 100, Duration lease = seconds(30)) {
    IdempotencyConfig c;
    c.ttl = ttl;
    c.maxEntries = maxEntries;
    c.inProgressTimeout = lease;
    return c;
}

struct Recorder : EventListener<IdempotencyEvent<std::uint64_t>> {
    std::vector<IdempotencyEventKind> kinds;
    std::vector<std::uint64_t> keys;
    void onEvent(const IdempotencyEvent<std::uint64_t>& e) override {
        kinds.push_back(e.kind);
        keys.push_back(e.key);
    }
};

} // namespace

class TestIdempotencyStore : public QObject {
    Q_OBJECT

private slots:
    void concurrentDuplicateGets409ThenLaterDuplicateGetsTheResult() {
        Store store(idemConfig(seconds(60)));
        auto c = store.begin(millis(0), 7); // first request with key 7: run it
        QCOMPARE(c.status, IdempotencyStatus::New);
        QCOMPARE(c.httpStatus(), 0);
        c = store.begin(millis(5), 7); // a retry while the first still runs: suppressed
        QCOMPARE(c.status, IdempotencyStatus::InProgress);
        QCOMPARE(c.httpStatus(), 409);
        QVERIFY(c.result == nullptr);
        store.complete(millis(10), 7, 4242); // the first finishes with 4242
        c = store.begin(millis(20), 7);      // a later duplicate: replayed
        QCOMPARE(c.status, IdempotencyStatus::Completed);
        QCOMPARE(c.httpStatus(), 200);
        QVERIFY(c.result != nullptr);
        QCOMPARE(*c.result, std::uint64_t{4242});
        const auto v = store.view();
        QCOMPARE(v.entries, std::size_t{1});
        QCOMPARE(v.inProgress, std::size_t{0});
        QCOMPARE(v.inProgressConflicts, std::int64_t{1});
        QCOMPARE(v.replayed, std::int64_t{1});
        QCOMPARE(v.duplicatesSuppressed, std::int64_t{2});
    }

    void ttlCountsFromCompletion() {
        Store store(idemConfig(millis(100)));
        store.begin(millis(0), 1);
        store.complete(millis(50), 1, 9); // completed at 50: kept until 150
        QCOMPARE(store.begin(millis(149), 1).status, IdempotencyStatus::Completed);
        QCOMPARE(store.view().expired, std::int64_t{0});
        QCOMPARE(store.begin(millis(150), 1).status, IdempotencyStatus::New); // expired: runs again
        QCOMPARE(store.view().expired, std::int64_t{1});
        QCOMPARE(store.view().entries, std::size_t{1}); // the new attempt holds the key
    }

    void abandonLetsARetryRun() {
        Store store(idemConfig(seconds(60)));
        QCOMPARE(store.begin(millis(0), 3).status, IdempotencyStatus::New);
        store.abandon(millis(10), 3); // the attempt failed before any side effect
        QCOMPARE(store.view().entries, std::size_t{0});
        QCOMPARE(store.begin(millis(20), 3).status, IdempotencyStatus::New); // the retry runs
        QCOMPARE(store.view().abandoned, std::int64_t{1});
        QCOMPARE(store.view().duplicatesSuppressed, std::int64_t{0});
        store.complete(millis(30), 3, 1);
        store.abandon(millis(40), 3); // abandoning a completed key changes nothing
        QCOMPARE(store.begin(millis(50), 3).status, IdempotencyStatus::Completed);
        store.abandon(millis(60), 99); // unknown key: no-op
        QCOMPARE(store.view().abandoned, std::int64_t{1});
    }

    void inProgressLeaseExpires() {
        Store store(idemConfig(seconds(60), 100, seconds(30)));
        QCOMPARE(store.begin(seconds(0), 5).status, IdempotencyStatus::New); // owner then crashes
        QCOMPARE(store.begin(millis(29999), 5).status, IdempotencyStatus::InProgress);
        QCOMPARE(store.begin(seconds(30), 5).status, IdempotencyStatus::New); // lease over: take over
        QCOMPARE(store.view().leasesExpired, std::int64_t{1});
        QCOMPARE(store.view().inProgressConflicts, std::int64_t{1});
    }

    void completeEdgeCases() {
        Store store(idemConfig(seconds(60)));
        store.complete(millis(0), 1, 10); // never begun (or its lease expired): stored anyway
        auto c = store.begin(millis(1), 1);
        QCOMPARE(c.status, IdempotencyStatus::Completed);
        QCOMPARE(*c.result, std::uint64_t{10});
        store.complete(millis(2), 1, 11); // completed twice: the first result wins
        QCOMPARE(*store.begin(millis(3), 1).result, std::uint64_t{10});
        // A completion keeps its ttl from the first completion.
        Store s2(idemConfig(millis(100)));
        s2.begin(millis(0), 2);
        s2.complete(millis(0), 2, 1);
        s2.complete(millis(90), 2, 2);
        QCOMPARE(s2.begin(millis(100), 2).status, IdempotencyStatus::New);
    }

    void boundedMemoryEvictsOldestCompletedFirst() {
        Store store(idemConfig(seconds(60), 3));
        store.begin(millis(1), 1);
        store.begin(millis(2), 2);
        store.begin(millis(3), 3);
        store.complete(millis(4), 2, 20); // completed order: 2, then 1
        store.complete(millis(5), 1, 10);
        QCOMPARE(store.begin(millis(6), 4).status, IdempotencyStatus::New); // full: evicts 2
        QCOMPARE(store.view().evicted, std::int64_t{1});
        QCOMPARE(store.view().entries, std::size_t{3});
        QCOMPARE(store.begin(millis(7), 1).status, IdempotencyStatus::Completed); // 1 still there
        QCOMPARE(store.begin(millis(8), 3).status, IdempotencyStatus::InProgress);
        // Key 2 was forgotten: a duplicate now re-executes (the cost of bounded memory). Taking it
        // evicts the last completed key, 1.
        QCOMPARE(store.begin(millis(9), 2).status, IdempotencyStatus::New);
        QCOMPARE(store.view().evicted, std::int64_t{2});
        QCOMPARE(store.view().inProgress, std::size_t{3});
    }

    void fullOfLiveLeasesAnswersFull() {
        Store store(idemConfig(seconds(60), 2, seconds(10)));
        store.begin(seconds(0), 1);
        store.begin(seconds(1), 2);
        auto c = store.begin(seconds(2), 3); // both slots hold live leases: refuse, never evict them
        QCOMPARE(c.status, IdempotencyStatus::Full);
        QCOMPARE(c.httpStatus(), 503);
        QCOMPARE(store.view().rejectedFull, std::int64_t{1});
        QCOMPARE(store.begin(seconds(3), 1).status, IdempotencyStatus::InProgress); // 1 still held
        store.complete(seconds(4), 3, 30); // a result for an untracked key with no room: dropped
        QCOMPARE(store.view().rejectedFull, std::int64_t{2});
        QCOMPARE(store.begin(seconds(10), 3).status, IdempotencyStatus::New); // lease of 1 expired
        QCOMPARE(store.view().leasesExpired, std::int64_t{1});
    }

    void httpStatusPerStatus_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("http");
        QTest::addColumn<QString>("name");
        QTest::newRow("new") << int(IdempotencyStatus::New) << 0 << "new";
        QTest::newRow("in_progress") << int(IdempotencyStatus::InProgress) << 409 << "in_progress";
        QTest::newRow("completed") << int(IdempotencyStatus::Completed) << 200 << "completed";
        QTest::newRow("full") << int(IdempotencyStatus::Full) << 503 << "full";
    }
    void httpStatusPerStatus() {
        QFETCH(int, status);
        QFETCH(int, http);
        QFETCH(QString, name);
        IdempotencyCheck<int> c;
        c.status = static_cast<IdempotencyStatus>(status);
        QCOMPARE(c.httpStatus(), http);
        QCOMPARE(QString::fromUtf8(idempotencyStatusName(c.status).data(),
                                   qsizetype(idempotencyStatusName(c.status).size())),
                 name);
    }

    void eventsNarrateWhatHappened() {
        Store store(idemConfig(millis(100), 1, millis(50)));
        Recorder rec;
        store.listeners().subscribe(&rec);
        store.begin(millis(0), 1);
        store.begin(millis(1), 1);   // Conflict
        store.abandon(millis(2), 1); // Abandoned
        store.begin(millis(3), 2);   // New
        store.begin(millis(4), 3);   // RejectedFull
        store.begin(millis(60), 4);  // LeaseExpired (2), then New
        store.complete(millis(61), 4, 0);
        store.begin(millis(62), 4); // Replayed
        store.begin(millis(63), 5); // Evicted (4)
        store.complete(millis(64), 5, 0);
        store.expire(millis(200)); // Expired (5)
        using K = IdempotencyEventKind;
        QCOMPARE(rec.kinds, (std::vector<K>{K::Conflict, K::Abandoned, K::RejectedFull, K::LeaseExpired,
                                            K::Replayed, K::Evicted, K::Expired}));
        QCOMPARE(rec.keys, (std::vector<std::uint64_t>{1, 1, 3, 2, 4, 4, 5}));
        QCOMPARE(store.view().entries, std::size_t{0});
    }

    void timeGoingBackwardsIsClamped() {
        Store store(idemConfig(millis(100)));
        store.begin(millis(1000), 1);
        store.complete(millis(500), 1, 1); // dated 1000, not 500
        QCOMPARE(store.begin(millis(1099), 1).status, IdempotencyStatus::Completed);
        QCOMPARE(store.begin(millis(1100), 1).status, IdempotencyStatus::New);
    }

    void stringKeysAndResults() {
        IdempotencyStore<std::string, std::string> store(idemConfig(seconds(60)));
        QCOMPARE(store.begin(millis(0), "order-1").status, IdempotencyStatus::New);
        store.complete(millis(1), "order-1", "charged 10 EUR");
        const auto c = store.begin(millis(2), "order-1");
        QCOMPARE(*c.result, std::string("charged 10 EUR"));
    }

    void reconfigureAppliesTimesAtOnceAndShrinksOldestCompletedFirst() {
        Store store(idemConfig(seconds(60), 4));
        Recorder rec;
        store.listeners().subscribe(&rec);
        store.begin(millis(0), 1);
        store.begin(millis(1), 2);
        store.begin(millis(2), 3);
        store.complete(millis(3), 3, 30);
        store.complete(millis(4), 1, 10);
        store.reconfigure(idemConfig(seconds(60), 2), millis(5)); // keep 2 of 3: drop completed 3
        QCOMPARE(store.view().entries, std::size_t{2});
        QCOMPARE(store.view().capacity, std::size_t{2});
        QCOMPARE(store.view().evicted, std::int64_t{1});
        QCOMPARE(store.begin(millis(6), 2).status, IdempotencyStatus::InProgress);
        QCOMPARE(*store.begin(millis(7), 1).result, std::uint64_t{10});
        QCOMPARE(store.view().replayed, std::int64_t{1});
        store.reconfigure(idemConfig(millis(1), 2), millis(8)); // ttl 1 ms: key 1 (completed at 4) expires
        QCOMPARE(store.view().expired, std::int64_t{1});
        QVERIFY(!rec.kinds.empty()); // listeners survive the rebuild
        QCOMPARE(rec.kinds.back(), IdempotencyEventKind::Expired);
        QVERIFY_THROWS_EXCEPTION(ConfigError, store.reconfigure(idemConfig(seconds(0)), millis(9)));
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("ttl 0") << 0 << "ttl_s: must be in (0, 31536000], got 0";
        QTest::newRow("max_entries 0") << 1 << "max_entries: must be in [1, 10000000], got 0";
        QTest::newRow("lease 0") << 2 << "in_progress_timeout_ms: must be in (0, 31536000000], got 0";
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, message);
        IdempotencyConfig c;
        if (which == 0) c.ttl = Duration{0};
        if (which == 1) c.maxEntries = 0;
        if (which == 2) c.inProgressTimeout = Duration{0};
        try {
            Store store(c);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }

    // Property: random traces of begin / complete / abandon / expire against a naive std::map model.
    void matchesMapModelOnRandomTraces() {
        Random rng(777);
        for (int trace = 0; trace < 300; ++trace) {
            IdempotencyConfig c = idemConfig(millis(static_cast<std::int64_t>(1 + rng.below(80))),
                                             static_cast<std::int32_t>(1 + rng.below(8)),
                                             millis(static_cast<std::int64_t>(1 + rng.below(80))));
            Store store(c);
            struct M {
                bool completed;
                TimePoint since;
                std::uint64_t seq; // order of entering the current state
                std::uint64_t result;
            };
            std::map<std::uint64_t, M> model;
            Store::View mv;
            std::uint64_t seq = 0;
            const std::uint64_t keys = 1 + rng.below(14);
            TimePoint now{0};
            auto purge = [&] {
                for (auto it = model.begin(); it != model.end();) {
                    const Duration limit = it->second.completed ? c.ttl : c.inProgressTimeout;
                    if (now - it->second.since >= limit) {
                        ++(it->second.completed ? mv.expired : mv.leasesExpired);
                        it = model.erase(it);
                    } else {
                        ++it;
                    }
                }
            };
            // Room for a new key: evict the oldest completed; false if only live leases remain.
            auto makeRoom = [&]() -> bool {
                if (model.size() < static_cast<std::size_t>(c.maxEntries)) return true;
                auto victim = model.end();
                for (auto it = model.begin(); it != model.end(); ++it)
                    if (it->second.completed &&
                        (victim == model.end() || it->second.seq < victim->second.seq))
                        victim = it;
                if (victim == model.end()) {
                    ++mv.rejectedFull;
                    return false;
                }
                model.erase(victim);
                ++mv.evicted;
                return true;
            };
            for (int step = 0; step < 300; ++step) {
                now += millis(static_cast<std::int64_t>(rng.below(8)));
                const std::uint64_t key = rng.below(keys);
                const auto op = rng.below(10);
                purge();
                if (op < 5) {
                    const auto got = store.begin(now, key);
                    auto it = model.find(key);
                    IdempotencyStatus want;
                    if (it == model.end()) {
                        want = makeRoom() ? IdempotencyStatus::New : IdempotencyStatus::Full;
                        if (want == IdempotencyStatus::New) model[key] = {false, now, seq++, 0};
                    } else if (!it->second.completed) {
                        want = IdempotencyStatus::InProgress;
                        ++mv.inProgressConflicts;
                        ++mv.duplicatesSuppressed;
                    } else {
                        want = IdempotencyStatus::Completed;
                        ++mv.replayed;
                        ++mv.duplicatesSuppressed;
                        QVERIFY(got.result != nullptr);
                        QCOMPARE(*got.result, it->second.result);
                    }
                    QCOMPARE(got.status, want);
                } else if (op < 8) {
                    const std::uint64_t result = rng.next();
                    store.complete(now, key, result);
                    auto it = model.find(key);
                    if (it == model.end()) {
                        if (makeRoom()) model[key] = {true, now, seq++, result};
                    } else if (!it->second.completed) {
                        it->second = {true, now, seq++, result};
                    }
                } else if (op < 9) {
                    store.abandon(now, key);
                    auto it = model.find(key);
                    if (it != model.end() && !it->second.completed) {
                        model.erase(it);
                        ++mv.abandoned;
                    }
                } else {
                    store.expire(now);
                }
                const auto v = store.view();
                std::size_t inProgress = 0;
                for (const auto& [k, m] : model)
                    inProgress += m.completed ? 0 : 1;
                QCOMPARE(v.entries, model.size());
                QCOMPARE(v.inProgress, inProgress);
                QCOMPARE(v.duplicatesSuppressed, mv.duplicatesSuppressed);
                QCOMPARE(v.inProgressConflicts, mv.inProgressConflicts);
                QCOMPARE(v.replayed, mv.replayed);
                QCOMPARE(v.expired, mv.expired);
                QCOMPARE(v.leasesExpired, mv.leasesExpired);
                QCOMPARE(v.evicted, mv.evicted);
                QCOMPARE(v.rejectedFull, mv.rejectedFull);
                QCOMPARE(v.abandoned, mv.abandoned);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestIdempotencyStore)
#include "tst_idempotency_store.moc"
