// KeyedRateLimiter: one limiter per tenant, isolated from the others; bounded memory (max_keys, least
// recently used evicted first); idle keys forgotten; `per: global` shares one limiter; and a replay of
#include "core/common/random.h"
#include "core/primitives/keyed_rate_limiter.h"

#include <QtTest>

#include <map>

using namespace rl;

namespace {
RateLimiterConfig perTenant(RateLimiterKind kind, std::int32_t maxKeys, Duration idle) {
    RateLimiterConfig c;
    c.kind = kind;
    c.per = RateLimitScope::Tenant;
    c.ratePerSecond = 2;
    c.burst = 2;
    c.limit = 2;
    c.window = seconds(3600);
    c.maxKeys = maxKeys;
    c.idleEviction = idle;
    return c;
}

// The obvious model: a map of live keys; before each call every idle key is dropped; a new key when
// max_keys are live drops the one used longest ago.
struct NaiveKeyed {
    struct Entry {
        RateLimiter limiter;
        std::int64_t lastUseSeq;
        TimePoint lastUsed;
    };
    RateLimiterConfig config;
    std::map<std::string, Entry> keys;
    std::int64_t seq = 0;
    std::int64_t evicted = 0;

    void dropIdle(TimePoint now) {
        for (auto it = keys.begin(); it != keys.end();) {
            if (now - it->second.lastUsed >= config.idleEviction) {
                it = keys.erase(it);
                ++evicted;
            } else {
                ++it;
            }
        }
    }
    RateDecision tryAcquire(TimePoint now, const std::string& key, double cost) {
        dropIdle(now);
        auto it = keys.find(key);
        if (it == keys.end()) {
            if (keys.size() == static_cast<std::size_t>(config.maxKeys)) {
                auto lru = keys.begin();
                for (auto k = keys.begin(); k != keys.end(); ++k)
                    if (k->second.lastUseSeq < lru->second.lastUseSeq) lru = k;
                keys.erase(lru);
                ++evicted;
            }
            it = keys.emplace(key, Entry{RateLimiter(config, now), 0, now}).first;
        }
        it->second.lastUseSeq = ++seq;
        it->second.lastUsed = now;
        return it->second.limiter.tryAcquire(now, cost);
    }
};
} // namespace

