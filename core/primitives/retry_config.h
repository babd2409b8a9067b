#pragma once
// Configuration of retries with backoff and jitter.
#include "core/common/config_error.h"
#include "core/common/outcome.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

enum class BackoffKind : std::uint8_t {
    None,        // retry at once
    Fixed,       // base every time
    Linear,      // base * n for retry n = 1, 2, ... (capped by max)
    Exponential, // base * multiplier^(n-1) (capped by max)
};

enum class JitterKind : std::uint8_t {
    None,         // the backoff delay d as is
    Full,         // uniform in [0, d]
    Equal,        // d/2 + uniform in [0, d/2]
    Decorrelated, // min(max, uniform in [base, 3 * previous delay]), previous starts at base
    Proportional, // d * (1 + uniform in [-fraction, +fraction])
};

struct BackoffConfig {
    BackoffKind kind = BackoffKind::Exponential;
    Duration base = millis(100); // >= 0
    double multiplier = 2.0;     // Exponential only; >= 1
    Duration max = seconds(10);  // cap on any delay; >= base
    JitterKind jitter = JitterKind::Full;
    double jitterFraction = 0.25; // Proportional only; in [0, 1]

    bool operator==(const BackoffConfig&) const = default;

    void validate() const {
        using namespace config;
        // Durations are checked and reported in milliseconds, as written in scenarios.
        requireAtLeast("base_ms", toMillis(base), 0.0);
        requireInRange("multiplier", multiplier, 1.0, 1000.0);
        if (max < base)
            throw ConfigError("max_ms",
                              "must be >= base_ms (" + str(toMillis(base)) + "), got " + str(toMillis(max)));
        requireInRange("jitter_fraction", jitterFraction, 0.0, 1.0);
    }
};

// Retried by default: timeouts, errors (5xx), 429 and the 503-like rejections of an overloaded callee.
// Never 4xx, and not local rejections (circuit open, bulkhead full): retrying those right away only
// spins; put the retry outside the breaker with a backoff if that is what you want, and add them.
inline constexpr OutcomeSet kDefaultRetryOn{Outcome::Timeout, Outcome::Error, Outcome::RateLimited,
                                            Outcome::Shed, Outcome::Rejected};

struct RetryConfig {
    std::int32_t maxAttempts = 3; // counting the first attempt; 1 = no retries; 1 .. 100
    BackoffConfig backoff;
    OutcomeSet retryOn = kDefaultRetryOn;
    // Honour a server's Retry-After / pushback: wait at least that long (never less than the backoff).
    bool honorRetryAfter = true;
    // A Retry-After longer than this stops retrying (the caller would rather fail now); kNoLimit = wait.
    Duration maxRetryAfter = kNoLimit;

    bool operator==(const RetryConfig&) const = default;

    void validate() const {
        config::requireInRange<std::int32_t>("max_attempts", maxAttempts, 1, 100);
        backoff.validate();
        if (retryOn.contains(Outcome::Success) || retryOn.contains(Outcome::Degraded))
            throw ConfigError("retry_on", "must list failure outcomes only, got success or degraded");
        if (maxRetryAfter <= Duration::zero())
            throw ConfigError("max_retry_after_ms",
                              "must be > 0, got " + config::str(toMillis(maxRetryAfter)));
    }
};

} // namespace rl
