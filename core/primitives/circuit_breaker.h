#pragma once
// rl::CircuitBreaker: stops calling a dependency that keeps failing, and probes it now and then.
// Resilience4j's CircuitBreaker is the reference; docs/primitives/circuit-breaker.md has the full story.
//
// States and transitions
// - CLOSED admits every call and records its outcome in a window (config.window):
//     count:       the last window_size outcomes (ring, running sums);
//     time:        the outcomes of the last window_size seconds, in one-second buckets aligned to whole
//                  seconds of the caller's time; buckets that leave the window stop counting, even if no
//                  call came in between;
//     consecutive: failures since the last success.
//   After each recorded outcome the window is judged. count/time: once at least minimum_calls outcomes are
//   in the window (count: min(minimum_calls, window_size), as Resilience4j), it trips when the failure rate
//   >= failure_rate_threshold or the slow-call rate >= slow_call_rate_threshold (both inclusive). A call is
//   slow when its duration is strictly longer than slow_call (Resilience4j's `duration > threshold`; slow
//   successes and slow failures both count; default 60 s; kNoLimit: never slow). consecutive: it trips when
//   failure_threshold failures follow one another; slow calls are not judged in this mode.
// - OPEN rejects every call. The open period is open_duration for a trip from CLOSED; each further trip
//   from HALF_OPEN without passing CLOSED multiplies it by open_duration_multiplier, capped at
//   max_open_duration. Entering CLOSED resets it.
// - OPEN -> HALF_OPEN is lazy: the first tryAcquire strictly after the end of the open period makes the
//   transition (no timer) and is the first trial call (Resilience4j: `clock.instant().isAfter(...)`).
// - HALF_OPEN admits half_open_calls trial calls and rejects the rest. Trial outcomes go to a count window
//   of half_open_calls outcomes (Resilience4j's CircuitBreakerMetrics.forHalfOpen). The first failed trial
//   trips at once (config.trialFailure = Reopen; Judge: it is recorded like any outcome). Once
//   min(minimum_calls, half_open_calls) trials have reported, the trials are judged against both
//   thresholds: OPEN if one is reached, otherwise CLOSED with a fresh window; trials still in flight then
//   report late. In consecutive mode a failed trial always reopens and half_open_calls successful trials
//   close. A trial reported as ignored gives its permit back. HALF_OPEN lasting max_half_open or longer
//   trips on the next interaction (tryAcquire or an outcome); the open period then counts from the moment
//   the half-open time ran out, as a timer would have done.
// - Manual states: FORCED_OPEN rejects everything; DISABLED admits everything and records nothing;
//   METRICS_ONLY admits everything, records and judges like CLOSED, emits ThresholdExceeded events, but
//   never opens. They last until the next manual transition.
//
// Generations: every transition increments the breaker's generation, and each Permit carries the
// generation it was issued in. With config.lateOutcomes = Ignore (the default), an outcome whose permit is
// from an older generation (or was not permitted) is ignored: not recorded, no decision (counted in
// View::staleOutcomes). NOTE: Resilience4j records such a late outcome in whatever state the breaker is in
// by then, so one slow call admitted while CLOSED can act as a half-open trial and close the circuit
// although no probe was sent. lateOutcomes = Record does that (an outcome reported in OPEN then changes
// nothing: Resilience4j only adds it to metrics no decision reads).
//
// config.useResilience4jRules() switches every deliberate difference to Resilience4j's rule.
//
// Time is passed in by the caller; nothing allocates after construction or reconfigure (except listeners
// subscribing). Not thread-safe: one caller at a time (the simulator is single-threaded).
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/breaker_window.h"
#include "core/primitives/circuit_breaker_config.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace rl {

enum class BreakerState : std::uint8_t { Closed, Open, HalfOpen, ForcedOpen, Disabled, MetricsOnly };

// "closed", "open", "half_open", "forced_open", "disabled", "metrics_only"
std::string_view breakerStateName(BreakerState state);
std::optional<BreakerState> breakerStateFromName(std::string_view name);

struct BreakerEvent {
    enum class Kind : std::uint8_t {
        Transition,        // from -> to (automatic or manual)
        Rejected,          // a tryAcquire was refused; from == to == the state that refused it
        ThresholdExceeded, // METRICS_ONLY: the window crossed a threshold (once per crossing)
        Reset,             // reset(): from the old state to CLOSED, window and counters cleared
    };
    Kind kind;
    TimePoint at;
    BreakerState from;
    BreakerState to;
    double failureRate;  // of the window judged (for a trip: the rates that tripped it); -1 if none
    double slowCallRate; // likewise
};

class CircuitBreaker {
public:
    explicit CircuitBreaker(const CircuitBreakerConfig& config); // validates: throws ConfigError

    struct Permit {
        bool permitted = false;
        std::uint32_t generation = 0;
        explicit operator bool() const { return permitted; }
    };

    // Asks to make a call at `now`. Lazily moves OPEN -> HALF_OPEN and a hung HALF_OPEN -> OPEN.
    Permit tryAcquire(TimePoint now);
    // Reports the outcome of a call admitted with `permit`, which took `duration`.
    void onSuccess(TimePoint now, Duration duration, Permit permit);
    void onFailure(TimePoint now, Duration duration, Permit permit);
    // The call ended with an outcome that does not count (e.g. 4xx): not recorded; in HALF_OPEN its
    // trial permit is given back.
    void onIgnored(TimePoint now, Permit permit);

