#pragma once
// HealthRegistry: named health checks and their aggregate, for liveness and readiness endpoints.
//
// A check is either polled (registered with a probe, a callable returning HealthStatus, run by
// evaluate(now)) or pushed (report(name, status, now, detail) by whoever watches the dependency).
// Each check's effective status at `now`:
//   - never reported (no report and no evaluate yet)                        -> unhealthy ("no report yet")
//   - last report older than its stale_after limit (now - last >= limit)    -> unhealthy ("stale")
//   - otherwise its last reported status
// Aggregate over a set of checks (empty set -> ok):
//   any critical check unhealthy                             -> unhealthy
//   else any non-critical check unhealthy, or any degraded   -> degraded
//   else                                                      -> ok
// Liveness = the aggregate over checks marked liveness only (a failing database must not get the
// process restarted). Readiness = the aggregate over all checks, and unhealthy while draining (take
// the instance out of the load balancer before it stops). Names: "ok", "degraded", "unhealthy"; HTTP:
// ok 200, degraded 200 (still serving), unhealthy 503.
//
// Events: a check's effective status change, and liveness / readiness changes, emitted when observed:
// by report(), setDraining() and evaluate(now) (which also notices staleness). view(now) is read-only.
// Not a hot path: report() takes its detail string by value; names are looked up linearly.
//
// Compare: Spring Boot Actuator (UP / DOWN / OUT_OF_SERVICE, liveness and readiness groups), Kubernetes
// probes (liveness restarts, readiness removes from endpoints), gRPC health (SERVING / NOT_SERVING).
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/health_config.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl {

enum class HealthStatus : std::uint8_t { Ok, Degraded, Unhealthy };

std::string_view healthStatusName(HealthStatus status);
std::optional<HealthStatus> healthStatusFromName(std::string_view name);
// ok 200, degraded 200, unhealthy 503.
int healthHttpStatus(HealthStatus status);

// The aggregation rule above, for one check's (status, critical) pairs.
struct HealthInput {
    HealthStatus status;
    bool critical;
};
HealthStatus aggregateHealth(const std::vector<HealthInput>& checks);

struct HealthEvent {
    enum class Kind : std::uint8_t { CheckChanged, LivenessChanged, ReadinessChanged };
    Kind kind;
    TimePoint time;
    std::string_view check; // CheckChanged: the check's name (valid while the registry lives)
    HealthStatus from;
    HealthStatus to;
};

class HealthRegistry {
public:
    using Probe = std::function<HealthStatus()>;

    struct CheckView {
        std::string_view name;
        bool critical = true;
        bool liveness = false;
        HealthStatus status = HealthStatus::Unhealthy;   // effective status at `now`
        HealthStatus reported = HealthStatus::Unhealthy; // last reported status
        bool everReported = false;
        bool stale = false;
        Duration age{0};         // since the last report
        std::string_view detail; // the last report's detail, or "no report yet" / "stale: ..."
    };
    struct View {
        HealthStatus liveness = HealthStatus::Ok;
        HealthStatus readiness = HealthStatus::Ok;
        bool draining = false;
        std::vector<CheckView> checks; // in registration order
    };

    // Registers a check (throws ConfigError for an empty or duplicate name or a bad stale_after_ms).
    void add(const HealthCheckConfig& config, Probe probe = {});
    // Pushes a result for check `name` (throws std::invalid_argument for an unknown name).
    void report(std::string_view name, HealthStatus status, TimePoint now, std::string detail = {});
    // Draining makes readiness unhealthy; liveness is unaffected.
    void setDraining(bool draining, TimePoint now);
    // Runs every probe (their results are reports at `now`), emits changes, returns the view.
    View evaluate(TimePoint now);
    View view(TimePoint now) const;
    HealthStatus liveness(TimePoint now) const;
    HealthStatus readiness(TimePoint now) const;
    // Changes a registered check's critical / liveness / stale_after (found by config.name).
    void reconfigure(const HealthCheckConfig& config, TimePoint now);
    std::size_t size() const { return m_checks.size(); }
    Listeners<HealthEvent>& listeners() { return m_listeners; }

private:
    struct Check {
        HealthCheckConfig config;
        Probe probe;
        HealthStatus reported = HealthStatus::Unhealthy;
        bool everReported = false;
        TimePoint lastReport{0};
        std::string detail;
        HealthStatus published = HealthStatus::Unhealthy; // last status announced by an event
    };
    Check* find(std::string_view name);
    HealthStatus effective(const Check& c, TimePoint now) const;
    HealthStatus aggregate(TimePoint now, bool livenessOnly) const;
    void publish(TimePoint now);

    std::deque<Check> m_checks; // a deque keeps names at stable addresses for events and views
    bool m_draining = false;
    HealthStatus m_publishedLiveness = HealthStatus::Ok;
    HealthStatus m_publishedReadiness = HealthStatus::Ok;
    Listeners<HealthEvent> m_listeners;
};

} // namespace rl
