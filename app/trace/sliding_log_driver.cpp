// Trace driver "sliding-log": rl::KeyedRateLimiter of kind sliding_log (config keys and ops:
// rate_limiter_driver.h).
#include "app/trace/rate_limiter_driver.h"

namespace rl::trace {
namespace {

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    return createRateLimiterDriver(RateLimiterKind::SlidingLog, config);
}

const DriverRegistrar
    kRegistrar({"sliding-log",
                "sliding log rate limiter (exact: limit in any trailing window_ms), optionally per tenant",
                kRateLimiterOps, &create});

} // namespace
} // namespace rl::trace
