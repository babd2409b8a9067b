#include "core/primitives/circuit_breaker.h"

#include <algorithm>
#include <array>
#include <limits>

namespace rl {
namespace {

constexpr std::array<std::string_view, 6> kStateNames = {"closed",      "open",     "half_open",
                                                         "forced_open", "disabled", "metrics_only"};

// t + d, saturating at the largest TimePoint (d >= 0).
TimePoint addSaturating(TimePoint t, Duration d) {
    if (t.count() > 0 && d.count() > std::numeric_limits<std::int64_t>::max() - t.count()) return kNoLimit;
    return t + d;
}

// Whole milliseconds of d, truncated (Java's Duration.toMillis for d >= 0); kNoLimit stays kNoLimit.
Duration truncateToMillis(Duration d) {
    if (d == kNoLimit) return d;
    return millis(d.count() / 1'000'000);
}

} // namespace

std::string_view breakerStateName(BreakerState state) {
    return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<BreakerState> breakerStateFromName(std::string_view name) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == name) return static_cast<BreakerState>(i);
    return std::nullopt;
}

CircuitBreaker::CircuitBreaker(const CircuitBreakerConfig& config)
    : m_config(config) {
    m_config.validate();
    m_window.configure(m_config.window, m_config.windowSize);
    m_trials.resize(m_config.halfOpenCalls);
}

// ---- judging ----

bool CircuitBreaker::isSlow(Duration duration) const {
    // Resilience4j (CircuitBreakerMetrics.onSuccess/onError): `duration > slowCallDurationThreshold`.
    return duration > m_config.slowCall;
}

std::int32_t CircuitBreaker::minimumCalls() const {
    switch (m_config.window) {
    case BreakerWindow::Count:
        return std::min(m_config.minimumCalls, m_config.windowSize);
    case BreakerWindow::Time:
        return m_config.minimumCalls;
    case BreakerWindow::Consecutive:
        break;
    }
    return m_config.failureThreshold;
}

std::int32_t CircuitBreaker::halfOpenMinimumCalls() const {
    // Resilience4j judges the trials as a count window of half_open_calls
    // (CircuitBreakerMetrics.forHalfOpen), so its minimum is min(minimum_calls, half_open_calls). Consecutive
    // mode waits for every trial.
    if (m_config.window == BreakerWindow::Consecutive) return m_config.halfOpenCalls;
    return std::min(m_config.minimumCalls, m_config.halfOpenCalls);
}

bool CircuitBreaker::rateReached(std::int32_t part, std::int32_t calls, double threshold) const {
    if (m_config.rateArithmetic == BreakerRateArithmetic::FloatPercent) {
        // Resilience4j: SnapshotImpl.getFailureRate() is `failed * 100.0f / total` in float, compared with
        // the float percentage threshold (CircuitBreakerMetrics.checkIfThresholdsExceeded).
        const float rate = static_cast<float>(part) * 100.0f / static_cast<float>(calls);
        return rate >= static_cast<float>(threshold * 100.0);
    }
    return rateAtLeast(part, calls, threshold);
}

bool CircuitBreaker::thresholdReached(const WindowTotals& totals) const {
    return rateReached(totals.failures, totals.calls, m_config.failureRateThreshold) ||
           (m_config.slowCall != kNoLimit &&
            rateReached(totals.slow, totals.calls, m_config.slowCallRateThreshold));
}

CircuitBreaker::Rates CircuitBreaker::ratesOf(const WindowTotals& totals) {
    if (totals.calls == 0) return {};
    const double calls = static_cast<double>(totals.calls);
    return {static_cast<double>(totals.failures) / calls, static_cast<double>(totals.slow) / calls};
}

CircuitBreaker::Rates CircuitBreaker::windowRates(const WindowTotals& totals) const {
    if (m_config.window == BreakerWindow::Consecutive || totals.calls < minimumCalls()) return {};
    return ratesOf(totals);
}

bool CircuitBreaker::exceeds(const WindowTotals& totals, std::int32_t consecutiveFailures) const {
    if (m_config.window == BreakerWindow::Consecutive)
        return consecutiveFailures >= m_config.failureThreshold;
    if (totals.calls < minimumCalls()) return false; // no verdict yet
    return thresholdReached(totals);
}

CircuitBreaker::Rates CircuitBreaker::currentRates(TimePoint now) const {
    if (m_state == BreakerState::Closed || m_state == BreakerState::MetricsOnly)
        return windowRates(m_window.totalsAt(now));
    return {};
}