    BreakerState state() const { return m_state; }
    std::uint32_t generation() const { return m_generation; }

    struct View {
        BreakerState state;
        double failureRate;  // -1 before minimumCalls outcomes are in the window (and in consecutive mode)
                             // and outside CLOSED / METRICS_ONLY
        double slowCallRate; // -1 likewise
        // CLOSED / METRICS_ONLY: the window's totals; HALF_OPEN: the trials reported so far.
        std::int32_t bufferedCalls, failedCalls, slowCalls, minimumCalls;
        std::int32_t consecutiveFailures;
        TimePoint openUntil;          // meaningful in OPEN: a tryAcquire strictly after it probes
        Duration currentOpenDuration; // OPEN: this open period; otherwise the one the next trip would get
        std::int32_t halfOpenPermitsLeft, halfOpenInFlight;
        std::int32_t trips; // automatic and manual entries into OPEN since construction or reset()
        std::int64_t rejected;
        // Additions beyond the simulator's contract:
        std::int32_t consecutiveTrips; // trips since the last CLOSED (grows the open period)
        TimePoint halfOpenDeadline;    // meaningful in HALF_OPEN: trips at this time (kNoLimit: never)
        std::int64_t staleOutcomes;    // outcomes ignored because their permit was from an older generation
        std::uint32_t generation;
    };
    // A snapshot for drawing. The state is the stored one (lazy transitions happen on the next call), but
    // window totals are as of `now`: time-window buckets that have left the window are excluded.
    View view(TimePoint now) const;
    // For drawing (allocates): the outcomes the view's counts are made of, oldest first. CLOSED /
    // METRICS_ONLY: the window (count: one entry per call; time: one per second of the window);
    // HALF_OPEN: the trials reported; otherwise nothing. Sums to bufferedCalls/failedCalls/slowCalls.
    void windowCells(TimePoint now, std::vector<WindowTotals>& out) const;

    // Applies a new config (validated first; on ConfigError nothing changes). Kept: the state, the window
    // unless its kind or size changed (then a fresh, empty one), the trip count, the half-open trials.
    // OPEN: the open period is recomputed from the new durations, still counted from when it opened.
    // The new thresholds are applied at once: CLOSED may trip, HALF_OPEN may conclude.
    void reconfigure(const CircuitBreakerConfig& config, TimePoint now);

    Listeners<BreakerEvent>& listeners() { return m_listeners; }
    const CircuitBreakerConfig& config() const { return m_config; }

    // Manual transitions (Resilience4j's names). Each is a no-op if already in that state; entering
    // CLOSED or METRICS_ONLY starts a fresh window; entering OPEN counts as a trip.
    void transitionToClosed(TimePoint now);
    void transitionToOpen(TimePoint now);
    void transitionToHalfOpen(TimePoint now);
    void transitionToForcedOpen(TimePoint now);
    void transitionToDisabled(TimePoint now);
    void transitionToMetricsOnly(TimePoint now);
    // Back to the initial state: CLOSED, empty window, counters (trips, rejected, stale) zeroed, open
    // period reset; a new generation. Emits a Reset event.
    void reset(TimePoint now);

private:
    struct Rates {
        double failure = -1.0;
        double slow = -1.0;
    };
    bool isSlow(Duration duration) const;
    std::int32_t minimumCalls() const;
    std::int32_t halfOpenMinimumCalls() const;
    bool rateReached(std::int32_t part, std::int32_t calls, double threshold) const;
    bool thresholdReached(const WindowTotals& totals) const;
    static Rates ratesOf(const WindowTotals& totals);
    Rates windowRates(const WindowTotals& totals) const;
    bool exceeds(const WindowTotals& totals, std::int32_t consecutiveFailures) const;
    Rates currentRates(TimePoint now) const;

    void record(TimePoint now, Duration duration, bool failure, Permit permit);
    bool accepts(Permit permit);
    void checkHalfOpenDeadline(TimePoint now);
    void judgeWindow(const WindowTotals& totals, TimePoint now);
    void recordTrial(TimePoint now, bool failure, bool slow);
    void judgeHalfOpen(TimePoint now);
    void trip(TimePoint at, Rates rates);
    void enterHalfOpen(TimePoint at);
    void enterClosed(TimePoint at, Rates rates);
    void enter(BreakerState to, TimePoint at, Rates rates);
    Duration firstOpenDuration() const;
    Duration grownOpenDuration(Duration previous) const;
    Duration openDurationForTrip(std::int32_t consecutiveTrips) const;
    Duration halfOpenLimit() const;
    void reject(TimePoint now);

    CircuitBreakerConfig m_config;
    Listeners<BreakerEvent> m_listeners;
    OutcomeWindow m_window;
    BreakerState m_state = BreakerState::Closed;
    std::uint32_t m_generation = 1;
    // OPEN
    TimePoint m_openedAt{0};
    TimePoint m_openUntil{0};
    Duration m_currentOpenDuration{0};
    std::int32_t m_consecutiveTrips = 0;
    std::int32_t m_trips = 0;
    // HALF_OPEN
    TimePoint m_halfOpenSince{0};
    CountWindow m_trials;              // outcomes reported in HALF_OPEN (size half_open_calls)
    std::int32_t m_trialsAdmitted = 0; // permits taken minus permits given back (< 0: extra permits)
    // METRICS_ONLY
    bool m_thresholdExceeded = false;
    std::int64_t m_rejected = 0;
    std::int64_t m_staleOutcomes = 0;
};

} // namespace rl
