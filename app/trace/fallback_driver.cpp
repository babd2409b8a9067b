// Trace driver "fallback-cache": drives rl::Fallback from timed lines (docs/cli.md, `primitive`).
//
// --config: the scenario format's fallback keys (kind, ttl_s, serve_stale, max_entries), parsed by
// rl::scenario::parseFallback; absent keys keep the defaults (cache, 60 s, no stale, 10000 entries).
// Ops (every op but "state" takes "key": a whole number >= 0, or a string; strings are numbered in
// order of first appearance, so the cache behaves the same for either):
//   success  the protected call for `key` succeeded: its answer is stored    -> "stored": true
//   failure  the protected call for `key` failed: what the fallback answers  -> "answer" (none | static |
//            cache | stale_cache), "degraded", "stale", "age_ms" (age of the cached answer, null if none)
//   state    just report
// Every line also reports "entries" (keys cached); "state" adds the counters (hits, stale_hits,
// misses, stale_refused, static_served, evictions).
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/primitives/fallback.h"
#include "core/scenario/policy_json.h"

#include <cmath>
#include <map>

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "success {key}, failure {key}, state";

class FallbackDriver : public TraceDriver {
public:
    explicit FallbackDriver(const FallbackConfig& config)
        : m_fallback(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "success") {
            checkLineKeys(line, op, {"key"});
            const std::uint64_t key = keyOf(line, out);
            m_fallback.recordSuccess(now, key);
            out["stored"] = true;
        } else if (op == "failure") {
            checkLineKeys(line, op, {"key"});
            const std::uint64_t key = keyOf(line, out);
            const FallbackAnswer a = m_fallback.answer(now, key);
            out["answer"] = fallbackSourceName(a.source);
            out["degraded"] = a.degraded();
            out["stale"] = a.stale;
            const bool cached = a.source == FallbackSource::Cache || a.source == FallbackSource::StaleCache;
            out["age_ms"] = cached ? scenario::numberJson(toMillis(a.age)) : nlohmann::ordered_json(nullptr);
        } else if (op == "state") {
            checkLineKeys(line, op, {});
        } else {
            unknownOp(op, kOps);
        }
        const auto v = m_fallback.view(now);
        out["entries"] = v.entries;
        if (op == "state") {
            out["hits"] = v.hits;
            out["stale_hits"] = v.staleHits;
            out["misses"] = v.misses;
            out["stale_refused"] = v.staleRefused;
            out["static_served"] = v.staticServed;
            out["evictions"] = v.evictions;
        }
    }

private:
    // A whole number >= 0 is the key itself; a string is numbered by first appearance.
    std::uint64_t keyOf(const nlohmann::json& line, nlohmann::ordered_json& out) {
        auto it = line.find("key");
        if (it == line.end()) throw TraceLineError("missing \"key\" (a whole number >= 0 or a string)");
        out["key"] = *it;
        if (it->is_string()) {
            const auto [pos, inserted] = m_names.try_emplace(it->get<std::string>(), m_nextName);
            if (inserted) ++m_nextName;
            return pos->second;
        }
        if (it->is_number_unsigned()) return it->get<std::uint64_t>();
        if (it->is_number()) {
            const double d = it->get<double>();
            if (d >= 0 && d == std::floor(d) && d < 9.0e15) return static_cast<std::uint64_t>(d);
        }
        throw TraceLineError("\"key\" must be a whole number >= 0 or a string, got " + it->dump());
    }

    Fallback m_fallback;
    std::map<std::string, std::uint64_t> m_names;
    // String keys are numbered from 2^63 so they never meet numeric keys.
    std::uint64_t m_nextName = std::uint64_t{1} << 63;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    const auto parsed = parseConfig(&scenario::parseFallback, config);
    return std::make_unique<FallbackDriver>(parsed);
}

const DriverRegistrar kRegistrar(
    {"fallback-cache", "fallback: static answer or last known good answer per key (ttl, serve_stale)", kOps,
     &create});

} // namespace
} // namespace rl::trace
