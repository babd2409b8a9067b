// Engine construction, the event loop, clients, services and faults. The policy stack of calls is in
// simulation_calls.cpp.
#include "core/sim/simulation_engine.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rl::sim {

using scenario::PolicyLayer;

namespace {

const std::vector<PolicyLayer> kDefaultOrder = {PolicyLayer::Fallback, PolicyLayer::Retry,
                                                PolicyLayer::CircuitBreaker, PolicyLayer::Bulkhead,
                                                PolicyLayer::Timeout};

Duration secondsToDuration(double s) {
    return fromMillis(s * 1000.0);
}

} // namespace

void CallRuntime::onEvent(const BreakerEvent& event) {
    if (event.kind == BreakerEvent::Kind::Transition) engine->logBreakerTransition(index, event);
}

Engine::Engine(const scenario::Scenario& scenario) {
    m_scenario = scenario;
    if (!(scenario.durationS > 0) || !(scenario.bucketS > 0))
        throw std::invalid_argument("duration_s and bucket_s must be > 0");
    m_end = secondsToDuration(scenario.durationS);
    m_bucket = secondsToDuration(scenario.bucketS);
    m_bucketCount = static_cast<std::size_t>((m_end.count() + m_bucket.count() - 1) / m_bucket.count());
    const auto& sc = m_scenario; // stable addresses from here on

    auto serviceIndex = [&](const std::string& name) -> std::uint32_t {
        for (std::size_t i = 0; i < sc.services.size(); ++i)
            if (sc.services[i].name == name) return static_cast<std::uint32_t>(i);
        throw std::invalid_argument("unknown service '" + name + "'");
    };

    m_services.reserve(sc.services.size());
    for (const auto& s : sc.services) {
        ServiceRuntime& r = m_services.emplace_back(s, sc.seed);
        r.workers = s.workers;
        if (s.ingress.rateLimiter) r.rateLimiter = std::make_unique<KeyedRateLimiter>(*s.ingress.rateLimiter);
        if (s.ingress.loadShedder) r.shedder = std::make_unique<LoadShedder>(*s.ingress.loadShedder);
        r.buckets.assign(m_bucketCount, ServiceBucket{});
        for (auto& b : r.buckets)
            b.workers = s.workers;
        r.busyIntegral = BucketIntegral(m_bucketCount, m_bucket);
        r.queueIntegral = BucketIntegral(m_bucketCount, m_bucket);
    }

    // Calls: every service's downstream calls, then one pseudo-call per client (its retry and timeout).
    auto makeCall = [&](std::uint32_t from, std::uint32_t to, const std::string& streamName) -> CallRuntime& {
        CallRuntime& c = m_calls.emplace_back();
        c.from = from;
        c.to = to;
        c.rng = Random::derive(sc.seed, streamName);
        c.buckets.assign(m_bucketCount, CallBucket{});
        c.bulkheadIntegral = BucketIntegral(m_bucketCount, m_bucket);
        return c;
    };
    m_calls.reserve([&] {
        std::size_t n = sc.clients.size();
        for (const auto& s : sc.services)
            n += s.calls.size();
        return n;
    }());
    for (std::size_t si = 0; si < sc.services.size(); ++si) {
        const auto& s = sc.services[si];
        for (std::size_t ci = 0; ci < s.calls.size(); ++ci) {
            const auto& spec = s.calls[ci];
            CallRuntime& c = makeCall(static_cast<std::uint32_t>(si), serviceIndex(spec.to),
                                      "call/" + s.name + "/" + std::to_string(ci) + "/" + spec.to);
            c.info = CallInfo{s.name, spec.to, si, ci};
            c.probability = spec.probability;
            c.timeout = spec.timeout;
            if (spec.deadlinePropagation && spec.deadlinePropagation->enabled)
                c.propagation = spec.deadlinePropagation;
            if (spec.retry) c.retry = std::make_unique<RetryPolicy>(*spec.retry);
            if (spec.retryBudget) c.retryBudget = std::make_unique<RetryBudget>(*spec.retryBudget);
            if (spec.retryThrottle) c.retryThrottle = std::make_unique<RetryThrottle>(*spec.retryThrottle);
            if (spec.circuitBreaker) c.breaker = std::make_unique<CircuitBreaker>(*spec.circuitBreaker);
            if (spec.bulkhead) {
                c.bulkhead = std::make_unique<Bulkhead>(*spec.bulkhead);
                c.bulkheadMaxWait = spec.bulkhead->maxWait;
            }
            if (spec.fallback) c.fallback = std::make_unique<Fallback>(*spec.fallback);
            if (spec.adaptiveTimeout)
                c.adaptiveTimeout = std::make_unique<AdaptiveTimeout>(*spec.adaptiveTimeout);
            const bool hasTimeout = c.timeout || c.adaptiveTimeout || c.propagation;
            for (PolicyLayer layer : spec.order.empty() ? kDefaultOrder : spec.order) {
                const bool present = (layer == PolicyLayer::Fallback && c.fallback) ||
                                     (layer == PolicyLayer::Retry && c.retry) ||
                                     (layer == PolicyLayer::CircuitBreaker && c.breaker) ||
                                     (layer == PolicyLayer::Bulkhead && c.bulkhead) ||
                                     (layer == PolicyLayer::Timeout && hasTimeout);
                if (present) c.layers.push_back(layer);
            }
            // A propagated deadline needs a timer even when the order list left the timeout out.
            if (hasTimeout &&
                std::find(c.layers.begin(), c.layers.end(), PolicyLayer::Timeout) == c.layers.end())
                c.layers.push_back(PolicyLayer::Timeout);
            for (std::size_t k = 0; k < c.layers.size(); ++k)
                if (c.layers[k] == PolicyLayer::Bulkhead) c.bulkheadDepth = static_cast<std::uint8_t>(k);
            m_callInfos.push_back(c.info);
            c.serviceCall = static_cast<std::uint32_t>(m_serviceCallIndex.size());
            m_serviceCallIndex.push_back(static_cast<std::uint32_t>(m_calls.size() - 1));
            m_services[si].calls.push_back(static_cast<std::uint32_t>(m_calls.size() - 1));
        }
    }
    m_clients.reserve(sc.clients.size());
    for (std::size_t i = 0; i < sc.clients.size(); ++i) {
        const auto& cl = sc.clients[i];
        ClientRuntime& r = m_clients.emplace_back(cl, sc.durationS, sc.seed);
        r.service = serviceIndex(cl.target);
        if (cl.idempotencyKey && !m_services[r.service].idempotency)
            m_services[r.service].idempotency =
                std::make_unique<IdempotencyStore<Outcome>>(IdempotencyConfig{});
        r.buckets.assign(m_bucketCount, ClientBucket{});
        CallRuntime& c = makeCall(kNone, r.service, "client-retry/" + cl.name);
        c.client = static_cast<std::uint32_t>(i);
        c.info = CallInfo{cl.name, cl.target, 0, 0};
        c.timeout = cl.timeout ? cl.timeout : cl.deadline;
        if (cl.retryBudget) c.retryBudget = std::make_unique<RetryBudget>(*cl.retryBudget);
        if (cl.retryThrottle) c.retryThrottle = std::make_unique<RetryThrottle>(*cl.retryThrottle);
        if (cl.retry) {
            c.retry = std::make_unique<RetryPolicy>(*cl.retry);
            c.layers.push_back(PolicyLayer::Retry);
        }
        if (c.timeout) c.layers.push_back(PolicyLayer::Timeout);
        r.call = static_cast<std::uint32_t>(m_calls.size() - 1);
    }
    rebindPointers();

    m_queue.setLaneCount(2 * m_calls.size());
    // The first arrival of every client, and every fault's start and end.
    for (std::size_t i = 0; i < m_clients.size(); ++i) {
        const TimePoint first = m_clients[i].arrivals.next(TimePoint{0}, m_clients[i].arrivalRng);
        if (first < m_end) m_queue.push(first, EventKind::ClientArrival, static_cast<std::uint32_t>(i));
    }
    m_faults = sc.faults;
    for (std::size_t i = 0; i < sc.faults.size(); ++i) {
        const auto& f = sc.faults[i];
        m_faultService.push_back(serviceIndex(f.target));
        m_faultState.push_back(FaultPending);
        m_queue.push(secondsToDuration(f.fromS), EventKind::FaultStart, static_cast<std::uint32_t>(i));
        m_queue.push(secondsToDuration(f.toS), EventKind::FaultEnd, static_cast<std::uint32_t>(i));
    }
    if (!sc.changes.empty()) { // checked by the loader; a scenario built in code is checked here
        scenario::Diagnostics problems;
        scenario::checkChanges(sc, problems);
        if (!problems.empty()) throw std::invalid_argument("invalid changes: " + problems.toString());
    }
    m_changes = sc.changes;
    for (const auto& c : m_changes)
        m_changeAt.push_back(scenario::changeTime(c));
}