void CircuitBreaker::judgeWindow(const WindowTotals& totals, TimePoint now) {
    const bool exceeded = exceeds(totals, m_window.consecutiveFailures());
    if (m_state == BreakerState::Closed) {
        if (exceeded) trip(now, windowRates(totals)); // rates computed only for the event
    } else if (m_state == BreakerState::MetricsOnly) {
        if (exceeded && !m_thresholdExceeded) {
            const Rates rates = windowRates(totals);
            m_listeners.emit(
                {BreakerEvent::Kind::ThresholdExceeded, now, m_state, m_state, rates.failure, rates.slow});
        }
        m_thresholdExceeded = exceeded;
    }
}

void CircuitBreaker::recordTrial(TimePoint now, bool failure, bool slow) {
    m_trials.record(failure, slow);
    if (failure && (m_config.trialFailure == BreakerTrialFailure::Reopen ||
                    m_config.window == BreakerWindow::Consecutive)) {
        trip(now, ratesOf(m_trials.totals())); // any failed trial reopens at once
        return;
    }
    judgeHalfOpen(now);
}

void CircuitBreaker::judgeHalfOpen(TimePoint now) {
    // Resilience4j's HalfOpenState.checkIfThresholdsExceeded: OPEN when a threshold is reached, CLOSED when
    // below both, nothing before the minimum number of trials.
    const WindowTotals totals = m_trials.totals();
    if (totals.calls < halfOpenMinimumCalls()) return;
    const bool reached = m_config.window == BreakerWindow::Consecutive
                             ? totals.failures > 0 // slowness is not judged in consecutive mode
                             : thresholdReached(totals);
    if (reached)
        trip(now, ratesOf(totals));
    else
        enterClosed(now, ratesOf(totals));
}

// ---- transitions ----

void CircuitBreaker::enter(BreakerState to, TimePoint at, Rates rates) {
    const BreakerState from = m_state;
    m_state = to;
    ++m_generation;
    m_listeners.emit({BreakerEvent::Kind::Transition, at, from, to, rates.failure, rates.slow});
}

Duration CircuitBreaker::firstOpenDuration() const {
    if (m_config.openRounding == BreakerOpenRounding::WholeMillis)
        return truncateToMillis(m_config.openDuration);
    return m_config.openDuration;
}

Duration CircuitBreaker::grownOpenDuration(Duration previous) const {
    // One growth step, in double, capped; trip() and reconfigure() use the same step, so they agree.
    if (m_config.openRounding == BreakerOpenRounding::WholeMillis) {
        // Resilience4j's IntervalFunction.ofExponentialBackoff: x -> (long) (x * multiplier) in whole
        // milliseconds, then Math.min with the cap (capping each step gives the same, as steps never shrink).
        const Duration cap = truncateToMillis(m_config.maxOpenDuration);
        const double nextMs =
            static_cast<double>(previous.count() / 1'000'000) * m_config.openDurationMultiplier;
        if (cap == kNoLimit ? nextMs >= 9.2e12 : nextMs >= static_cast<double>(cap.count() / 1'000'000))
            return cap;
        return millis(static_cast<std::int64_t>(nextMs));
    }
    const double next = static_cast<double>(previous.count()) * m_config.openDurationMultiplier;
    if (next >= static_cast<double>(m_config.maxOpenDuration.count())) return m_config.maxOpenDuration;
    return Duration(static_cast<std::int64_t>(next));
}

Duration CircuitBreaker::openDurationForTrip(std::int32_t consecutiveTrips) const {
    // Trip k (1-based, since the last CLOSED) lasts open_duration * multiplier^(k-1), capped.
    Duration d = firstOpenDuration();
    for (std::int32_t k = 1; k < consecutiveTrips; ++k) {
        const Duration grown = grownOpenDuration(d);
        if (grown == d) break; // capped, multiplier 1, or too small to move a nanosecond
        d = grown;
    }
    return d;
}

Duration CircuitBreaker::halfOpenLimit() const {
    if (m_config.openRounding != BreakerOpenRounding::WholeMillis) return m_config.maxHalfOpen;
    // Resilience4j schedules its half-open timer in whole milliseconds, and only when that is >= 1 ms.
    const Duration limit = truncateToMillis(m_config.maxHalfOpen);
    return limit == Duration::zero() ? kNoLimit : limit;
}

void CircuitBreaker::trip(TimePoint at, Rates rates) {
    // Consecutive trips: OPEN again from HALF_OPEN without passing CLOSED.
    const std::int32_t consecutive = m_state == BreakerState::HalfOpen ? m_consecutiveTrips + 1 : 1;
    m_currentOpenDuration = consecutive == 1 ? firstOpenDuration() : grownOpenDuration(m_currentOpenDuration);
    m_consecutiveTrips = consecutive;
    ++m_trips;
    m_openedAt = at;
    m_openUntil = addSaturating(at, m_currentOpenDuration);
    enter(BreakerState::Open, at, rates);
}

