#pragma once
// Window rate limiters: at most `limit` (cost units) per window of `window`. Three classic kinds:
//
// FixedWindowLimiter: windows are aligned to multiples of `window` from the caller's epoch
//   ([k*W, (k+1)*W)); a window admits while its admitted cost + cost <= limit. Cheap, but up to 2 x limit
//   can pass around a boundary (end of one window + start of the next). retryAfter is exact: the start of
//   the next window (or kNoLimit when cost > limit).
// SlidingLogLimiter: exact. Remembers every admission (time, cost) in a ring; an admission at `a` counts
//   at `now` while now - a < window (it expires exactly `window` later). Admits while the trailing
//   window's cost + cost <= limit. retryAfter is exact: when enough of the oldest admissions expire.
//   The ring is preallocated with min(limit, 4096) places and doubles when full (only while warming up
//   to `limit` admissions per window, or when costs are fractional).
// SlidingWindowCounterLimiter: Cloudflare's approximation of the sliding log with two counters. With
//   e = now - start of the current aligned window and f = e / W, the estimate is
//   previous * (1 - f) + current, and a call passes iff estimate + cost <= limit. (Cloudflare writes
//   "estimate < limit" for cost 1; both agree when the estimate is whole. Ours never lets the estimate
//   exceed `limit`, like the log it approximates.) It assumes the previous window's admissions were
//   spread evenly. retryAfter is an UPPER-BOUND estimate: the first nanosecond at which the same cost
//   passes if nothing else is admitted meanwhile, computed from the formula then checked (rounded up).
//
// Common rules: costs are finite and >= 0 (best whole: counts are doubles, exact for whole numbers up to
// 2^53); a cost above `limit` is never admitted (retryAfter = kNoLimit); a cost of 0 passes. A `now`
// earlier than the latest seen is treated as the latest seen (time going backwards has no effect;
// retryAfter is still measured from the `now` passed in).
// O(1) per call, except the log's expiry (amortised O(1)) and its retryAfter (O(admissions expired)).
#include "core/common/time.h"
#include "core/primitives/rate_decision.h"

#include <cstdint>
#include <vector>

namespace rl {

// The "no time seen yet" value of the limiters' latest-seen clock.
inline constexpr TimePoint kEarliest = TimePoint::min();

class FixedWindowLimiter {
public:
    FixedWindowLimiter(std::int64_t limit, Duration window);
    RateDecision tryAcquire(TimePoint now, double cost = 1);
    // Cost admitted in the window containing `now`.
    double count(TimePoint now) const;
    // Keeps the current window's count when the window length is unchanged; otherwise starts afresh.
    void reconfigure(std::int64_t limit, Duration window, TimePoint now);
    void reset();

    std::int64_t limit() const { return m_limit; }
    Duration window() const { return m_window; }

private:
    std::int64_t m_limit;
    Duration m_window;
    std::int64_t m_windowIndex = 0;
    double m_count = 0;
    TimePoint m_lastNow{kEarliest};
};

class SlidingLogLimiter {
public:
    SlidingLogLimiter(std::int64_t limit, Duration window);
    RateDecision tryAcquire(TimePoint now, double cost = 1);
    // Cost admitted in the trailing window (now - window, now].
    double count(TimePoint now) const;
    // Keeps the log (admission times stay exact whatever the new window is).
    void reconfigure(std::int64_t limit, Duration window, TimePoint now);
    void reset();

    std::int64_t limit() const { return m_limit; }
    Duration window() const { return m_window; }
    std::size_t entries() const { return m_size; }

private:
    struct Entry {
        TimePoint at;
        double cost;
    };
    void expire(TimePoint now);
    void push(TimePoint at, double cost);
    const Entry& at(std::size_t i) const { return m_ring[(m_head + i) % m_ring.size()]; }

    std::int64_t m_limit;
    Duration m_window;
    std::vector<Entry> m_ring;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
    double m_sum = 0;
    TimePoint m_lastNow{kEarliest};
};

class SlidingWindowCounterLimiter {
public:
    SlidingWindowCounterLimiter(std::int64_t limit, Duration window);
    RateDecision tryAcquire(TimePoint now, double cost = 1);
    // previous * (1 - elapsed fraction) + current, at `now`.
    double estimate(TimePoint now) const;
    // Cost admitted in the current aligned window.
    double count(TimePoint now) const;
    // Keeps both counters when the window length is unchanged; otherwise starts afresh.
    void reconfigure(std::int64_t limit, Duration window, TimePoint now);
    void reset();

    std::int64_t limit() const { return m_limit; }
    Duration window() const { return m_window; }

private:
    struct Counters {
        std::int64_t index;
        double previous;
        double current;
    };
    Counters countersAt(std::int64_t index) const;
    bool passes(const Counters& c, Duration elapsed, double cost) const;
    Duration earliestPass(TimePoint now, const Counters& c, double cost) const;

    std::int64_t m_limit;
    Duration m_window;
    Counters m_counters{0, 0, 0};
    TimePoint m_lastNow{kEarliest};
};

} // namespace rl
