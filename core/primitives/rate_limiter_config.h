#pragma once
// Configuration of the rate limiters (token bucket, fixed window, sliding-window log and counter).
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

enum class RateLimiterKind : std::uint8_t {
    TokenBucket,          // `ratePerSecond` tokens per second, at most `burst` stored; starts full
    FixedWindow,          // at most `limit` per aligned window of `window`
    SlidingLog,           // at most `limit` in any trailing `window` (exact; remembers each admission)
    SlidingWindowCounter, // previous window's count weighted by overlap + current count <= `limit`
};

enum class RateLimitScope : std::uint8_t { Global, Tenant };

struct RateLimiterConfig {
    RateLimiterKind kind = RateLimiterKind::TokenBucket;
    double ratePerSecond = 100.0; // token bucket refill; > 0
    double burst = 100.0;         // token bucket capacity; >= 1 (and >= the largest cost)
    std::int32_t limit = 100;     // window kinds: admissions per window; 1 .. 1000000
    Duration window = seconds(1); // window kinds: > 0
    RateLimitScope per = RateLimitScope::Global;
    std::int32_t maxKeys = 10000;        // per-tenant: at most this many keys kept; 1 .. 10000000
    Duration idleEviction = seconds(60); // per-tenant: a key unused this long is forgotten; > 0

    bool operator==(const RateLimiterConfig&) const = default;

    void validate() const {
        using namespace config;
        requirePositive("rate_per_s", ratePerSecond);
        requireAtLeast("burst", burst, 1.0);
        requireInRange<std::int32_t>("limit", limit, 1, 1000000);
        // Durations are checked in the unit of their key, so the message shows the value as written.
        requirePositive("window_ms", toMillis(window));
        requireInRange<std::int32_t>("max_keys", maxKeys, 1, 10000000);
        requirePositive("idle_eviction_s", toSeconds(idleEviction));
    }
};

} // namespace rl