void CircuitBreaker::enterHalfOpen(TimePoint at) {
    m_halfOpenSince = at;
    m_trials.clear();
    m_trialsAdmitted = 0;
    enter(BreakerState::HalfOpen, at, {});
}

void CircuitBreaker::enterClosed(TimePoint at, Rates rates) {
    m_window.clear();
    m_consecutiveTrips = 0;
    m_thresholdExceeded = false;
    enter(BreakerState::Closed, at, rates);
}

void CircuitBreaker::checkHalfOpenDeadline(TimePoint now) {
    if (m_state != BreakerState::HalfOpen) return;
    const Duration limit = halfOpenLimit();
    if (limit == kNoLimit || now - m_halfOpenSince < limit) return;
    // A hung probe: back to OPEN, counted from when the half-open time ran out (as a timer would).
    trip(m_halfOpenSince + limit, ratesOf(m_trials.totals()));
}

void CircuitBreaker::reject(TimePoint now) {
    ++m_rejected;
    if (!m_listeners.empty()) {
        const Rates rates = currentRates(now);
        m_listeners.emit({BreakerEvent::Kind::Rejected, now, m_state, m_state, rates.failure, rates.slow});
    }
}

// ---- calls ----

CircuitBreaker::Permit CircuitBreaker::tryAcquire(TimePoint now) {
    checkHalfOpenDeadline(now);
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::Disabled:
    case BreakerState::MetricsOnly:
        return {true, m_generation};
    case BreakerState::Open:
        if (now <= m_openUntil) break; // Resilience4j: strictly after (OpenState.tryAcquirePermission)
        enterHalfOpen(now);            // lazily: this call is the first trial
        [[fallthrough]];
    case BreakerState::HalfOpen:
        if (m_trialsAdmitted < m_config.halfOpenCalls) {
            ++m_trialsAdmitted;
            return {true, m_generation};
        }
        break;
    case BreakerState::ForcedOpen:
        break;
    }
    reject(now);
    return {false, m_generation};
}

bool CircuitBreaker::accepts(Permit permit) {
    if (permit.permitted &&
        (permit.generation == m_generation || m_config.lateOutcomes == BreakerLateOutcomes::Record))
        return true;
    ++m_staleOutcomes;
    return false;
}

void CircuitBreaker::record(TimePoint now, Duration duration, bool failure, Permit permit) {
    checkHalfOpenDeadline(now);
    if (!accepts(permit)) return;
    const bool slow = isSlow(duration);
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::MetricsOnly:
        m_window.record(now, failure, slow);
        judgeWindow(m_window.totals(), now);
        break;
    case BreakerState::HalfOpen:
        recordTrial(now, failure, slow);
        break;
    case BreakerState::Open:
    case BreakerState::ForcedOpen:
    case BreakerState::Disabled:
        break;
    }
}

void CircuitBreaker::onSuccess(TimePoint now, Duration duration, Permit permit) {
    record(now, duration, false, permit);
}

void CircuitBreaker::onFailure(TimePoint now, Duration duration, Permit permit) {
    record(now, duration, true, permit);
}

void CircuitBreaker::onIgnored(TimePoint now, Permit permit) {
    checkHalfOpenDeadline(now);
    if (!accepts(permit) || m_state != BreakerState::HalfOpen) return;
    // The trial permit goes back to the budget. Resilience4j (HalfOpenState.releasePermission) gives one
    // back whatever call it was, even beyond half_open_calls; we only for a trial still in flight.
    if (m_config.lateOutcomes == BreakerLateOutcomes::Record || m_trialsAdmitted > m_trials.totals().calls)
        --m_trialsAdmitted;
}

// ---- view and reconfigure ----

void CircuitBreaker::windowCells(TimePoint now, std::vector<WindowTotals>& out) const {
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::MetricsOnly:
        m_window.cellsAt(now, out);
        return;
    case BreakerState::HalfOpen:
        m_trials.cells(out);
        return;
    default:
        out.clear();
    }
}

