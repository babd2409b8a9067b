// Trace driver "concurrency-limit": drives rl::ConcurrencyLimit (adaptive, AIMD or Gradient2).
//
// --config keys (not yet in the scenario format, so read here): algorithm (aimd | gradient2),
// initial_limit, min_limit, max_limit, backoff_ratio, timeout_ms, smoothing, long_window, rtt_tolerance,
// queue_size. Absent keys keep the defaults of concurrency_limit_config.h.
// Ops:
//   acquire             -> "permitted"
//   success {rtt_ms}    -> a call finished normally after rtt_ms (AIMD: rtt_ms >= timeout_ms is a drop)
//   dropped             -> a call failed from overload (timeout, 503, rejected downstream)
//   ignore              -> a call finished without saying anything about load (e.g. a 4xx)
//   state
// Every line reports "limit" and "inflight"; Gradient2 also "estimate" and "long_rtt_ms".
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/primitives/concurrency_limit.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/policy_json.h"

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "acquire, success {rtt_ms}, dropped, ignore, state";

class ConcurrencyLimitDriver : public TraceDriver {
public:
    explicit ConcurrencyLimitDriver(const ConcurrencyLimitConfig& config)
        : m_limit(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "acquire") {
            checkLineKeys(line, op, {});
            out["permitted"] = m_limit.tryAcquire(now);
        } else if (op == "success") {
            checkLineKeys(line, op, {"rtt_ms"});
            const double rttMs = requireNumber(line, "rtt_ms");
            if (rttMs < 0 || rttMs > 9.0e12)
                throw TraceLineError("\"rtt_ms\" must be in [0, 9e12], got " + line.at("rtt_ms").dump());
            m_limit.onSuccess(now, fromMillis(rttMs));
        } else if (op == "dropped") {
            checkLineKeys(line, op, {});
            m_limit.onDropped(now);
        } else if (op == "ignore") {
            checkLineKeys(line, op, {});
            m_limit.onIgnore(now);
        } else if (op == "state") {
            checkLineKeys(line, op, {});
        } else {
            unknownOp(op, kOps);
        }
        const auto v = m_limit.view();
        out["limit"] = v.limit;
        out["inflight"] = v.inflight;
        if (v.algorithm == LimitAlgorithm::Gradient2) {
            out["estimate"] = scenario::numberJson(rounded6(v.estimate));
            out["long_rtt_ms"] = scenario::numberJson(rounded6(v.longRttMs));
        }
    }

private:
    ConcurrencyLimit m_limit;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    scenario::Diagnostics diagnostics;
    scenario::JsonReader r(config, "", diagnostics,
                           {"algorithm", "initial_limit", "min_limit", "max_limit", "backoff_ratio",
                            "timeout_ms", "smoothing", "long_window", "rtt_tolerance", "queue_size"});
    ConcurrencyLimitConfig c;
    r.readChoice("algorithm", c.algorithm,
                 {{"aimd", LimitAlgorithm::Aimd}, {"gradient2", LimitAlgorithm::Gradient2}});
    r.readInt32("initial_limit", c.initialLimit);
    r.readInt32("min_limit", c.minLimit);
    r.readInt32("max_limit", c.maxLimit);
    r.readNumber("backoff_ratio", c.backoffRatio);
    r.readMillis("timeout_ms", c.timeout, scenario::Bound::Positive);
    r.readNumber("smoothing", c.smoothing);
    r.readInt32("long_window", c.longWindow);
    r.readNumber("rtt_tolerance", c.rttTolerance);
    r.readInt32("queue_size", c.queueSize);
    validateOrThrow(c, diagnostics);
    return std::make_unique<ConcurrencyLimitDriver>(c);
}

const DriverRegistrar
    kRegistrar({"concurrency-limit",
                "adaptive concurrency limit: AIMD or Gradient2 (Netflix concurrency-limits)", kOps, &create});

} // namespace
} // namespace rl::trace