std::size_t Engine::bucketOf(TimePoint t) const {
    const auto b = static_cast<std::size_t>(t.count() / m_bucket.count());
    return std::min(b, m_bucketCount - 1);
}

void Engine::setNow(TimePoint t) {
    m_now = t;
    if (m_now >= m_nowBucketEnd) {
        m_nowBucket = bucketOf(m_now);
        m_nowBucketEnd = TimePoint(static_cast<std::int64_t>(m_nowBucket + 1) * m_bucket.count());
    }
}

bool Engine::runNext(TimePoint t) {
    // A change applies after every event at its time (see scenario::Change).
    const TimePoint nextChange = m_nextChange < m_changes.size() ? m_changeAt[m_nextChange] : kNoLimit;
    if (!m_queue.empty() && m_queue.top().time <= t && m_queue.top().time <= nextChange) {
        const Event e = m_queue.pop();
        setNow(e.time);
        ++m_events;
        dispatch(e);
        return true;
    }
    if (nextChange <= t) {
        setNow(std::max(m_now, nextChange));
        applyChange(m_nextChange++);
        return true;
    }
    return false;
}

bool Engine::step() {
    const bool ran = runNext(m_end);
    if (!ran) m_now = m_end;
    flushMeasurements();
    return ran;
}

void Engine::advanceTo(TimePoint t) {
    t = std::min(t, m_end);
    while (runNext(t)) {
    }
    m_now = std::max(m_now, t);
    flushMeasurements();
}

