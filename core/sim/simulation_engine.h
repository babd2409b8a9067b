#pragma once
// Internals of Simulation: entity tables, per-request state pools and the event handlers. Only
// simulation*.cpp include this.
#include "core/common/listeners.h"
#include "core/common/random.h"
#include "core/primitives/adaptive_timeout.h"
#include "core/primitives/bulkhead.h"
#include "core/primitives/circuit_breaker.h"
#include "core/primitives/deadline.h"
#include "core/primitives/fallback.h"
#include "core/primitives/idempotency_store.h"
#include "core/primitives/keyed_rate_limiter.h"
#include "core/primitives/load_shedder.h"
#include "core/primitives/retry.h"
#include "core/primitives/retry_budget.h"
#include "core/primitives/retry_throttle.h"
#include "core/scenario/changes.h"
#include "core/sim/arrival_process.h"
#include "core/sim/clone_ptr.h"
#include "core/sim/event_queue.h"
#include "core/sim/pool.h"
#include "core/sim/replay_sampler.h"
#include "core/sim/service_time_sampler.h"
#include "core/sim/simulation.h"

#include <limits>
#include <optional>

namespace rl::sim {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// A client request, from its first send to its final answer (and until every job it caused is gone).
struct Request {
    std::uint32_t client = kNone;
    TimePoint start{0};
    std::int32_t refs = 0;     // the client's execution + live jobs
    std::uint64_t id = 0;      // unique in the run: the request's idempotency key
    std::int32_t workDone = 0; // side effects performed at the entry service
};

// One attempt's work at a service.
struct Job {
    std::uint32_t service = kNone;
    std::uint32_t request = kNone;
    std::uint32_t replyExec = kNone; // the call execution waiting for the answer
    std::uint32_t replyToken = 0;
    std::uint32_t generation = 0;
    TimePoint deadline = kNoLimit; // known only when propagated
    // Optimistic concurrency: the service's version when the work started (what the job "read").
    std::uint64_t readVersion = 0;
    std::uint16_t nextCall = 0;
    bool degraded = false;
    bool holdsWorker = false;
    bool holdsShedder = false;
    bool admitted = false;  // counted in ServiceRuntime::inflight
    bool entryWork = false; // the entry service's work for a client request (a side effect)
    bool ownsKey = false;   // began the request's key in the entry service's idempotency store
    bool workedOn = false;  // did its own work (so a key it owns is completed, not abandoned)
    Outcome replayOutcome = Outcome::Success; // the recorded row's status, when the service replays a log
    void recycle() {
        const std::uint32_t g = generation;
        *this = Job{};
        generation = g + 1;
    }
};

// A call (or a client's request) going through its policy stack.
struct Exec {
    std::uint32_t call = kNone; // index into Engine::m_calls
    std::uint32_t parentJob = kNone;
    std::uint32_t parentJobGeneration = 0;
    std::uint32_t request = kNone;
    std::uint32_t waitToken = 0;    // remote answer, retry timer, bulkhead wait
    std::uint32_t timeoutToken = 0; // attempt timeout timer
    TimePoint started{0};
    TimePoint deadline = kNoLimit;
    TimePoint attemptStart{0};
    TimePoint breakerStart{0};
    TimePoint traceStart{0};        // when the current attempt entered the stack (for the trace sink)
    TimePoint bulkheadWaitStart{0}; // when it joined the bulkhead's queue
    RetryState retry;
    CircuitBreaker::Permit permit;
    bool permitHeld = false;
    bool bulkheadHeld = false;
    bool bulkheadWaiting = false;
    bool retryPending = false;
    bool timeoutArmed = false;
    bool remotePending = false;
    bool sentThisAttempt = false; // the current attempt reached the callee (for the trace sink)
    bool budgetRequest = false;   // counted as an active request by the call's retry budget
    bool budgetRetry = false;     // a retry counted by the budget is under way (backoff included)
    Duration retryAfter{0};
    void recycle() {
        const std::uint32_t w = waitToken, t = timeoutToken;
        *this = Exec{};
        waitToken = w + 1;
        timeoutToken = t + 1;
    }
};

struct ServiceRuntime {
    ServiceRuntime(const scenario::Service& service, std::uint64_t seed)
        : spec(&service)
        , sampler(service.serviceTime)
        , timeRng(Random::derive(seed, "service-time/" + service.name))
        , errorRng(Random::derive(seed, "service-errors/" + service.name))
        , callRng(Random::derive(seed, "service-calls/" + service.name))
        , replayRng(Random::derive(seed, "service-replay/" + service.name)) {
        if (service.replay) replay.emplace(*service.replay);
    }
    const scenario::Service* spec = nullptr;
    ServiceTimeSampler sampler;
    Random timeRng, errorRng, callRng;
    std::optional<ReplaySampler> replay; // set when a recorded log drives the service
    Random replayRng;                    // draws the row among those in the window
    std::int32_t workers = 0;            // current capacity (faults change it)
    std::int32_t busy = 0;
    std::int32_t inflight = 0;
    IndexQueue queue;
    ClonePtr<KeyedRateLimiter> rateLimiter;
    ClonePtr<LoadShedder> shedder;
    // Entry services of clients with `idempotency_key`: the request's key -> its answer (Stripe-style).
    ClonePtr<IdempotencyStore<Outcome>> idempotency;
    std::vector<std::uint32_t> calls; // indices into Engine::m_calls
    // Active faults.
    std::int32_t failFastOutages = 0, hangOutages = 0;
    double latencyMultiplier = 1.0;
    double faultErrorRate = 0.0;
    std::vector<std::uint32_t> activeFaults;
    std::vector<ServiceBucket> buckets;
    BucketIntegral busyIntegral, queueIntegral;
    // Optimistic concurrency: commits so far (the shared resource's version); a job whose work ends
    // after the version moved past the one it read fails with a conflict.
    std::uint64_t version = 0;
    TimePoint lastRateLimitedAt{-1}; // for the inspector: the last rejection and its Retry-After
    Duration lastRetryAfter{0};
};

struct CallRuntime : EventListener<BreakerEvent> {
    CallInfo info;
    std::uint32_t from = kNone; // service index, kNone for a client's requests
    std::uint32_t to = kNone;
    std::uint32_t client = kNone; // for a client's requests
    double probability = 1.0;
    std::vector<scenario::PolicyLayer> layers; // configured layers only, outermost first
    std::optional<Duration> timeout;
    std::optional<DeadlinePropagationConfig> propagation;
    ClonePtr<RetryPolicy> retry;
    ClonePtr<RetryBudget> retryBudget;     // shared by every execution of this call
    ClonePtr<RetryThrottle> retryThrottle; // idem
    ClonePtr<CircuitBreaker> breaker;
    ClonePtr<Bulkhead> bulkhead;
    Duration bulkheadMaxWait = kNoLimit;
    std::uint8_t bulkheadDepth = 0; // its index in `layers`
    std::uint8_t disabled = 0;      // bit k: layers[k] switched off by a change (new attempts skip it)
    bool enabled(std::size_t depth) const { return !(disabled & (1u << depth)); }
    ClonePtr<Fallback> fallback;
    ClonePtr<AdaptiveTimeout> adaptiveTimeout;
    Random rng;
    std::int32_t inflight = 0;
    std::vector<CallBucket> buckets;
    BucketIntegral bulkheadIntegral;
    class Engine* engine = nullptr;
    std::uint32_t index = 0;           // in Engine::m_calls
    std::uint32_t serviceCall = kNone; // in Simulation::calls() (service calls only)
    void onEvent(const BreakerEvent& event) override;
};

struct ClientRuntime {
    ClientRuntime(const scenario::Client& client, double durationS, std::uint64_t seed)
        : spec(&client)
        , arrivals(client, durationS)
        , arrivalRng(Random::derive(seed, "arrivals/" + client.name)) {}
    const scenario::Client* spec = nullptr;
    ArrivalProcess arrivals;
    Random arrivalRng;
    std::uint32_t service = kNone;
    std::uint32_t call = kNone; // the pseudo-call carrying its retry and timeout
    std::uint32_t tenantKey = 0;
    std::vector<ClientBucket> buckets;
    LatencyHistogram latency{kTotalHistogramBits};       // the whole run
    LatencyHistogram bucketLatency{kTotalHistogramBits}; // answers in bucket `latencyBucket` so far
    std::size_t latencyBucket = 0;
    // Stores the percentiles of `latencyBucket`; moves on (and resets) when `now` is in a later bucket.
    void flushBucketLatency(std::size_t nowBucket);
};

// Everything an Engine holds. Kept apart from the behaviour so a checkpoint copies every member (a
// member added later is copied too), and Engine's copy constructor only re-points what points back.
struct EngineState {
    scenario::Scenario m_scenario;
    TimePoint m_now{0};
    TimePoint m_end{0};
    Duration m_bucket{0};
    std::size_t m_bucketCount = 0;
    std::uint64_t m_events = 0;
    EventQueue m_queue;
    std::vector<ServiceRuntime> m_services;
    std::vector<CallRuntime> m_calls;
    std::vector<ClientRuntime> m_clients;
    std::vector<CallInfo> m_callInfos;             // service calls only, in scenario order
    std::vector<std::uint32_t> m_serviceCallIndex; // m_callInfos[i] -> m_calls index
    std::vector<scenario::Fault> m_faults;         // the scenario's, then those started by changes
    std::vector<std::uint32_t> m_faultService;     // target service of each fault
    std::vector<std::uint8_t> m_faultState;        // FaultState of each fault
    std::vector<scenario::Change> m_changes;       // in the order they apply
    std::vector<TimePoint> m_changeAt;             // their times
    std::size_t m_nextChange = 0;                  // the first one not applied yet
    std::vector<LogEvent> m_log;
    Pool<Request> m_requests;
    Pool<Job> m_jobs;
    Pool<Exec> m_execs;
    std::int64_t m_liveRequests = 0;
    std::uint64_t m_nextRequestId = 0;
    // The bucket of m_now, kept up to date by advanceTo (no division per use).
    std::size_t m_nowBucket = 0;
    TimePoint m_nowBucketEnd{0};
    // Sampled attempts go here when set (never copied into a checkpoint).
    TraceSink* m_trace = nullptr;
    std::uint64_t m_traceEvery = 1;
};

class Engine : public EngineState {
public:
    explicit Engine(const scenario::Scenario& scenario);
    // A checkpoint: every table, pool, pending event and random stream is copied, then the pointers
    // that lead back into the engine (specs, breaker listeners) are pointed at the copy.
    Engine(const Engine& other);
    Engine& operator=(const Engine&) = delete;

