#pragma once
// The sliding windows a circuit breaker judges its calls on (internal to CircuitBreaker, usable alone).
//
// - CountWindow: a ring of the last `size` outcomes, with running sums (O(1) per call).
// - TimeWindow: the outcomes of the last `size` seconds, in one-second buckets aligned to whole seconds of
//   the caller's time (second k holds calls with k*1s <= now < (k+1)*1s). At second c the window holds the
//   buckets of seconds c-size+1 .. c: the current, partial second and the size-1 whole seconds before it,
//   as Resilience4j's time-based window does. Only buckets that received calls are stored, in a ring
//   ordered by second, so each bucket is pushed once and dropped once: O(1) amortised per call whatever
//   the gaps between calls, and an idle gap longer than the window empties it.
// - ConsecutiveCounter: failures since the last success.
// All storage is allocated by resize(); record() never allocates.
#include "core/common/time.h"
#include "core/primitives/circuit_breaker_config.h"

#include <cstdint>
#include <vector>

namespace rl {

// part / calls >= threshold, decided exactly as the double division `part / calls >= threshold` decides
// it, but without dividing on the hot path: a multiplication settles every case except those within
// 2^-48 (relative) of the threshold, where the division decides. (threshold * calls carries a relative
// error <= 2^-53, far inside the margin.) calls > 0.
inline bool rateAtLeast(std::int32_t part, std::int32_t calls, double threshold) {
    const double scaled = threshold * static_cast<double>(calls);
    const double margin = scaled * 0x1p-48;
    const double p = static_cast<double>(part);
    if (p > scaled + margin) return true;
    if (p < scaled - margin) return false;
    return p / static_cast<double>(calls) >= threshold;
}

struct WindowTotals {
    std::int32_t calls = 0;
    std::int32_t failures = 0;
    std::int32_t slow = 0;
    bool operator==(const WindowTotals&) const = default;
};

class CountWindow {
public:
    void resize(std::int32_t size); // clears
    // Resizes, keeping the newest min(size, outcomes held) outcomes (allocates; not for the hot path).
    void resizeKeepingNewest(std::int32_t size);
    void clear();
    void record(bool failure, bool slow);
    WindowTotals totals() const { return m_totals; }
    std::int32_t size() const { return static_cast<std::int32_t>(m_ring.size()); }
    // For drawing (allocates): the outcomes held, oldest first, one entry each (calls == 1).
    void cells(std::vector<WindowTotals>& out) const;

private:
    static constexpr std::uint8_t kFailure = 1;
    static constexpr std::uint8_t kSlow = 2;
    std::vector<std::uint8_t> m_ring; // flags of the last outcomes; valid for the first m_filled slots
    std::int32_t m_next = 0;          // slot the next outcome goes to (the oldest once full)
    std::int32_t m_filled = 0;
    WindowTotals m_totals;
};

class TimeWindow {
public:
    void resize(std::int32_t seconds); // clears
    void clear();
    // Drops the buckets that left the window at `now`, then adds the outcome to now's bucket. NOTE: time
    // going backwards (now before the newest bucket's second) adds to the newest bucket.
    void record(TimePoint now, bool failure, bool slow);
    // Drops the buckets that left the window at `now`.
    void expire(TimePoint now);
    // The totals as of `now` (buckets that have left the window excluded), without changing anything.
    WindowTotals totalsAt(TimePoint now) const;
    // The totals as of the last record() or expire().
    WindowTotals totals() const { return m_totals; }
    std::int32_t seconds() const { return static_cast<std::int32_t>(m_ring.size()); }
    // For drawing (allocates): one entry per second of the window at `now`, oldest first, seconds
    // without calls included, so out.size() == seconds() and the last entry is the current second.
    void cellsAt(TimePoint now, std::vector<WindowTotals>& out) const;

    static std::int64_t secondOf(TimePoint t);

private:
    struct Bucket {
        std::int64_t second = 0;
        std::int32_t calls = 0;
        std::int32_t failures = 0;
        std::int32_t slow = 0;
    };
    bool expired(const Bucket& b, std::int64_t second) const { return b.second <= second - seconds(); }
    std::int32_t nextIndex(std::int32_t i) const { return i + 1 == seconds() ? 0 : i + 1; } // no modulo
    Bucket& bucket(std::int32_t i) { return m_ring[static_cast<std::size_t>(i)]; }
    const Bucket& bucket(std::int32_t i) const { return m_ring[static_cast<std::size_t>(i)]; }

    // m_count buckets from m_head (oldest) to m_tail (newest), seconds strictly increasing.
    std::vector<Bucket> m_ring;
    std::int32_t m_head = 0;
    std::int32_t m_tail = 0;
    std::int32_t m_count = 0;
    WindowTotals m_totals;
};

class ConsecutiveCounter {
public:
    void clear() { m_failures = 0; }
    void record(bool failure) { m_failures = failure ? m_failures + 1 : 0; }
    std::int32_t failures() const { return m_failures; }

private:
    std::int32_t m_failures = 0;
};

// The window of the configured kind (only that one holds storage).
class OutcomeWindow {
public:
    void configure(BreakerWindow kind, std::int32_t size); // clears
    void clear();
    void record(TimePoint now, bool failure, bool slow);
    // Count and Time: the outcomes in the window at `now`. Consecutive: always empty.
    WindowTotals totalsAt(TimePoint now) const;
    // The same right after record(now), without looking at the clock again.
    WindowTotals totals() const;
    // Consecutive: failures since the last success. Count and Time: 0.
    std::int32_t consecutiveFailures() const { return m_consecutive.failures(); }
    BreakerWindow kind() const { return m_kind; }
    std::int32_t size() const { return m_size; }
    // For drawing: the window's content at `now`, oldest first (Count: one entry per outcome; Time: one
    // per second; Consecutive: nothing).
    void cellsAt(TimePoint now, std::vector<WindowTotals>& out) const;

private:
    BreakerWindow m_kind = BreakerWindow::Count;
    std::int32_t m_size = 0;
    CountWindow m_count;
    TimeWindow m_time;
    ConsecutiveCounter m_consecutive;
};

} // namespace rl
