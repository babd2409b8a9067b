// The policy stack of a call, run as an explicit state machine over the call's layers (outermost
// first). enter() walks inwards until it sends the attempt or has to wait (bulkhead queue); exitFrom()
// walks outwards with an outcome until a retry layer schedules another attempt or the call finishes.
// A timeout abandons everything inside it (unwind): the breaker records the timeout as a failure,
// bulkhead slots are released, inner retries are cancelled, and the callee's job runs on, unobserved.
#include "core/sim/simulation_engine.h"

#include <algorithm>

namespace rl::sim {

using scenario::PolicyLayer;

namespace {

std::uint64_t waiterId(std::uint32_t exec, std::uint32_t token) {
    return (static_cast<std::uint64_t>(exec) << 32) | token;
}

enum class BreakerVerdict { Success, Failure, Ignored };

// What a breaker learns from an outcome. Local rejections (circuit open, bulkhead full) and the caller's
// own mistakes (4xx) say nothing about the callee's health.
BreakerVerdict breakerVerdict(Outcome o) {
    switch (o) {
    case Outcome::Success:
    case Outcome::Degraded:
        return BreakerVerdict::Success;
    case Outcome::Error:
    case Outcome::Timeout:
    case Outcome::RateLimited:
    case Outcome::Shed:
    case Outcome::Rejected:
        return BreakerVerdict::Failure;
    case Outcome::BulkheadFull:
    case Outcome::CircuitOpen:
    case Outcome::ClientError:
        return BreakerVerdict::Ignored;
    }
    return BreakerVerdict::Ignored;
}

} // namespace

void Engine::startCall(std::uint32_t call, std::uint32_t parentJob, std::uint32_t request,
                       TimePoint deadline) {
    CallRuntime& c = m_calls[call];
    const std::uint32_t e = m_execs.acquire();
    {
        Exec& x = m_execs[e];
        x.call = call;
        x.parentJob = parentJob;
        x.request = request;
        x.started = m_now;
        x.traceStart = m_now;
        x.deadline = kNoLimit;
    }
    ++c.inflight;
    ++c.buckets[nowBucket()].calls;
    if (c.retryBudget) {
        c.retryBudget->onRequestStarted();
        m_execs[e].budgetRequest = true;
    }
    if (c.client != kNone) {
        m_execs[e].deadline = deadline;
    } else if (c.propagation && deadline != kNoLimit) {
        const auto child = Deadline::at(deadline).child(m_now, *c.propagation);
        if (!child) { // no budget left: the call is not even started
            finishCall(e, Outcome::Timeout);
            return;
        }
        m_execs[e].deadline = child->expiresAt();
    }
    enter(e, 0);
}

void Engine::enter(std::uint32_t e, std::size_t depth) {
    CallRuntime& c = m_calls[m_execs[e].call];
    while (depth < c.layers.size()) {
        Exec& x = m_execs[e];
        if (!c.enabled(depth)) { // switched off by a change: new attempts go straight past it
            ++depth;
            continue;
        }
        switch (c.layers[depth]) {
        case PolicyLayer::Fallback:
        case PolicyLayer::Retry:
            break;
        case PolicyLayer::CircuitBreaker: {
            x.permit = c.breaker->tryAcquire(m_now);
            if (!x.permit) {
                exitFrom(e, depth, Outcome::CircuitOpen);
                return;
            }
            x.permitHeld = true;
            x.breakerStart = m_now;
            break;
        }
        case PolicyLayer::Bulkhead: {
            const std::uint32_t token = ++x.waitToken;
            switch (c.bulkhead->tryAcquire(m_now, waiterId(e, token))) {
            case BulkheadDecision::Acquired:
                x.bulkheadHeld = true;
                c.bulkheadIntegral.add(m_now, 1);
                break;
            case BulkheadDecision::Queued: {
                x.bulkheadWaiting = true;
                x.bulkheadWaitStart = m_now;
                if (c.bulkheadMaxWait != kNoLimit)
                    m_queue.pushTimer(bulkheadLane(x.call), m_now + c.bulkheadMaxWait,
                                      EventKind::BulkheadWaitOver, e, token,
                                      static_cast<std::uint8_t>(depth));
                return; // resumes in onBulkheadGranted
            }
            case BulkheadDecision::Rejected:
                exitFrom(e, depth, Outcome::BulkheadFull);
                return;
            }
            break;
        }
        case PolicyLayer::Timeout: {
            Duration limit = c.adaptiveTimeout ? c.adaptiveTimeout->timeout() : c.timeout.value_or(kNoLimit);
            if (x.deadline != kNoLimit) limit = std::min(limit, x.deadline - m_now);
            if (limit <= Duration::zero()) {
                exitFrom(e, depth, Outcome::Timeout);
                return;
            }
            x.attemptStart = m_now;
            if (limit != kNoLimit) {
                x.timeoutArmed = true;
                m_queue.pushTimer(timeoutLane(x.call), m_now + limit, EventKind::AttemptTimeout, e,
                                  ++x.timeoutToken, static_cast<std::uint8_t>(depth));
            }
            break;
        }
        }
        ++depth;
    }
    sendRemote(e);
}

void Engine::sendRemote(std::uint32_t e) {
    const std::uint32_t j = m_jobs.acquire();
    Exec& x = m_execs[e];
    CallRuntime& c = m_calls[x.call];
    Job& job = m_jobs[j];
    job.service = c.to;
    job.request = x.request;
    job.replyExec = e;
    job.replyToken = ++x.waitToken;
    // A client's deadline travels with its request (as gRPC does); services pass theirs on only when
    // the call has deadline_propagation.
    job.deadline = (c.client != kNone || c.propagation) ? x.deadline : kNoLimit;
    x.remotePending = true;
    x.sentThisAttempt = true;
    x.attemptStart = m_now;
    ++m_requests[x.request].refs;
    ++c.buckets[nowBucket()].attempts;
    if (c.client != kNone) ++m_clients[c.client].buckets[nowBucket()].attempts;
    arrive(j);
}

void Engine::traceAttempt(const Exec& x, Outcome outcome, std::size_t depth) {
    const CallRuntime& c = m_calls[x.call];
    AttemptTrace t;
    t.request = m_requests[x.request].id;
    t.fromClient = c.client != kNone;
    t.call = t.fromClient ? c.client : c.serviceCall;
    t.attempt = static_cast<std::uint16_t>(std::min(x.retry.attempts + 1, 65535));
    t.start = x.traceStart;
    t.end = m_now;
    t.outcome = outcome;
    t.reachedCallee = x.sentThisAttempt;
    if (!t.reachedCallee && depth < c.layers.size()) t.stoppedAt = c.layers[depth];
    m_trace->onAttempt(t);
}

// A retry the outcome called for, refused by the retry budget or throttle: an attempt that never
// started, stopped at the retry layer, so timelines can show the refusal.
void Engine::traceRefusedRetry(const Exec& x, Outcome outcome, std::size_t depth) {
    const CallRuntime& c = m_calls[x.call];
    AttemptTrace t;
    t.request = m_requests[x.request].id;
    t.fromClient = c.client != kNone;
    t.call = t.fromClient ? c.client : c.serviceCall;
    t.attempt = static_cast<std::uint16_t>(std::min(x.retry.attempts + 1, 65535));
    t.start = t.end = m_now;
    t.outcome = outcome;
    t.reachedCallee = false;
    t.stoppedAt = c.layers[depth];
    t.retryRefused = true;
    m_trace->onAttempt(t);
}

void Engine::exitFrom(std::uint32_t e, std::size_t depthPlusOne, Outcome outcome) {
    CallRuntime& c = m_calls[m_execs[e].call];
    if (traced(m_execs[e].request)) traceAttempt(m_execs[e], outcome, depthPlusOne);
    for (std::size_t k = depthPlusOne; k-- > 0;) {
        Exec& x = m_execs[e];
        switch (c.layers[k]) {
        case PolicyLayer::Timeout:
            if (x.timeoutArmed) {
                x.timeoutArmed = false;
                ++x.timeoutToken;
            }
            // Latencies of answers the callee gave (not timeouts, not local rejections) teach the
            // adaptive timeout.
            if (c.adaptiveTimeout && c.enabled(k) && (isAnswer(outcome) || outcome == Outcome::Error))
                c.adaptiveTimeout->record(m_now, m_now - x.attemptStart);
            break;
        case PolicyLayer::Bulkhead:
            if (x.bulkheadHeld) {
                x.bulkheadHeld = false;
                releaseBulkhead(x.call);
            }
            break;
        case PolicyLayer::CircuitBreaker:
            if (x.permitHeld) {
                x.permitHeld = false;
                const Duration took = m_now - x.breakerStart;
                switch (breakerVerdict(outcome)) {
                case BreakerVerdict::Success:
                    c.breaker->onSuccess(m_now, took, x.permit);
                    break;
                case BreakerVerdict::Failure:
                    c.breaker->onFailure(m_now, took, x.permit);
                    break;
                case BreakerVerdict::Ignored:
                    c.breaker->onIgnored(m_now, x.permit);
                    break;
                }
            }
            break;
        case PolicyLayer::Retry: {
            ++x.retry.attempts;
            if (x.budgetRetry) {
                x.budgetRetry = false;
                c.retryBudget->onRetryFinished();
            }
            if (!c.enabled(k)) break; // switched off: no more retries, for calls under way too
            if (c.retryThrottle) {    // gRPC: retryable failures take a token, answers give some back
                if (isAnswer(outcome))
                    c.retryThrottle->onSuccess(m_now);
                else if (c.retry->config().retryOn.contains(outcome))
                    c.retryThrottle->onFailure(m_now);
            }
            const bool budgetAllows = (!c.retryBudget || c.retryBudget->canRetry()) &&
                                      (!c.retryThrottle || c.retryThrottle->canRetry());
            const RetryDecision d =
                c.retry->decide(x.retry, outcome, m_now, c.rng, x.retryAfter, x.deadline, budgetAllows);
            x.retryAfter = Duration::zero();
            if (d.verdict == RetryVerdict::BudgetExhausted && traced(x.request))
                traceRefusedRetry(x, outcome, k);
            if (d.retry()) {
                if (c.retryBudget) {
                    c.retryBudget->onRetryStarted();
                    x.budgetRetry = true;
                }
                ++c.buckets[nowBucket()].retries;
                x.retryPending = true;
                m_queue.push(m_now + d.delay, EventKind::RetryTimer, e, ++x.waitToken,
                             static_cast<std::uint8_t>(k));
                return; // resumes in onRetryTimer
            }
            break;
        }
        case PolicyLayer::Fallback: {
            if (!c.enabled(k)) break;
            const std::uint64_t key = m_requests[x.request].client;
            if (outcome == Outcome::Success)
                c.fallback->recordSuccess(m_now, key);
            else if (!isAnswer(outcome) && outcome != Outcome::ClientError &&
                     c.fallback->answer(m_now, key).degraded())
                outcome = Outcome::Degraded;
            break;
        }
        }
    }
    finishCall(e, outcome);
}

void Engine::unwind(std::uint32_t e, std::size_t innermost, std::size_t outermost) {
    for (std::size_t k = innermost + 1; k-- > outermost;) {
        Exec& x = m_execs[e];
        CallRuntime& c = m_calls[x.call];
        if (k == c.layers.size()) {
            if (x.remotePending) {
                x.remotePending = false;
                ++x.waitToken; // the callee's answer, if it ever comes, is dropped
            }
            continue;
        }
        switch (c.layers[k]) {
        case PolicyLayer::Retry:
            if (x.retryPending) {
                x.retryPending = false;
                ++x.waitToken;
            }
            break;
        case PolicyLayer::CircuitBreaker:
            if (x.permitHeld) {
                x.permitHeld = false;
                c.breaker->onFailure(m_now, m_now - x.breakerStart, x.permit);
            }
            break;
        case PolicyLayer::Bulkhead:
            if (x.bulkheadHeld) {
                x.bulkheadHeld = false;
                releaseBulkhead(x.call);
            } else if (x.bulkheadWaiting) {
                leaveBulkheadQueue(e);
            }
            break;
        case PolicyLayer::Timeout:
            if (x.timeoutArmed) {
                x.timeoutArmed = false;
                ++x.timeoutToken;
            }
            break;
        case PolicyLayer::Fallback:
            break;
        }
    }
}

void Engine::finishCall(std::uint32_t e, Outcome outcome) {
    const Exec x = m_execs[e];
    CallRuntime& c = m_calls[x.call];
    --c.inflight;
    if (x.budgetRetry) c.retryBudget->onRetryFinished(); // a retry cut short by an outer timeout
    if (x.budgetRequest) c.retryBudget->onRequestFinished();
    c.buckets[nowBucket()].outcomes.add(outcome);
    m_execs.release(e);
    if (c.client != kNone)
        finishRequest(x.request, outcome);
    else
        onChildCallDone(x.parentJob, outcome);
}

void Engine::onAttemptTimeout(const Event& ev) {
    Exec& x = m_execs[ev.index];
    if (!x.timeoutArmed || x.timeoutToken != ev.token) return;
    x.timeoutArmed = false;
    ++x.timeoutToken;
    unwind(ev.index, m_calls[x.call].layers.size(), ev.depth + 1u);
    exitFrom(ev.index, ev.depth, Outcome::Timeout);
}

void Engine::onRetryTimer(const Event& ev) {
    Exec& x = m_execs[ev.index];
    if (!x.retryPending || x.waitToken != ev.token) return;
    x.retryPending = false;
    x.traceStart = m_now;
    x.sentThisAttempt = false;
    enter(ev.index, ev.depth + 1u);
}

void Engine::onBulkheadGranted(const Event& ev) {
    Exec& x = m_execs[ev.index];
    if (!x.bulkheadWaiting || x.waitToken != ev.token) return; // unwind already passed the slot on
    x.bulkheadWaiting = false;
    x.bulkheadHeld = true;
    m_calls[x.call].bulkheadIntegral.add(m_now, 1);
    enter(ev.index, ev.depth + 1u);
}

void Engine::onBulkheadWaitOver(const Event& ev) {
    Exec& x = m_execs[ev.index];
    if (!x.bulkheadWaiting || x.waitToken != ev.token) return;
    // A change may have raised max_wait since this timer was set: a later timer ends the wait then.
    if (m_now - x.bulkheadWaitStart < m_calls[x.call].bulkheadMaxWait) return;
    leaveBulkheadQueue(ev.index);
    exitFrom(ev.index, ev.depth, Outcome::BulkheadFull);
}

void Engine::leaveBulkheadQueue(std::uint32_t e) {
    Exec& x = m_execs[e];
    x.bulkheadWaiting = false;
    const bool wasQueued = m_calls[x.call].bulkhead->cancel(waiterId(e, x.waitToken));
    ++x.waitToken;                           // a grant already on its way is now stale
    if (!wasQueued) releaseBulkhead(x.call); // granted this instant: pass the slot on
}

void Engine::releaseBulkhead(std::uint32_t call) {
    CallRuntime& c = m_calls[call];
    c.bulkheadIntegral.add(m_now, -1);
    const auto next = c.bulkhead->release(m_now);
    if (!next) return;
    const auto exec = static_cast<std::uint32_t>(*next >> 32);
    const auto token = static_cast<std::uint32_t>(*next & 0xffffffffu);
    m_queue.push(m_now, EventKind::BulkheadGranted, exec, token, c.bulkheadDepth);
}

} // namespace rl::sim
