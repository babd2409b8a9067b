// Trace driver "adaptive-timeout": an AdaptiveTimeout fed with observed latencies
// (docs/primitives/timeouts.md).
//
// --config: the adaptive_timeout keys (percentile, factor, min_ms, max_ms, initial_ms, window,
// minimum_samples). Ops:
//   latency  "latency_ms" (>= 0) -> {"t_ms","timeout_ms","samples","warming_up"} after recording it
//   timeout  -> the same fields, nothing recorded
#include "app/trace/driver_support.h"
#include "app/trace/trace_driver.h"
#include "core/primitives/adaptive_timeout.h"
#include "core/scenario/policy_json.h"

namespace rl::trace {
namespace {

class AdaptiveTimeoutDriver : public TraceDriver {
public:
    explicit AdaptiveTimeoutDriver(const AdaptiveTimeoutConfig& config)
        : m_timeout(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "latency") {
            const double ms = requireNumber(line, "latency_ms");
            if (ms < 0)
                throw TraceLineError("\"latency_ms\" must be >= 0, got " + line.at("latency_ms").dump());
            if (ms > 9.0e12) throw TraceLineError("\"latency_ms\" is too large (at most 9e12 ms)");
            m_timeout.record(now, fromMillis(ms));
        } else if (op != "timeout") {
            unknownOp(op, "latency, timeout");
        }
        const AdaptiveTimeout::View v = m_timeout.view();
        out["timeout_ms"] = scenario::millisJson(v.timeout);
        out["samples"] = v.samples;
        out["warming_up"] = v.warmingUp;
    }

private:
    AdaptiveTimeout m_timeout;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    const auto parsed = parseConfig(&scenario::parseAdaptiveTimeout, config);
    return std::make_unique<AdaptiveTimeoutDriver>(parsed);
}

const DriverRegistrar kRegistrar({"adaptive-timeout", "a timeout following a percentile of recent latencies",
                                  "latency {latency_ms}, timeout", &create});

} // namespace
} // namespace rl::trace
