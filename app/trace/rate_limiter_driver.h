#pragma once
// Shared by the four rate limiter trace drivers (token-bucket, fixed-window, sliding-log,
// sliding-window-counter): each registers its kind and calls createRateLimiterDriver.
//
// --config: the scenario format's rate_limiter keys (rate_per_s, burst, limit, window_ms, per,
// max_keys, idle_eviction_s), parsed by rl::scenario::parseRateLimiter. "kind" may be omitted (the
// CLI kind says it); if given it must name the same kind.
// Ops:
//   acquire {cost?, key?}  -> "permitted", "retry_after_ms" (0 when permitted; null when the cost can
//                             never pass), "tokens" (what the key may still take now), "window_count"
//                             (window kinds), and with per: tenant "keys" and "evicted_keys".
//                             cost defaults to 1; key (a string) to "default"; global limiters ignore it.
//   state {key?}           -> the same fields without a decision.
#include "app/trace/trace_driver.h"
#include "core/primitives/rate_limiter_config.h"

#include <memory>

namespace rl::trace {

inline constexpr std::string_view kRateLimiterOps =
    "acquire {cost?, key?}, state {key?}  (cost: default 1; key: tenant, default \"default\")";

std::unique_ptr<TraceDriver> createRateLimiterDriver(RateLimiterKind kind, const nlohmann::json& config);

} // namespace rl::trace
