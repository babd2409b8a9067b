#include "core/primitives/health.h"

#include <stdexcept>

namespace rl {

std::string_view healthStatusName(HealthStatus status) {
    switch (status) {
    case HealthStatus::Ok:
        return "ok";
    case HealthStatus::Degraded:
        return "degraded";
    case HealthStatus::Unhealthy:
        return "unhealthy";
    }
    return "unhealthy";
}

std::optional<HealthStatus> healthStatusFromName(std::string_view name) {
    for (HealthStatus s : {HealthStatus::Ok, HealthStatus::Degraded, HealthStatus::Unhealthy})
        if (healthStatusName(s) == name) return s;
    return std::nullopt;
}

int healthHttpStatus(HealthStatus status) {
    return status == HealthStatus::Unhealthy ? 503 : 200;
}

HealthStatus aggregateHealth(const std::vector<HealthInput>& checks) {
    HealthStatus result = HealthStatus::Ok;
    for (const auto& c : checks) {
        if (c.status == HealthStatus::Unhealthy && c.critical) return HealthStatus::Unhealthy;
        if (c.status != HealthStatus::Ok) result = HealthStatus::Degraded;
    }
    return result;
}

void HealthRegistry::add(const HealthCheckConfig& config, Probe probe) {
    config.validate();
    if (find(config.name)) throw ConfigError("name", "duplicate check name '" + config.name + "'");
    Check c;
    c.config = config;
    c.probe = std::move(probe);
    m_checks.push_back(std::move(c));
}

HealthRegistry::Check* HealthRegistry::find(std::string_view name) {
    for (auto& c : m_checks)
        if (c.config.name == name) return &c;
    return nullptr;
}

void HealthRegistry::report(std::string_view name, HealthStatus status, TimePoint now, std::string detail) {
    Check* c = find(name);
    if (!c) throw std::invalid_argument("unknown health check '" + std::string(name) + "'");
    c->reported = status;
    c->everReported = true;
    c->lastReport = now;
    c->detail = std::move(detail);
    publish(now);
}

void HealthRegistry::setDraining(bool draining, TimePoint now) {
    m_draining = draining;
    publish(now);
}

HealthRegistry::View HealthRegistry::evaluate(TimePoint now) {
    for (auto& c : m_checks) {
        if (!c.probe) continue;
        c.reported = c.probe();
        c.everReported = true;
        c.lastReport = now;
        c.detail.clear();
    }
    publish(now);
    return view(now);
}

HealthStatus HealthRegistry::effective(const Check& c, TimePoint now) const {
    if (!c.everReported) return HealthStatus::Unhealthy;
    if (c.config.staleAfter != kNoLimit && now - c.lastReport >= c.config.staleAfter)
        return HealthStatus::Unhealthy;
    return c.reported;
}

HealthStatus HealthRegistry::aggregate(TimePoint now, bool livenessOnly) const {
    HealthStatus result = HealthStatus::Ok;
    for (const auto& c : m_checks) {
        if (livenessOnly && !c.config.liveness) continue;
        const HealthStatus s = effective(c, now);
        if (s == HealthStatus::Unhealthy && c.config.critical) return HealthStatus::Unhealthy;
        if (s != HealthStatus::Ok) result = HealthStatus::Degraded;
    }
    return result;
}

HealthStatus HealthRegistry::liveness(TimePoint now) const {
    return aggregate(now, true);
}

HealthStatus HealthRegistry::readiness(TimePoint now) const {
    return m_draining ? HealthStatus::Unhealthy : aggregate(now, false);
}

HealthRegistry::View HealthRegistry::view(TimePoint now) const {
    View v;
    v.liveness = liveness(now);
    v.readiness = readiness(now);
    v.draining = m_draining;
    v.checks.reserve(m_checks.size());
    for (const auto& c : m_checks) {
        CheckView cv;
        cv.name = c.config.name;
        cv.critical = c.config.critical;
        cv.liveness = c.config.liveness;
        cv.status = effective(c, now);
        cv.reported = c.reported;
        cv.everReported = c.everReported;
        cv.age = c.everReported ? now - c.lastReport : Duration{0};
        cv.stale = c.everReported && c.config.staleAfter != kNoLimit && cv.age >= c.config.staleAfter;
        cv.detail = !c.everReported ? std::string_view("no report yet")
                    : cv.stale      ? std::string_view("stale: no report within stale_after_ms")
                                    : std::string_view(c.detail);
        v.checks.push_back(cv);
    }
    return v;
}

void HealthRegistry::reconfigure(const HealthCheckConfig& config, TimePoint now) {
    config.validate();
    Check* c = find(config.name);
    if (!c) throw ConfigError("name", "no health check named '" + config.name + "'");
    c->config = config;
    publish(now);
}

void HealthRegistry::publish(TimePoint now) {
    for (auto& c : m_checks) {
        const HealthStatus s = effective(c, now);
        if (s != c.published) {
            m_listeners.emit({HealthEvent::Kind::CheckChanged, now, c.config.name, c.published, s});
            c.published = s;
        }
    }
    const HealthStatus live = liveness(now);
    if (live != m_publishedLiveness) {
        m_listeners.emit({HealthEvent::Kind::LivenessChanged, now, {}, m_publishedLiveness, live});
        m_publishedLiveness = live;
    }
    const HealthStatus ready = readiness(now);
    if (ready != m_publishedReadiness) {
        m_listeners.emit({HealthEvent::Kind::ReadinessChanged, now, {}, m_publishedReadiness, ready});
        m_publishedReadiness = ready;
    }
}

} // namespace rl