void Engine::flushMeasurements() {
    m_nowBucket = bucketOf(m_now);
    m_nowBucketEnd = TimePoint(static_cast<std::int64_t>(m_nowBucket + 1) * m_bucket.count());
    for (auto& s : m_services) {
        s.busyIntegral.flush(m_now);
        s.queueIntegral.flush(m_now);
    }
    for (auto& c : m_calls)
        c.bulkheadIntegral.flush(m_now);
    for (auto& c : m_clients)
        c.flushBucketLatency(c.latencyBucket); // percentiles of the bucket in progress, so far
}

void Engine::dispatch(const Event& e) {
    switch (e.kind) {
    case EventKind::ClientArrival:
        onClientArrival(e.index);
        break;
    case EventKind::WorkDone:
        onWorkDone(e.index, e.token);
        break;
    case EventKind::AttemptTimeout:
        onAttemptTimeout(e);
        break;
    case EventKind::RetryTimer:
        onRetryTimer(e);
        break;
    case EventKind::BulkheadGranted:
        onBulkheadGranted(e);
        break;
    case EventKind::BulkheadWaitOver:
        onBulkheadWaitOver(e);
        break;
    case EventKind::FaultStart:
        onFault(e.index, true);
        break;
    case EventKind::FaultEnd:
        onFault(e.index, false);
        break;
    }
}

// ---- Clients -------------------------------------------------------------------------------------

void Engine::onClientArrival(std::uint32_t client) {
    ClientRuntime& c = m_clients[client];
    const TimePoint next = c.arrivals.next(m_now, c.arrivalRng);
    if (next < m_end) m_queue.push(next, EventKind::ClientArrival, client);

    const std::uint32_t r = m_requests.acquire();
    m_requests[r].client = client;
    m_requests[r].start = m_now;
    m_requests[r].refs = 1;
    m_requests[r].id = m_nextRequestId++;
    ++m_liveRequests;
    ++c.buckets[nowBucket()].requests;
    const TimePoint deadline = c.spec->deadline ? m_now + *c.spec->deadline : kNoLimit;
    startCall(c.call, kNone, r, deadline);
}

