#pragma once
// Configuration of a circuit breaker. Defaults are Resilience4j's (2.x), so engineers who know it find no
// surprises. Field names in error messages are the scenario format's keys.
//
// Four rules differ from Resilience4j on purpose (docs/primitives/circuit-breaker.md, "Compared with
// Resilience4j"); each has a field here, and useResilience4jRules() sets all four to Resilience4j's, so a
// replayed trace gets the answers a Resilience4j 2.x breaker would have given, decision for decision.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

enum class BreakerWindow : std::uint8_t {
    Consecutive, // open after `failureThreshold` consecutive failures; a success resets the count
    Count,       // judge the last `windowSize` calls
    Time,        // judge the calls of the last `windowSize` seconds, in one-second buckets
};

// An outcome reported after the breaker changed state (its permit is from an older generation).
enum class BreakerLateOutcomes : std::uint8_t {
    Ignore, // ours: not recorded; only calls admitted in the current state decide it
    Record, // Resilience4j: recorded in whatever state the breaker is in when the call ends
};

// What a failed trial call does in HALF_OPEN (count and time windows; consecutive mode always reopens).
enum class BreakerTrialFailure : std::uint8_t {
    Reopen, // ours: back to OPEN at once
    Judge,  // Resilience4j: recorded like a success; the trials are judged against both thresholds
};

// How the open period is computed.
enum class BreakerOpenRounding : std::uint8_t {
    None,        // ours: each growth step in nanoseconds
    WholeMillis, // Resilience4j: open_duration, max_open_duration, max_half_open and every growth step
                 // truncated to whole milliseconds (Duration.toMillis, IntervalFunction's (long) cast)
};

// How a rate is compared with its threshold.
enum class BreakerRateArithmetic : std::uint8_t {
    Exact,        // ours: double(part) / double(calls) >= threshold
    FloatPercent, // Resilience4j: part * 100.0f / calls >= (float) threshold percentage, in float
};

struct CircuitBreakerConfig {
    BreakerWindow window = BreakerWindow::Count;
    std::int32_t windowSize = 100;       // calls (Count) or seconds (Time); 1 .. 100000
    std::int32_t failureThreshold = 5;   // Consecutive mode only; >= 1
    double failureRateThreshold = 0.5;   // (0, 1]; opens when rate >= threshold (inclusive)
    std::int32_t minimumCalls = 100;     // no verdict before this many calls are in the window; >= 1
    Duration slowCall = seconds(60);     // a call longer than this (strictly) is slow; kNoLimit = never slow
    double slowCallRateThreshold = 1.0;  // (0, 1]; opens when slow rate >= threshold (inclusive)
    Duration openDuration = seconds(60); // how long OPEN rejects before the next acquire may probe; > 0
    double openDurationMultiplier = 1.0; // each consecutive trip multiplies the open time; >= 1
    Duration maxOpenDuration = kNoLimit; // cap for the growing open time; >= openDuration
    std::int32_t halfOpenCalls = 10;     // trial calls admitted in HALF_OPEN; >= 1
    Duration maxHalfOpen = kNoLimit;     // HALF_OPEN longer than this goes back to OPEN (hung probe)
    // The deliberate differences from Resilience4j; the defaults are ours.
    BreakerLateOutcomes lateOutcomes = BreakerLateOutcomes::Ignore;
    BreakerTrialFailure trialFailure = BreakerTrialFailure::Reopen;
    BreakerOpenRounding openRounding = BreakerOpenRounding::None;
    BreakerRateArithmetic rateArithmetic = BreakerRateArithmetic::Exact;

    // Sets the four rules above to Resilience4j's (the scenario key "compat": "resilience4j").
    void useResilience4jRules() {
        lateOutcomes = BreakerLateOutcomes::Record;
        trialFailure = BreakerTrialFailure::Judge;
        openRounding = BreakerOpenRounding::WholeMillis;
        rateArithmetic = BreakerRateArithmetic::FloatPercent;
    }

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
        if (openRounding == BreakerOpenRounding::WholeMillis && openDuration < millis(1))
            throw ConfigError("open_duration_ms", "must be >= 1 when open_duration_rounding is "
                                                  "\"truncate_ms\" (Resilience4j's minimum), got " +
                                                      str(toMillis(openDuration)));
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
