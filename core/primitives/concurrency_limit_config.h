#pragma once
// Configuration of an adaptive concurrency limit (Netflix concurrency-limits style): the limit on calls
// in flight is not fixed but learned from drops and round-trip times. Keys (not yet in the scenario
// format): algorithm, initial_limit, min_limit, max_limit, backoff_ratio, timeout_ms, smoothing,
// long_window, rtt_tolerance, queue_size.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

enum class LimitAlgorithm : std::uint8_t {
    Aimd,      // x backoffRatio on a drop or timeout, +1 per window of `limit` successes
    Gradient2, // limit x clamp(tolerance x longRtt / shortRtt, 0.5, 1) + queueSize, smoothed
};

struct ConcurrencyLimitConfig {
    LimitAlgorithm algorithm = LimitAlgorithm::Aimd;
    std::int32_t initialLimit = 20; // min_limit .. max_limit
    std::int32_t minLimit = 1;      // >= 1
    std::int32_t maxLimit = 1000;   // >= min_limit, <= 10000000
    // AIMD
    double backoffRatio = 0.9;     // (0, 1): the limit is multiplied by it on a drop
    Duration timeout = seconds(5); // a success slower than this counts as a drop; > 0
    // Gradient2
    double smoothing = 0.2;        // (0, 1]: weight of the new estimate
    std::int32_t longWindow = 600; // samples of the long-term RTT average; 1 .. 1000000
    double rttTolerance = 1.5;     // >= 1: how much slower than the long-term RTT is still "no queue"
    std::int32_t queueSize = 4;    // >= 0: headroom added to the limit at each update

    void validate() const {
        using namespace config;
        requireAtLeast<std::int32_t>("min_limit", minLimit, 1);
        requireInRange<std::int32_t>("max_limit", maxLimit, minLimit, 10000000);
        requireInRange<std::int32_t>("initial_limit", initialLimit, minLimit, maxLimit);
        if (!(backoffRatio > 0.0 && backoffRatio < 1.0))
            throw ConfigError("backoff_ratio", "must be in (0, 1), got " + str(backoffRatio));
        requirePositive("timeout_ms", toMillis(timeout));
        if (!(smoothing > 0.0 && smoothing <= 1.0))
            throw ConfigError("smoothing", "must be in (0, 1], got " + str(smoothing));
        requireInRange<std::int32_t>("long_window", longWindow, 1, 1000000);
        requireInRange("rtt_tolerance", rttTolerance, 1.0, 100.0);
        requireInRange<std::int32_t>("queue_size", queueSize, 0, 1000000);
    }
};

} // namespace rl
