#pragma once
// A token bucket in the style of folly's TokenBucket: O(1) state, lazy refill, no timer.
//
// Semantics
// - Refills at `ratePerSecond` tokens per second and holds at most `burst` tokens. It starts FULL at
//   `start` (a choice: a service that just started may take a full burst at once).
// - tryAcquire(now, cost) admits iff the bucket holds at least `cost` tokens at `now`, and then takes
//   them. A cost above `burst` can never pass: rejected with retryAfter = kNoLimit. A cost of 0 always
//   passes. Costs must be finite and >= 0.
// - retryAfter of a rejection is exact: acquiring the same cost at now + retryAfter succeeds (if nothing
//   else was admitted in between) and 1 ns earlier fails.
// - Conformance: in ANY interval [t1, t2] the admitted cost is at most burst + rate * (t2 - t1), up to the
//   rounding below (well under a millionth of a token).
// - Time going backwards has no effect: a `now` earlier than the latest seen is treated as the latest
//   seen (no refill, no penalty); its retryAfter is still measured from the `now` passed in.
//
// Representation (folly): one integer, the time at which the bucket would be empty (`m_emptyAt`, in ns).
// tokens(now) = min(burst, (now - emptyAt) * rate). A cost c is the duration ceil(c / rate) in ns (rounded
// UP, so rounding never admits more than the rate); the burst is ceil(burst / rate) ns, so a full bucket
// always admits a cost equal to the burst. Only integers are added and compared: no drift over long runs.
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

private:
    Duration costDuration(double cost) const;
    TimePoint effectiveNow(TimePoint now) const { return now > m_lastNow ? now : m_lastNow; }
    // The start of the interval whose refill is stored: max(emptyAt, now - burst).
    TimePoint fillOrigin(TimePoint now) const;

    double m_rate;
    double m_burst;
    double m_nsPerToken;
    Duration m_burstDuration{0};
    TimePoint m_emptyAt{0};
    TimePoint m_lastNow{0};
};

} // namespace rl
