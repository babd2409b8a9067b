// Fallback: last-known-good cache (fresh / stale / expired, least recently written eviction), the
// Fallback policy (static, cache, serve_stale, counters, events, reconfigure) and FallbackChain order.
#include "core/common/random.h"
#include "core/primitives/fallback.h"
#include "core/primitives/fallback_cache.h"
#include "core/primitives/fallback_chain.h"

#include <QtTest>

#include <deque>
#include <map>
#include <string>
#include <vector>

using namespace rl;

namespace {

FallbackConfig cacheConfig(Duration ttl, bool serveStale = false, std::int32_t maxEntries = 100,
                           Duration maxStale = kNoLimit) {
    FallbackConfig c;
    c.kind = FallbackKind::Cache;
    c.ttl = ttl;
    c.serveStale = serveStale;
    c.maxEntries = maxEntries;
    c.maxStale = maxStale;
    return c;
}

struct Recorder : EventListener<FallbackEvent> {
    std::vector<FallbackEvent> events;
    void onEvent(const FallbackEvent& e) override { events.push_back(e); }
};

} // namespace

class TestFallback : public QObject {
    Q_OBJECT

private slots:
    // ---- FallbackCache -------------------------------------------------------------------------
    void cacheAgeDecidesFreshStaleExpired_data() {
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<qint64>("maxStaleMs"); // -1 = no limit
        QTest::addColumn<bool>("found");
        QTest::addColumn<bool>("stale");
        // ttl = 1000 ms throughout.
        QTest::newRow("just written: fresh") << qint64(0) << qint64(-1) << true << false;
        QTest::newRow("1 ms before ttl: fresh") << qint64(999) << qint64(-1) << true << false;
        QTest::newRow("exactly ttl: stale") << qint64(1000) << qint64(-1) << true << true;
        QTest::newRow("long past ttl, no stale limit: stale")
            << qint64(86400000) << qint64(-1) << true << true;
        QTest::newRow("inside the stale window") << qint64(1499) << qint64(500) << true << true;
        QTest::newRow("ttl + max_stale: expired") << qint64(1500) << qint64(500) << false << false;
        QTest::newRow("past ttl + max_stale: expired") << qint64(9000) << qint64(500) << false << false;
    }
    void cacheAgeDecidesFreshStaleExpired() {
        QFETCH(qint64, ageMs);
        QFETCH(qint64, maxStaleMs);
        QFETCH(bool, found);
        QFETCH(bool, stale);
        FallbackCache<std::uint64_t> cache(10, millis(1000), maxStaleMs < 0 ? kNoLimit : millis(maxStaleMs));
        cache.store(millis(5000), 7, 42); // key 7 answered 42 at t=5 s
        const auto r = cache.lookup(millis(5000 + ageMs), 7);
        QCOMPARE(r.found, found);
        QCOMPARE(r.stale, stale);
        if (found) {
            QCOMPARE(r.age, millis(ageMs));
            QVERIFY(r.value != nullptr);
            QCOMPARE(*r.value, std::uint64_t{42});
        } else {
            QVERIFY(r.value == nullptr);
        }
    }

    void cacheMissingKeyIsNotFound() {
        FallbackCache<std::uint64_t> cache(4, seconds(1));
        cache.store(millis(0), 1, 10);
        const auto r = cache.lookup(millis(1), 2);
        QVERIFY(!r.found);
        QVERIFY(r.value == nullptr);
    }

    void cacheOverwriteRefreshesAgeAndValue() {
        FallbackCache<std::uint64_t> cache(4, seconds(1));
        cache.store(millis(0), 1, 10);
        cache.store(millis(1500), 1, 11); // rewritten: age restarts
        const auto r = cache.lookup(millis(2000), 1);
        QVERIFY(r.found && !r.stale);
        QCOMPARE(r.age, millis(500));
        QCOMPARE(*r.value, std::uint64_t{11});
        QCOMPARE(cache.size(), std::size_t{1});
    }

