#pragma once
// IdempotencyStore: server-side duplicate suppression by idempotency key (the pattern of Stripe's
// Idempotency-Key header and of the IETF draft "The Idempotency-Key HTTP Header Field").
//
//   begin(now, key):
//     unknown key (or its entry expired)  -> New: the caller owns the key and MUST complete or abandon
//     key in progress (lease not expired) -> InProgress (HTTP 409): a concurrent duplicate, suppressed
//     key completed (within ttl)          -> Completed (HTTP 200) with the stored result, replayed
//     unknown key and the store is full of in-progress keys -> Full (HTTP 503): see "Bounded" below
//   complete(now, key, result): in progress -> completed; the result is kept for ttl FROM COMPLETION.
//     Completing a key that is already completed changes nothing (the first result wins). Completing
//     an unknown key (its lease expired, or it was never begun) stores the result anyway: the work
//     was done, and a later duplicate should get its answer.
//   abandon(now, key): the attempt failed without side effects: the key is forgotten, so a retry runs
//     again (New). No effect on a completed or unknown key.
//
// Expiry: a completed key expires when now - completedAt >= ttl; an in-progress key's lease expires
// when now - begunAt >= inProgressTimeout (a crashed owner does not block the key forever). Expired
// entries are removed at the start of every call (oldest first, amortised O(1)), and counted.
//
// Bounded: at most maxEntries keys. A new key in a full store evicts the OLDEST COMPLETED key first
// (its result is the least likely to be asked for again; a duplicate arriving later re-executes). If
// every entry is a live in-progress key, begin() answers Full (503, retry later) and does not take the
// key: evicting a live lease would let a concurrent duplicate run the side effect twice, which is the
// one thing this store exists to prevent. complete() of an unknown key in that state drops the result.
//
// NOTE: keys carry no owner token: if a lease expires and a second owner begins the key, the first
// owner's late complete() completes the key for both. Size in_progress_timeout above the slowest
// legitimate processing time.
//
// Time is passed in; time going backwards is clamped to the latest time seen. No allocation per call
// for trivially copyable keys and results (pool, index and lists are allocated at construction).
// `result` pointers returned by begin() are valid until the next non-const call.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/detail/slot_index.h"
#include "core/primitives/detail/slot_lists.h"
#include "core/primitives/idempotency_config.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace rl {

enum class IdempotencyStatus : std::uint8_t { New, InProgress, Completed, Full };

// "new", "in_progress", "completed", "full".
constexpr std::string_view idempotencyStatusName(IdempotencyStatus s) {
    switch (s) {
    case IdempotencyStatus::New:
        return "new";
    case IdempotencyStatus::InProgress:
        return "in_progress";
    case IdempotencyStatus::Completed:
        return "completed";
    case IdempotencyStatus::Full:
        return "full";
    }
    return "new";
}

template <typename Result> struct IdempotencyCheck {
    IdempotencyStatus status = IdempotencyStatus::New;
    const Result* result = nullptr; // Completed only
    // New 0 (go ahead), InProgress 409 (Conflict), Completed 200 (replayed), Full 503.
    int httpStatus() const {
        switch (status) {
        case IdempotencyStatus::New:
            return 0;
        case IdempotencyStatus::InProgress:
            return 409;
        case IdempotencyStatus::Completed:
            return 200;
        case IdempotencyStatus::Full:
            return 503;
        }
        return 0;
    }
};

enum class IdempotencyEventKind : std::uint8_t {
    Conflict,     // a duplicate while in progress (409)
    Replayed,     // a duplicate after completion got the stored result
    Expired,      // a completed key outlived ttl and was removed
    LeaseExpired, // an in-progress key outlived in_progress_timeout and was removed
    Evicted,      // a live completed key was evicted to make room
    RejectedFull, // begin() answered Full (or a late result was dropped)
    Abandoned,    // the owner gave the key back
};

template <typename Key> struct IdempotencyEvent {
    IdempotencyEventKind kind;
    TimePoint time;
    Key key;
};

