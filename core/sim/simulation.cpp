#include "core/sim/simulation.h"

#include "core/sim/simulation_engine.h"

#include <algorithm>

namespace rl::sim {

Simulation::Simulation(const scenario::Scenario& scenario)
    : m_engine(std::make_unique<Engine>(scenario)) {}

Simulation::Simulation(const Simulation& other)
    : m_engine(std::make_unique<Engine>(*other.m_engine)) {}
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;
Simulation::~Simulation() = default;

void Simulation::setTraceSink(TraceSink* sink, std::uint64_t everyNthRequest) {
    m_engine->setTraceSink(sink, everyNthRequest);
}

void Simulation::advanceTo(TimePoint t) {
    m_engine->advanceTo(t);
}
bool Simulation::step() {
    return m_engine->step();
}
void Simulation::runToEnd() {
    m_engine->advanceTo(m_engine->m_end);
}
bool Simulation::finished() const {
    return m_engine->m_now >= m_engine->m_end;
}
TimePoint Simulation::now() const {
    return m_engine->m_now;
}
TimePoint Simulation::end() const {
    return m_engine->m_end;
}
Snapshot Simulation::snapshot() const {
    return m_engine->snapshot();
}
const scenario::Scenario& Simulation::scenario() const {
    return m_engine->m_scenario;
}
std::uint64_t Simulation::eventsProcessed() const {
    return m_engine->m_events;
}
std::size_t Simulation::bucketCount() const {
    return m_engine->m_bucketCount;
}
Duration Simulation::bucketWidth() const {
    return m_engine->m_bucket;
}
const std::vector<CallInfo>& Simulation::calls() const {
    return m_engine->m_callInfos;
}
const std::vector<ClientBucket>& Simulation::clientBuckets(std::size_t client) const {
    return m_engine->m_clients.at(client).buckets;
}
const LatencyHistogram& Simulation::clientLatency(std::size_t client) const {
    return m_engine->m_clients.at(client).latency;
}
const std::vector<ServiceBucket>& Simulation::serviceBuckets(std::size_t service) const {
    return m_engine->m_services.at(service).buckets;
}
double Simulation::serviceBusyWorkerSeconds(std::size_t service, std::size_t bucket) const {
    return m_engine->m_services.at(service).busyIntegral.bucketSum(bucket);
}
double Simulation::serviceQueueSeconds(std::size_t service, std::size_t bucket) const {
    return m_engine->m_services.at(service).queueIntegral.bucketSum(bucket);
}
const std::vector<CallBucket>& Simulation::callBuckets(std::size_t call) const {
    return m_engine->m_calls.at(m_engine->m_serviceCallIndex.at(call)).buckets;
}
double Simulation::callBulkheadBusySeconds(std::size_t call, std::size_t bucket) const {
    return m_engine->m_calls.at(m_engine->m_serviceCallIndex.at(call)).bulkheadIntegral.bucketSum(bucket);
}
const std::vector<LogEvent>& Simulation::log() const {
    return m_engine->m_log;
}
const std::vector<scenario::Fault>& Simulation::faults() const {
    return m_engine->m_faults;
}
const std::vector<scenario::Change>& Simulation::changes() const {
    return m_engine->m_changes;
}
scenario::Diagnostics Simulation::addChange(const scenario::Change& change) {
    return m_engine->addChange(change);
}
std::int64_t Simulation::unfinishedRequests() const {
    return m_engine->m_liveRequests;
}

// ---- Engine pieces that serve the facade ----------------------------------------------------------

Engine::Engine(const Engine& other)
    : EngineState(other) {
    m_trace = nullptr;
    for (std::size_t i = 0; i < m_calls.size(); ++i)
        if (m_calls[i].breaker) m_calls[i].breaker->listeners().unsubscribe(&other.m_calls[i]);
    rebindPointers();
}

// Points what refers back into this engine at this engine's own tables (after construction or a copy).
void Engine::rebindPointers() {
    for (std::size_t i = 0; i < m_services.size(); ++i)
        m_services[i].spec = &m_scenario.services[i];
    for (std::size_t i = 0; i < m_clients.size(); ++i)
        m_clients[i].spec = &m_scenario.clients[i];
    for (std::size_t i = 0; i < m_calls.size(); ++i) {
        CallRuntime& c = m_calls[i];
        c.engine = this;
        c.index = static_cast<std::uint32_t>(i);
        if (c.breaker) c.breaker->listeners().subscribe(&c);
    }
}

void Engine::setTraceSink(TraceSink* sink, std::uint64_t everyNthRequest) {
    m_trace = sink;
    m_traceEvery = std::max<std::uint64_t>(everyNthRequest, 1);
}

void Engine::logBreakerTransition(std::uint32_t call, const BreakerEvent& event) {
    // Only service calls have breakers; the log names them by their index in calls().
    m_log.push_back(LogEvent{LogEvent::Kind::BreakerTransition, event.at, m_calls[call].serviceCall,
                             static_cast<std::uint8_t>(event.from), static_cast<std::uint8_t>(event.to),
                             event.failureRate, event.slowCallRate});
}

Snapshot Engine::snapshot() const {
    Snapshot s;
    s.now = m_now;
    for (std::size_t i = 0; i < m_services.size(); ++i)
        s.services.push_back(serviceState(i));
    for (std::uint32_t ci : m_serviceCallIndex)
        s.calls.push_back(callState(m_calls[ci]));
    // Work nobody waits for: live jobs whose caller's attempt no longer expects their answer.
    m_jobs.forEachLive([&](std::uint32_t, const Job& job) {
        if (job.service == kNone || job.replyExec == kNone) return;
        const Exec& e = m_execs[job.replyExec];
        if (!(e.remotePending && e.waitToken == job.replyToken)) ++s.services[job.service].abandoned;
    });
    s.inflightRequests = m_liveRequests;
    return s;
}

Snapshot::ServiceState Engine::serviceState(std::size_t index) const {
    const ServiceRuntime& svc = m_services[index];
    Snapshot::ServiceState st{};
    st.workers = svc.workers;
    st.busy = svc.busy;
    st.queued = static_cast<std::int64_t>(svc.queue.size());
    st.inflight = svc.inflight;
    st.outage = svc.failFastOutages > 0;
    st.hang = svc.hangOutages > 0;
    st.brownout = svc.latencyMultiplier != 1.0 || svc.faultErrorRate > 0.0;
    if (svc.rateLimiter) {
        const auto v = svc.rateLimiter->view();
        st.hasRateLimiter = true;
        st.rateLimited = v.rejected;
        st.tokens = -1;
        st.lastRateLimitedAt = svc.lastRateLimitedAt;
        st.lastRetryAfter = svc.lastRetryAfter;
        if (v.per == RateLimitScope::Global) {
            if (const auto one = svc.rateLimiter->viewOf("default", m_now)) {
                st.tokens = one->tokens;
                st.tenants.push_back({std::string(), *one});
            }
        } else {
            for (const auto& client : m_scenario.clients) {
                const bool seen = std::any_of(st.tenants.begin(), st.tenants.end(),
                                              [&](const auto& t) { return t.tenant == client.tenant; });
                if (seen) continue;
                // A tenant the limiter has not met yet (or evicted) has a full bucket.
                const auto known = svc.rateLimiter->viewOf(client.tenant, m_now);
                st.tenants.push_back(
                    {client.tenant,
                     known ? *known : RateLimiter(svc.rateLimiter->config(), m_now).view(m_now)});
            }
        }
    }
    if (svc.shedder) {
        st.hasShedder = true;
        st.shedder = svc.shedder->view();
        for (auto n : st.shedder.shed)
            st.shed += n;
    }
    return st;
}

Snapshot::CallState Engine::callState(const CallRuntime& c) const {
    Snapshot::CallState cs{};
    if (c.breaker) {
        cs.breaker = c.breaker->view(m_now);
        cs.hasBreaker = true;
        cs.breakerState = static_cast<std::uint8_t>(cs.breaker.state);
        cs.failureRate = cs.breaker.failureRate;
        cs.openUntil = cs.breaker.openUntil;
        c.breaker->windowCells(m_now, cs.breakerCells);
    }
    if (c.bulkhead) {
        cs.bulkhead = c.bulkhead->view();
        cs.hasBulkhead = true;
        cs.bulkheadInUse = cs.bulkhead.inUse;
        cs.bulkheadMax = cs.bulkhead.maxConcurrent;
        cs.bulkheadQueued = cs.bulkhead.queued;
        cs.bulkheadOldestWait = c.bulkhead->oldestWait(m_now);
    }
    if (c.retryBudget) {
        cs.hasRetryBudget = true;
        cs.retryBudget = c.retryBudget->view(m_now);
    }
    if (c.retryThrottle) {
        cs.hasRetryThrottle = true;
        cs.retryThrottle = c.retryThrottle->view(m_now);
    }
    cs.inflight = c.inflight;
    return cs;
}

} // namespace rl::sim