    void cacheEvictsLeastRecentlyWrittenNotLeastRecentlyRead() {
        FallbackCache<std::uint64_t> cache(3, seconds(100));
        cache.store(millis(1), 1, 1);              // write order: 1
        cache.store(millis(2), 2, 2);              // 1 2
        cache.store(millis(3), 3, 3);              // 1 2 3
        QVERIFY(cache.lookup(millis(4), 1).found); // reading 1 does not refresh it
        cache.store(millis(5), 4, 4);              // full: evicts 1 (oldest write) -> 2 3 4
        QVERIFY(!cache.lookup(millis(6), 1).found);
        QCOMPARE(cache.evictions(), std::int64_t{1});
        cache.store(millis(7), 2, 22); // rewrite 2 -> 3 4 2
        cache.store(millis(8), 5, 5);  // evicts 3 -> 4 2 5
        QVERIFY(!cache.lookup(millis(9), 3).found);
        QVERIFY(cache.lookup(millis(9), 2).found);
        QVERIFY(cache.lookup(millis(9), 4).found);
        QVERIFY(cache.lookup(millis(9), 5).found);
        QCOMPARE(cache.size(), std::size_t{3});
        QCOMPARE(cache.evictions(), std::int64_t{2});
        QCOMPARE(cache.oldestAge(millis(9)), millis(4)); // oldest now: key 4, written at t=5
    }

    void cacheTimeGoingBackwardsIsClamped() {
        FallbackCache<std::uint64_t> cache(4, millis(100));
        cache.store(millis(1000), 1, 1);
        cache.store(millis(500), 2, 2); // a write from the past is dated at the latest write (1000)
        const auto r = cache.lookup(millis(1050), 2);
        QCOMPARE(r.age, millis(50));
        const auto early = cache.lookup(millis(10), 1); // asking before the write: age 0, fresh
        QCOMPARE(early.age, Duration{0});
        QVERIFY(!early.stale);
    }

    void cacheWorksWithStringKeysAndValues() {
        FallbackCache<std::string, std::string> cache(2, seconds(1));
        cache.store(millis(0), "user:1", "alice");
        cache.store(millis(1), "user:2", "bob");
        cache.store(millis(2), "user:3", "carol"); // evicts user:1
        QVERIFY(!cache.lookup(millis(3), "user:1").found);
        QCOMPARE(*cache.lookup(millis(3), "user:3").value, std::string("carol"));
        QVERIFY(cache.erase("user:2"));
        QVERIFY(!cache.erase("user:2"));
        QCOMPARE(cache.size(), std::size_t{1});
    }

    // Property: thousands of random traces against a naive model (a deque in write order).
    void cacheMatchesNaiveModelOnRandomTraces() {
        Random rng(20261126);
        for (int trace = 0; trace < 300; ++trace) {
            const auto capacity = static_cast<std::size_t>(1 + rng.below(12));
            const Duration ttl = millis(static_cast<std::int64_t>(1 + rng.below(50)));
            const Duration maxStale =
                rng.bernoulli(0.5) ? kNoLimit : millis(static_cast<std::int64_t>(1 + rng.below(50)));
            const std::uint64_t keySpace = 1 + rng.below(30);
            FallbackCache<std::uint64_t> cache(capacity, ttl, maxStale);
            struct ModelEntry {
                std::uint64_t key, value;
                TimePoint written;
            };
            std::deque<ModelEntry> model; // least recently written first
            TimePoint now{0};
            std::int64_t modelEvictions = 0;
            for (int step = 0; step < 200; ++step) {
                now += millis(static_cast<std::int64_t>(rng.below(10)));
                const std::uint64_t key = rng.below(keySpace);
                const auto op = rng.below(10);
                if (op < 5) { // store
                    const std::uint64_t value = rng.next();
                    cache.store(now, key, value);
                    for (auto it = model.begin(); it != model.end(); ++it)
                        if (it->key == key) {
                            model.erase(it);
                            break;
                        }
                    if (model.size() == capacity) {
                        model.pop_front();
                        ++modelEvictions;
                    }
                    model.push_back({key, value, now});
                } else if (op < 6) { // erase
                    bool had = false;
                    for (auto it = model.begin(); it != model.end(); ++it)
                        if (it->key == key) {
                            model.erase(it);
                            had = true;
                            break;
                        }
                    QCOMPARE(cache.erase(key), had);
                } else { // lookup
                    const auto r = cache.lookup(now, key);
                    const ModelEntry* m = nullptr;
                    for (const auto& e : model)
                        if (e.key == key) m = &e;
                    bool found = m != nullptr;
                    Duration age{0};
                    if (m) {
                        age = now - m->written;
                        if (maxStale != kNoLimit && age >= ttl + maxStale) found = false;
                    }
                    QCOMPARE(r.found, found);
                    if (found) {
                        QCOMPARE(r.age, age);
                        QCOMPARE(r.stale, age >= ttl);
                        QCOMPARE(*r.value, m->value);
                    }
                }
                QCOMPARE(cache.size(), model.size());
                QCOMPARE(cache.evictions(), modelEvictions);
            }
        }
    }

