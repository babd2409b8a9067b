#include "ui/event_text.h"

#include "core/primitives/circuit_breaker.h"
#include "core/scenario/changes.h"
#include "core/scenario/parameter_table.h"
#include "core/scenario/scenario_json.h"
#include "ui/visual_style.h"

#include <QCoreApplication>

#include <cmath>

namespace rl::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("EventText", text);
}

QString percent(double fraction) {
    return QString::number(std::round(fraction * 1000) / 10) + QLatin1Char('%');
}

QString breakerCause(const sim::LogEvent& e, const CircuitBreakerConfig& cfg) {
    const auto from = static_cast<BreakerState>(e.from);
    const auto to = static_cast<BreakerState>(e.to);
    if (to == BreakerState::Open && from == BreakerState::HalfOpen)
        return tr("a trial call failed, so the dependency is still down");
    if (to == BreakerState::Open) {
        if (cfg.window == BreakerWindow::Consecutive)
            return tr("%1 failures in a row").arg(cfg.failureThreshold);
        const QString over = cfg.window == BreakerWindow::Count
                                 ? tr("over the last %1 calls").arg(cfg.windowSize)
                                 : tr("over the last %1 s").arg(cfg.windowSize);
        if (e.failureRate >= cfg.failureRateThreshold)
            return tr("failure rate %1 >= %2 %3")
                .arg(percent(e.failureRate), percent(cfg.failureRateThreshold), over);
        if (e.slowCallRate >= 0)
            return tr("slow-call rate %1 >= %2 %3")
                .arg(percent(e.slowCallRate), percent(cfg.slowCallRateThreshold), over);
        return tr("thresholds reached %1").arg(over);
    }
    if (to == BreakerState::HalfOpen)
        return tr("the open period is over: up to %1 trial calls may probe").arg(cfg.halfOpenCalls);
    if (to == BreakerState::Closed && from == BreakerState::HalfOpen) {
        if (e.failureRate >= 0 && cfg.window != BreakerWindow::Consecutive)
            return tr("trial calls' failure rate %1 < %2: back to normal")
                .arg(percent(e.failureRate), percent(cfg.failureRateThreshold));
        return tr("the trial calls succeeded: back to normal");
    }
    return {};
}

QString stateVerb(BreakerState to) {
    switch (to) {
    case BreakerState::Open:
        return tr("OPENED");
    case BreakerState::HalfOpen:
        return tr("HALF-OPEN");
    case BreakerState::Closed:
        return tr("CLOSED");
    default:
        return breakerStyle(to).label;
    }
}

QString faultWords(const scenario::Fault& f) {
    switch (f.kind) {
    case scenario::FaultKind::Outage:
        return f.mode == scenario::OutageMode::Hang ? tr("outage (calls hang)")
                                                    : tr("outage (calls fail fast)");
    case scenario::FaultKind::Latency:
        return tr("brownout: %1x slower").arg(f.multiplier);
    case scenario::FaultKind::Errors:
        return tr("errors: %1 of work fails").arg(percent(f.errorRate));
    case scenario::FaultKind::Capacity:
        return tr("capacity drop to %1 workers").arg(f.workers);
    }
    return {};
}

} // namespace

LogCategory categoryOf(const sim::LogEvent& event) {
    switch (event.kind) {
    case sim::LogEvent::Kind::BreakerTransition:
        return LogCategory::Breaker;
    case sim::LogEvent::Kind::FaultStart:
    case sim::LogEvent::Kind::FaultEnd:
        return LogCategory::Fault;
    case sim::LogEvent::Kind::Change:
        return LogCategory::Change;
    }
    return LogCategory::Change;
}

QString formatSeconds(TimePoint t) {
    // One decimal everywhere (the log lines up); a time under a second keeps three.
    const double s = toSeconds(t);
    return QString::number(s, 'f', s != 0 && std::fabs(s) < 1 ? 3 : 1) + QStringLiteral(" s");
}

