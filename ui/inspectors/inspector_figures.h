#pragma once
// What each inspector shows, as plain values computed from the RunModel (the frames), never from core
// objects. The views paint these; tests compare them with the simulation's own figures.
#include "core/primitives/circuit_breaker.h"
#include "core/scenario/scenario.h"
#include "core/sim/simulation.h"

#include <QString>

#include <optional>
#include <vector>

namespace rl::ui {

class RunModel;

struct BreakerTransitionLine {
    TimePoint at{0};
    BreakerState from = BreakerState::Closed, to = BreakerState::Closed;
    QString cause; // "failure rate 62% >= 50% over the last 20 calls"
};

struct BreakerFigure {
    QString call; // "checkout -> payments"
    TimePoint now{0};
    CircuitBreakerConfig config; // in force now
    CircuitBreaker::View view{};
    std::vector<WindowTotals> cells;            // oldest first (see CircuitBreaker::windowCells)
    std::vector<BreakerTransitionLine> history; // oldest first, the last few
    bool usesManualStates = false;              // the run has been in FORCED_OPEN, DISABLED or METRICS_ONLY
};

struct BulkheadFigure {
    QString call;
    Bulkhead::View view{};
    Duration oldestWait{0};
    Duration maxWait{0}; // kNoLimit: waits as long as it takes
};

struct RateLimiterFigure {
    QString service;
    RateLimiterConfig config;
    struct Tenant {
        QString name; // "" for a global limiter
        RateLimiter::View view{};
    };
    std::vector<Tenant> tenants;
    std::int64_t rejected = 0;
    TimePoint lastRejectedAt{-1}; // -1: none yet
    Duration lastRetryAfter{0};
};

struct ShedderFigure {
    QString service;
    LoadShedder::View view{};
};

struct ServiceFigure {
    QString service;
    std::int32_t workers = 0, busy = 0, inflight = 0, abandoned = 0;
    std::int64_t queued = 0;
    std::optional<std::int64_t> queueCapacity;
    double utilisation = 0;         // busy / workers now
    bool live = true, ready = true; // derived from faults and queue (the scenario has no health checks)
    bool degraded = false;          // a latency or error fault is active
    QString faultText;              // the active fault in words, empty if none
};

// One request's attempts through one call's stack, as rows of a Jaeger-style timeline.
struct RetryRow {
    std::uint64_t request = 0;
    std::vector<sim::AttemptTrace> attempts; // in order; attempts[0].attempt == 1
};

// The inspector's element: "call:N", "service:NAME", "client:NAME", "client-call:N".
std::optional<BreakerFigure> breakerFigure(const RunModel& model, std::size_t call);
std::optional<BulkheadFigure> bulkheadFigure(const RunModel& model, std::size_t call);
std::optional<RateLimiterFigure> rateLimiterFigure(const RunModel& model, std::size_t service);
std::optional<ShedderFigure> shedderFigure(const RunModel& model, std::size_t service);
ServiceFigure serviceFigure(const RunModel& model, std::size_t service);
// The last `rows` sampled requests through a call (fromClient: a client's own stack), newest last.
std::vector<RetryRow> retryRows(const RunModel& model, bool fromClient, std::size_t index, std::size_t rows);

} // namespace rl::ui
