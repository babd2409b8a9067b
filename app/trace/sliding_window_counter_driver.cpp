// Trace driver "sliding-window-counter": rl::KeyedRateLimiter of kind sliding_window_counter (config keys and
// ops: rate_limiter_driver.h).
#include "app/trace/rate_limiter_driver.h"

namespace rl::trace {
namespace {

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    return createRateLimiterDriver(RateLimiterKind::SlidingWindowCounter, config);
}

const DriverRegistrar kRegistrar(
    {"sliding-window-counter",
     "sliding window counter (previous window weighted by overlap + current), optionally per tenant",
     kRateLimiterOps, &create});

} // namespace
} // namespace rl::trace