    void advanceTo(TimePoint t);
    bool step(); // one event or change; false when none is left before the end
    Snapshot snapshot() const;
    Snapshot::ServiceState serviceState(std::size_t service) const;
    Snapshot::CallState callState(const CallRuntime& call) const;
    void logBreakerTransition(std::uint32_t call, const BreakerEvent& event);
    void setTraceSink(TraceSink* sink, std::uint64_t everyNthRequest);
    scenario::Diagnostics addChange(const scenario::Change& change);

private:
    std::size_t bucketOf(TimePoint t) const;
    // Timer lanes of the event queue: each call's attempt timeouts and bulkhead waits.
    static std::size_t timeoutLane(std::uint32_t call) { return 2 * std::size_t{call}; }
    static std::size_t bulkheadLane(std::uint32_t call) { return 2 * std::size_t{call} + 1; }
    std::size_t nowBucket() const { return m_nowBucket; }
    void rebindPointers();
    bool traced(std::uint32_t request) const { return m_trace && m_requests[request].id % m_traceEvery == 0; }
    void traceAttempt(const Exec& x, Outcome outcome, std::size_t depth);
    void traceRefusedRetry(const Exec& x, Outcome outcome, std::size_t depth);
    void dispatch(const Event& e);
    // Clients.
    void onClientArrival(std::uint32_t client);
    void finishRequest(std::uint32_t request, Outcome outcome);
    void unref(std::uint32_t request);
    // Services.
    void arrive(std::uint32_t job);
    void startWork(std::uint32_t job);
    void onWorkDone(std::uint32_t job, std::uint32_t generation);
    // Optimistic concurrency: commits the job's write, or false when another job committed since it
    // started (a conflict).
    bool commitWrite(ServiceRuntime& s, const Job& job);
    void runCalls(std::uint32_t job);
    void onChildCallDone(std::uint32_t job, Outcome outcome);
    void finishJob(std::uint32_t job, Outcome outcome, Duration retryAfter = Duration::zero());
    void startQueuedWork(std::uint32_t service);
    void setBusy(ServiceRuntime& s, std::int32_t busy);
    void setNow(TimePoint t);
    bool runNext(TimePoint t); // the next event or change at or before t, if any
    void flushMeasurements();  // integrals and the bucket in progress, as of m_now
    // Faults.
    enum FaultState : std::uint8_t { FaultPending, FaultActive, FaultOver };
    void onFault(std::uint32_t fault, bool start);
    void recomputeFaults(std::uint32_t service);
    // Call executions (simulation_calls.cpp).
    void startCall(std::uint32_t call, std::uint32_t parentJob, std::uint32_t request, TimePoint deadline);
    void enter(std::uint32_t exec, std::size_t depth);
    void sendRemote(std::uint32_t exec);
    void exitFrom(std::uint32_t exec, std::size_t depthPlusOne, Outcome outcome);
    // Abandons layers innermost..outermost (layers.size() = the remote attempt itself).
    void unwind(std::uint32_t exec, std::size_t innermost, std::size_t outermost);
    void finishCall(std::uint32_t exec, Outcome outcome);
    void onAttemptTimeout(const Event& e);
    void onRetryTimer(const Event& e);
    void onBulkheadGranted(const Event& e);
    void onBulkheadWaitOver(const Event& e);
    void releaseBulkhead(std::uint32_t call);
    // The execution stops waiting for a bulkhead slot (timeout or max wait).
    void leaveBulkheadQueue(std::uint32_t exec);
    void deliver(std::uint32_t job, Outcome outcome, Duration retryAfter);
    // Changes during the run (simulation_changes.cpp).
    void applyChange(std::size_t change);
    void applySettings(const scenario::Scenario& next);
    void reconfigureService(std::uint32_t service, const scenario::Service& next);
    void reconfigureCall(std::uint32_t call, const scenario::Call& next);
    void reconfigureClient(std::uint32_t client, const scenario::Client& next);
    void changeBulkheadMaxWait(std::uint32_t call, Duration maxWait);
    void grantFreedBulkheadSlots(std::uint32_t call);
    void switchLayer(const scenario::LayerRef& ref, bool on);
    void startFault(const scenario::Fault& fault);
    void endFault(const std::string& id);
    std::uint32_t callIndexOf(const scenario::LayerRef& ref) const;
};

} // namespace rl::sim
