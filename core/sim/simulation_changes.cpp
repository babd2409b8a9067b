// Changes during a run: new settings reconfigure the live primitives (no restart), layers are switched
// on and off, faults are started and ended by hand. What happens to work already under way, for each
// kind of change (docs/simulation.md, "Changes during a run"):
// - workers lowered below the busy count: the jobs at work finish; nobody starts until busy < workers.
//   Raised: queued jobs start at once.
// - queue_capacity lowered below the queue: nobody is dropped; arrivals are rejected until it is below.
// - service time, error rate, call probability, client rate, deadline and timeout: from the next draw,
//   job, call or request on; a timer already set keeps its time.
// - circuit breaker: CircuitBreaker::reconfigure (state kept; a resized or re-kinded window starts
//   empty; thresholds judged at once). Permits already given are counted by the generation they carry.
// - bulkhead: max_concurrent lowered below the slots in use: holders finish, no admission until below;
//   raised: waiters get the freed slots at once. max_queue lowered: waiters stay. max_wait changed: each
//   waiter's limit is counted from when it started waiting: one already past the new limit leaves now
//   (bulkhead_full), the others leave when their new limit comes.
// - retry (and budget, throttle): executions under way use the new limits at their next decision.
// - a layer switched off: new attempts skip it; held permits and slots are released as usual, armed
//   timeouts still fire, a switched-off retry retries no more and a switched-off fallback no longer
//   answers, for calls under way too. Bulkhead waiters keep waiting for their slot. Switched on: from the
//   next attempt's way in (or out, for retry and fallback).
// - end_fault: the fault's effects stop now; start_fault: they begin now.
#include "core/sim/simulation_engine.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/scenario_json.h"

#include <algorithm>