template <typename Result, typename Key = std::uint64_t> class IdempotencyStore {
public:
    using Check = IdempotencyCheck<Result>;
    using Event = IdempotencyEvent<Key>;

    struct View {
        std::size_t entries = 0;               // keys held (in progress + completed)
        std::size_t inProgress = 0;            // of which in progress
        std::size_t capacity = 0;              // maxEntries
        std::int64_t duplicatesSuppressed = 0; // InProgress + Completed answers
        std::int64_t inProgressConflicts = 0;  // InProgress (409) answers
        std::int64_t replayed = 0;             // Completed answers (stored result replayed)
        std::int64_t expired = 0;              // completed keys removed after ttl
        std::int64_t leasesExpired = 0;        // in-progress keys removed after in_progress_timeout
        std::int64_t evicted = 0;              // live completed keys evicted for room
        std::int64_t rejectedFull = 0;         // Full answers and dropped late results
        std::int64_t abandoned = 0;            // keys given back by their owner
    };

    explicit IdempotencyStore(const IdempotencyConfig& config)
        : m_config(validated(config))
        , m_entries(capacity())
        , m_index(capacity())
        , m_lists(capacity()) {
        m_lists.fill(m_free);
    }

    Check begin(TimePoint now, const Key& key) {
        const TimePoint t = advance(now);
        std::int32_t slot = m_index.find(key, keyOf());
        if (slot != kNone) {
            Entry& e = entry(slot);
            if (e.status == IdempotencyStatus::InProgress) {
                ++m_view.inProgressConflicts;
                ++m_view.duplicatesSuppressed;
                emit(IdempotencyEventKind::Conflict, t, key);
                return {IdempotencyStatus::InProgress, nullptr};
            }
            ++m_view.replayed;
            ++m_view.duplicatesSuppressed;
            emit(IdempotencyEventKind::Replayed, t, key);
            return {IdempotencyStatus::Completed, &e.result};
        }
        slot = takeSlot(t, key);
        if (slot == kNone) return {IdempotencyStatus::Full, nullptr};
        Entry& e = entry(slot);
        e.status = IdempotencyStatus::InProgress;
        e.since = t;
        m_lists.pushBack(m_inProgress, slot);
        return {IdempotencyStatus::New, nullptr};
    }

    void complete(TimePoint now, const Key& key, Result result) {
        const TimePoint t = advance(now);
        std::int32_t slot = m_index.find(key, keyOf());
        if (slot != kNone) {
            if (entry(slot).status == IdempotencyStatus::Completed) return; // first result wins
            m_lists.remove(m_inProgress, slot);
        } else {
            slot = takeSlot(t, key);
            if (slot == kNone) return; // full of live leases: the late result is dropped
        }
        Entry& e = entry(slot);
        e.status = IdempotencyStatus::Completed;
        e.since = t;
        e.result = std::move(result);
        m_lists.pushBack(m_completed, slot);
    }

    void abandon(TimePoint now, const Key& key) {
        const TimePoint t = advance(now);
        const std::int32_t slot = m_index.find(key, keyOf());
        if (slot == kNone || entry(slot).status != IdempotencyStatus::InProgress) return;
        release(m_inProgress, slot);
        ++m_view.abandoned;
        emit(IdempotencyEventKind::Abandoned, t, key);
    }

    // Removes expired entries as of `now` (every other call does this first).
    void expire(TimePoint now) { advance(now); }

    // The key's state as of the last call, without counting anything (for views and traces):
    // New when the store does not hold it.
    IdempotencyStatus status(const Key& key) const {
        const std::int32_t slot = m_index.find(key, keyOf());
        return slot == kNone ? IdempotencyStatus::New : entry(slot).status;
    }

    View view() const {
        View v = m_view;
        v.entries = m_inProgress.size + m_completed.size;
        v.inProgress = m_inProgress.size;
        v.capacity = capacity();
        return v;
    }
    // The same; entries are as of the last call (expired ones are removed by the next call).
    View view(TimePoint /*now*/) const { return view(); }

    const IdempotencyConfig& config() const { return m_config; }
    Listeners<Event>& listeners() { return m_listeners; }

    // New ttl and in_progress_timeout apply at once to existing keys. A new max_entries rebuilds the
    // store (allocates); shrinking drops the oldest completed keys first, then the oldest in-progress
    // ones (counted as evicted). Counters are kept.
    void reconfigure(const IdempotencyConfig& config, TimePoint now) {
        config.validate();
        const bool resize = config.maxEntries != m_config.maxEntries;
        m_config = config;
        if (resize) {
            IdempotencyStore rebuilt(config);
            rebuilt.m_latest = m_latest;
            const std::size_t drop = m_inProgress.size + m_completed.size > rebuilt.capacity()
                                         ? m_inProgress.size + m_completed.size - rebuilt.capacity()
                                         : 0;
            m_view.evicted += static_cast<std::int64_t>(drop);
            const std::size_t dropCompleted = std::min(drop, m_completed.size);
            const std::size_t dropInProgress = drop - dropCompleted;
            copyList(m_inProgress, dropInProgress, rebuilt, rebuilt.m_inProgress);
            copyList(m_completed, dropCompleted, rebuilt, rebuilt.m_completed);
            rebuilt.m_view = m_view;
            rebuilt.m_listeners = std::move(m_listeners);
            *this = std::move(rebuilt);
        }
        advance(now);
    }

private:
    static constexpr std::int32_t kNone = detail::SlotLists::kNone;
    struct Entry {
        Key key{};
        Result result{};
        TimePoint since{0}; // begun at (in progress) or completed at
        IdempotencyStatus status = IdempotencyStatus::New;
    };

    static const IdempotencyConfig& validated(const IdempotencyConfig& config) {
        config.validate();
        return config;
    }
    std::size_t capacity() const { return static_cast<std::size_t>(m_config.maxEntries); }
    Entry& entry(std::int32_t slot) { return m_entries[static_cast<std::size_t>(slot)]; }
    const Entry& entry(std::int32_t slot) const { return m_entries[static_cast<std::size_t>(slot)]; }
    auto keyOf() const {
        return [this](std::int32_t slot) -> const Key& { return entry(slot).key; };
    }
    void emit(IdempotencyEventKind kind, TimePoint t, const Key& key) {
        if (!m_listeners.empty()) m_listeners.emit(Event{kind, t, key});
    }

    // Clamps time and removes what has expired by then; returns the effective time.
    TimePoint advance(TimePoint now) {
        m_latest = std::max(m_latest, now);
        const TimePoint t = m_latest;
        while (!m_completed.empty() && t - entry(m_completed.front()).since >= m_config.ttl) {
            const std::int32_t slot = m_completed.front();
            ++m_view.expired;
            emit(IdempotencyEventKind::Expired, t, entry(slot).key);
            release(m_completed, slot);
        }
        while (!m_inProgress.empty() && t - entry(m_inProgress.front()).since >= m_config.inProgressTimeout) {
            const std::int32_t slot = m_inProgress.front();
            ++m_view.leasesExpired;
            emit(IdempotencyEventKind::LeaseExpired, t, entry(slot).key);
            release(m_inProgress, slot);
        }
        return t;
    }

    void release(detail::SlotLists::List& list, std::int32_t slot) {
        m_index.erase(entry(slot).key, keyOf());
        m_lists.remove(list, slot);
        m_lists.pushBack(m_free, slot);
    }

    // A free slot holding `key` (indexed, in no list), evicting the oldest completed key if needed;
    // kNone when the store is full of live in-progress keys.
    std::int32_t takeSlot(TimePoint t, const Key& key) {
        if (m_free.empty()) {
            if (m_completed.empty()) {
                ++m_view.rejectedFull;
                emit(IdempotencyEventKind::RejectedFull, t, key);
                return kNone;
            }
            const std::int32_t victim = m_completed.front();
            ++m_view.evicted;
            emit(IdempotencyEventKind::Evicted, t, entry(victim).key);
            release(m_completed, victim);
        }
        const std::int32_t slot = m_lists.popFront(m_free);
        entry(slot).key = key;
        m_index.insert(key, slot);
        return slot;
    }

    void copyList(const detail::SlotLists::List& from, std::size_t skip, IdempotencyStore& to,
                  detail::SlotLists::List& toList) const {
        std::size_t i = 0;
        for (std::int32_t s = from.front(); s != kNone; s = m_lists.next(s), ++i) {
            if (i < skip) continue;
            const std::int32_t slot = to.m_lists.popFront(to.m_free);
            to.entry(slot) = entry(s);
            to.m_index.insert(entry(s).key, slot);
            to.m_lists.pushBack(toList, slot);
        }
    }

    IdempotencyConfig m_config;
    std::vector<Entry> m_entries;
    detail::SlotIndex<Key> m_index;
    detail::SlotLists m_lists;
    detail::SlotLists::List m_free;
    detail::SlotLists::List m_inProgress; // oldest begin first
    detail::SlotLists::List m_completed;  // oldest completion first
    TimePoint m_latest = TimePoint::min();
    View m_view;
    Listeners<Event> m_listeners;
};

} // namespace rl
