#pragma once
// Fallback: what answers after the protected call has failed (the outermost layer of a call's policy
// stack by default, so it sees the final result after retries).
//
// - kind Static: always answers, with the configured default: source Static, degraded.
// - kind Cache: recordSuccess(now, key) feeds a FallbackCache with the good answers; after a failure,
//   answer(now, key) serves the key's last good answer:
//     fresh (age < ttl)                          -> source Cache, degraded, not stale
//     stale (age >= ttl) and serveStale          -> source StaleCache, degraded, stale (labelled so)
//     stale and not serveStale, expired, missing -> source None: the failure stands
//   Expired = older than ttl + maxStale (only with serveStale; maxStale defaults to no limit).
// - Every answer other than None is degraded (Outcome::Degraded), never a success: the user got an
//   answer, but not a live one.
// - recordSuccess feeds the cache whatever the kind, so switching Static -> Cache live (the GUI) starts
//   with what was recorded meanwhile.
// - No allocation per call: the cache is preallocated for maxEntries keys at construction.
// - reconfigure: kind, ttl, serveStale and maxStale apply at once to existing entries; a new maxEntries
//   rebuilds the cache keeping the most recently written entries. Counters are kept.
//
// Compare: Resilience4j and Polly have no built-in cache fallback (a fallback is a user function;
// Polly's FallbackStrategy can read any cache); Envoy has none. The stale window follows HTTP's
// stale-if-error (RFC 5861).
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/fallback_cache.h"
#include "core/primitives/fallback_config.h"

#include <cstdint>
#include <string_view>

namespace rl {

enum class FallbackSource : std::uint8_t { None, Static, Cache, StaleCache, Alternative };

// "none", "static", "cache", "stale_cache", "alternative".
std::string_view fallbackSourceName(FallbackSource source);

struct FallbackAnswer {
    FallbackSource source = FallbackSource::None;
    bool stale = false;      // served from an entry older than ttl
    Duration age{0};         // age of the cached answer (cache sources only)
    std::uint64_t value = 0; // the cached value (cache sources only)
    // Every answer is degraded; None means there is no answer and the failure stands.
    bool degraded() const { return source != FallbackSource::None; }
};

// Emitted on every answer() (source None included): what the fallback did for a failed call.
struct FallbackEvent {
    TimePoint time{0};
    std::uint64_t key = 0;
    FallbackAnswer answer;
};

class Fallback {
public:
    struct View {
        FallbackKind kind = FallbackKind::Cache;
        std::size_t entries = 0;       // keys in the cache (expired ones included until evicted)
        std::size_t capacity = 0;      // maxEntries
        Duration oldestAge{0};         // age of the least recently written entry
        std::int64_t hits = 0;         // fresh cache answers
        std::int64_t staleHits = 0;    // stale cache answers (serveStale)
        std::int64_t misses = 0;       // cache kind, no answer: the failure stood
        std::int64_t staleRefused = 0; // of the misses: a stale entry was there but serveStale is off
        std::int64_t staticServed = 0; // static answers
        std::int64_t evictions = 0;    // cache entries evicted for room
    };

    explicit Fallback(const FallbackConfig& config);

    // The protected call succeeded: remember its answer for `key`.
    void recordSuccess(TimePoint now, std::uint64_t key, std::uint64_t value = 0);
    // The protected call failed: what to answer instead (see the header comment).
    FallbackAnswer answer(TimePoint now, std::uint64_t key);

    View view(TimePoint now) const;
    const FallbackConfig& config() const { return m_config; }
    const FallbackCache<std::uint64_t>& cache() const { return m_cache; }
    Listeners<FallbackEvent>& listeners() { return m_listeners; }
    void reconfigure(const FallbackConfig& config, TimePoint now);

private:
    FallbackConfig m_config;
    FallbackCache<std::uint64_t> m_cache;
    Listeners<FallbackEvent> m_listeners;
    std::int64_t m_hits = 0;
    std::int64_t m_staleHits = 0;
    std::int64_t m_misses = 0;
    std::int64_t m_staleRefused = 0;
    std::int64_t m_staticServed = 0;
};

} // namespace rl
