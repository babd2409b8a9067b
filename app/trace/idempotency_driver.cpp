// Trace driver "idempotency": drives rl::IdempotencyStore (string keys, JSON results) from timed lines
// (docs/cli.md, `primitive`).
//
// --config keys (parsed here; absent keys keep the defaults):
//   ttl_s                   seconds a completed key keeps its result, from completion (default 86400)
//   max_entries             keys remembered at most (default 10000)
//   in_progress_timeout_ms  lease of an in-progress key (default 30000)
// Ops (all but "state" take "key", a string):
//   begin              a request with this key arrives -> "status": new | in_progress | completed | full,
//                      "http": 0 | 409 | 200 | 503, and "result" when completed (the stored result)
//   complete [result]  the owner finished; "result" is any JSON value (default null) -> "status" after
//   abandon            the owner failed without side effects: the key is forgotten  -> "status" after
//   state              just report, with the counters
// Every line also reports "entries" and "in_progress" (keys held, of which in progress).
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/common/config_error.h"
#include "core/primitives/idempotency_store.h"
#include "core/scenario/json_reader.h"

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "begin {key}, complete {key, result?}, abandon {key}, state";

std::string requireKey(const nlohmann::json& line) {
    auto it = line.find("key");
    if (it == line.end()) throw TraceLineError("missing \"key\" (a string)");
    if (!it->is_string()) throw TraceLineError("\"key\" must be a string, got " + it->dump());
    return it->get<std::string>();
}

class IdempotencyDriver : public TraceDriver {
public:
    explicit IdempotencyDriver(const IdempotencyConfig& config)
        : m_store(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "begin") {
            checkLineKeys(line, op, {"key"});
            const std::string key = requireKey(line);
            out["key"] = key;
            const auto check = m_store.begin(now, key);
            out["status"] = idempotencyStatusName(check.status);
            out["http"] = check.httpStatus();
            if (check.result) out["result"] = nlohmann::ordered_json::parse(*check.result);
        } else if (op == "complete") {
            checkLineKeys(line, op, {"key", "result"});
            const std::string key = requireKey(line);
            out["key"] = key;
            auto result = line.find("result");
            m_store.complete(now, key, result == line.end() ? std::string("null") : result->dump());
            out["status"] = idempotencyStatusName(m_store.status(key));
        } else if (op == "abandon") {
            checkLineKeys(line, op, {"key"});
            const std::string key = requireKey(line);
            out["key"] = key;
            m_store.abandon(now, key);
            out["status"] = idempotencyStatusName(m_store.status(key));
        } else if (op == "state") {
            checkLineKeys(line, op, {});
            m_store.expire(now);
        } else {
            unknownOp(op, kOps);
        }
        const auto v = m_store.view();
        out["entries"] = v.entries;
        out["in_progress"] = v.inProgress;
        if (op == "state") {
            out["duplicates_suppressed"] = v.duplicatesSuppressed;
            out["in_progress_conflicts"] = v.inProgressConflicts;
            out["replayed"] = v.replayed;
            out["expired"] = v.expired;
            out["leases_expired"] = v.leasesExpired;
            out["evicted"] = v.evicted;
            out["rejected_full"] = v.rejectedFull;
            out["abandoned"] = v.abandoned;
        }
    }

private:
    IdempotencyStore<std::string, std::string> m_store;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    scenario::Diagnostics diagnostics;
    IdempotencyConfig c;
    {
        scenario::JsonReader r(config, "", diagnostics, {"ttl_s", "max_entries", "in_progress_timeout_ms"});
        r.readSeconds("ttl_s", c.ttl, scenario::Bound::Positive);
        r.readInt32("max_entries", c.maxEntries);
        r.readMillis("in_progress_timeout_ms", c.inProgressTimeout, scenario::Bound::Positive);
    }
    validateOrThrow(c, diagnostics);
    return std::make_unique<IdempotencyDriver>(c);
}

const DriverRegistrar
    kRegistrar({"idempotency",
                "idempotency store: duplicate suppression by key (409 in progress, replayed "
                "result, ttl, lease)",
                kOps, &create});

} // namespace
} // namespace rl::trace