    // ---- Fallback policy -----------------------------------------------------------------------
    void staticAlwaysAnswersDegraded() {
        FallbackConfig c;
        c.kind = FallbackKind::Static;
        Fallback f(c);
        for (std::uint64_t key = 0; key < 5; ++key) { // never recorded anything: still answers
            const auto a = f.answer(seconds(static_cast<std::int64_t>(key) * 1000), key);
            QCOMPARE(a.source, FallbackSource::Static);
            QVERIFY(a.degraded());
            QVERIFY(!a.stale);
        }
        QCOMPARE(f.view(seconds(0)).staticServed, std::int64_t{5});
        QCOMPARE(f.view(seconds(0)).misses, std::int64_t{0});
    }

    void cacheAnswers_data() {
        QTest::addColumn<bool>("serveStale");
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<int>("source");
        QTest::addColumn<bool>("stale");
        const int none = int(FallbackSource::None), cache = int(FallbackSource::Cache),
                  staleCache = int(FallbackSource::StaleCache);
        // ttl 1 s, max_stale 10 s
        QTest::newRow("fresh") << false << qint64(999) << cache << false;
        QTest::newRow("fresh, serve_stale on") << true << qint64(0) << cache << false;
        QTest::newRow("stale, serve_stale off: failure stands") << false << qint64(1000) << none << false;
        QTest::newRow("stale, serve_stale on: labelled stale") << true << qint64(1000) << staleCache << true;
        QTest::newRow("expired, serve_stale on: failure stands") << true << qint64(11000) << none << false;
    }
    void cacheAnswers() {
        QFETCH(bool, serveStale);
        QFETCH(qint64, ageMs);
        QFETCH(int, source);
        QFETCH(bool, stale);
        Fallback f(cacheConfig(seconds(1), serveStale, 100, seconds(10)));
        f.recordSuccess(millis(100), 9, 1234); // call for key 9 succeeded at t=100 ms
        const auto a = f.answer(millis(100 + ageMs), 9);
        QCOMPARE(int(a.source), source);
        QCOMPARE(a.stale, stale);
        QCOMPARE(a.degraded(), source != int(FallbackSource::None));
        if (a.degraded()) {
            QCOMPARE(a.age, millis(ageMs));
            QCOMPARE(a.value, std::uint64_t{1234});
        }
    }