class TestKeyedRateLimiter : public QObject {
    Q_OBJECT
private slots:
    void tenantsAreIsolated() {
        KeyedRateLimiter limiter(perTenant(RateLimiterKind::TokenBucket, 100, seconds(60)));
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "acme").permitted);   // acme: 2 -> 1
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "acme").permitted);   // acme: 1 -> 0
        QVERIFY(!limiter.tryAcquire(TimePoint{0}, "acme").permitted);  // acme is out of tokens
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "globex").permitted); // globex has its own bucket
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "globex").permitted);
        QCOMPARE(limiter.keyCount(), std::size_t{2});
        QCOMPARE(limiter.viewOf("acme", TimePoint{0})->tokens, 0.0);
        QVERIFY(!limiter.viewOf("initech", TimePoint{0}).has_value());
        QCOMPARE(limiter.view().rejected, std::int64_t{1});
    }

    void aCopyIsIndependentAndKeepsItsLru() {
        // A simulation checkpoint copies the limiter: the copy's slots must point at its own keys.
        KeyedRateLimiter original(perTenant(RateLimiterKind::TokenBucket, 2, seconds(60)));
        original.tryAcquire(TimePoint{0}, "a");
        original.tryAcquire(TimePoint{0}, "b");
        KeyedRateLimiter copy(original);
        { // the original goes away: nothing of the copy may point into it
            KeyedRateLimiter doomed(std::move(original));
            doomed.tryAcquire(millis(1), "x");
        }
        copy.tryAcquire(millis(1), "c"); // evicts "a", the least recently used, through the copy's map
        QCOMPARE(copy.keyCount(), std::size_t{2});
        QVERIFY(!copy.viewOf("a", millis(1)).has_value());
        QVERIFY(copy.viewOf("b", millis(1)).has_value());
        QVERIFY(copy.viewOf("c", millis(1)).has_value());
        QCOMPARE(copy.view().permitted, std::int64_t{3});
    }

    void movingKeepsKeysUsable() {
        KeyedRateLimiter first(perTenant(RateLimiterKind::TokenBucket, 2, seconds(60)));
        first.tryAcquire(TimePoint{0}, "a");
        first.tryAcquire(TimePoint{0}, "b");
        std::vector<KeyedRateLimiter> all;
        all.push_back(std::move(first));
        all.emplace_back(perTenant(RateLimiterKind::TokenBucket, 2, seconds(60))); // may reallocate
        all[0].tryAcquire(millis(1), "c"); // evicts "a" through the moved map's node
        QCOMPARE(all[0].keyCount(), std::size_t{2});
        QVERIFY(!all[0].viewOf("a", millis(1)).has_value());
        QVERIFY(all[0].viewOf("b", millis(1)).has_value());
    }

    void globalScopeSharesOneLimiter() {
        auto c = perTenant(RateLimiterKind::TokenBucket, 100, seconds(60));
        c.per = RateLimitScope::Global;
        KeyedRateLimiter limiter(c);
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "acme").permitted);
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "globex").permitted);
        QVERIFY(!limiter.tryAcquire(TimePoint{0}, "initech").permitted); // the shared bucket is empty
        QCOMPARE(limiter.keyCount(), std::size_t{1});
    }

    void idleKeyIsForgottenAndStartsAfresh() {
        KeyedRateLimiter limiter(perTenant(RateLimiterKind::SlidingLog, 100, seconds(60)));
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "acme").permitted);
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "acme").permitted);
        QVERIFY(!limiter.tryAcquire(seconds(1), "acme").permitted); // the hour-long log is full
        // idle from 1 s to 60.999 s: not yet 60 s, still remembered
        QVERIFY(!limiter.tryAcquire(seconds(60) + millis(999), "acme").permitted);
        // idle 60 s since the last call (60.999 s): forgotten, a fresh empty log
        QVERIFY(limiter.tryAcquire(seconds(120) + millis(999), "acme").permitted);
        QCOMPARE(limiter.evictedKeys(), std::int64_t{1});
    }

    void idleKeysAreSweptLazily() {
        KeyedRateLimiter limiter(perTenant(RateLimiterKind::TokenBucket, 100, seconds(10)));
        for (const char* k : {"a", "b", "c", "d"})
            QVERIFY(limiter.tryAcquire(TimePoint{0}, k).permitted);
        QCOMPARE(limiter.keyCount(), std::size_t{4});
        QVERIFY(limiter.tryAcquire(seconds(10), "e").permitted); // forgets two idle keys on the way
        QCOMPARE(limiter.keyCount(), std::size_t{3});
        QCOMPARE(limiter.evictedKeys(), std::int64_t{2});
        limiter.evictIdle(seconds(10)); // the sweep takes the rest
        QCOMPARE(limiter.keyCount(), std::size_t{1});
        QCOMPARE(limiter.evictedKeys(), std::int64_t{4});
    }

    void maxKeysEvictsTheLeastRecentlyUsed() {
        struct Recorder : EventListener<KeyedRateLimitEvent> {
            QStringList evicted;
            void onEvent(const KeyedRateLimitEvent& e) override {
                if (e.kind == KeyedRateLimitEvent::Kind::KeyEvicted)
                    evicted << QString::fromUtf8(e.key.data(), static_cast<qsizetype>(e.key.size()));
            }
        } recorder;
        KeyedRateLimiter limiter(perTenant(RateLimiterKind::TokenBucket, 3, seconds(60)));
        limiter.listeners().subscribe(&recorder);
        limiter.tryAcquire(millis(1), "a");
        limiter.tryAcquire(millis(2), "b");
        limiter.tryAcquire(millis(3), "c");
        limiter.tryAcquire(millis(4), "a"); // a is now the most recent: b is the least
        limiter.tryAcquire(millis(5), "d"); // full: b goes
        QCOMPARE(limiter.keyCount(), std::size_t{3});
        QCOMPARE(recorder.evicted, QStringList{QStringLiteral("b")});
        QVERIFY(limiter.viewOf("a", millis(5)).has_value());
        QVERIFY(!limiter.viewOf("b", millis(5)).has_value());
        // a long new key reuses the evicted slot and node
        limiter.tryAcquire(millis(6), "a-much-longer-tenant-name-than-any-before");
        QCOMPARE(recorder.evicted.last(), QStringLiteral("c"));
        QCOMPARE(limiter.keyCount(), std::size_t{3});
    }

    void reconfigureShrinksKeysOrForgetsThem() {
        KeyedRateLimiter limiter(perTenant(RateLimiterKind::TokenBucket, 5, seconds(60)));
        for (const char* k : {"a", "b", "c", "d"})
            limiter.tryAcquire(TimePoint{0}, k);
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "d").permitted); // d: 2 -> 0
        limiter.reconfigure(perTenant(RateLimiterKind::TokenBucket, 2, seconds(60)), TimePoint{0});
        QCOMPARE(limiter.keyCount(), std::size_t{2});              // a and b (least recent) evicted
        QVERIFY(!limiter.tryAcquire(TimePoint{0}, "d").permitted); // d kept its empty bucket
        auto global = perTenant(RateLimiterKind::TokenBucket, 2, seconds(60));
        global.per = RateLimitScope::Global;
        limiter.reconfigure(global, TimePoint{0}); // another scope: every key forgotten
        QVERIFY(limiter.tryAcquire(TimePoint{0}, "d").permitted);
        QCOMPARE(limiter.keyCount(), std::size_t{1});
    }

    // Property: same decisions, same retryAfter, and (after a sweep) the same live keys and evictions
    // as the naive model, on random traces over 8 tenants with few key places.
    void matchesNaiveModelOnRandomTraces() {
        Random rng(99);
        const char* names[] = {"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"};
        const RateLimiterKind kinds[] = {RateLimiterKind::TokenBucket, RateLimiterKind::FixedWindow,
                                         RateLimiterKind::SlidingLog, RateLimiterKind::SlidingWindowCounter};
        int rejected = 0, evictions = 0;
        for (int trace = 0; trace < 1000; ++trace) {
            auto c = perTenant(kinds[rng.below(4)], static_cast<std::int32_t>(1 + rng.below(5)),
                               millis(static_cast<std::int64_t>(200 + rng.below(2000))));
            c.window = millis(500);
            KeyedRateLimiter limiter(c);
            NaiveKeyed model{c, {}};
            std::int64_t now = 0;
            for (int call = 0; call < 200; ++call) {
                now += static_cast<std::int64_t>(rng.exponential(100e6));
                const std::string key = names[rng.below(1 + rng.below(8))]; // skewed to the first names
                const RateDecision got = limiter.tryAcquire(TimePoint(now), key);
                const RateDecision want = model.tryAcquire(TimePoint(now), key, 1.0);
                QVERIFY2(got.permitted == want.permitted && got.retryAfter == want.retryAfter,
                         qPrintable(QStringLiteral("trace %1 call %2 key %3")
                                        .arg(trace)
                                        .arg(call)
                                        .arg(QString::fromStdString(key))));
                if (!got.permitted) ++rejected;
                if (call % 17 == 0) {
                    limiter.evictIdle(TimePoint(now));
                    model.dropIdle(TimePoint(now));
                    QCOMPARE(limiter.keyCount(), model.keys.size());
                    QCOMPARE(limiter.evictedKeys(), model.evicted);
                }
                QVERIFY(limiter.keyCount() <= static_cast<std::size_t>(c.maxKeys));
            }
            evictions += static_cast<int>(model.evicted);
        }
        QVERIFY(rejected > 1000 && evictions > 1000);
    }
};

QTEST_APPLESS_MAIN(TestKeyedRateLimiter)
#include "tst_keyed_rate_limiter.moc"
