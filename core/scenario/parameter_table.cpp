#include "core/scenario/parameter_table.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/scenario_schema.h"
#include "core/scenario/scenario_writer.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace rl::scenario {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxMs = 9.2e12; // int64 nanoseconds end at 9.22e12 ms
constexpr double kMaxS = 9.2e9;
constexpr auto I = ParameterType::Integer;
constexpr auto R = ParameterType::Real;
constexpr auto C = ParameterType::Choice;
constexpr auto B = ParameterType::Boolean;

// clang-format off
constexpr Parameter kTable[] = {
//  object                  key                          type unit   min   >min   max       slider   default  choices  meaning
    {"client",              "arrival.rate_rps",          R, "rps",   0,    false, kUnbounded, 5000,    kNone,   "", "requests per second the client sends (the rate profile's steps still apply)"},
    {"client",              "deadline_ms",               R, "ms",    0,    true,  kMaxMs,   10000,   kNone,   "", "overall budget of a request, retries included"},
    {"client",              "timeout_ms",                R, "ms",    0,    true,  kMaxMs,   10000,   kNone,   "", "per-attempt timeout of the client (defaults to the deadline)"},
    {"client",              "priority",                  C, "",      0,    false, 0,        0,       1,   "low|normal|high|critical", "priority class, read by load shedders"},
    {"service",             "workers",                   I, "workers", 1,  false, 1e6,      500,     1,       "", "requests worked on at once"},
    {"service",             "queue_capacity",            I, "requests", 0, false, 1e9,      2000,    kNone,   "", "waiting room in front of the workers (none: unbounded)", false, true},
    {"service",             "error_rate",                R, "",      0,    false, 1,        1,       0,       "", "chance that a finished piece of work fails"},
    {"service_time",        "value_ms",                  R, "ms",    0,    false, kMaxMs,   1000,    kNone,   "", "constant service time"},
    {"service_time",        "mean_ms",                   R, "ms",    0,    true,  kMaxMs,   1000,    kNone,   "", "mean of the exponential service time"},
    {"service_time",        "median_ms",                 R, "ms",    0,    true,  kMaxMs,   1000,    kNone,   "", "median of the lognormal service time (must stay < p99_ms)", true},
    {"service_time",        "p99_ms",                    R, "ms",    0,    true,  kMaxMs,   5000,    kNone,   "", "99th percentile of the lognormal service time (> median_ms)", true},
    {"service_time",        "min_ms",                    R, "ms",    0,    false, kMaxMs,   1000,    kNone,   "", "lower end of the uniform service time (<= max_ms)", true},
    {"service_time",        "max_ms",                    R, "ms",    0,    false, kMaxMs,   2000,    kNone,   "", "upper end of the uniform service time (>= min_ms)", true},
    {"rate_limiter",        "rate_per_s",                R, "/s",    0,    true,  kUnbounded, 5000,    100,     "", "token bucket: tokens added per second"},
    {"rate_limiter",        "burst",                     R, "tokens", 1,   false, kUnbounded, 5000,    100,     "", "token bucket: capacity (the largest burst admitted at once)"},
    {"rate_limiter",        "limit",                     I, "requests", 1, false, 1e6,      5000,    100,     "", "window limiters: admissions per window"},
    {"rate_limiter",        "window_ms",                 R, "ms",    0,    true,  kMaxMs,   60000,   1000,    "", "window limiters: window length"},
    {"load_shedder",        "max_inflight",              I, "requests", 1, false, 1e7,      1000,    100,     "", "soft limit: above it, requests below the protected priority are shed"},
    {"load_shedder",        "protect_priority",          C, "",      0,    false, 0,        0,       2,   "low|normal|high|critical", "this priority and above pass the soft limit"},
    {"call",                "probability",               R, "",      0,    false, 1,        1,       1,       "", "chance that a request makes this call"},
    {"call",                "timeout_ms",                R, "ms",    0,    true,  kMaxMs,   5000,    kNone,   "", "per-attempt timeout"},
    {"retry",               "max_attempts",              I, "attempts", 1, false, 100,      10,      3,       "", "attempts in all, the first included (1 = no retries)"},
    {"retry",               "backoff.kind",              C, "",      0,    false, 0,        0,       3,   "none|fixed|linear|exponential", "how the wait between attempts grows"},
    {"retry",               "backoff.base_ms",           R, "ms",    0,    false, kMaxMs,   2000,    100,     "", "first wait between attempts", true},
    {"retry",               "backoff.multiplier",        R, "x",     1,    false, 1000,     10,      2,       "", "exponential backoff: growth per attempt"},
    {"retry",               "backoff.max_ms",            R, "ms",    0,    false, kMaxMs,   30000,   10000,   "", "cap on any wait (>= base_ms)", true},
    {"retry",               "backoff.jitter",            C, "",      0,    false, 0,        0,       1,   "none|full|equal|decorrelated|proportional", "randomness added to each wait"},
    {"retry",               "honor_retry_after",         B, "",      0,    false, 1,        1,       1,       "", "wait at least the server's Retry-After"},
    {"retry_budget",        "budget_percent",            R, "%",     0,    false, 100,      100,     20,      "", "retries allowed as a percentage of the active requests"},
    {"retry_budget",        "min_retry_concurrency",     I, "retries", 0,  false, 100000,   100,     3,       "", "retries always allowed up to this many at once"},
    {"retry_throttle",      "max_tokens",                I, "tokens", 1,   false, 1000,     100,     10,      "", "gRPC throttle: bucket size; retries stop below half of it"},
    {"retry_throttle",      "token_ratio",               R, "",      0.001, false, 1000,    1,       0.1,     "", "gRPC throttle: tokens a success gives back"},
    {"circuit_breaker",     "window",                    C, "",      0,    false, 0,        0,       1,   "consecutive|count|time", "what the breaker judges: the last N calls, the last N seconds, or a run of failures"},
    {"circuit_breaker",     "window_size",               I, "calls or s", 1, false, 100000, 200,     100,     "", "count window: calls judged; time window: seconds judged"},
    {"circuit_breaker",     "failure_threshold",         I, "failures", 1, false, 2147483647, 50,    5,       "", "consecutive window: failures in a row that open the circuit"},
    {"circuit_breaker",     "failure_rate_threshold",    R, "",      0,    true,  1,        1,       0.5,     "", "opens when the window's failure rate reaches this"},
    {"circuit_breaker",     "minimum_calls",             I, "calls", 1,    false, 2147483647, 200,   100,     "", "no verdict before this many calls are in the window"},
    {"circuit_breaker",     "slow_call_ms",              R, "ms",    0,    true,  kMaxMs,   120000,  60000,   "", "a call longer than this is slow"},
    {"circuit_breaker",     "slow_call_rate_threshold",  R, "",      0,    true,  1,        1,       1,       "", "opens when the window's slow-call rate reaches this"},
    {"circuit_breaker",     "open_duration_ms",          R, "ms",    0,    true,  kMaxMs,   60000,   60000,   "", "how long OPEN rejects before probing"},
    {"circuit_breaker",     "open_duration_multiplier",  R, "x",     1,    false, 1000,     10,      1,       "", "each further trip without recovering multiplies the open time"},
    {"circuit_breaker",     "half_open_calls",           I, "calls", 1,    false, 100000,   50,      10,      "", "trial calls admitted in HALF_OPEN"},
    {"bulkhead",            "max_concurrent",            I, "calls", 1,    false, 1e6,      200,     25,      "", "calls holding a slot at once"},
    {"bulkhead",            "max_queue",                 I, "calls", 0,    false, 1e6,      200,     0,       "", "waiting places when every slot is taken (0: fail fast)"},
    {"bulkhead",            "max_wait_ms",               R, "ms",    0,    true,  kMaxMs,   5000,    kNone,   "", "longest wait for a slot (none: no limit)", false, true},
    {"fallback",            "ttl_s",                     R, "s",     0,    true,  kMaxS,    600,     60,      "", "cache: an answer older than this is stale"},
    {"fallback",            "serve_stale",               B, "",      0,    false, 1,        1,       0,       "", "cache: answer with a stale entry (labelled stale) rather than fail"},
    {"adaptive_timeout",    "percentile",                R, "",      0,    true,  0.9999,   0.999,   0.99,    "", "latency percentile the timeout follows (exclusive of 0 and 1)"},
    {"adaptive_timeout",    "factor",                    R, "x",     1,    false, 100,      5,       1.5,     "", "timeout = factor x that percentile"},
    {"deadline_propagation", "buffer_ms",                R, "ms",    0,    false, kMaxMs,   100,     5,       "", "kept back from the caller's remaining budget"},
};
// clang-format on

