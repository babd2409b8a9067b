// Trace driver "bulkhead": drives rl::Bulkhead from timed lines (docs/cli.md, `primitive`).
//
// --config: the scenario format's bulkhead keys (max_concurrent, max_queue, max_wait_ms), parsed by
// rl::scenario::parseBulkhead; absent keys keep the defaults (25, 0 = fail fast, no max wait).
// Ops (ids are whole numbers >= 0 chosen by the trace):
//   acquire {id}  -> "decision": acquired | queued | rejected
//   release       -> "granted_to": the id of the waiter that now holds the freed slot, or null
//   cancel {id}   -> "cancelled": true if that id was waiting (it gives up)
//   state         -> just the state
// Every line reports "in_use", "queued" and "expired" (waiters dropped after max_wait_ms so far).
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/primitives/bulkhead.h"
#include "core/scenario/policy_json.h"

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "acquire {id}, release, cancel {id}, state";

std::uint64_t idOf(const nlohmann::json& line) {
    const std::int64_t id = requireInteger(line, "id");
    if (id < 0) throw TraceLineError("\"id\" must be >= 0, got " + line.at("id").dump());
    return static_cast<std::uint64_t>(id);
}

std::string_view decisionName(BulkheadDecision d) {
    switch (d) {
    case BulkheadDecision::Acquired:
        return "acquired";
    case BulkheadDecision::Queued:
        return "queued";
    case BulkheadDecision::Rejected:
        break;
    }
    return "rejected";
}

class BulkheadDriver : public TraceDriver {
public:
    explicit BulkheadDriver(const BulkheadConfig& config)
        : m_bulkhead(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "acquire") {
            checkLineKeys(line, op, {"id"});
            const std::uint64_t id = idOf(line);
            out["id"] = id;
            out["decision"] = decisionName(m_bulkhead.tryAcquire(now, id));
        } else if (op == "release") {
            checkLineKeys(line, op, {});
            const auto granted = m_bulkhead.release(now);
            out["granted_to"] = granted ? nlohmann::ordered_json(*granted) : nlohmann::ordered_json(nullptr);
        } else if (op == "cancel") {
            checkLineKeys(line, op, {"id"});
            const std::uint64_t id = idOf(line);
            out["id"] = id;
            out["cancelled"] = m_bulkhead.cancel(id);
        } else if (op == "state") {
            checkLineKeys(line, op, {});
        } else {
            unknownOp(op, kOps);
        }
        const auto v = m_bulkhead.view();
        out["in_use"] = v.inUse;
        out["queued"] = v.queued;
        out["expired"] = v.expired;
    }

private:
    Bulkhead m_bulkhead;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    const auto parsed = parseConfig(&scenario::parseBulkhead, config);
    return std::make_unique<BulkheadDriver>(parsed);
}

const DriverRegistrar kRegistrar({"bulkhead",
                                  "max_concurrent slots and a FIFO queue of max_queue (max_wait_ms)", kOps,
                                  &create});

} // namespace
} // namespace rl::trace
