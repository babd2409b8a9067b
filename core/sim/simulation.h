#pragma once
// The discrete-event simulation of a scenario: clients send requests to services, services do work on
// a pool of workers behind a queue and call other services through a policy stack (timeout, retry,
// circuit breaker, bulkhead, fallback, deadline propagation, adaptive timeout), faults break services on
// schedule. Deterministic: the same scenario and seed give the same bytes out. Not a singleton: run as
// many side by side as you like (A/B comparisons, sweeps on every core).
//
// Model choices (documented in docs/simulation.md):
// - A worker is held for the service's own work and then for its downstream calls, made in order.
// - A caller that times out abandons the attempt; the callee's job runs on (it still holds a worker).
// - A failed downstream call (after its fallback) fails the job with `error`; a degraded one makes the
//   job's answer `degraded`.
// - `hang` outages never answer; `fail_fast` outages answer `error` at once without using a worker.
#include "core/common/time.h"
#include "core/primitives/bulkhead.h"
#include "core/primitives/circuit_breaker.h"
#include "core/primitives/load_shedder.h"
#include "core/primitives/rate_limiter.h"
#include "core/primitives/retry_budget.h"
#include "core/primitives/retry_throttle.h"
#include "core/scenario/diagnostics.h"
#include "core/scenario/scenario.h"
#include "core/sim/metrics.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rl::sim {

class Engine; // the implementation (simulation_engine.h)

// One entry of the run's event log (events.jsonl): breaker transitions, fault start and end, changes.
struct LogEvent {
    enum class Kind : std::uint8_t { BreakerTransition, FaultStart, FaultEnd, Change };
    Kind kind;
    TimePoint at;
    std::uint32_t subject; // call index (BreakerTransition), index in faults() or in changes()
    std::uint8_t from = 0, to = 0;
    double failureRate = -1; // BreakerTransition: the window's rates when it was judged (-1: none)
    double slowCallRate = -1;
};

// One attempt of a sampled request through one call's policy stack (or a client's), for animation:
// from the moment it entered the stack (a retry: when its backoff ended) to its outcome.
struct AttemptTrace {
    std::uint64_t request = 0; // the request's id, unique in the run (the same along its whole tree)
    bool fromClient = false;   // a client's request (call = client index) or a service call
    std::uint32_t call = 0;    // client index, or index in Simulation::calls()
    std::uint16_t attempt = 1; // 1 = first try, 2 = first retry, ...
    TimePoint start{0}, end{0};
    Outcome outcome = Outcome::Success; // of this attempt, before any fallback
    bool reachedCallee = false;         // false: refused locally, at `stoppedAt`
    scenario::PolicyLayer stoppedAt = scenario::PolicyLayer::Timeout; // meaningful when !reachedCallee
    // A retry the previous attempt's outcome called for, refused by the retry budget or throttle: it
    // never started (start == end, stoppedAt == Retry); `outcome` is what the caller was left with.
    bool retryRefused = false;
};

// Receives sampled attempts as they end. Called on the simulation's thread, inside advanceTo().
class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void onAttempt(const AttemptTrace& attempt) = 0;
};

