#include "app/trace/rate_limiter_driver.h"

#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "core/primitives/keyed_rate_limiter.h"
#include "core/scenario/policy_json.h"

namespace rl::trace {
namespace {

class RateLimiterDriver : public TraceDriver {
public:
    explicit RateLimiterDriver(const RateLimiterConfig& config)
        : m_limiter(config) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "acquire") {
            checkLineKeys(line, op, {"cost", "key"});
            const double cost = numberOr(line, "cost", 1.0);
            if (cost < 0) throw TraceLineError("\"cost\" must be >= 0, got " + line.at("cost").dump());
            const std::string key = keyOf(line, out);
            const RateDecision d = m_limiter.tryAcquire(now, key, cost);
            out["permitted"] = d.permitted;
            out["retry_after_ms"] = d.retryAfter == kNoLimit
                                        ? nlohmann::ordered_json(nullptr)
                                        : scenario::numberJson(rounded6(toMillis(d.retryAfter)));
            state(now, key, out);
        } else if (op == "state") {
            checkLineKeys(line, op, {"key"});
            state(now, keyOf(line, out), out);
        } else {
            unknownOp(op, kRateLimiterOps);
        }
    }

private:
    static std::string keyOf(const nlohmann::json& line, nlohmann::ordered_json& out) {
        if (!line.contains("key")) return "default";
        const std::string key = stringOr(line, "key", "default");
        out["key"] = key;
        return key;
    }

    void state(TimePoint now, const std::string& key, nlohmann::ordered_json& out) const {
        const auto v = m_limiter.viewOf(key, now);
        const auto& c = m_limiter.config();
        // An unknown (or forgotten) key would start full.
        const double capacity =
            c.kind == RateLimiterKind::TokenBucket ? c.burst : static_cast<double>(c.limit);
        out["tokens"] = scenario::numberJson(rounded6(v ? v->tokens : capacity));
        if (c.kind != RateLimiterKind::TokenBucket) out["window_count"] = v ? v->windowCount : 0;
        if (c.per == RateLimitScope::Tenant) {
            out["keys"] = m_limiter.keyCount();
            out["evicted_keys"] = m_limiter.evictedKeys();
        }
    }

    KeyedRateLimiter m_limiter;
};

} // namespace

std::unique_ptr<TraceDriver> createRateLimiterDriver(RateLimiterKind kind, const nlohmann::json& config) {
    nlohmann::json withKind = config;
    const std::string_view kindName = scenario::rateLimiterKindName(kind);
    if (withKind.is_object()) {
        auto it = withKind.find("kind");
        if (it == withKind.end())
            withKind["kind"] = kindName;
        else if (!(it->is_string() && it->get<std::string>() == kindName))
            throw TraceConfigError({"kind: this driver runs \"" + std::string(kindName) + "\", got " +
                                    it->dump() + " (omit \"kind\" or pick the matching primitive KIND)"});
    }
    return std::make_unique<RateLimiterDriver>(parseConfig(&scenario::parseRateLimiter, withKind));
}

} // namespace rl::trace