namespace rl::sim {

using scenario::PolicyLayer;

namespace {

// The settings an entity runs with, compared to see whether a change touched it.
template <typename Spec> std::string settingsOf(const Spec& spec) {
    scenario::Scenario one;
    if constexpr (std::is_same_v<Spec, scenario::Service>)
        one.services.push_back(spec);
    else
        one.clients.push_back(spec);
    const auto j = scenario::scenarioToJson(one);
    return std::is_same_v<Spec, scenario::Service> ? j["services"][0].dump() : j["clients"][0].dump();
}

} // namespace

scenario::Diagnostics Engine::addChange(const scenario::Change& change) {
    scenario::Diagnostics out;
    const TimePoint at = scenario::changeTime(change);
    if (at < m_now)
        out.add("change.at_s", "must be >= the run's time now (" + scenario::formatNumber(toSeconds(m_now)) +
                                   " s), got " + scenario::formatNumber(change.atS));
    if (change.atS > m_scenario.durationS)
        out.add("change.at_s", "must be <= duration_s (" + scenario::formatNumber(m_scenario.durationS) +
                                   "), got " + scenario::formatNumber(change.atS));
    // Checked as the scenario's own changes are, against the run's state now.
    scenario::Scenario state = m_scenario;
    state.faults = m_faults;
    for (std::size_t i = m_nextChange; i < m_changes.size(); ++i) // faults that pending changes start
        if (m_changes[i].startFault && m_changeAt[i] <= at) state.faults.push_back(*m_changes[i].startFault);
    state.changes = {change};
    scenario::Diagnostics found;
    scenario::checkChanges(state, found);
    for (const auto& d : found.items())
        if (!d.path.ends_with("at_s"))
            out.add("change" + d.path.substr(std::string("changes[0]").size()), d.message);
    if (!out.empty()) return out;
    // After every change at or before its time, so the order is the one a fresh run would follow.
    const auto pos = static_cast<std::size_t>(std::upper_bound(m_changeAt.begin(), m_changeAt.end(), at) -
                                              m_changeAt.begin());
    const std::size_t index = std::max(pos, m_nextChange);
    m_changes.insert(m_changes.begin() + static_cast<std::ptrdiff_t>(index), change);
    m_changeAt.insert(m_changeAt.begin() + static_cast<std::ptrdiff_t>(index), at);
    for (auto& e : m_log) // change log entries name changes by index
        if (e.kind == LogEvent::Kind::Change && e.subject >= index) ++e.subject;
    if (at <= m_now && index == m_nextChange) applyChange(m_nextChange++);
    return out;
}

void Engine::applyChange(std::size_t index) {
    const scenario::Change change = m_changes[index]; // a copy: applying may not move it, but be safe
    m_log.push_back(LogEvent{LogEvent::Kind::Change, m_now, static_cast<std::uint32_t>(index)});
    if (!change.set.empty()) {
        scenario::Diagnostics problems;
        auto next = scenario::applySettings(m_scenario, change, "change", problems);
        // Checked when loaded or added; a failure here is a bug, not bad input.
        if (!next) throw std::logic_error("change cannot be applied: " + problems.toString());
        applySettings(*next);
    }
    for (const auto& [path, on] : change.layers) {
        std::string error;
        if (const auto ref = scenario::resolveLayerPath(m_scenario, path, error)) switchLayer(*ref, on);
    }
    if (!change.endFault.empty()) endFault(change.endFault);
    if (change.startFault) startFault(*change.startFault);
}

void Engine::applySettings(const scenario::Scenario& next) {
    for (std::uint32_t i = 0; i < m_services.size(); ++i)
        if (settingsOf(m_scenario.services[i]) != settingsOf(next.services[i]))
            reconfigureService(i, next.services[i]);
    for (std::uint32_t i = 0; i < m_clients.size(); ++i)
        if (settingsOf(m_scenario.clients[i]) != settingsOf(next.clients[i]))
            reconfigureClient(i, next.clients[i]);
}

void Engine::reconfigureService(std::uint32_t si, const scenario::Service& next) {
    ServiceRuntime& s = m_services[si];
    const scenario::Service before = *s.spec;
    m_scenario.services[si] = next; // s.spec points here: the new values are read from now on
    s.sampler = ServiceTimeSampler(next.serviceTime);
    if (s.rateLimiter && next.ingress.rateLimiter)
        s.rateLimiter->reconfigure(*next.ingress.rateLimiter, m_now);
    if (s.shedder && next.ingress.loadShedder) s.shedder->reconfigure(*next.ingress.loadShedder, m_now);
    for (std::size_t k = 0; k < s.calls.size(); ++k)
        reconfigureCall(s.calls[k], next.calls[k]);
    if (before.workers != next.workers) recomputeFaults(si); // capacity faults still cap it
}

void Engine::reconfigureCall(std::uint32_t call, const scenario::Call& next) {
    CallRuntime& c = m_calls[call];
    c.probability = next.probability;
    if (c.timeout && next.timeout) c.timeout = next.timeout;
    if (c.propagation && next.deadlinePropagation) c.propagation = next.deadlinePropagation;
    if (c.retry && next.retry) c.retry->reconfigure(*next.retry);
    if (c.retryBudget && next.retryBudget) c.retryBudget->reconfigure(*next.retryBudget);
    if (c.retryThrottle && next.retryThrottle) c.retryThrottle->reconfigure(*next.retryThrottle, m_now);
    if (c.breaker && next.circuitBreaker) c.breaker->reconfigure(*next.circuitBreaker, m_now);
    if (c.fallback && next.fallback) c.fallback->reconfigure(*next.fallback, m_now);
    if (c.adaptiveTimeout && next.adaptiveTimeout)
        c.adaptiveTimeout->reconfigure(*next.adaptiveTimeout, m_now);
    if (c.bulkhead && next.bulkhead) {
        changeBulkheadMaxWait(call, next.bulkhead->maxWait);
        c.bulkhead->reconfigure(*next.bulkhead, m_now);
        grantFreedBulkheadSlots(call);
    }
}

void Engine::reconfigureClient(std::uint32_t ci, const scenario::Client& next) {
    ClientRuntime& r = m_clients[ci];
    m_scenario.clients[ci] = next; // deadline, priority and tenant are read from the spec per request
    // The arrival already scheduled stays; the ones after it follow the new rate (a batch goes on where
    // it was).
    r.arrivals = r.arrivals.continuedAs(next, m_scenario.durationS);
    CallRuntime& c = m_calls[r.call];
    if (c.timeout) c.timeout = next.timeout ? next.timeout : next.deadline;
    if (c.retry && next.retry) c.retry->reconfigure(*next.retry);
    if (c.retryBudget && next.retryBudget) c.retryBudget->reconfigure(*next.retryBudget);
    if (c.retryThrottle && next.retryThrottle) c.retryThrottle->reconfigure(*next.retryThrottle, m_now);
}

void Engine::changeBulkheadMaxWait(std::uint32_t call, Duration maxWait) {
    CallRuntime& c = m_calls[call];
    if (maxWait == c.bulkheadMaxWait) return;
    c.bulkheadMaxWait = maxWait;
    // Every waiter of this call: past the new limit, it leaves now; else a timer for its new limit.
    // NOTE: a scan of the executions, fine for a change made by hand (not per event).
    for (std::uint32_t e = 0; e < m_execs.capacity(); ++e) {
        Exec& x = m_execs[e];
        if (!x.bulkheadWaiting || x.call != call) continue;
        if (maxWait == kNoLimit) continue;
        const TimePoint limit = x.bulkheadWaitStart + maxWait;
        if (limit < m_now) {
            leaveBulkheadQueue(e);
            exitFrom(e, c.bulkheadDepth, Outcome::BulkheadFull);
        } else {
            m_queue.push(limit, EventKind::BulkheadWaitOver, e, x.waitToken, c.bulkheadDepth);
        }
    }
}

void Engine::grantFreedBulkheadSlots(std::uint32_t call) {
    CallRuntime& c = m_calls[call];
    while (const auto next = c.bulkhead->grantWaiting(m_now)) {
        const auto exec = static_cast<std::uint32_t>(*next >> 32);
        const auto token = static_cast<std::uint32_t>(*next & 0xffffffffu);
        m_queue.push(m_now, EventKind::BulkheadGranted, exec, token, c.bulkheadDepth);
    }
}

std::uint32_t Engine::callIndexOf(const scenario::LayerRef& ref) const {
    return ref.client ? m_clients[ref.owner].call : m_services[ref.owner].calls[ref.call];
}

void Engine::switchLayer(const scenario::LayerRef& ref, bool on) {
    CallRuntime& c = m_calls[callIndexOf(ref)];
    for (std::size_t k = 0; k < c.layers.size(); ++k) {
        if (c.layers[k] != ref.layer) continue;
        const auto bit = static_cast<std::uint8_t>(1u << k);
        c.disabled =
            on ? static_cast<std::uint8_t>(c.disabled & ~bit) : static_cast<std::uint8_t>(c.disabled | bit);
    }
}

void Engine::startFault(const scenario::Fault& fault) {
    scenario::Fault f = fault;
    f.fromS = toSeconds(m_now);
    f.toS = m_scenario.durationS;
    const auto index = static_cast<std::uint32_t>(m_faults.size());
    std::uint32_t service = 0;
    for (std::uint32_t i = 0; i < m_scenario.services.size(); ++i)
        if (m_scenario.services[i].name == f.target) service = i;
    m_faults.push_back(f);
    m_faultService.push_back(service);
    m_faultState.push_back(FaultPending);
    onFault(index, true);
}

void Engine::endFault(const std::string& id) {
    for (std::uint32_t i = 0; i < m_faults.size(); ++i) {
        const bool scheduled = i < m_scenario.faults.size();
        if (m_faults[i].id != id && !(scheduled && id == "faults[" + std::to_string(i) + "]")) continue;
        if (m_faultState[i] == FaultActive) {
            m_faults[i].toS = toSeconds(m_now);
            onFault(i, false);
        }
        m_faultState[i] = FaultOver; // a scheduled fault not started yet will not start
    }
}

} // namespace rl::sim
