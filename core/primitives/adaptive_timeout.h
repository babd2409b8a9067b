#pragma once
// AdaptiveTimeout: a timeout that follows the callee's recent latency (docs/primitives/timeouts.md).
//
// timeout = clamp(P * factor, min, max), where P is the `percentile` (nearest rank: the
// ceil(percentile * n - 1e-9)-th smallest, at least the 1st) of the last `window` recorded latencies;
// `initial` until `minimumSamples` latencies have been recorded. Negative latencies are recorded as 0.
//
// NOTE: recomputing the percentile on every record would cost O(window) each time. Instead P is
// recomputed (nth_element on a preallocated scratch copy of the ring, O(window)) by the record that
// brings the sample count to minimumSamples, and then by every `stride`-th record after the last
// recomputation, stride = max(1, window / 20), which amortises to O(20) per record; between
// recomputations the timeout lags by at most stride - 1 samples (5% of the window). recomputeStride() exposes
// the stride so tests can model it exactly. Ring and scratch are allocated at construction (and reconfigure),
// never per record.
//
// Events: a TimeoutChangedEvent each time the timeout value changes.
// reconfigure(): keeps the most recent min(samples, new window) latencies in order, recomputes at once
// (or falls back to initial below the new minimumSamples) and restarts the stride count.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/timeout_config.h"

#include <cstdint>
#include <vector>

namespace rl {

struct TimeoutChangedEvent {
    TimePoint at;
    Duration previous;
    Duration current;
    std::int32_t samples; // latencies in the window when it changed
};

class AdaptiveTimeout {
public:
    // Validates the config (throws ConfigError naming the field).
    explicit AdaptiveTimeout(const AdaptiveTimeoutConfig& config);

    Duration timeout() const { return m_timeout; }
    void record(TimePoint now, Duration latency);

    struct View {
        Duration timeout;
        Duration percentileLatency; // P of the last recomputation (0 before minimumSamples)
        std::int32_t samples;       // latencies in the window, <= window
        std::int64_t recorded;      // latencies recorded since construction
        bool warmingUp;             // samples < minimumSamples: timeout == initial
    };
    View view(TimePoint now = TimePoint{}) const; // time plays no part; `now` for uniformity

    void reconfigure(const AdaptiveTimeoutConfig& config, TimePoint now);
    const AdaptiveTimeoutConfig& config() const { return m_config; }
    std::int32_t recomputeStride() const { return m_stride; }

    Listeners<TimeoutChangedEvent>& listeners() { return m_listeners; }

private:
    void recompute(TimePoint now);
    void setTimeout(TimePoint now, Duration value);

    AdaptiveTimeoutConfig m_config;
    std::vector<Duration> m_ring;    // window slots; the oldest is overwritten
    std::vector<Duration> m_scratch; // nth_element works on a copy
    std::int32_t m_samples = 0;      // filled slots
    std::int32_t m_next = 0;         // slot the next latency goes to
    std::int32_t m_stride = 1;
    std::int32_t m_sinceRecompute = 0; // records since the last recomputation
    bool m_warm = false;               // a percentile has been computed (samples >= minimumSamples)
    std::int64_t m_recorded = 0;
    Duration m_percentile{0};
    Duration m_timeout;
    Listeners<TimeoutChangedEvent> m_listeners;
};

} // namespace rl