    void cacheCountersAndEvents() {
        Fallback f(cacheConfig(seconds(1), false));
        Recorder rec;
        f.listeners().subscribe(&rec);
        f.recordSuccess(millis(0), 1);
        QCOMPARE(f.answer(millis(10), 1).source, FallbackSource::Cache);  // hit
        QCOMPARE(f.answer(millis(10), 2).source, FallbackSource::None);   // miss: never seen
        QCOMPARE(f.answer(millis(1000), 1).source, FallbackSource::None); // miss: stale refused
        f.reconfigure(cacheConfig(seconds(1), true), millis(1000));       // serve_stale on, live
        QCOMPARE(f.answer(millis(1001), 1).source, FallbackSource::StaleCache);
        const auto v = f.view(millis(1001));
        QCOMPARE(v.hits, std::int64_t{1});
        QCOMPARE(v.misses, std::int64_t{2});
        QCOMPARE(v.staleRefused, std::int64_t{1});
        QCOMPARE(v.staleHits, std::int64_t{1});
        QCOMPARE(v.entries, std::size_t{1});
        QCOMPARE(v.oldestAge, millis(1001));
        QCOMPARE(rec.events.size(), std::size_t{4});
        QCOMPARE(rec.events[1].key, std::uint64_t{2});
        QCOMPARE(rec.events[1].answer.source, FallbackSource::None);
        QCOMPARE(rec.events[3].answer.source, FallbackSource::StaleCache);
        QCOMPARE(rec.events[3].time, millis(1001));
        f.listeners().unsubscribe(&rec);
    }

    void evictionAtMaxEntries() {
        Fallback f(cacheConfig(seconds(60), false, 2));
        f.recordSuccess(millis(1), 1);
        f.recordSuccess(millis(2), 2);
        f.recordSuccess(millis(3), 3); // evicts key 1
        QCOMPARE(f.answer(millis(4), 1).source, FallbackSource::None);
        QCOMPARE(f.answer(millis(4), 2).source, FallbackSource::Cache);
        QCOMPARE(f.view(millis(4)).evictions, std::int64_t{1});
        QCOMPARE(f.view(millis(4)).entries, std::size_t{2});
    }

    void reconfigureKeepsNewestEntriesAndCounters() {
        Fallback f(cacheConfig(seconds(60), false, 5));
        for (std::uint64_t k = 1; k <= 5; ++k)
            f.recordSuccess(millis(static_cast<std::int64_t>(k)), k);
        QCOMPARE(f.answer(millis(10), 1).source, FallbackSource::Cache);
        f.reconfigure(cacheConfig(seconds(60), false, 2), millis(10)); // shrink: keep keys 4 and 5
        QCOMPARE(f.view(millis(10)).entries, std::size_t{2});
        QCOMPARE(f.answer(millis(11), 3).source, FallbackSource::None);
        const auto a = f.answer(millis(11), 4);
        QCOMPARE(a.source, FallbackSource::Cache);
        QCOMPARE(a.age, millis(7)); // ages survive the rebuild
        QCOMPARE(f.view(millis(11)).hits, std::int64_t{2});
        QCOMPARE(f.view(millis(11)).evictions, std::int64_t{3});
        // Switch to static live, then back: entries recorded meanwhile are there.
        FallbackConfig s = f.config();
        s.kind = FallbackKind::Static;
        f.reconfigure(s, millis(12));
        f.recordSuccess(millis(12), 8);
        QCOMPARE(f.answer(millis(13), 99).source, FallbackSource::Static);
        s.kind = FallbackKind::Cache;
        f.reconfigure(s, millis(13));
        QCOMPARE(f.answer(millis(14), 8).source, FallbackSource::Cache);
        // A shorter ttl applies to existing entries at once.
        f.reconfigure(cacheConfig(millis(1), false, 2), millis(14));
        QCOMPARE(f.answer(millis(14), 8).source, FallbackSource::None);
    }

