#pragma once
// Configuration of a circuit breaker. Defaults are Resilience4j's, so engineers who know it find no
// surprises. Field names in error messages are the scenario format's keys.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

enum class BreakerWindow : std::uint8_t {
    Consecutive, // open after `failureThreshold` consecutive failures; a success resets the count
    Count,       // judge the last `windowSize` calls
    Time,        // judge the calls of the last `windowSize` seconds, in one-second buckets
};

struct CircuitBreakerConfig {
    BreakerWindow window = BreakerWindow::Count;
    std::int32_t windowSize = 100;       // calls (Count) or seconds (Time); 1 .. 100000
    std::int32_t failureThreshold = 5;   // Consecutive mode only; >= 1
    double failureRateThreshold = 0.5;   // (0, 1]; opens when rate >= threshold (inclusive)
    std::int32_t minimumCalls = 100;     // no verdict before this many calls are in the window; >= 1
    Duration slowCall = kNoLimit;        // a call at least this long is slow; kNoLimit = never slow
    double slowCallRateThreshold = 1.0;  // (0, 1]; opens when slow rate >= threshold (inclusive)
    Duration openDuration = seconds(60); // how long OPEN rejects before the next acquire may probe; > 0
    double openDurationMultiplier = 1.0; // each consecutive trip multiplies the open time; >= 1
    Duration maxOpenDuration = kNoLimit; // cap for the growing open time; >= openDuration
    std::int32_t halfOpenCalls = 10;     // trial calls admitted in HALF_OPEN; >= 1
    Duration maxHalfOpen = kNoLimit;     // HALF_OPEN longer than this goes back to OPEN (hung probe)

    bool operator==(const CircuitBreakerConfig&) const = default;

    void validate() const {
        using namespace config;
        requireInRange<std::int32_t>("window_size", windowSize, 1, 100000);
        requireAtLeast<std::int32_t>("failure_threshold", failureThreshold, 1);
        if (!(failureRateThreshold > 0.0 && failureRateThreshold <= 1.0))
            throw ConfigError("failure_rate_threshold",
                              "must be in (0, 1], got " + str(failureRateThreshold));
        if (!(slowCallRateThreshold > 0.0 && slowCallRateThreshold <= 1.0))
            throw ConfigError("slow_call_rate_threshold",
                              "must be in (0, 1], got " + str(slowCallRateThreshold));
        requireAtLeast<std::int32_t>("minimum_calls", minimumCalls, 1);
        requirePositiveMillis("slow_call_ms", slowCall);
        requirePositiveMillis("open_duration_ms", openDuration);
        requireInRange("open_duration_multiplier", openDurationMultiplier, 1.0, 1000.0);
        if (maxOpenDuration < openDuration)
            throw ConfigError("max_open_duration_ms", "must be >= open_duration_ms (" +
                                                          str(toMillis(openDuration)) + "), got " +
                                                          str(toMillis(maxOpenDuration)));
        requireInRange<std::int32_t>("half_open_calls", halfOpenCalls, 1, 100000);
        requirePositiveMillis("max_half_open_ms", maxHalfOpen);
    }

private:
    // Durations are reported in milliseconds, the unit of their scenario keys.
    static void requirePositiveMillis(const char* field, Duration value) {
        if (value <= Duration::zero())
            throw ConfigError(field, "must be > 0, got " + config::str(toMillis(value)));
    }
};

} // namespace rl
