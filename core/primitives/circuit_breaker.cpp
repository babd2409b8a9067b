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
}

// ---- judging ----

bool CircuitBreaker::isSlow(Duration duration) const {
    return m_config.slowCall != kNoLimit && duration >= m_config.slowCall;
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

CircuitBreaker::Rates CircuitBreaker::windowRates(const WindowTotals& totals) const {
    if (m_config.window == BreakerWindow::Consecutive || totals.calls < minimumCalls()) return {};
    const double calls = static_cast<double>(totals.calls);
    return {static_cast<double>(totals.failures) / calls, static_cast<double>(totals.slow) / calls};
}

bool CircuitBreaker::exceeds(const WindowTotals& totals, std::int32_t consecutiveFailures) const {
    if (m_config.window == BreakerWindow::Consecutive)
        return consecutiveFailures >= m_config.failureThreshold;
    if (totals.calls < minimumCalls()) return false; // no verdict yet
    return rateAtLeast(totals.failures, totals.calls, m_config.failureRateThreshold) ||
           (m_config.slowCall != kNoLimit &&
            rateAtLeast(totals.slow, totals.calls, m_config.slowCallRateThreshold));
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

void CircuitBreaker::judgeHalfOpen(TimePoint now) {
    const Rates rates{0.0, static_cast<double>(m_trialsSlow) / static_cast<double>(m_config.halfOpenCalls)};
    const bool tooSlow = m_config.window != BreakerWindow::Consecutive && m_config.slowCall != kNoLimit &&
                         rates.slow >= m_config.slowCallRateThreshold;
    if (tooSlow)
        trip(now, rates);
    else
        enterClosed(now, rates);
}

// ---- transitions ----

void CircuitBreaker::enter(BreakerState to, TimePoint at, Rates rates) {
    const BreakerState from = m_state;
    m_state = to;
    ++m_generation;
    m_listeners.emit({BreakerEvent::Kind::Transition, at, from, to, rates.failure, rates.slow});
}

Duration CircuitBreaker::grownOpenDuration(Duration previous) const {
    // One growth step, in double, capped; trip() and reconfigure() use the same step, so they agree.
    const double next = static_cast<double>(previous.count()) * m_config.openDurationMultiplier;
    if (next >= static_cast<double>(m_config.maxOpenDuration.count())) return m_config.maxOpenDuration;
    return Duration(static_cast<std::int64_t>(next));
}

Duration CircuitBreaker::openDurationForTrip(std::int32_t consecutiveTrips) const {
    // Trip k (1-based, since the last CLOSED) lasts open_duration * multiplier^(k-1), capped.
    Duration d = m_config.openDuration;
    for (std::int32_t k = 1; k < consecutiveTrips; ++k) {
        const Duration grown = grownOpenDuration(d);
        if (grown == d) break; // capped, multiplier 1, or too small to move a nanosecond
        d = grown;
    }
    return d;
}

void CircuitBreaker::trip(TimePoint at, Rates rates) {
    // Consecutive trips: OPEN again from HALF_OPEN without passing CLOSED.
    const std::int32_t consecutive = m_state == BreakerState::HalfOpen ? m_consecutiveTrips + 1 : 1;
    m_currentOpenDuration =
        consecutive == 1 ? m_config.openDuration : grownOpenDuration(m_currentOpenDuration);
    m_consecutiveTrips = consecutive;
    ++m_trips;
    m_openedAt = at;
    m_openUntil = addSaturating(at, m_currentOpenDuration);
    enter(BreakerState::Open, at, rates);
}

void CircuitBreaker::enterHalfOpen(TimePoint at) {
    m_halfOpenSince = at;
    m_trialsAdmitted = 0;
    m_trialsSucceeded = 0;
    m_trialsSlow = 0;
    enter(BreakerState::HalfOpen, at, {});
}

void CircuitBreaker::enterClosed(TimePoint at, Rates rates) {
    m_window.clear();
    m_consecutiveTrips = 0;
    m_thresholdExceeded = false;
    enter(BreakerState::Closed, at, rates);
}

void CircuitBreaker::checkHalfOpenDeadline(TimePoint now) {
    if (m_state != BreakerState::HalfOpen || m_config.maxHalfOpen == kNoLimit) return;
    if (now - m_halfOpenSince < m_config.maxHalfOpen) return;
    // A hung probe: back to OPEN, counted from when the half-open time ran out (as a timer would).
    const double reported = static_cast<double>(m_trialsSucceeded);
    trip(m_halfOpenSince + m_config.maxHalfOpen,
         {m_trialsSucceeded > 0 ? 0.0 : -1.0, m_trialsSucceeded > 0 ? m_trialsSlow / reported : -1.0});
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
        if (now < m_openUntil) break;
        enterHalfOpen(now); // lazily: this call is the first trial
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

bool CircuitBreaker::isCurrent(Permit permit) {
    if (permit.permitted && permit.generation == m_generation) return true;
    ++m_staleOutcomes;
    return false;
}

void CircuitBreaker::record(TimePoint now, Duration duration, bool failure, Permit permit) {
    checkHalfOpenDeadline(now);
    if (!isCurrent(permit)) return;
    const bool slow = isSlow(duration);
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::MetricsOnly:
        m_window.record(now, failure, slow);
        judgeWindow(m_window.totals(), now);
        break;
    case BreakerState::HalfOpen:
        if (failure) { // any failed trial reopens at once
            const double reported = static_cast<double>(m_trialsSucceeded + 1);
            trip(now, {1.0 / reported, static_cast<double>(m_trialsSlow + (slow ? 1 : 0)) / reported});
            break;
        }
        ++m_trialsSucceeded;
        if (slow) ++m_trialsSlow;
        if (m_trialsSucceeded >= m_config.halfOpenCalls) judgeHalfOpen(now);
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
    if (!isCurrent(permit)) return;
    if (m_state == BreakerState::HalfOpen && m_trialsAdmitted > m_trialsSucceeded)
        --m_trialsAdmitted; // the trial permit goes back to the budget
}

// ---- view and reconfigure ----

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
    case BreakerState::HalfOpen:
        v.bufferedCalls = m_trialsSucceeded;
        v.slowCalls = m_trialsSlow;
        v.minimumCalls = m_config.halfOpenCalls;
        v.halfOpenPermitsLeft = std::max(0, m_config.halfOpenCalls - m_trialsAdmitted);
        v.halfOpenInFlight = m_trialsAdmitted - m_trialsSucceeded;
        if (m_config.maxHalfOpen != kNoLimit)
            v.halfOpenDeadline = addSaturating(m_halfOpenSince, m_config.maxHalfOpen);
        break;
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
        v.currentOpenDuration = m_config.openDuration;
    return v;
}

void CircuitBreaker::reconfigure(const CircuitBreakerConfig& config, TimePoint now) {
    config.validate();
    const bool freshWindow = config.window != m_config.window || config.windowSize != m_config.windowSize;
    m_config = config;
    if (freshWindow) m_window.configure(m_config.window, m_config.windowSize);
    // The open period of the current run of trips, under the new durations (O(trips), rare).
    if (m_consecutiveTrips > 0) m_currentOpenDuration = openDurationForTrip(m_consecutiveTrips);
    switch (m_state) {
    case BreakerState::Open:
        m_openUntil = addSaturating(m_openedAt, m_currentOpenDuration);
        break;
    case BreakerState::HalfOpen:
        checkHalfOpenDeadline(now);
        if (m_state == BreakerState::HalfOpen && m_trialsSucceeded >= m_config.halfOpenCalls)
            judgeHalfOpen(now);
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
    m_trialsAdmitted = m_trialsSucceeded = m_trialsSlow = 0;
    m_listeners.emit({BreakerEvent::Kind::Reset, now, from, BreakerState::Closed, rates.failure, rates.slow});
}

} // namespace rl
