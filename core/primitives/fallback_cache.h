#pragma once
// FallbackCache: the last known good answer per key, with an age, for a fallback to serve when the
// protected call fails.
//
// - store(now, key, value) records a good answer written at `now` (overwriting the key's previous one).
// - lookup(now, key): found + age; `stale` when age >= ttl (fresh means age < ttl, so an entry is
//   fresh for exactly ttl). An entry older than ttl + maxStale has expired: lookup reports it as not
//   found (it stays in memory until it is evicted or overwritten; it is the oldest, so it goes first).
// - Bounded: at most `maxEntries`; storing a new key into a full cache evicts the LEAST RECENTLY
//   WRITTEN entry (reads do not refresh an entry: a fallback wants the newest data, not the most read).
// - Memory is allocated once, at construction (a pool of entries, an open-addressing index at load
//   <= 0.5 and an intrusive write-order list): store and lookup never allocate for trivially copyable
//   keys and values (std::uint64_t keys in the simulator). Key and Value must be default-constructible;
//   Key needs == and std::hash (integers are mixed with splitmix64).
// - Time is passed in. Time going backwards is clamped: a write is never dated before the latest
//   write, and an age is never negative.
//
// Compare: Polly's and Resilience4j's fallbacks take a user function and keep no data; a cache of
// last good answers is what e.g. Netflix's Hystrix users built by hand ("fallback via cache"), and
// HTTP caches do with max-age + stale-if-error (RFC 5861), which is ttl + maxStale here.
#include "core/common/time.h"
#include "core/primitives/detail/slot_index.h"
#include "core/primitives/detail/slot_lists.h"
#include "core/primitives/fallback_config.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace rl {

template <typename Value, typename Key = std::uint64_t> class FallbackCache {
public:
    struct Lookup {
        bool found = false;           // an entry exists and has not expired
        bool stale = false;           // found, and age >= ttl
        Duration age{0};              // now - written (>= 0); 0 when not found
        const Value* value = nullptr; // valid until the next store/erase/reconfigure
    };

    FallbackCache(std::size_t maxEntries, Duration ttl, Duration maxStale = kNoLimit)
        : m_capacity(std::max<std::size_t>(maxEntries, 1))
        , m_ttl(ttl)
        , m_maxStale(maxStale)
        , m_entries(m_capacity)
        , m_index(m_capacity)
        , m_lists(m_capacity) {
        m_lists.fill(m_free);
    }
    explicit FallbackCache(const FallbackConfig& config)
        : FallbackCache(validatedCapacity(config), config.ttl, config.maxStale) {}

    void store(TimePoint now, const Key& key, Value value) {
        m_latestWrite = std::max(m_latestWrite, now);
        std::int32_t slot = m_index.find(key, keyOf());
        if (slot != kNone) {
            m_lists.remove(m_written, slot);
        } else {
            if (m_free.empty()) evictOldest();
            slot = m_lists.popFront(m_free);
            m_entries[at(slot)].key = key;
            m_index.insert(key, slot);
        }
        Entry& e = m_entries[at(slot)];
        e.value = std::move(value);
        e.written = m_latestWrite;
        m_lists.pushBack(m_written, slot);
    }

    Lookup lookup(TimePoint now, const Key& key) const {
        const std::int32_t slot = m_index.find(key, keyOf());
        if (slot == kNone) return {};
        const Entry& e = m_entries[at(slot)];
        const Duration age = std::max(Duration{0}, now - e.written);
        if (expired(age)) return {};
        return {true, age >= m_ttl, age, &e.value};
    }

    // Removes `key`; returns whether it was there.
    bool erase(const Key& key) {
        const std::int32_t slot = m_index.find(key, keyOf());
        if (slot == kNone) return false;
        m_index.erase(key, keyOf());
        m_lists.remove(m_written, slot);
        m_lists.pushBack(m_free, slot);
        return true;
    }

    void clear() {
        m_index.clear();
        m_lists.fill(m_free);
        m_written = {};
    }

    std::size_t size() const { return m_written.size; }
    std::size_t capacity() const { return m_capacity; }
    Duration ttl() const { return m_ttl; }
    Duration maxStale() const { return m_maxStale; }
    // Entries evicted to make room since construction.
    std::int64_t evictions() const { return m_evictions; }
    // Age of the least recently written entry (the next to be evicted); 0 when empty.
    Duration oldestAge(TimePoint now) const {
        if (m_written.empty()) return Duration{0};
        return std::max(Duration{0}, now - m_entries[at(m_written.front())].written);
    }

    // Visits entries oldest write first: fn(const Key&, const Value&, TimePoint written).
    template <typename Fn> void forEach(Fn&& fn) const {
        for (std::int32_t s = m_written.front(); s != kNone; s = m_lists.next(s))
            fn(m_entries[at(s)].key, m_entries[at(s)].value, m_entries[at(s)].written);
    }

    // New ttl and maxStale apply to existing entries at once. A new capacity rebuilds the cache
    // (allocates), keeping the most recently written min(size, maxEntries) entries and their ages.
    void reconfigure(const FallbackConfig& config) {
        config.validate();
        m_ttl = config.ttl;
        m_maxStale = config.maxStale;
        const auto capacity = static_cast<std::size_t>(config.maxEntries);
        if (capacity == m_capacity) return;
        FallbackCache rebuilt(capacity, m_ttl, m_maxStale);
        const std::size_t skip = size() > capacity ? size() - capacity : 0;
        std::size_t i = 0;
        forEach([&](const Key& k, const Value& v, TimePoint written) {
            if (i++ >= skip) rebuilt.store(written, k, v);
        });
        rebuilt.m_evictions = m_evictions + static_cast<std::int64_t>(skip);
        *this = std::move(rebuilt);
    }

private:
    static constexpr std::int32_t kNone = detail::SlotLists::kNone;
    struct Entry {
        Key key{};
        Value value{};
        TimePoint written{0};
    };
    static std::size_t validatedCapacity(const FallbackConfig& config) {
        config.validate();
        return static_cast<std::size_t>(config.maxEntries);
    }
    static std::size_t at(std::int32_t slot) { return static_cast<std::size_t>(slot); }
    auto keyOf() const {
        return [this](std::int32_t slot) -> const Key& { return m_entries[at(slot)].key; };
    }
    bool expired(Duration age) const { return m_maxStale != kNoLimit && age - m_ttl >= m_maxStale; }
    void evictOldest() {
        const std::int32_t slot = m_lists.popFront(m_written);
        m_index.erase(m_entries[at(slot)].key, keyOf());
        m_lists.pushBack(m_free, slot);
        ++m_evictions;
    }

    std::size_t m_capacity;
    Duration m_ttl;
    Duration m_maxStale;
    std::vector<Entry> m_entries;
    detail::SlotIndex<Key> m_index;
    detail::SlotLists m_lists;
    detail::SlotLists::List m_free;
    detail::SlotLists::List m_written; // least recently written first
    TimePoint m_latestWrite = TimePoint::min();
    std::int64_t m_evictions = 0;
};

} // namespace rl
