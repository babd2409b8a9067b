#include "core/primitives/inflight_tracker.h"

#include <algorithm>

namespace rl {

std::string_view drainStateName(DrainState state) {
    switch (state) {
    case DrainState::Serving:
        return "serving";
    case DrainState::Draining:
        return "draining";
    case DrainState::Drained:
        return "drained";
    case DrainState::DeadlineExceeded:
        return "deadline_exceeded";
    }
    return "serving";
}

InFlightTracker::InFlightTracker(const InFlightConfig& config)
    : m_config(config) {
    m_config.validate();
}

TimePoint InFlightTracker::clamp(TimePoint now) {
    m_latest = std::max(m_latest, now);
    return m_latest;
}

void InFlightTracker::transition(DrainState to, TimePoint now) {
    const DrainState from = m_state;
    m_state = to;
    if (!m_listeners.empty())
        m_listeners.emit({InFlightEvent::Kind::StateChanged, now, from, to, m_inFlight, m_cut});
}

void InFlightTracker::update(TimePoint now) {
    const TimePoint t = clamp(now);
    if (m_state == DrainState::Draining && t >= m_deadline && m_inFlight > 0) {
        m_cut = m_inFlight;
        transition(DrainState::DeadlineExceeded, t);
    }
}

bool InFlightTracker::begin(TimePoint now) {
    update(now);
    if (m_state != DrainState::Serving) {
        ++m_rejected;
        if (!m_listeners.empty())
            m_listeners.emit({InFlightEvent::Kind::Rejected, m_latest, m_state, m_state, m_inFlight, m_cut});
        return false;
    }
    ++m_started;
    m_peak = std::max(m_peak, ++m_inFlight);
    return true;
}

void InFlightTracker::end(TimePoint now) {
    update(now);
    if (m_inFlight == 0) {
        ++m_unmatched;
        return;
    }
    --m_inFlight;
    ++m_finished;
    if (m_state == DrainState::DeadlineExceeded) ++m_afterDeadline;
    if (m_state == DrainState::Draining && m_inFlight == 0) transition(DrainState::Drained, m_latest);
}

void InFlightTracker::startDrain(TimePoint now) {
    const TimePoint t = clamp(now);
    const TimePoint deadline =
        t > TimePoint::max() - m_config.drainTimeout ? TimePoint::max() : t + m_config.drainTimeout;
    startDrain(t, deadline);
}

void InFlightTracker::startDrain(TimePoint now, TimePoint deadline) {
    const TimePoint t = clamp(now);
    if (m_state == DrainState::Draining) {
        m_deadline = std::min(m_deadline, deadline);
    } else if (m_state == DrainState::Serving) {
        m_drainStart = t;
        m_deadline = deadline;
        m_cut = 0;
        transition(DrainState::Draining, t);
        if (m_inFlight == 0) transition(DrainState::Drained, t);
    }
    update(t);
}

void InFlightTracker::resume(TimePoint now) {
    const TimePoint t = clamp(now);
    if (m_state != DrainState::Serving) transition(DrainState::Serving, t);
}

InFlightTracker::View InFlightTracker::view(TimePoint now) const {
    View v;
    const TimePoint t = std::max(m_latest, now);
    v.state = m_state;
    v.cut = m_cut;
    if (m_state == DrainState::Draining && t >= m_deadline && m_inFlight > 0) {
        v.state = DrainState::DeadlineExceeded;
        v.cut = m_inFlight;
    }
    v.inFlight = m_inFlight;
    v.peakInFlight = m_peak;
    v.started = m_started;
    v.finished = m_finished;
    v.rejected = m_rejected;
    v.unmatchedEnds = m_unmatched;
    v.finishedAfterDeadline = m_afterDeadline;
    if (m_state != DrainState::Serving) {
        v.drainStartedAt = m_drainStart;
        v.deadline = m_deadline;
        if (v.state == DrainState::Draining) v.timeLeft = m_deadline - t;
    }
    return v;
}

void InFlightTracker::reconfigure(const InFlightConfig& config, TimePoint now) {
    config.validate();
    m_config = config;
    update(now);
}

} // namespace rl
