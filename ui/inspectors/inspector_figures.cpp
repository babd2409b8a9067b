#include "ui/inspectors/inspector_figures.h"

#include "ui/event_text.h"
#include "ui/run_model.h"

#include <algorithm>

namespace rl::ui {

namespace {

QString callName(const RunModel& model, std::size_t call) {
    const auto& info = model.calls()[call];
    return QString::fromStdString(info.from + " -> " + info.to);
}

constexpr std::size_t kHistoryLines = 8;

} // namespace

std::optional<BreakerFigure> breakerFigure(const RunModel& model, std::size_t call) {
    if (call >= model.calls().size() || call >= model.snapshot().calls.size()) return std::nullopt;
    const auto& cs = model.snapshot().calls[call];
    if (!cs.hasBreaker) return std::nullopt;
    const auto& info = model.calls()[call];
    const auto state = model.scenarioAt(model.now());
    const auto& spec = state.services[info.serviceIndex].calls[info.callIndex];
    if (!spec.circuitBreaker) return std::nullopt;
    BreakerFigure f;
    f.call = callName(model, call);
    f.now = model.now();
    f.config = *spec.circuitBreaker;
    f.view = cs.breaker;
    f.cells = cs.breakerCells;
    for (auto it = model.log().rbegin(); it != model.log().rend() && f.history.size() < kHistoryLines; ++it) {
        if (it->kind != sim::LogEvent::Kind::BreakerTransition || it->subject != call) continue;
        f.history.push_back({it->at, static_cast<BreakerState>(it->from), static_cast<BreakerState>(it->to),
                             describeBreakerCause(*it, model)});
    }
    std::reverse(f.history.begin(), f.history.end());
    const auto manual = [](BreakerState s) {
        return s == BreakerState::ForcedOpen || s == BreakerState::Disabled || s == BreakerState::MetricsOnly;
    };
    f.usesManualStates = manual(f.view.state);
    for (const auto& e : model.log())
        if (e.kind == sim::LogEvent::Kind::BreakerTransition && e.subject == call &&
            (manual(static_cast<BreakerState>(e.to)) || manual(static_cast<BreakerState>(e.from))))
            f.usesManualStates = true;
    return f;
}

std::optional<BulkheadFigure> bulkheadFigure(const RunModel& model, std::size_t call) {
    if (call >= model.calls().size() || call >= model.snapshot().calls.size()) return std::nullopt;
    const auto& cs = model.snapshot().calls[call];
    if (!cs.hasBulkhead) return std::nullopt;
    const auto& info = model.calls()[call];
    const auto state = model.scenarioAt(model.now());
    const auto& spec = state.services[info.serviceIndex].calls[info.callIndex];
    BulkheadFigure f;
    f.call = callName(model, call);
    f.view = cs.bulkhead;
    f.oldestWait = cs.bulkheadOldestWait;
    f.maxWait = spec.bulkhead ? spec.bulkhead->maxWait : kNoLimit;
    return f;
}

std::optional<RateLimiterFigure> rateLimiterFigure(const RunModel& model, std::size_t service) {
    if (service >= model.snapshot().services.size()) return std::nullopt;
    const auto& st = model.snapshot().services[service];
    const auto state = model.scenarioAt(model.now());
    if (!st.hasRateLimiter || !state.services[service].ingress.rateLimiter) return std::nullopt;
    RateLimiterFigure f;
    f.service = QString::fromStdString(state.services[service].name);
    f.config = *state.services[service].ingress.rateLimiter;
    for (const auto& t : st.tenants)
        f.tenants.push_back({QString::fromStdString(t.tenant), t.view});
    f.rejected = st.rateLimited;
    f.lastRejectedAt = st.lastRateLimitedAt;
    f.lastRetryAfter = st.lastRetryAfter;
    return f;
}

std::optional<ShedderFigure> shedderFigure(const RunModel& model, std::size_t service) {
    if (service >= model.snapshot().services.size()) return std::nullopt;
    const auto& st = model.snapshot().services[service];
    if (!st.hasShedder) return std::nullopt;
    return ShedderFigure{QString::fromStdString(model.scenario().services[service].name), st.shedder};
}

ServiceFigure serviceFigure(const RunModel& model, std::size_t service) {
    const auto& st = model.snapshot().services.at(service);
    const auto& spec = model.scenario().services.at(service);
    ServiceFigure f;
    f.service = QString::fromStdString(spec.name);
    f.workers = st.workers;
    f.busy = st.busy;
    f.inflight = st.inflight;
    f.abandoned = st.abandoned;
    f.queued = st.queued;
    f.queueCapacity = spec.queueCapacity;
    f.utilisation = st.workers > 0 ? static_cast<double>(st.busy) / st.workers : 0;
    f.live = !st.outage && !st.hang;
    // Ready: a new request would be taken, by a free worker or into the waiting room (with no room,
    // queue_capacity 0, only a free worker takes it).
    f.ready = f.live && st.workers > 0 &&
              (st.busy < st.workers || !spec.queueCapacity || st.queued < *spec.queueCapacity);
    f.degraded = st.brownout;
    for (const auto& e : model.log()) {
        if (e.kind != sim::LogEvent::Kind::FaultStart || e.subject >= model.faults().size()) continue;
        if (model.faults()[e.subject].target != spec.name) continue;
        const bool ended = std::any_of(model.log().begin(), model.log().end(), [&](const sim::LogEvent& x) {
            return x.kind == sim::LogEvent::Kind::FaultEnd && x.subject == e.subject;
        });
        if (!ended) f.faultText = describeEvent(e, model);
    }
    return f;
}

std::vector<RetryRow> retryRows(const RunModel& model, bool fromClient, std::size_t index, std::size_t rows) {
    std::vector<RetryRow> out;
    // Newest first: a row is one request's attempts from attempt 1 on (a request that reaches the call
    // again later starts a new row).
    const auto& attempts = model.recentAttempts();
    for (auto it = attempts.rbegin(); it != attempts.rend() && out.size() <= rows; ++it) {
        if (it->fromClient != fromClient || it->call != index) continue;
        auto row = std::find_if(out.begin(), out.end(), [&](const RetryRow& r) {
            return r.request == it->request && r.attempts.front().attempt > it->attempt;
        });
        if (row == out.end()) {
            out.push_back({it->request, {}});
            row = out.end() - 1;
        }
        row->attempts.insert(row->attempts.begin(), *it);
    }
    // Rows whose first attempt has not been seen yet (the sample began mid-way) are left out.
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const RetryRow& r) { return r.attempts.front().attempt != 1; }),
              out.end());
    if (out.size() > rows) out.resize(rows);
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace rl::ui