CircuitBreaker::View CircuitBreaker::view(TimePoint now) const {
    View v{};
    v.state = m_state;
    v.failureRate = -1.0;
    v.slowCallRate = -1.0;
    v.minimumCalls = minimumCalls();
    v.openUntil = m_openUntil;
    v.trips = m_trips;
    v.rejected = m_rejected;
    v.consecutiveTrips = m_consecutiveTrips;
    v.halfOpenDeadline = kNoLimit;
    v.staleOutcomes = m_staleOutcomes;
    v.generation = m_generation;
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::MetricsOnly: {
        const WindowTotals totals = m_window.totalsAt(now);
        const Rates rates = windowRates(totals);
        v.failureRate = rates.failure;
        v.slowCallRate = rates.slow;
        v.bufferedCalls = totals.calls;
        v.failedCalls = totals.failures;
        v.slowCalls = totals.slow;
        v.consecutiveFailures = m_window.consecutiveFailures();
        break;
    }
    case BreakerState::HalfOpen: {
        const WindowTotals trials = m_trials.totals();
        v.bufferedCalls = trials.calls;
        v.failedCalls = trials.failures;
        v.slowCalls = trials.slow;
        v.minimumCalls = halfOpenMinimumCalls();
        v.halfOpenPermitsLeft = std::max(0, m_config.halfOpenCalls - m_trialsAdmitted);
        v.halfOpenInFlight = std::max(0, m_trialsAdmitted - trials.calls);
        if (halfOpenLimit() != kNoLimit) v.halfOpenDeadline = addSaturating(m_halfOpenSince, halfOpenLimit());
        break;
    }
    case BreakerState::Open:
    case BreakerState::ForcedOpen:
    case BreakerState::Disabled:
        break;
    }
    if (m_state == BreakerState::Open)
        v.currentOpenDuration = m_currentOpenDuration;
    else if (m_state == BreakerState::HalfOpen && m_consecutiveTrips > 0)
        v.currentOpenDuration = grownOpenDuration(m_currentOpenDuration);
    else
        v.currentOpenDuration = firstOpenDuration();
    return v;
}

void CircuitBreaker::reconfigure(const CircuitBreakerConfig& config, TimePoint now) {
    config.validate();
    const bool freshWindow = config.window != m_config.window || config.windowSize != m_config.windowSize;
    const bool resizeTrials = config.halfOpenCalls != m_config.halfOpenCalls;
    m_config = config;
    if (freshWindow) m_window.configure(m_config.window, m_config.windowSize);
    if (resizeTrials) m_trials.resizeKeepingNewest(m_config.halfOpenCalls);
    // The open period of the current run of trips, under the new durations (O(trips), rare).
    if (m_consecutiveTrips > 0) m_currentOpenDuration = openDurationForTrip(m_consecutiveTrips);
    switch (m_state) {
    case BreakerState::Open:
        m_openUntil = addSaturating(m_openedAt, m_currentOpenDuration);
        break;
    case BreakerState::HalfOpen:
        checkHalfOpenDeadline(now);
        if (m_state == BreakerState::HalfOpen) judgeHalfOpen(now);
        break;
    case BreakerState::Closed:
    case BreakerState::MetricsOnly:
        judgeWindow(m_window.totalsAt(now), now);
        break;
    case BreakerState::ForcedOpen:
    case BreakerState::Disabled:
        break;
    }
}

// ---- manual transitions ----

void CircuitBreaker::transitionToClosed(TimePoint now) {
    if (m_state != BreakerState::Closed) enterClosed(now, currentRates(now));
}

void CircuitBreaker::transitionToOpen(TimePoint now) {
    if (m_state != BreakerState::Open) trip(now, currentRates(now));
}

void CircuitBreaker::transitionToHalfOpen(TimePoint now) {
    if (m_state != BreakerState::HalfOpen) enterHalfOpen(now);
}

void CircuitBreaker::transitionToForcedOpen(TimePoint now) {
    if (m_state != BreakerState::ForcedOpen) enter(BreakerState::ForcedOpen, now, currentRates(now));
}

void CircuitBreaker::transitionToDisabled(TimePoint now) {
    if (m_state != BreakerState::Disabled) enter(BreakerState::Disabled, now, currentRates(now));
}

void CircuitBreaker::transitionToMetricsOnly(TimePoint now) {
    if (m_state == BreakerState::MetricsOnly) return;
    const Rates rates = currentRates(now);
    m_window.clear();
    m_thresholdExceeded = false;
    enter(BreakerState::MetricsOnly, now, rates);
}

void CircuitBreaker::reset(TimePoint now) {
    const BreakerState from = m_state;
    const Rates rates = currentRates(now);
    m_window.clear();
    m_state = BreakerState::Closed;
    ++m_generation;
    m_consecutiveTrips = 0;
    m_trips = 0;
    m_rejected = 0;
    m_staleOutcomes = 0;
    m_thresholdExceeded = false;
    m_trials.clear();
    m_trialsAdmitted = 0;
    m_listeners.emit({BreakerEvent::Kind::Reset, now, from, BreakerState::Closed, rates.failure, rates.slow});
}

} // namespace rl
