#pragma once
// Rate limiting per key (tenant): one RateLimiter per key when `per` is Tenant, or one shared limiter
// for every key when `per` is Global (the key is then ignored).
//
// Bounded memory:
// - At most `maxKeys` keys are held. A new key when full evicts the least recently used key.
// - A key unused for `idleEviction` (now - last use >= idleEviction) is forgotten: its next call starts
//   a fresh limiter (full bucket, empty windows), exactly as if it had never been seen. Eviction is lazy
//   and amortised O(1): each call first forgets at most two idle keys from the cold end of the LRU list,
//   and a call for an idle key itself restarts it; evictIdle(now) sweeps all idle keys at once.
//   So keyCount() may include idle keys not yet swept; decisions never depend on when sweeping happens.
// - Evicted slots (their map node and the limiter's buffers) are reused for new keys, so in steady state
//   only a new key longer than any evicted one allocates; a call for an existing key never allocates
//   (heterogeneous lookup on string_view).
// NOTE: for a token bucket, an idle eviction is invisible when idle_eviction_s >= burst / rate (the
// bucket would be full again anyway); a shorter idle_eviction_s hands idle tenants a full bucket early.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/rate_limiter.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rl {

struct KeyedRateLimitEvent {
    enum class Kind : std::uint8_t { Rejected, KeyEvicted };
    Kind kind;
    TimePoint at;
    std::string_view key; // valid only during the callback
    double cost;          // Rejected only
    Duration retryAfter;  // Rejected only
};

class KeyedRateLimiter {
public:
    explicit KeyedRateLimiter(const RateLimiterConfig& config);
    // Slots point at their map node's key: moving keeps nodes in place; a copy (a simulation checkpoint)
    // points its slots at its own map's keys. The copy starts without spare nodes, so its first new keys
    // allocate.
    KeyedRateLimiter(const KeyedRateLimiter& other);
    KeyedRateLimiter& operator=(const KeyedRateLimiter&) = delete;
    KeyedRateLimiter(KeyedRateLimiter&&) noexcept = default;
    KeyedRateLimiter& operator=(KeyedRateLimiter&&) noexcept = default;
    ~KeyedRateLimiter() = default;

    RateDecision tryAcquire(TimePoint now, std::string_view key, double cost = 1);

    // Keys held (1 for a global limiter), idle ones not yet swept included.
    std::size_t keyCount() const;
    // Keys forgotten so far (idle or least recently used when full).
    std::int64_t evictedKeys() const { return m_evicted; }
    // Forgets every key idle at `now`.
    void evictIdle(TimePoint now);

    struct View {
        RateLimitScope per;
        std::size_t keys;
        std::int32_t maxKeys;
        std::int64_t evicted, permitted, rejected;
    };
    View view() const;
    // The limiter of one key, as its next call would see it (nullopt: unknown or idle-evicted key).
    std::optional<RateLimiter::View> viewOf(std::string_view key, TimePoint now) const;

    // Same `per`: every limiter is reconfigured in place (RateLimiter::reconfigure) and, if `max_keys`
    // shrank, the least recently used keys are evicted down to it. Another `per`: every key is forgotten.
    void reconfigure(const RateLimiterConfig& config, TimePoint now);

    const RateLimiterConfig& config() const { return m_config; }
    Listeners<KeyedRateLimitEvent>& listeners() { return m_listeners; }

private:
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Map = std::unordered_map<std::string, std::int32_t, KeyHash, std::equal_to<>>;
    static constexpr std::int32_t kNone = -1;
    struct Slot {
        RateLimiter limiter;
        TimePoint lastUsed{0};
        const std::string* key = nullptr; // the map's key (node addresses are stable)
        std::int32_t prev = kNone;        // towards the most recently used end
        std::int32_t next = kNone;        // towards the least recently used end
    };

    bool isIdle(const Slot& s, TimePoint now) const { return now - s.lastUsed >= m_config.idleEviction; }
    void unlink(std::int32_t i);
    void pushFront(std::int32_t i);
    void evict(std::int32_t i, TimePoint now);
    std::int32_t insert(std::string_view key, TimePoint now);
    void record(const RateDecision& d, TimePoint now, std::string_view key, double cost);

    RateLimiterConfig m_config;
    RateLimiter m_global;
    Map m_map;
    std::vector<Slot> m_slots;
    std::vector<std::int32_t> m_freeSlots;
    std::vector<Map::node_type> m_freeNodes;
    std::int32_t m_head = kNone; // most recently used
    std::int32_t m_tail = kNone; // least recently used
    std::int64_t m_evicted = 0;
    std::int64_t m_permitted = 0;
    std::int64_t m_rejected = 0;
    Listeners<KeyedRateLimitEvent> m_listeners;
};

} // namespace rl
