#pragma once
// Configuration of client-side adaptive throttling (Google SRE book, "Handling Overload";
// docs/primitives/retry-budgets.md).
#include "core/common/config_error.h"

#include <cstdint>

namespace rl {

// Over the last windowSeconds, reject locally with probability
// max(0, (requests - k * accepts) / (requests + 1)).
struct AdaptiveThrottleConfig {
    double k = 2.0;                   // [1, 100]: lower rejects sooner (SRE book: 2; 1.1 is aggressive)
    std::int32_t windowSeconds = 120; // one-second buckets; 1 .. 3600

    void validate() const {
        config::requireInRange("k", k, 1.0, 100.0);
        config::requireInRange<std::int32_t>("window_s", windowSeconds, 1, 3600);
    }
};

} // namespace rl
