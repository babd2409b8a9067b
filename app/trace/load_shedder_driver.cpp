// Trace driver "load-shedder": drives rl::LoadShedder from timed lines (docs/cli.md, `primitive`).
//
// --config: the scenario format's load_shedder keys (max_inflight, protect_priority, hard_limit),
// parsed by rl::scenario::parseLoadShedder; absent keys keep the defaults (100, high, 0 = 2 x max).
// Ops:
//   admit {priority}  -> "admitted", "shed_at" (the in-flight count at which this class is shed)
//                        priority: low | normal | high | critical
//   release           -> one request in flight has finished
//   state             -> just the state, plus "shed_at" for every class
// Every line reports "inflight".
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/primitives/load_shedder.h"
#include "core/scenario/policy_json.h"

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "admit {priority: low|normal|high|critical}, release, state";

class LoadShedderDriver : public TraceDriver {
public:
    explicit LoadShedderDriver(const LoadShedderConfig& config)
        : m_shedder(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "admit") {
            checkLineKeys(line, op, {"priority"});
            if (!line.contains("priority"))
                throw TraceLineError("missing \"priority\" (low, normal, high or critical)");
            const std::string name = stringOr(line, "priority", "");
            const auto priority = priorityFromName(name);
            if (!priority)
                throw TraceLineError("\"priority\" must be low, normal, high or critical, got " +
                                     line.at("priority").dump());
            out["priority"] = name;
            out["admitted"] = m_shedder.tryAdmit(now, *priority);
            out["shed_at"] = m_shedder.shedAt(*priority);
        } else if (op == "release") {
            checkLineKeys(line, op, {});
            m_shedder.release(now);
        } else if (op == "state") {
            checkLineKeys(line, op, {});
            nlohmann::ordered_json at;
            for (std::size_t p = 0; p < kPriorityCount; ++p)
                at[std::string(kPriorityNames[p])] = m_shedder.shedAt(static_cast<Priority>(p));
            out["shed_at"] = at;
        } else {
            unknownOp(op, kOps);
        }
        out["inflight"] = m_shedder.view().inflight;
    }

private:
    LoadShedder m_shedder;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    const auto parsed = parseConfig(&scenario::parseLoadShedder, config);
    return std::make_unique<LoadShedderDriver>(parsed);
}

const DriverRegistrar
    kRegistrar({"load-shedder", "priority load shedder: lowest class shed first, protected up to hard_limit",
                kOps, &create});

} // namespace
} // namespace rl::trace
