// Trace driver "fixed-window": rl::KeyedRateLimiter of kind fixed_window (config keys and ops:
// rate_limiter_driver.h).
#include "app/trace/rate_limiter_driver.h"

namespace rl::trace {
namespace {

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    return createRateLimiterDriver(RateLimiterKind::FixedWindow, config);
}

const DriverRegistrar kRegistrar(
    {"fixed-window", "fixed window rate limiter (limit per aligned window_ms), optionally per tenant",
     kRateLimiterOps, &create});

} // namespace
} // namespace rl::trace