std::string joinPath(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

// The value at dotted `key` inside `object`, or nullptr.
const nlohmann::ordered_json* at(const nlohmann::ordered_json& object, std::string_view key) {
    const nlohmann::ordered_json* v = &object;
    std::size_t start = 0;
    while (start <= key.size()) {
        const std::size_t dot = key.find('.', start);
        const std::string step(
            key.substr(start, dot == std::string_view::npos ? key.size() - start : dot - start));
        if (!v->is_object() || !v->contains(step)) return nullptr;
        v = &(*v)[step];
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return v;
}

const nlohmann::ordered_json& emptyObject() {
    static const nlohmann::ordered_json empty = nlohmann::ordered_json::object();
    return empty;
}

// The member `key` of `parent` as saved, or an empty object when the saver left it out (all default).
const nlohmann::ordered_json& sub(const nlohmann::ordered_json& parent, const char* key) {
    return parent.contains(key) ? parent[key] : emptyObject();
}

// The circuit breaker's keys that mean something in its window mode.
std::vector<std::string_view> breakerKeys(BreakerWindow window) {
    const bool consecutive = window == BreakerWindow::Consecutive;
    std::vector<std::string_view> keys;
    for (const Parameter& p : kTable)
        if (p.object == "circuit_breaker" &&
            (consecutive
                 ? p.key != "window_size" && p.key != "failure_rate_threshold" && p.key != "minimum_calls" &&
                       p.key != "slow_call_ms" && p.key != "slow_call_rate_threshold"
                 : p.key != "failure_threshold"))
            keys.push_back(p.key);
    return keys;
}

// Finds the tunable parameters of a scenario, reading their values from the scenario as saved (so a
// key left out at its default shows the default).
class Collector {
public:
    explicit Collector(std::vector<TunableParameter>& out)
        : m_out(out) {}

    void addClient(const Client& c, const nlohmann::ordered_json& j, const std::string& path) {
        const std::string group = "client " + c.name;
        // A batch has no rate, and what it sends at one instant is not for changing during the run.
        std::vector<std::string_view> own = {"priority"};
        if (c.arrival != ArrivalKind::Batch) own.insert(own.begin(), "arrival.rate_rps");
        if (c.deadline) own.push_back("deadline_ms");
        if (c.timeout) own.push_back("timeout_ms");
        add("client", j, path, group, "", own);
        if (c.retry) add("retry", sub(j, "retry"), path + ".retry", group, "retry");
        addRetryLimits(c, j, path, group);
    }

    void addService(const Service& svc, const nlohmann::ordered_json& j, const std::string& path) {
        const std::string group = "service " + svc.name;
        add("service", j, path, group, "");
        add("service_time", sub(j, "service_time"), path + ".service_time", group, "service time",
            schema::serviceTimeKeysFor(svc.serviceTime.dist));
        const auto& ingress = sub(j, "ingress");
        if (svc.ingress.rateLimiter) {
            const bool bucket = svc.ingress.rateLimiter->kind == RateLimiterKind::TokenBucket;
            add("rate_limiter", sub(ingress, "rate_limiter"), path + ".ingress.rate_limiter", group,
                "rate limiter",
                bucket ? std::vector<std::string_view>{"rate_per_s", "burst"}
                       : std::vector<std::string_view>{"limit", "window_ms"});
        }
        if (svc.ingress.loadShedder)
            add("load_shedder", sub(ingress, "load_shedder"), path + ".ingress.load_shedder", group,
                "load shedder");
        for (std::size_t k = 0; k < svc.calls.size(); ++k)
            addCall(svc, svc.calls[k], j["calls"][k], path + ".calls[" + std::to_string(k) + "]");
    }

private:
    void addCall(const Service& svc, const Call& call, const nlohmann::ordered_json& j,
                 const std::string& path) {
        const std::string group = svc.name + " -> " + call.to;
        std::vector<std::string_view> own = {"probability"};
        if (call.timeout) own.push_back("timeout_ms");
        add("call", j, path, group, "", own);
        if (call.retry) add("retry", sub(j, "retry"), path + ".retry", group, "retry");
        addRetryLimits(call, j, path, group);
        if (call.circuitBreaker)
            add("circuit_breaker", sub(j, "circuit_breaker"), path + ".circuit_breaker", group,
                "circuit breaker", breakerKeys(call.circuitBreaker->window));
        if (call.bulkhead) add("bulkhead", sub(j, "bulkhead"), path + ".bulkhead", group, "bulkhead");
        if (call.fallback &&
            call.fallback->kind == FallbackKind::Cache) // a static fallback has nothing to tune
            add("fallback", sub(j, "fallback"), path + ".fallback", group, "fallback");
        if (call.adaptiveTimeout)
            add("adaptive_timeout", sub(j, "adaptive_timeout"), path + ".adaptive_timeout", group,
                "adaptive timeout");
        if (call.deadlinePropagation && call.deadlinePropagation->enabled)
            add("deadline_propagation", sub(j, "deadline_propagation"), path + ".deadline_propagation", group,
                "deadline propagation");
    }

    // A client's or a call's limits on its retries.
    template <typename Owner>
    void addRetryLimits(const Owner& owner, const nlohmann::ordered_json& j, const std::string& path,
                        const std::string& group) {
        if (owner.retryBudget)
            add("retry_budget", sub(j, "retry_budget"), path + ".retry_budget", group, "retry budget");
        if (owner.retryThrottle)
            add("retry_throttle", sub(j, "retry_throttle"), path + ".retry_throttle", group,
                "retry throttle");
    }

    // Every parameter of `object` kind found in `json` (the object as saved), at `path`; only the keys
    // in `only` when it is not empty.
    void add(std::string_view object, const nlohmann::ordered_json& json, const std::string& path,
             const std::string& group, const std::string& layer,
             const std::vector<std::string_view>& only = {}) {
        for (const Parameter& p : kTable) {
            if (p.object != object) continue;
            if (!only.empty() && std::find(only.begin(), only.end(), p.key) == only.end()) continue;
            TunableParameter t;
            t.path = joinPath(path, p.key);
            t.group = group;
            t.layer = layer;
            t.spec = &p;
            readValue(p, at(json, p.key), t);
            m_out.push_back(std::move(t));
        }
    }

    // The value as saved, or the table's default when the saver left the key out.
    static void readValue(const Parameter& p, const nlohmann::ordered_json* v, TunableParameter& t) {
        if (p.type == ParameterType::Choice) {
            t.choice = v && v->is_string() ? v->get<std::string>() : std::string(defaultChoice(p));
        } else if (p.type == ParameterType::Boolean) {
            t.value = v && v->is_boolean() ? (v->get<bool>() ? 1.0 : 0.0) : p.defaultValue;
        } else if (v && v->is_number()) {
            t.value = v->get<double>();
        } else if (!std::isnan(p.defaultValue)) {
            t.value = p.defaultValue;
        }
    }

    std::vector<TunableParameter>& m_out;
};

std::string formatBound(double x) {
    if (std::isinf(x)) return "";
    std::ostringstream os;
    os << x;
    return os.str();
}

} // namespace

std::string_view defaultChoice(const Parameter& p) {
    const auto names = choicesOf(p);
    const auto i = static_cast<std::size_t>(p.defaultValue);
    return i < names.size() ? names[i] : std::string_view{};
}

std::span<const Parameter> parameterTable() {
    return kTable;
}

const Parameter* findParameter(std::string_view object, std::string_view key) {
    for (const Parameter& p : kTable)
        if (p.object == object && p.key == key) return &p;
    return nullptr;
}

std::vector<std::string_view> choicesOf(const Parameter& p) {
    std::vector<std::string_view> out;
    std::string_view rest = p.choices;
    while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        out.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
    }
    return out;
}