void ClientRuntime::flushBucketLatency(std::size_t nowBucket) {
    if (bucketLatency.count() > 0) {
        ClientBucket& b = buckets[latencyBucket];
        b.p50Ms = static_cast<float>(bucketLatency.percentileMs(0.50));
        b.p95Ms = static_cast<float>(bucketLatency.percentileMs(0.95));
        b.p99Ms = static_cast<float>(bucketLatency.percentileMs(0.99));
    }
    if (nowBucket != latencyBucket) {
        if (bucketLatency.count() > 0) bucketLatency.clear();
        latencyBucket = nowBucket;
    }
}

void Engine::finishRequest(std::uint32_t r, Outcome outcome) {
    Request& req = m_requests[r];
    ClientRuntime& c = m_clients[req.client];
    ClientBucket& b = c.buckets[nowBucket()];
    b.outcomes.add(outcome);
    const Duration latency = m_now - req.start;
    if (c.latencyBucket != nowBucket()) c.flushBucketLatency(nowBucket());
    c.bucketLatency.record(latency);
    c.latency.record(latency);
    --m_liveRequests;
    unref(r);
}

void Engine::unref(std::uint32_t request) {
    if (--m_requests[request].refs == 0) m_requests.release(request);
}

// ---- Services ------------------------------------------------------------------------------------

void Engine::setBusy(ServiceRuntime& s, std::int32_t busy) {
    s.busy = busy;
    s.busyIntegral.set(m_now, busy);
}

void Engine::arrive(std::uint32_t jobIndex) {
    Job& job = m_jobs[jobIndex];
    ServiceRuntime& s = m_services[job.service];
    ServiceBucket& b = s.buckets[nowBucket()];
    ++b.arrivals;
    if (s.failFastOutages > 0) {
        ++b.errors;
        finishJob(jobIndex, Outcome::Error);
        return;
    }
    if (s.hangOutages > 0) {
        // Never answered: the caller's timeout (if any) is all that ends the attempt.
        unref(job.request);
        m_jobs.release(jobIndex);
        return;
    }
    const Request& req = m_requests[job.request];
    const auto& client = *m_clients[req.client].spec;
    if (s.rateLimiter) {
        const RateDecision d = s.rateLimiter->tryAcquire(m_now, client.tenant);
        if (!d.permitted) {
            ++b.rateLimited;
            s.lastRateLimitedAt = m_now;
            s.lastRetryAfter = d.retryAfter == kNoLimit ? Duration::zero() : d.retryAfter;
            finishJob(jobIndex, Outcome::RateLimited,
                      d.retryAfter == kNoLimit ? Duration::zero() : d.retryAfter);
            return;
        }
    }
    if (s.shedder) {
        if (!s.shedder->tryAdmit(m_now, client.priority)) {
            ++b.shed;
            finishJob(jobIndex, Outcome::Shed);
            return;
        }
        job.holdsShedder = true;
    }
    ++s.inflight;
    job.admitted = true;
    // Idempotency keys: the entry service remembers what it did for a request.
    const bool entry = m_clients[req.client].service == job.service && job.replyExec != kNone &&
                       m_execs[job.replyExec].call == m_clients[req.client].call;
    if (entry && client.idempotencyKey) {
        const auto check = s.idempotency->begin(m_now, req.id);
        switch (check.status) {
        case IdempotencyStatus::New:
            job.ownsKey = true;
            break;
        case IdempotencyStatus::Completed: // a later duplicate: the stored answer is replayed
            finishJob(jobIndex, *check.result);
            return;
        case IdempotencyStatus::InProgress: // a concurrent duplicate: 409, which clients retry like an error
            finishJob(jobIndex, Outcome::Error);
            return;
        case IdempotencyStatus::Full: // every remembered key is in progress: 503
            finishJob(jobIndex, Outcome::Rejected);
            return;
        }
    }
    job.entryWork = entry;
    if (s.busy < s.workers) {
        startWork(jobIndex);
        return;
    }
    const auto& cap = s.spec->queueCapacity;
    if (!cap || static_cast<std::int64_t>(s.queue.size()) < *cap) {
        s.queue.push(jobIndex);
        s.queueIntegral.set(m_now, static_cast<double>(s.queue.size()));
        return;
    }
    ++b.rejected;
    finishJob(jobIndex, Outcome::Rejected);
}

