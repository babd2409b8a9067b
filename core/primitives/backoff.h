#pragma once
// Backoff: the delay before each retry, with optional jitter (docs/primitives/retry.md).
//
// Nominal delay before retry n (n = 1 is the first retry), always capped at `max`:
//   none         0 (retry at once; no jitter applies and nothing is drawn)
//   fixed        base
//   linear       base * n
//   exponential  base * multiplier^(n-1)
// The product is formed in floating point and clamped to `max` before converting back to integer
// nanoseconds, so retry 100 (or 10^6) of an exponential schedule is exactly `max`, never an overflow.
//
// Jitter turns the nominal delay d into the delay actually used (all results are in [0, max]):
//   none          d
//   full          uniform in [0, d]
//   equal         d/2 + uniform in [0, d/2]
//   decorrelated  min(max, uniform in [base, 3 * previous]), previous = the delay used before the
//                 previous retry, or base for the first retry (AWS "Exponential Backoff and Jitter").
//                 It ignores the nominal schedule (linear/exponential/fixed alike), only base and max
//                 matter. With base 0 it stays 0 for ever (uniform in [0, 0]): give it a base > 0.
//   proportional  d * (1 + uniform in [-fraction, +fraction]), clamped to [0, max] (gRPC: 0.2).
// Each delay() with a jitter other than none (and a kind other than none) draws exactly one number
// from the caller's Random, whatever d is, so the number of draws never depends on the values.
// delay() of a retry number below 1 is 0 (there is no wait before the first attempt) and draws nothing.
#include "core/common/random.h"
#include "core/common/time.h"
#include "core/primitives/retry_config.h"

#include <array>
#include <cstdint>

namespace rl {

class Backoff {
public:
    // Validates the config (throws ConfigError naming the field).
    explicit Backoff(const BackoffConfig& config);

    // Delay before retry number `retry` (1 = first retry). `previous` = the delay used before the
    // previous retry (0 for the first): decorrelated jitter needs it.
    Duration delay(std::int32_t retry, Duration previous, Random& rng) const;
    // The schedule before jitter (capped at max).
    Duration nominal(std::int32_t retry) const;

    const BackoffConfig& config() const { return m_config; }

private:
    Duration computeNominal(std::int32_t retry) const;

    // NOTE: the first kTable nominal delays are computed once (no pow() per call); later retries,
    // rare in practice, are computed on demand with the same formula.
    static constexpr std::int32_t kTable = 32;
    BackoffConfig m_config;
    double m_maxNs; // max as a double, for clamping before converting
    std::array<Duration, kTable> m_nominal{};
};

} // namespace rl
