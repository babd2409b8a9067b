// Trace driver "inflight": drives rl::InFlightTracker (graceful drain) from timed lines (docs/cli.md,
// `primitive`).
//
// --config keys: drain_timeout_ms (default 30000), parsed here.
// Ops:
//   begin                 a request arrives -> "admitted" (false once draining has started)
//   end                   a request finishes
//   drain [deadline_ms]   start draining; the deadline is absolute (trace time), default t + drain_timeout_ms
//   resume                cancel the drain
//   state                 just report (and notice the deadline)
// Every line reports "state" (serving | draining | drained | deadline_exceeded), "in_flight", and
// "cut" (requests in flight at the deadline) once the deadline was exceeded; "state" adds counters.
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/common/config_error.h"
#include "core/primitives/inflight_tracker.h"
#include "core/scenario/json_reader.h"

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "begin, end, drain {deadline_ms?}, resume, state";

class InFlightDriver : public TraceDriver {
public:
    explicit InFlightDriver(const InFlightConfig& config)
        : m_tracker(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "begin") {
            checkLineKeys(line, op, {});
            out["admitted"] = m_tracker.begin(now);
        } else if (op == "end") {
            checkLineKeys(line, op, {});
            m_tracker.end(now);
        } else if (op == "drain") {
            checkLineKeys(line, op, {"deadline_ms"});
            if (line.contains("deadline_ms")) {
                const double ms = requireNumber(line, "deadline_ms");
                if (ms < 0 || ms > 9.0e12)
                    throw TraceLineError("\"deadline_ms\" must be in [0, 9e12], got " +
                                         line.at("deadline_ms").dump());
                m_tracker.startDrain(now, fromMillis(ms));
            } else {
                m_tracker.startDrain(now);
            }
        } else if (op == "resume") {
            checkLineKeys(line, op, {});
            m_tracker.resume(now);
        } else if (op == "state") {
            checkLineKeys(line, op, {});
            m_tracker.update(now);
        } else {
            unknownOp(op, kOps);
        }
        const auto v = m_tracker.view(now);
        out["state"] = drainStateName(v.state);
        out["in_flight"] = v.inFlight;
        if (v.state == DrainState::DeadlineExceeded) out["cut"] = v.cut;
        if (op == "state") {
            out["started"] = v.started;
            out["finished"] = v.finished;
            out["rejected"] = v.rejected;
            out["finished_after_deadline"] = v.finishedAfterDeadline;
            out["unmatched_ends"] = v.unmatchedEnds;
        }
    }

private:
    InFlightTracker m_tracker;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    scenario::Diagnostics diagnostics;
    InFlightConfig c;
    {
        scenario::JsonReader r(config, "", diagnostics, {"drain_timeout_ms"});
        r.readMillis("drain_timeout_ms", c.drainTimeout, scenario::Bound::Positive);
    }
    validateOrThrow(c, diagnostics);
    return std::make_unique<InFlightDriver>(c);
}

const DriverRegistrar kRegistrar({"inflight", "in-flight tracker: graceful drain with a deadline (cut count)",
                                  kOps, &create});

} // namespace
} // namespace rl::trace