void Engine::startWork(std::uint32_t jobIndex) {
    Job& job = m_jobs[jobIndex];
    ServiceRuntime& s = m_services[job.service];
    if (job.deadline != kNoLimit && m_now >= job.deadline) {
        // The caller has given up: a service that knows the deadline does not start the work.
        ++s.buckets[nowBucket()].expiredDropped;
        finishJob(jobIndex, Outcome::Timeout);
        return;
    }
    ++s.buckets[nowBucket()].started;
    job.holdsWorker = true;
    job.readVersion = s.version;
    setBusy(s, s.busy + 1);
    Duration work{0};
    const scenario::ReplayRow* row = s.replay ? s.replay->draw(m_now, s.replayRng) : nullptr;
    if (row) {
        // "replace" never draws the synthetic time, so the service-time stream is left as it was.
        const bool scale = s.replay->latencyMode() == scenario::ReplayLatency::Scale;
        work = s.replay->workTime(*row, scale ? s.sampler.draw(s.timeRng) : Duration::zero());
        job.replayOutcome = row->outcome;
    } else {
        work = s.sampler.draw(s.timeRng);
        job.replayOutcome = Outcome::Success;
    }
    if (s.latencyMultiplier != 1.0)
        work = Duration(static_cast<std::int64_t>(static_cast<double>(work.count()) * s.latencyMultiplier));
    m_queue.push(m_now + work, EventKind::WorkDone, jobIndex, job.generation);
}

void Engine::onWorkDone(std::uint32_t jobIndex, std::uint32_t generation) {
    Job& job = m_jobs[jobIndex];
    if (job.generation != generation) return;
    ServiceRuntime& s = m_services[job.service];
    // A replayed row that failed answers as it was recorded, after its latency.
    switch (job.replayOutcome) {
    case Outcome::Success:
        break;
    case Outcome::RateLimited:
        ++s.buckets[nowBucket()].rateLimited;
        finishJob(jobIndex, Outcome::RateLimited);
        return;
    case Outcome::Error:
        ++s.buckets[nowBucket()].errors;
        finishJob(jobIndex, job.replayOutcome);
        return;
    default: // timeout, client_error
        finishJob(jobIndex, job.replayOutcome);
        return;
    }
    // Independent error sources: the service's own rate and an `errors` fault.
    const double errorRate = 1.0 - (1.0 - s.spec->errorRate) * (1.0 - s.faultErrorRate);
    if (errorRate > 0 && s.errorRng.bernoulli(errorRate)) {
        ++s.buckets[nowBucket()].errors;
        finishJob(jobIndex, Outcome::Error);
        return;
    }
    if (s.spec->concurrencyControl == scenario::ConcurrencyControl::Optimistic && !commitWrite(s, job)) {
        ++s.buckets[nowBucket()].errors; // a conflict answers `error`, as a failed conditional write does
        finishJob(jobIndex, Outcome::Error);
        return;
    }
    if (job.entryWork) {
        job.workedOn = true;
        Request& req = m_requests[job.request];
        const auto& client = *m_clients[req.client].spec;
        if (++req.workDone > 1 && !client.idempotent)
            ++m_clients[req.client].buckets[nowBucket()].duplicateSideEffects;
    }
    runCalls(jobIndex);
}

bool Engine::commitWrite(ServiceRuntime& s, const Job& job) {
    // Versions, not times: two events at the same instant are still ordered (by the event queue), so
    // a job that started just before a commit at its own start time conflicts, as it read the old version.
    if (s.version != job.readVersion) return false;
    ++s.version;
    return true;
}

void Engine::runCalls(std::uint32_t jobIndex) {
    Job& job = m_jobs[jobIndex];
    ServiceRuntime& s = m_services[job.service];
    while (job.nextCall < s.calls.size()) {
        const std::uint32_t call = s.calls[job.nextCall];
        const CallRuntime& c = m_calls[call];
        if (c.probability >= 1.0 || s.callRng.bernoulli(c.probability)) {
            startCall(call, jobIndex, job.request, job.deadline);
            return; // resumes in onChildCallDone
        }
        ++job.nextCall;
    }
    finishJob(jobIndex, job.degraded ? Outcome::Degraded : Outcome::Success);
}

