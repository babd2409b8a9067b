// Trace driver "token-bucket": rl::KeyedRateLimiter of kind token_bucket (config keys and ops:
// rate_limiter_driver.h).
#include "app/trace/rate_limiter_driver.h"

namespace rl::trace {
namespace {

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    return createRateLimiterDriver(RateLimiterKind::TokenBucket, config);
}

const DriverRegistrar kRegistrar({"token-bucket",
                                  "token bucket (rate_per_s, burst; starts full), optionally per tenant",
                                  kRateLimiterOps, &create});

} // namespace
} // namespace rl::trace
