#pragma once
// InFlightTracker: counts requests in flight and drains them for a graceful shutdown (or a deploy).
//
//   Serving --startDrain--> Draining --in flight reaches 0 (before the deadline)--> Drained
//                              |------ deadline reached with work in flight -----> DeadlineExceeded
//                              |------ resume --------------------------------------> Serving
// - begin(now) -> true and counts the request while Serving; false (rejected, counted, event) in every
//   other state: no new work once draining has started.
// - end(now) finishes a begun request. end() with nothing in flight is ignored (counted as unmatched).
// - startDrain(now[, deadline]): deadline defaults to now + drain_timeout_ms. With nothing in flight it
//   is Drained at once. Calling it again while Draining only moves the deadline earlier.
// - The deadline is inclusive: work still in flight AT the deadline is cut. DeadlineExceeded records
//   how many requests were cut (in flight at that moment); requests that still end() afterwards are
//   counted as finishedAfterDeadline (the caller decides whether to kill them).
// - The deadline is noticed by any call with `now` (begin, end, update); view(now) reports it even
//   before (read-only), events are emitted when noticed.
// - resume(now) cancels a drain (e.g. a deploy rolled back) from any state: back to Serving.
// Time is passed in; time going backwards is clamped to the latest time seen. No allocation per call.
//
// Compare: Envoy's drain manager (drain_time_s, then connections closed), Kubernetes'
// terminationGracePeriodSeconds (SIGKILL after 30 s), Go's http.Server.Shutdown(ctx).
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/health_config.h"

#include <cstdint>
#include <string_view>

namespace rl {

enum class DrainState : std::uint8_t { Serving, Draining, Drained, DeadlineExceeded };

// "serving", "draining", "drained", "deadline_exceeded".
std::string_view drainStateName(DrainState state);

struct InFlightEvent {
    enum class Kind : std::uint8_t { StateChanged, Rejected };
    Kind kind;
    TimePoint time;
    DrainState from; // StateChanged; for Rejected both are the current state
    DrainState to;
    std::int64_t inFlight; // at the event
    std::int64_t cut;      // DeadlineExceeded: requests in flight at the deadline
};

class InFlightTracker {
public:
    struct View {
        DrainState state = DrainState::Serving;
        std::int64_t inFlight = 0;
        std::int64_t peakInFlight = 0;
        std::int64_t started = 0;  // begin() calls admitted
        std::int64_t finished = 0; // end() calls matched
        std::int64_t rejected = 0; // begin() calls refused (not serving)
        std::int64_t unmatchedEnds = 0;
        std::int64_t cut = 0;                   // in flight at the deadline (DeadlineExceeded)
        std::int64_t finishedAfterDeadline = 0; // ended after being counted as cut
        TimePoint drainStartedAt{0};            // Draining and later
        TimePoint deadline{0};                  // Draining and later
        Duration timeLeft{0};                   // Draining: until the deadline
    };

    explicit InFlightTracker(const InFlightConfig& config = {});

    bool begin(TimePoint now);
    void end(TimePoint now);
    void startDrain(TimePoint now);
    void startDrain(TimePoint now, TimePoint deadline);
    void resume(TimePoint now);
    // Notices the deadline (call it from a timer, or rely on begin/end).
    void update(TimePoint now);

    DrainState state() const { return m_state; }
    std::int64_t inFlight() const { return m_inFlight; }
    View view(TimePoint now) const;
    const InFlightConfig& config() const { return m_config; }
    Listeners<InFlightEvent>& listeners() { return m_listeners; }
    // drain_timeout_ms applies to later drains; a drain under way keeps its deadline.
    void reconfigure(const InFlightConfig& config, TimePoint now);

private:
    TimePoint clamp(TimePoint now);
    void transition(DrainState to, TimePoint now);

    InFlightConfig m_config;
    DrainState m_state = DrainState::Serving;
    std::int64_t m_inFlight = 0;
    std::int64_t m_peak = 0;
    std::int64_t m_started = 0;
    std::int64_t m_finished = 0;
    std::int64_t m_rejected = 0;
    std::int64_t m_unmatched = 0;
    std::int64_t m_cut = 0;
    std::int64_t m_afterDeadline = 0;
    TimePoint m_drainStart{0};
    TimePoint m_deadline{0};
    TimePoint m_latest = TimePoint::min();
    Listeners<InFlightEvent> m_listeners;
};

} // namespace rl
