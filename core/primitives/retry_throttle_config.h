#pragma once
// Configuration of gRPC's retry throttling token bucket (proposal A6; docs/primitives/retry-budgets.md).
#include "core/common/config_error.h"

#include <cstdint>

namespace rl {

// Tokens start at maxTokens; each failure takes 1, each success gives back tokenRatio (up to
// maxTokens); retries are allowed only while tokens > maxTokens / 2.
struct RetryThrottleConfig {
    std::int32_t maxTokens = 10; // 1 .. 1000 (gRPC caps it at 1000)
    double tokenRatio = 0.1;     // [0.001, 1000]; kept to 3 decimal places like gRPC

    bool operator==(const RetryThrottleConfig&) const = default;

    void validate() const {
        config::requireInRange<std::int32_t>("max_tokens", maxTokens, 1, 1000);
        config::requireInRange("token_ratio", tokenRatio, 0.001, 1000.0);
    }
};

} // namespace rl