void Engine::onChildCallDone(std::uint32_t jobIndex, Outcome outcome) {
    Job& job = m_jobs[jobIndex];
    if (!isAnswer(outcome)) {
        finishJob(jobIndex, Outcome::Error);
        return;
    }
    if (outcome == Outcome::Degraded) job.degraded = true;
    ++job.nextCall;
    runCalls(jobIndex);
}

void Engine::finishJob(std::uint32_t jobIndex, Outcome outcome, Duration retryAfter) {
    Job& job = m_jobs[jobIndex];
    ServiceRuntime& s = m_services[job.service];
    ++job.generation;
    if (job.ownsKey) {
        // Stripe-style: once the work has run, its answer (errors included) is what duplicates get;
        // a job that never worked leaves the key free for a retry.
        if (job.workedOn)
            s.idempotency->complete(m_now, m_requests[job.request].id, outcome);
        else
            s.idempotency->abandon(m_now, m_requests[job.request].id);
    }
    if (job.holdsShedder) s.shedder->release(m_now);
    if (job.admitted) --s.inflight;
    if (job.holdsWorker) {
        ++s.buckets[nowBucket()].completed;
        setBusy(s, s.busy - 1);
    }
    const std::uint32_t service = job.service;
    const bool freedWorker = job.holdsWorker;
    deliver(jobIndex, outcome, retryAfter);
    if (freedWorker) startQueuedWork(service);
}

void Engine::startQueuedWork(std::uint32_t service) {
    ServiceRuntime& s = m_services[service];
    while (s.busy < s.workers && !s.queue.empty()) {
        const std::uint32_t next = s.queue.pop();
        s.queueIntegral.set(m_now, static_cast<double>(s.queue.size()));
        startWork(next);
    }
}

// Hands a job's answer to the call execution waiting for it, unless that attempt was abandoned.
void Engine::deliver(std::uint32_t jobIndex, Outcome outcome, Duration retryAfter) {
    const Job job = m_jobs[jobIndex];
    m_jobs.release(jobIndex);
    if (job.replyExec != kNone) {
        Exec& e = m_execs[job.replyExec];
        if (e.remotePending && e.waitToken == job.replyToken) {
            e.remotePending = false;
            e.retryAfter = retryAfter;
            exitFrom(job.replyExec, m_calls[e.call].layers.size(), outcome);
        }
    }
    unref(job.request);
}

// ---- Faults --------------------------------------------------------------------------------------

void Engine::onFault(std::uint32_t fault, bool start) {
    // A fault ended early by a change neither starts nor ends again.
    if (m_faultState[fault] != (start ? FaultPending : FaultActive)) return;
    m_faultState[fault] = start ? FaultActive : FaultOver;
    const std::uint32_t service = m_faultService[fault];
    auto& active = m_services[service].activeFaults;
    if (start)
        active.push_back(fault);
    else
        active.erase(std::remove(active.begin(), active.end(), fault), active.end());
    m_log.push_back(LogEvent{start ? LogEvent::Kind::FaultStart : LogEvent::Kind::FaultEnd, m_now, fault});
    recomputeFaults(service);
}

void Engine::recomputeFaults(std::uint32_t service) {
    ServiceRuntime& s = m_services[service];
    s.failFastOutages = s.hangOutages = 0;
    s.latencyMultiplier = 1.0;
    s.faultErrorRate = 0.0;
    std::int32_t workers = s.spec->workers;
    for (std::uint32_t fi : s.activeFaults) {
        const auto& f = m_faults[fi];
        switch (f.kind) {
        case scenario::FaultKind::Outage:
            (f.mode == scenario::OutageMode::FailFast ? s.failFastOutages : s.hangOutages) += 1;
            break;
        case scenario::FaultKind::Latency:
            s.latencyMultiplier *= f.multiplier;
            break;
        case scenario::FaultKind::Errors:
            s.faultErrorRate = std::max(s.faultErrorRate, f.errorRate);
            break;
        case scenario::FaultKind::Capacity:
            workers = std::min(workers, f.workers);
            break;
        }
    }
    s.workers = workers;
    for (std::size_t b = nowBucket(); b < m_bucketCount; ++b)
        s.buckets[b].workers = workers;
    startQueuedWork(service);
}

} // namespace rl::sim