    void configErrorsNameTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("field");
        QTest::newRow("ttl 0") << 0 << "ttl_s: must be > 0, got 0";
        QTest::newRow("max_entries 0") << 1 << "max_entries: must be in [1, 10000000], got 0";
        QTest::newRow("max_stale negative") << 2 << "max_stale_s: must be > 0, got -1";
    }
    void configErrorsNameTheField() {
        QFETCH(int, which);
        QFETCH(QString, field);
        FallbackConfig c;
        if (which == 0) c.ttl = Duration{0};
        if (which == 1) c.maxEntries = 0;
        if (which == 2) c.maxStale = seconds(-1);
        try {
            Fallback f(c);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QCOMPARE(QString::fromStdString(e.what()), field);
        }
        Fallback ok{FallbackConfig{}};
        QVERIFY_THROWS_EXCEPTION(ConfigError, ok.reconfigure(c, millis(0)));
        QCOMPARE(ok.config().maxEntries, 10000); // a rejected reconfigure changes nothing
    }

    void fallbackSourceNames() {
        QCOMPARE(fallbackSourceName(FallbackSource::None), std::string_view("none"));
        QCOMPARE(fallbackSourceName(FallbackSource::Static), std::string_view("static"));
        QCOMPARE(fallbackSourceName(FallbackSource::Cache), std::string_view("cache"));
        QCOMPARE(fallbackSourceName(FallbackSource::StaleCache), std::string_view("stale_cache"));
        QCOMPARE(fallbackSourceName(FallbackSource::Alternative), std::string_view("alternative"));
    }

    // ---- FallbackChain -------------------------------------------------------------------------
    void chainTriesInOrderUntilOneAnswers() {
        std::vector<std::string> called;
        FallbackChain<std::string, int> chain;
        chain.add("replica", [&](const int& key) -> std::optional<std::string> {
            called.push_back("replica");
            if (key % 2 == 0) return "replica:" + std::to_string(key);
            return std::nullopt;
        });
        chain.add("cache", [&](const int& key) -> std::optional<std::string> {
            called.push_back("cache");
            if (key % 3 == 0) return "cache:" + std::to_string(key);
            return std::nullopt;
        });
        chain.add("default", [&](const int&) -> std::optional<std::string> {
            called.push_back("default");
            return std::string("default");
        });

        auto a = chain.answer(4); // replica answers, later ones not called
        QCOMPARE(a.index, 0);
        QCOMPARE(*a.value, std::string("replica:4"));
        QVERIFY(a.degraded());
        QCOMPARE(a.source, FallbackSource::Alternative);
        QCOMPARE(called, (std::vector<std::string>{"replica"}));

        called.clear();
        a = chain.answer(3); // replica declines, cache answers
        QCOMPARE(a.index, 1);
        QCOMPARE(*a.value, std::string("cache:3"));
        QCOMPARE(called, (std::vector<std::string>{"replica", "cache"}));

        called.clear();
        a = chain.answer(5); // only the default answers
        QCOMPARE(a.index, 2);
        QCOMPARE(chain.name(a.index), std::string("default"));
        QCOMPARE(called, (std::vector<std::string>{"replica", "cache", "default"}));

        const auto v = chain.view();
        QCOMPARE(v.answered, (std::vector<std::int64_t>{1, 1, 1}));
        QCOMPARE(v.unanswered, std::int64_t{0});
    }

    void chainWithNoAnswerLeavesTheFailure() {
        FallbackChain<int> chain;
        QCOMPARE(chain.answer().index, FallbackChain<int>::kNoAnswer); // empty chain
        chain.add("never", [] { return std::optional<int>{}; });
        const auto a = chain.answer();
        QVERIFY(!a.value.has_value());
        QVERIFY(!a.degraded());
        QCOMPARE(a.source, FallbackSource::None);
        QCOMPARE(chain.view().unanswered, std::int64_t{2});
    }

    void chainPropagatesExceptions() {
        FallbackChain<int> chain;
        chain.add("throws", []() -> std::optional<int> { throw std::runtime_error("boom"); });
        chain.add("after", [] { return std::optional<int>{1}; });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, chain.answer());
    }
};

QTEST_APPLESS_MAIN(TestFallback)
#include "tst_fallback.moc"