std::vector<TunableParameter> tunableParameters(const Scenario& s) {
    std::vector<TunableParameter> out;
    Collector collect(out);
    const nlohmann::ordered_json doc = scenarioToJson(s);
    for (std::size_t i = 0; i < s.clients.size(); ++i)
        collect.addClient(s.clients[i], doc["clients"][i], "clients[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < s.services.size(); ++i)
        collect.addService(s.services[i], doc["services"][i], "services[" + std::to_string(i) + "]");
    return out;
}

std::optional<TunableParameter> findTunable(const Scenario& scenario, std::string_view path) {
    for (auto& t : tunableParameters(scenario))
        if (t.path == path) return t;
    return std::nullopt;
}

std::string parameterTableMarkdown() {
    std::ostringstream os;
    os << "| object | key | type | unit | range | default | meaning |\n"
       << "| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const Parameter& p : kTable) {
        std::string type, range;
        switch (p.type) {
        case ParameterType::Integer:
            type = "integer";
            break;
        case ParameterType::Real:
            type = "number";
            break;
        case ParameterType::Choice:
            type = "choice";
            break;
        case ParameterType::Boolean:
            type = "true/false";
            break;
        }
        if (p.type == ParameterType::Integer || p.type == ParameterType::Real) {
            range = (p.minExclusive ? "> " : ">= ") + formatBound(p.min);
            if (!std::isinf(p.max) && p.max < 1e9) range += ", <= " + formatBound(p.max);
        } else if (p.type == ParameterType::Choice) {
            std::string names(p.choices);
            for (auto& ch : names)
                if (ch == '|') ch = ',';
            range = names;
        }
        std::string def;
        if (p.type == ParameterType::Choice)
            def = std::string(defaultChoice(p));
        else if (p.type == ParameterType::Boolean)
            def = p.defaultValue != 0 ? "true" : "false";
        else if (!std::isnan(p.defaultValue))
            def = formatBound(p.defaultValue);
        else
            def = "none";
        os << "| `" << p.object << "` | `" << p.key << "` | " << type << " | " << p.unit << " | " << range
           << " | " << def << " | " << p.meaning << " |\n";
    }
    return os.str();
}

} // namespace rl::scenario