QString ownerOfPath(const std::string& path, const scenario::Scenario& s) {
    std::string error;
    const auto steps = scenario::splitPath(path, error);
    if (!steps || steps->size() < 2 || !(*steps)[1].isIndex()) return QString::fromStdString(path);
    const auto& st = *steps;
    if (st[0].key == "clients" && st[1].index < s.clients.size())
        return tr("client %1").arg(QString::fromStdString(s.clients[st[1].index].name));
    if (st[0].key == "services" && st[1].index < s.services.size()) {
        const auto& svc = s.services[st[1].index];
        if (st.size() >= 4 && st[2].key == "calls" && st[3].isIndex() && st[3].index < svc.calls.size())
            return QString::fromStdString(svc.name + " -> " + svc.calls[st[3].index].to);
        return QString::fromStdString(svc.name);
    }
    return QString::fromStdString(path);
}

QString describeChange(const scenario::Change& c, const scenario::Scenario& s) {
    QStringList parts;
    // The part of a path after its owner: "retry.max_attempts".
    auto keyOf = [](const std::string& path) {
        const auto bracket = path.rfind(']');
        std::string rest = bracket == std::string::npos ? path : path.substr(bracket + 1);
        if (!rest.empty() && rest.front() == '.') rest.erase(0, 1);
        for (auto& ch : rest)
            if (ch == '.' || ch == '_') ch = ' ';
        return QString::fromStdString(rest);
    };
    for (const auto& [path, value] : c.set)
        parts << tr("%1: %2 = %3").arg(ownerOfPath(path, s), keyOf(path), QString::fromStdString(value));
    for (const auto& [path, on] : c.layers)
        parts << tr("%1: %2 switched %3").arg(ownerOfPath(path, s), keyOf(path), on ? tr("on") : tr("off"));
    if (!c.endFault.empty())
        parts << tr("fault \"%1\" ended by hand").arg(QString::fromStdString(c.endFault));
    if (c.startFault)
        parts << tr("%1: %2 started by hand")
                     .arg(QString::fromStdString(c.startFault->target), faultWords(*c.startFault));
    return parts.join(QStringLiteral("; "));
}

QString describeBreakerCause(const sim::LogEvent& e, const RunModel& model) {
    if (e.kind != sim::LogEvent::Kind::BreakerTransition || e.subject >= model.calls().size()) return {};
    const auto& info = model.calls()[e.subject];
    const auto state = model.scenarioAt(e.at);
    const auto& spec = state.services[info.serviceIndex].calls[info.callIndex];
    return spec.circuitBreaker ? breakerCause(e, *spec.circuitBreaker) : QString();
}

QString describeEvent(const sim::LogEvent& e, const RunModel& model) {
    switch (e.kind) {
    case sim::LogEvent::Kind::BreakerTransition: {
        if (e.subject >= model.calls().size()) return {};
        const auto& info = model.calls()[e.subject];
        const QString call = QString::fromStdString(info.from + " -> " + info.to);
        const auto state = model.scenarioAt(e.at);
        const auto& spec = state.services[info.serviceIndex].calls[info.callIndex];
        const QString verb = stateVerb(static_cast<BreakerState>(e.to));
        if (!spec.circuitBreaker) return tr("%1 breaker %2").arg(call, verb);
        const QString cause = breakerCause(e, *spec.circuitBreaker);
        return cause.isEmpty() ? tr("%1 %2").arg(call, verb) : tr("%1 %2: %3").arg(call, verb, cause);
    }
    case sim::LogEvent::Kind::FaultStart:
    case sim::LogEvent::Kind::FaultEnd: {
        if (e.subject >= model.faults().size()) return {};
        const auto& f = model.faults()[e.subject];
        const bool start = e.kind == sim::LogEvent::Kind::FaultStart;
        return tr("%1: %2 %3")
            .arg(QString::fromStdString(f.target), faultWords(f), start ? tr("starts") : tr("ends"));
    }
    case sim::LogEvent::Kind::Change:
        if (e.subject >= model.changes().size()) return {};
        return tr("change: %1").arg(describeChange(model.changes()[e.subject], model.scenario()));
    }
    return {};
}

} // namespace rl::ui
