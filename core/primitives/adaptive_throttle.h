#pragma once
// AdaptiveThrottle: client-side adaptive throttling from Google's SRE book ("Handling Overload";
// docs/primitives/retry-budgets.md). The client rejects requests locally, before they cost the
// backend anything, once the backend accepts too small a share of them.
//
// Over the trailing window (windowSeconds one-second buckets: the current second and the
// windowSeconds - 1 before it, second s = [s, s + 1) seconds since the caller's epoch):
//   p = max(0, (requests - k * accepts) / (requests + 1))
// `requests` counts every request the application attempted, INCLUDING those this throttle rejected
// locally (that is what makes p rise while the backend is down); `accepts` counts those the backend
// accepted (answered, not rejected for overload). Use: onRequest(now); if shouldReject(now, rng), fail
// locally; else send it and call onAccepted(now) if the backend accepted it.
// Cost: O(1) amortised; moving to a later second clears the buckets passed over (at most the window,
// however long the gap). Time going backwards has no effect: the latest second seen is used.
// shouldReject draws one number from rng only when p > 0; a rejection emits an AdaptiveThrottleEvent.
// reconfigure(): k applies at once; a new window length restarts the counts (empty window).
#include "core/common/listeners.h"
#include "core/common/random.h"
#include "core/common/time.h"
#include "core/primitives/adaptive_throttle_config.h"

#include <cstdint>
#include <vector>

namespace rl {

struct AdaptiveThrottleEvent { // a request rejected locally
    TimePoint at;
    double probability;
    std::int64_t requests;
    std::int64_t accepts;
};

class AdaptiveThrottle {
public:
    explicit AdaptiveThrottle(const AdaptiveThrottleConfig& config); // validates

    double rejectProbability(TimePoint now);
    bool shouldReject(TimePoint now, Random& rng);
    void onRequest(TimePoint now);
    void onAccepted(TimePoint now);

    struct View {
        std::int64_t requests; // in the window ending at `now`
        std::int64_t accepts;
        double rejectProbability;
    };
    View view(TimePoint now) const; // O(window): for drawing, not for the hot path

    void reconfigure(const AdaptiveThrottleConfig& config, TimePoint now);
    const AdaptiveThrottleConfig& config() const { return m_config; }
    Listeners<AdaptiveThrottleEvent>& listeners() { return m_listeners; }

private:
    struct Bucket {
        std::int64_t requests = 0;
        std::int64_t accepts = 0;
    };
    void advance(TimePoint now); // makes the current second's bucket current, clearing stale ones
    double probability(std::int64_t requests, std::int64_t accepts) const;
    Bucket& current() { return m_buckets[static_cast<std::size_t>(m_second % m_config.windowSeconds)]; }

    AdaptiveThrottleConfig m_config;
    std::vector<Bucket> m_buckets; // bucket of second s at index s % windowSeconds
    std::int64_t m_second = 0;     // the latest second seen
    std::int64_t m_requests = 0;   // sums over the window
    std::int64_t m_accepts = 0;
    Listeners<AdaptiveThrottleEvent> m_listeners;
};

} // namespace rl
