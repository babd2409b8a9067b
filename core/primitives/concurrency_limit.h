#pragma once
// An adaptive concurrency limit: admits a call while in-flight < limit, and moves the limit from what
// calls report (Netflix concurrency-limits' AIMDLimit and Gradient2Limit).
//
// Use: tryAcquire(now) before a call; then exactly one of onSuccess(now, rtt), onDropped(now) (the call
// failed from overload: timeout, 503, rejected) or onIgnore(now) (finished, but says nothing about load,
// e.g. a 4xx). Each of these releases the call's place.
//
// AIMD (like Netflix AIMDLimit, with TCP's congestion-avoidance increase):
// - a drop, or a success with rtt >= timeout: limit = max(minLimit, floor(limit x backoffRatio)), and the
//   success count restarts;
// - a success while the limit is being tested (in-flight x 2 >= limit, counting the finishing call; the
//   "app-limited" guard: a half-idle service learns nothing about its limit) counts towards a window; after
//   `limit` such successes, limit = min(maxLimit, limit + 1). So the limit grows by about one per round
//   trip at full load, as TCP's window does. (Netflix adds 1 per qualifying sample: much faster.)
// Gradient2 (like Netflix Gradient2Limit; estimate kept as a double, the limit is its floor):
// - longRtt: average of the first 10 RTTs, then an exponential average with factor 2 / (longWindow + 1);
//   if longRtt / rtt > 2 (latency recovered after a long overload) longRtt is multiplied by 0.95;
// - app-limited (in-flight < estimate / 2): no change;
// - else gradient = clamp(rttTolerance x longRtt / rtt, 0.5, 1), target = estimate x gradient + queueSize,
//   estimate = estimate x (1 - smoothing) + target x smoothing, clamped to [minLimit, maxLimit].
//   Drops do not move it (only RTTs do, as in Netflix's version).
// NOTE: "in-flight" for the app-limited guard is the count when the call finishes (including it);
// Netflix uses the count when it started. The simulator does not need the extra bookkeeping.
// Reconfigure keeps in-flight and the RTT averages; the limit is clamped to the new [min, max] (a new
// algorithm starts from the current limit). Lowering the limit below in-flight lets the calls finish.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/concurrency_limit_config.h"

#include <cstdint>

namespace rl {

struct ConcurrencyLimitEvent {
    enum class Kind : std::uint8_t { LimitChanged, Rejected };
    Kind kind;
    TimePoint at;
    std::int32_t limit;    // after the event
    std::int32_t previous; // LimitChanged: the limit before
    std::int32_t inflight;
};

class ConcurrencyLimit {
public:
    explicit ConcurrencyLimit(const ConcurrencyLimitConfig& config);

    bool tryAcquire(TimePoint now);
    void onSuccess(TimePoint now, Duration rtt);
    void onDropped(TimePoint now);
    void onIgnore(TimePoint now);

    std::int32_t limit() const { return m_limit; }

    struct View {
        LimitAlgorithm algorithm;
        std::int32_t limit, inflight, minLimit, maxLimit;
        double estimate;  // Gradient2's smoothed estimate (AIMD: the limit)
        double longRttMs; // Gradient2; 0 before the first sample
        double lastRttMs; // last RTT reported by onSuccess
        std::int64_t accepted, rejected, drops;
    };
    View view() const;

    void reconfigure(const ConcurrencyLimitConfig& config, TimePoint now);
    const ConcurrencyLimitConfig& config() const { return m_config; }
    Listeners<ConcurrencyLimitEvent>& listeners() { return m_listeners; }

private:
    void release();
    void setEstimate(double estimate, TimePoint now);
    void aimdSample(TimePoint now, bool drop);
    void gradientSample(TimePoint now, double rttNs);

    ConcurrencyLimitConfig m_config;
    std::int32_t m_limit;
    double m_estimate;
    std::int32_t m_inflight = 0;
    std::int32_t m_inflightAtSample = 0;
    std::int64_t m_successesInWindow = 0;
    std::int64_t m_longSamples = 0;
    double m_longRttNs = 0;
    double m_longSumNs = 0;
    double m_lastRttNs = 0;
    std::int64_t m_accepted = 0, m_rejected = 0, m_drops = 0;
    Listeners<ConcurrencyLimitEvent> m_listeners;
};

} // namespace rl
