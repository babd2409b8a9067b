#pragma once
// Configuration of health checks (HealthRegistry) and of graceful draining (InFlightTracker).
// Keys: name, critical, liveness, stale_after_ms; drain_timeout_ms.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <string>

namespace rl {

struct HealthCheckConfig {
    std::string name;      // unique in its registry, non-empty (it names the check in output)
    bool critical = true;  // unhealthy critical check -> Unhealthy; non-critical -> only Degraded
    bool liveness = false; // also counts for liveness ("is the process alive"); all checks count for
                           // readiness ("should it get traffic")
    // A check whose last report is this old (or that never reported) counts as unhealthy, so a hung
    // checker cannot keep reporting "ok" by omission. kNoLimit: a report never goes stale; > 0.
    Duration staleAfter = kNoLimit;

    void validate() const {
        if (name.empty()) throw ConfigError("name", "must not be empty");
        if (staleAfter.count() <= 0)
            throw ConfigError("stale_after_ms", "must be > 0, got " + config::str(toMillis(staleAfter)));
    }
};

struct InFlightConfig {
    // startDrain(now) without a deadline drains until now + drainTimeout (Kubernetes' default
    // terminationGracePeriodSeconds is 30 s); > 0.
    Duration drainTimeout = seconds(30);

    void validate() const {
        if (drainTimeout.count() <= 0)
            throw ConfigError("drain_timeout_ms", "must be > 0, got " + config::str(toMillis(drainTimeout)));
    }
};

} // namespace rl
