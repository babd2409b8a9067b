#pragma once
// A token bucket in the style of folly's TokenBucket: O(1) state, lazy refill, no timer.
//
// Semantics
// - Refills at `ratePerSecond` tokens per second and holds at most `burst` tokens. It starts FULL at
//   `start` (a choice: a service that just started may take a full burst at once).
// - tryAcquire(now, cost) admits iff the bucket holds at least `cost` tokens at `now`, and then takes
//   them. A cost above `burst` can never pass: rejected with retryAfter = kNoLimit. A cost of 0 always
//   passes. Costs must be finite and >= 0 (a negative cost counts as 0).
// - retryAfter of a rejection is exact: acquiring the same cost at now + retryAfter succeeds (if nothing
//   else was admitted in between) and 1 ns earlier fails.
// - Conformance: in ANY interval [t1, t2] the admitted cost is at most burst + rate * (t2 - t1), up to the
//   rounding below (about 1e-15 token per admission).
// - Time going backwards has no effect: a `now` earlier than the latest seen is treated as the latest
//   seen (no refill, no penalty); its retryAfter is still measured from the `now` passed in.
//
// Representation (folly): one time, at which the bucket would be empty (`m_emptyAt`);
// tokens(now) = min(burst, (now - emptyAt) * rate). A cost c moves it c / rate later. That time is kept
// as whole nanoseconds (int64) plus a fraction of a nanosecond (a double in [0, 1)), with carries, so
// that 1e9 / rate need not be a whole number: with rate 3/s, three costs of 1/3 s each exactly fill the
// burst of 1 s (rounding each to whole ns would lose a token per burst or drift over long runs). A
// fraction within 1e-6 ns of a whole number is snapped to it, so that sums such as 1/3 + 2/3 of the
// refill time of a token land exactly on their tie. Only this fraction is floating: no drift over time.
// NOTE: durations are capped at 2^62 ns (146 years) so that tiny rates cannot overflow.
#include "core/common/time.h"
#include "core/primitives/rate_decision.h"

#include <cstdint>

namespace rl {

class TokenBucket {
public:
    TokenBucket(double ratePerSecond, double burst, TimePoint start = TimePoint{});

    RateDecision tryAcquire(TimePoint now, double cost = 1);
    // Tokens available at `now` (for display), in [0, burst].
    double tokens(TimePoint now) const;
    // Keeps the tokens currently stored (capped to the new burst) and refills at the new rate from now.
    void reconfigure(double ratePerSecond, double burst, TimePoint now);
    // Back to a full bucket at `now`.
    void reset(TimePoint now);

    double rate() const { return m_rate; }
    double burst() const { return m_burst; }

    // A time or duration with sub-nanosecond precision: whole ns + a fraction in [0, 1).
    struct FineTime {
        std::int64_t ns = 0;
        double frac = 0;
        friend bool operator<(const FineTime& a, const FineTime& b) {
            return a.ns < b.ns || (a.ns == b.ns && a.frac < b.frac);
        }
    };

private:
    FineTime costDuration(double cost) const;
    TimePoint effectiveNow(TimePoint now) const { return now > m_lastNow ? now : m_lastNow; }
    // The start of the interval whose refill is stored: max(emptyAt, now - burst).
    FineTime fillOrigin(TimePoint now) const;

    double m_rate;
    double m_burst;
    double m_nsPerToken;
    FineTime m_burstDuration;
    FineTime m_emptyAt;
    TimePoint m_lastNow{0};
};

} // namespace rl
