#pragma once
// The answer of every rate limiter (token bucket, window limiters, RateLimiter, KeyedRateLimiter).
#include "core/common/time.h"

namespace rl {

struct RateDecision {
    bool permitted = false;
    // 0 when permitted. When rejected: how long until the same cost would pass if nothing else were
    // admitted meanwhile; kNoLimit when it never can (the cost exceeds the burst or the limit).
    Duration retryAfter{0};
};

} // namespace rl