// The state of everything at one instant, for drawing. The short fields feed the canvas; the primitives'
// own views (`breaker`, `bulkhead`, `limiter`, ...) feed the inspectors, valid when the matching has*
// flag is set.
struct Snapshot {
    TimePoint now{0};
    struct TenantLimit {
        std::string tenant;
        RateLimiter::View view{}; // tokens (or window count) now, permitted and rejected so far
    };
    struct ServiceState {
        std::int32_t workers, busy;
        std::int64_t queued;
        std::int32_t inflight; // admitted and not yet answered (load shedder's count)
        bool outage, hang;
        bool hasRateLimiter;
        std::int64_t rateLimited; // rejections so far
        double tokens;            // global limiter: tokens (or window count) now; per tenant: -1
        bool hasShedder;
        std::int64_t shed; // requests shed so far
        // Jobs queued or in work here whose caller has stopped waiting (timed out or gave up): work
        // nobody will read.
        std::int32_t abandoned;
        bool brownout; // a latency or error fault is active
        // Rate limiter: one entry for a global limiter ("" tenant), else one per tenant of the
        // scenario's clients, in the clients' order.
        std::vector<TenantLimit> tenants;
        TimePoint lastRateLimitedAt{-1}; // -1: none yet
        Duration lastRetryAfter{0};      // the Retry-After given with that rejection (0: none)
        LoadShedder::View shedder{};
    };
    struct CallState {
        bool hasBreaker;
        std::uint8_t breakerState;
        double failureRate; // -1 before minimum_calls
        TimePoint openUntil;
        bool hasBulkhead;
        std::int32_t bulkheadInUse, bulkheadMax, bulkheadQueued;
        std::int32_t inflight;
        CircuitBreaker::View breaker{};
        std::vector<WindowTotals> breakerCells; // CircuitBreaker::windowCells at `now`
        Bulkhead::View bulkhead{};
        Duration bulkheadOldestWait{0};
        bool hasRetryBudget, hasRetryThrottle;
        RetryBudget::View retryBudget{};
        RetryThrottle::View retryThrottle{};
    };
    std::vector<ServiceState> services;
    std::vector<CallState> calls;
    std::int64_t inflightRequests = 0;
};

// Names and shapes of what the run measures, in scenario order.
struct CallInfo {
    std::string from, to; // "from" is a service name
    std::size_t serviceIndex;
    std::size_t callIndex; // within the service's calls
};

class Simulation {
public:
    // The scenario must be valid (scenario::parseScenario checks it); throws std::invalid_argument if not.
    explicit Simulation(const scenario::Scenario& scenario);
    ~Simulation();
    // A checkpoint: an independent copy of the whole state (events, pools, primitives, random streams,
    // metrics so far). Running both to the end gives the same bytes. The copy has no trace sink.
    Simulation(const Simulation& other);
    Simulation& operator=(const Simulation&) = delete;
    Simulation(Simulation&&) noexcept;
    Simulation& operator=(Simulation&&) noexcept;

    // Sends every attempt of one request in `everyNthRequest` (by request id, so the sample does not
    // depend on timing) to `sink`; nullptr stops. The sink must outlive the simulation or be unset.
    void setTraceSink(TraceSink* sink, std::uint64_t everyNthRequest = 1);

    // Runs every event up to and including time t (clamped to the end of the scenario).
    void advanceTo(TimePoint t);
    void runToEnd();
    // Runs the next event (or change) only, moving now() to its time; false, with now() at the end,
    // when nothing is left.
    bool step();
    bool finished() const;
    TimePoint now() const;
    TimePoint end() const;
    Snapshot snapshot() const;

    const scenario::Scenario& scenario() const;
    std::uint64_t eventsProcessed() const;
    std::size_t bucketCount() const;
    Duration bucketWidth() const;
    const std::vector<CallInfo>& calls() const;

    // Measurements (complete once finished(); partial, up to now(), before).
    const std::vector<ClientBucket>& clientBuckets(std::size_t client) const;
    const LatencyHistogram& clientLatency(std::size_t client) const; // whole run, <= 1% error
    const std::vector<ServiceBucket>& serviceBuckets(std::size_t service) const;
    double serviceBusyWorkerSeconds(std::size_t service, std::size_t bucket) const;
    double serviceQueueSeconds(std::size_t service, std::size_t bucket) const;
    const std::vector<CallBucket>& callBuckets(std::size_t call) const;
    double callBulkheadBusySeconds(std::size_t call, std::size_t bucket) const;
    const std::vector<LogEvent>& log() const;
    // The scenario's faults, then those started by changes so far (LogEvent::subject indexes this).
    const std::vector<scenario::Fault>& faults() const;
    // Every change of the run, in the order they apply (the scenario's, and those added since).
    const std::vector<scenario::Change>& changes() const;
    // Adds a change during the run (a slider moved in the GUI). It must be at or after now(); one at
    // now() applies at once, a later one when the run gets there (after the changes already at that
    // time). Checked first against the run's state now: on a problem nothing changes and the
    // diagnostics say why (paths start with "change").
    scenario::Diagnostics addChange(const scenario::Change& change);
    std::int64_t unfinishedRequests() const; // still in flight when the run ended

private:
    std::unique_ptr<Engine> m_engine;
};

} // namespace rl::sim
