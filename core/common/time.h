#pragma once
// Time in Resilience Lab is an integer count of nanoseconds (int64: +-292 years), passed in by the
// caller. A real program passes steady_clock::now().time_since_epoch(); the simulator passes simulated
// time. Primitives never read a clock themselves, so tests and simulations are exact and repeatable.
#include <chrono>
#include <cstdint>

namespace rl {

using Duration = std::chrono::nanoseconds;
// A point in time, as the duration since the caller's epoch (any fixed origin).
using TimePoint = std::chrono::nanoseconds;

inline constexpr Duration kNoLimit = Duration::max();

constexpr Duration millis(std::int64_t ms) {
    return std::chrono::milliseconds(ms);
}
constexpr Duration seconds(std::int64_t s) {
    return std::chrono::seconds(s);
}

// Converts fractional milliseconds (as written in scenarios) to nanoseconds, rounding to nearest.
constexpr Duration fromMillis(double ms) {
    return Duration(static_cast<std::int64_t>(ms * 1e6 + (ms >= 0 ? 0.5 : -0.5)));
}
constexpr double toMillis(Duration d) {
    return static_cast<double>(d.count()) / 1e6;
}
constexpr double toSeconds(Duration d) {
    return static_cast<double>(d.count()) / 1e9;
}

} // namespace rl
