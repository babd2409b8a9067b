#pragma once
// Configuration of per-attempt timeouts, deadline propagation and adaptive timeouts.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

struct DeadlinePropagationConfig {
    bool enabled = true;
    // A child call gets the caller's remaining budget minus this buffer (time to handle the answer).
    Duration buffer = millis(5); // >= 0
    // A child call whose budget would be below this is not started at all (answered Timeout).
    Duration minimumBudget = millis(1); // > 0

    bool operator==(const DeadlinePropagationConfig&) const = default;

    void validate() const {
        // Durations are checked and reported in milliseconds, as written in scenarios.
        config::requireAtLeast("buffer_ms", toMillis(buffer), 0.0);
        config::requirePositive("minimum_budget_ms", toMillis(minimumBudget));
    }
};

// timeout = clamp(percentile of the last `window` latencies * factor, min, max); `initial` until
// `minimumSamples` latencies have been seen.
struct AdaptiveTimeoutConfig {
    double percentile = 0.99;         // (0, 1)
    double factor = 1.5;              // >= 1
    Duration min = millis(10);        // > 0
    Duration max = seconds(10);       // >= min
    Duration initial = seconds(1);    // in [min, max]
    std::int32_t window = 1000;       // latencies remembered; 10 .. 100000
    std::int32_t minimumSamples = 20; // 1 .. window

    bool operator==(const AdaptiveTimeoutConfig&) const = default;

    void validate() const {
        using namespace config;
        if (!(percentile > 0.0 && percentile < 1.0))
            throw ConfigError("percentile", "must be in (0, 1), got " + str(percentile));
        requireInRange("factor", factor, 1.0, 100.0);
        requirePositive("min_ms", toMillis(min));
        if (max < min)
            throw ConfigError("max_ms",
                              "must be >= min_ms (" + str(toMillis(min)) + "), got " + str(toMillis(max)));
        if (initial < min || initial > max)
            throw ConfigError("initial_ms", "must be in [min_ms, max_ms] = [" + str(toMillis(min)) + ", " +
                                                str(toMillis(max)) + "], got " + str(toMillis(initial)));
        requireInRange<std::int32_t>("window", window, 10, 100000);
        requireInRange<std::int32_t>("minimum_samples", minimumSamples, 1, window);
    }
};

} // namespace rl
