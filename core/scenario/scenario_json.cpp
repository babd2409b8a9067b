#include "core/scenario/scenario_json.h"

#include "core/scenario/changes.h"
#include "core/scenario/json_limits.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/policy_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace rl::scenario {
namespace {

// ---- schemas: the keys each object accepts ----
const std::vector<std::string_view> kRootKeys = {"format",   "name",    "description", "seed",   "duration_s",
                                                 "bucket_s", "clients", "services",    "faults", "changes"};
const std::vector<std::string_view> kClientKeys = {
    "name",     "target", "arrival",         "rate_profile", "deadline_ms",  "timeout_ms",    "retry",
    "priority", "tenant", "idempotency_key", "idempotent",   "retry_budget", "retry_throttle"};
const std::vector<std::string_view> kArrivalKeys = {"kind", "rate_rps"};
const std::vector<std::string_view> kRateStepKeys = {"at_s", "rate_rps", "ramp_s"};
const std::vector<std::string_view> kServiceKeys = {"name",       "workers", "queue_capacity", "service_time",
                                                    "error_rate", "ingress", "calls"};
const std::vector<std::string_view> kServiceTimeKeys = {"dist",   "value_ms", "mean_ms", "median_ms",
                                                        "p99_ms", "min_ms",   "max_ms"};
const std::vector<std::string_view> kIngressKeys = {"rate_limiter", "load_shedder"};
const std::vector<std::string_view> kCallKeys = {
    "to",       "probability",          "timeout_ms",       "retry", "circuit_breaker", "bulkhead",
    "fallback", "deadline_propagation", "adaptive_timeout", "order", "retry_budget",    "retry_throttle"};
const std::vector<std::string_view> kFaultKeys = {"id",   "target",     "kind",       "from_s", "to_s",
                                                  "mode", "multiplier", "error_rate", "workers"};
// A fault started by a change has no window: it lasts until an end_fault names its id.
const std::vector<std::string_view> kStartedFaultKeys = {"id",         "target",     "kind",   "mode",
                                                         "multiplier", "error_rate", "workers"};

constexpr double kMaxDurationMs = kMaxDurationNs / 1e6;
constexpr double kMaxDurationS = kMaxDurationNs / 1e9;
constexpr std::int64_t kMaxQueueCapacity = 1'000'000'000;
constexpr double kMaxBuckets = 1'000'000;
// Metrics keep about 100 bytes per time bucket for every client, service and call: cap the product so
// a run cannot ask for more than ~2 GB of metrics.
constexpr double kMaxEntityBuckets = 20'000'000;
constexpr std::size_t kMaxServices = 10'000;
constexpr std::size_t kMaxClients = 10'000;
constexpr std::size_t kMaxCalls = 1'000; // per service
constexpr std::size_t kMaxFaults = 100'000;
constexpr std::size_t kMaxChanges = 100'000;
constexpr std::size_t kMaxRateSteps = 100'000; // per client

constexpr std::pair<std::string_view, ArrivalKind> kArrivalKinds[] = {{"poisson", ArrivalKind::Poisson},
                                                                      {"constant", ArrivalKind::Constant}};
constexpr std::pair<std::string_view, ServiceTimeDist> kDists[] = {
    {"constant", ServiceTimeDist::Constant},
    {"exponential", ServiceTimeDist::Exponential},
    {"lognormal", ServiceTimeDist::Lognormal},
    {"uniform", ServiceTimeDist::Uniform}};
constexpr std::pair<std::string_view, FaultKind> kFaultKinds[] = {{"outage", FaultKind::Outage},
                                                                  {"latency", FaultKind::Latency},
                                                                  {"errors", FaultKind::Errors},
                                                                  {"capacity", FaultKind::Capacity}};
constexpr std::pair<std::string_view, OutageMode> kOutageModes[] = {{"fail_fast", OutageMode::FailFast},
                                                                    {"hang", OutageMode::Hang}};
constexpr std::pair<std::string_view, PolicyLayer> kLayers[] = {
    {"fallback", PolicyLayer::Fallback},
    {"retry", PolicyLayer::Retry},
    {"circuit_breaker", PolicyLayer::CircuitBreaker},
    {"bulkhead", PolicyLayer::Bulkhead},
    {"timeout", PolicyLayer::Timeout}};

std::string quote(std::string_view s) {
    return nlohmann::json(std::string(s)).dump();
}

// A number of seconds that must be > 0 (or >= 0) and fit int64 nanoseconds.
bool readSecondsValue(JsonReader& r, std::string_view key, double& target, Bound bound) {
    double x = target;
    if (!r.readNumber(key, x, bound)) return false;
    if (std::fabs(x) > kMaxDurationS) {
        r.error(key, "too large: must fit in int64 nanoseconds (at most " + formatNumber(kMaxDurationS) +
                         " s), got " + describeValue(*r.get(key)));
        return false;
    }
    target = x;
    return true;
}

// A number of milliseconds kept as a double (service times), fitting int64 nanoseconds.
bool readMillisValue(JsonReader& r, std::string_view key, double& target, Bound bound) {
    double x = target;
    if (!r.readNumber(key, x, bound)) return false;
    if (std::fabs(x) > kMaxDurationMs) {
        r.error(key, "too large: must fit in int64 nanoseconds (at most " + formatNumber(kMaxDurationMs) +
                         " ms), got " + describeValue(*r.get(key)));
        return false;
    }
    target = x;
    return true;
}

void readOptionalMillis(JsonReader& r, std::string_view key, std::optional<Duration>& target) {
    if (!r.has(key)) return;
    Duration d{};
    if (r.readMillis(key, d, Bound::Positive)) target = d;
}

// The array at `key` (reported if not an array); nullptr when absent or wrong.
// Lists longer than `maxItems` are absurd for a simulation someone wrote or will read: rejected.
const nlohmann::json* readArray(JsonReader& r, std::string_view key, const char* what, std::size_t maxItems) {
    const nlohmann::json* v = r.get(key);
    if (!v) return nullptr;
    if (!v->is_array()) {
        r.error(key, std::string("expected a list of ") + what + ", got " + describeValue(*v));
        return nullptr;
    }
    if (v->size() > maxItems) {
        r.error(key, "too many " + std::string(what) + ": at most " + std::to_string(maxItems) + ", got " +
                         std::to_string(v->size()));
        return nullptr;
    }
    return v;
}

void readName(JsonReader& r, std::string& target) {
    if (!r.require("name")) return;
    if (r.readString("name", target) && target.empty()) r.error("name", "must not be empty");
}

// ---- the objects ----

void parseArrival(const nlohmann::json& value, const std::string& path, Diagnostics& out, Client& c) {
    JsonReader r(value, path, out, kArrivalKeys);
    readEnum(r, "kind", c.arrival, kArrivalKinds);
    if (r.require("rate_rps")) r.readNumber("rate_rps", c.rateRps, Bound::NonNegative);
}

void parseRateProfile(const nlohmann::json& list, const std::string& path, Diagnostics& out, Client& c) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        JsonReader r(list[i], indexPath(path, i), out, kRateStepKeys);
        if (!r.isObject()) continue;
        RateStep step;
        const bool atOk = r.require("at_s") && readSecondsValue(r, "at_s", step.atS, Bound::NonNegative);
        if (r.require("rate_rps")) r.readNumber("rate_rps", step.rateRps, Bound::NonNegative);
        readSecondsValue(r, "ramp_s", step.rampS, Bound::NonNegative);
        if (atOk && !c.rateProfile.empty()) {
            const RateStep& previous = c.rateProfile.back();
            const double earliest = previous.atS + previous.rampS;
            if (!(step.atS > previous.atS) || step.atS < earliest)
                r.error("at_s",
                        "steps must be ordered by time: must be " +
                            (previous.rampS > 0
                                 ? ">= " + formatNumber(earliest) + " (the previous step's at_s + ramp_s)"
                                 : "> " + formatNumber(previous.atS) + " (the previous step's at_s)") +
                            ", got " + formatNumber(step.atS));
        }
        if (atOk) c.rateProfile.push_back(step);
    }
}

// `retry_budget` and `retry_throttle` limit the retries of the same object's `retry`.
void readRetryLimits(JsonReader& r, Diagnostics& out, std::optional<RetryBudgetConfig>& budget,
                     std::optional<RetryThrottleConfig>& throttle) {
    if (const nlohmann::json* v = r.get("retry_budget"))
        budget = parseRetryBudget(*v, r.pathOf("retry_budget"), out);
    if (const nlohmann::json* v = r.get("retry_throttle"))
        throttle = parseRetryThrottle(*v, r.pathOf("retry_throttle"), out);
    for (const char* key : {"retry_budget", "retry_throttle"})
        if (r.has(key) && !r.has("retry")) r.error(key, "limits retries, but there is no \"retry\" here");
}

Client parseClient(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, kClientKeys);
    Client c;
    if (!r.isObject()) return c;
    readName(r, c.name);
    if (r.require("target")) r.readString("target", c.target);
    if (r.require("arrival")) parseArrival(*r.get("arrival"), r.pathOf("arrival"), out, c);
    if (const nlohmann::json* profile = readArray(r, "rate_profile", "rate steps", kMaxRateSteps))
        parseRateProfile(*profile, r.pathOf("rate_profile"), out, c);
    readOptionalMillis(r, "deadline_ms", c.deadline);
    readOptionalMillis(r, "timeout_ms", c.timeout);
    if (const nlohmann::json* retry = r.get("retry")) c.retry = parseRetry(*retry, r.pathOf("retry"), out);
    readRetryLimits(r, out, c.retryBudget, c.retryThrottle);
    readPriority(r, "priority", c.priority);
    if (r.readString("tenant", c.tenant) && c.tenant.empty()) r.error("tenant", "must not be empty");
    r.readBool("idempotency_key", c.idempotencyKey);
    r.readBool("idempotent", c.idempotent);
    return c;
}

void parseServiceTime(const nlohmann::json& value, const std::string& path, Diagnostics& out,
                      ServiceTime& st) {
    JsonReader r(value, path, out, kServiceTimeKeys);
    if (!r.isObject()) return;
    if (!r.require("dist") || !readEnum(r, "dist", st.dist, kDists)) return;
    std::vector<std::string_view> takes;
    switch (st.dist) {
    case ServiceTimeDist::Constant:
        takes = {"value_ms"};
        break;
    case ServiceTimeDist::Exponential:
        takes = {"mean_ms"};
        break;
    case ServiceTimeDist::Lognormal:
        takes = {"median_ms", "p99_ms"};
        break;
    case ServiceTimeDist::Uniform:
        takes = {"min_ms", "max_ms"};
        break;
    }
    std::string takesText;
    for (const auto& k : takes)
        takesText += (takesText.empty() ? "" : " and ") + std::string(k);
    const std::string distName(enumName(st.dist, kDists));
    for (const auto& key : kServiceTimeKeys) {
        if (key == "dist" || !r.has(key)) continue;
        if (std::find(takes.begin(), takes.end(), key) == takes.end())
            r.error(key, "does not apply to dist " + quote(distName) + " (it takes " + takesText + ")");
    }
    for (const auto& key : takes)
        if (!r.has(key)) r.error(key, "missing required key for dist " + quote(distName));
    switch (st.dist) {
    case ServiceTimeDist::Constant:
        readMillisValue(r, "value_ms", st.valueMs, Bound::NonNegative);
        break;
    case ServiceTimeDist::Exponential:
        readMillisValue(r, "mean_ms", st.meanMs, Bound::Positive);
        break;
    case ServiceTimeDist::Lognormal: {
        const bool medianOk =
            r.has("median_ms") && readMillisValue(r, "median_ms", st.medianMs, Bound::Positive);
        const bool p99Ok = r.has("p99_ms") && readMillisValue(r, "p99_ms", st.p99Ms, Bound::Positive);
        if (medianOk && p99Ok && !(st.p99Ms > st.medianMs))
            r.error("p99_ms",
                    "must be > median_ms (" + formatNumber(st.medianMs) + "), got " + formatNumber(st.p99Ms));
        break;
    }
    case ServiceTimeDist::Uniform: {
        const bool minOk = r.has("min_ms") && readMillisValue(r, "min_ms", st.minMs, Bound::NonNegative);
        const bool maxOk = r.has("max_ms") && readMillisValue(r, "max_ms", st.maxMs, Bound::NonNegative);
        if (minOk && maxOk && st.maxMs < st.minMs)
            r.error("max_ms",
                    "must be >= min_ms (" + formatNumber(st.minMs) + "), got " + formatNumber(st.maxMs));
        break;
    }
    }
}

void parseIngress(const nlohmann::json& value, const std::string& path, Diagnostics& out, Ingress& in) {
    JsonReader r(value, path, out, kIngressKeys);
    if (const nlohmann::json* v = r.get("rate_limiter"))
        in.rateLimiter = parseRateLimiter(*v, r.pathOf("rate_limiter"), out);
    if (const nlohmann::json* v = r.get("load_shedder"))
        in.loadShedder = parseLoadShedder(*v, r.pathOf("load_shedder"), out);
}

void parseOrder(JsonReader& r, Call& call) {
    const nlohmann::json* list = readArray(r, "order", "layer names", 100);
    if (!list) return;
    std::vector<PolicyLayer> order;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string key = indexPath("order", i);
        const auto index = r.matchChoice(key, (*list)[i], enumNames(kLayers));
        if (!index) {
            ok = false;
            continue;
        }
        const PolicyLayer layer = kLayers[*index].second;
        if (std::find(order.begin(), order.end(), layer) != order.end()) {
            r.error(key, "layer " + quote(kLayers[*index].first) + " is listed twice");
            ok = false;
            continue;
        }
        order.push_back(layer);
    }
    if (!ok) return;
    // Every layer the call has must have a place in the order.
    auto requireListed = [&](bool present, PolicyLayer layer) {
        if (present && std::find(order.begin(), order.end(), layer) == order.end())
            r.error("order", "does not list " + quote(enumName(layer, kLayers)) +
                                 ", but the call has one; list every layer the call uses");
    };
    requireListed(r.has("fallback"), PolicyLayer::Fallback);
    requireListed(r.has("retry"), PolicyLayer::Retry);
    requireListed(r.has("circuit_breaker"), PolicyLayer::CircuitBreaker);
    requireListed(r.has("bulkhead"), PolicyLayer::Bulkhead);
    requireListed(r.has("timeout_ms") || r.has("adaptive_timeout"), PolicyLayer::Timeout);
    call.order = std::move(order);
}

Call parseCall(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, kCallKeys);
    Call c;
    c.order = defaultLayerOrder();
    if (!r.isObject()) return c;
    if (r.require("to")) r.readString("to", c.to);
    r.readNumberInRange("probability", c.probability, 0.0, 1.0);
    readOptionalMillis(r, "timeout_ms", c.timeout);
    if (const nlohmann::json* v = r.get("retry")) c.retry = parseRetry(*v, r.pathOf("retry"), out);
    readRetryLimits(r, out, c.retryBudget, c.retryThrottle);
    if (const nlohmann::json* v = r.get("circuit_breaker"))
        c.circuitBreaker = parseCircuitBreaker(*v, r.pathOf("circuit_breaker"), out);
    if (const nlohmann::json* v = r.get("bulkhead"))
        c.bulkhead = parseBulkhead(*v, r.pathOf("bulkhead"), out);
    if (const nlohmann::json* v = r.get("fallback"))
        c.fallback = parseFallback(*v, r.pathOf("fallback"), out);
    if (const nlohmann::json* v = r.get("deadline_propagation"))
        c.deadlinePropagation = parseDeadlinePropagation(*v, r.pathOf("deadline_propagation"), out);
    if (const nlohmann::json* v = r.get("adaptive_timeout"))
        c.adaptiveTimeout = parseAdaptiveTimeout(*v, r.pathOf("adaptive_timeout"), out);
    if (r.has("timeout_ms") && r.has("adaptive_timeout"))
        r.error("adaptive_timeout", "replaces timeout_ms; set one of them, not both");
    parseOrder(r, c);
    return c;
}

Service parseService(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, kServiceKeys);
    Service s;
    if (!r.isObject()) return s;
    readName(r, s.name);
    std::int64_t workers = s.workers;
    if (r.readInteger("workers", workers, 1, 1'000'000)) s.workers = static_cast<std::int32_t>(workers);
    if (r.has("queue_capacity")) {
        std::int64_t capacity = 0;
        if (r.readInteger("queue_capacity", capacity, 0, kMaxQueueCapacity)) s.queueCapacity = capacity;
    }
    if (r.require("service_time"))
        parseServiceTime(*r.get("service_time"), r.pathOf("service_time"), out, s.serviceTime);
    r.readNumberInRange("error_rate", s.errorRate, 0.0, 1.0);
    if (const nlohmann::json* v = r.get("ingress")) parseIngress(*v, r.pathOf("ingress"), out, s.ingress);
    if (const nlohmann::json* calls = readArray(r, "calls", "calls", kMaxCalls))
        for (std::size_t i = 0; i < calls->size(); ++i)
            s.calls.push_back(parseCall((*calls)[i], indexPath(r.pathOf("calls"), i), out));
    return s;
}

} // namespace

Fault parseFault(const nlohmann::json& value, const std::string& path, Diagnostics& out, bool scheduled) {
    JsonReader r(value, path, out, scheduled ? kFaultKeys : kStartedFaultKeys);
    Fault f;
    if (!r.isObject()) return f;
    if ((scheduled || r.require("id")) && r.readString("id", f.id) && r.has("id") && f.id.empty())
        r.error("id", "must not be empty");
    if (r.require("target")) r.readString("target", f.target);
    const bool kindOk = r.require("kind") && readEnum(r, "kind", f.kind, kFaultKinds);
    if (scheduled) {
        const bool fromOk = r.require("from_s") && readSecondsValue(r, "from_s", f.fromS, Bound::NonNegative);
        const bool toOk = r.require("to_s") && readSecondsValue(r, "to_s", f.toS, Bound::NonNegative);
        if (fromOk && toOk && !(f.toS > f.fromS))
            r.error("to_s", "must be > from_s (" + formatNumber(f.fromS) + "), got " + formatNumber(f.toS));
    }
    if (!kindOk) return f;
    // The kind-specific keys: each applies to one kind; latency, errors and capacity need theirs.
    struct Specific {
        std::string_view key;
        FaultKind kind;
        bool required;
    };
    const Specific specific[] = {{"mode", FaultKind::Outage, false},
                                 {"multiplier", FaultKind::Latency, true},
                                 {"error_rate", FaultKind::Errors, true},
                                 {"workers", FaultKind::Capacity, true}};
    const std::string kindName(enumName(f.kind, kFaultKinds));
    for (const auto& s : specific) {
        if (s.kind != f.kind) {
            if (r.has(s.key))
                r.error(s.key, "applies to kind " + quote(enumName(s.kind, kFaultKinds)) + " only, not " +
                                   quote(kindName));
        } else if (s.required && !r.has(s.key)) {
            r.error(s.key, "missing required key for kind " + quote(kindName));
        }
    }
    switch (f.kind) {
    case FaultKind::Outage:
        readEnum(r, "mode", f.mode, kOutageModes);
        break;
    case FaultKind::Latency:
        r.readNumber("multiplier", f.multiplier, Bound::Positive);
        break;
    case FaultKind::Errors:
        r.readNumberInRange("error_rate", f.errorRate, 0.0, 1.0);
        break;
    case FaultKind::Capacity: {
        std::int64_t workers = 0;
        if (r.readInteger("workers", workers, 0, 1'000'000)) f.workers = static_cast<std::int32_t>(workers);
        break;
    }
    }
    return f;
}

namespace {

bool readSeed(JsonReader& r, std::uint64_t& seed) {
    const nlohmann::json* v = r.get("seed");
    if (!v) return true;
    if (v->is_number_unsigned()) {
        seed = v->get<std::uint64_t>();
        return true;
    }
    if (v->is_number_integer()) { // negative
        r.error("seed", "must be in [0, 18446744073709551615], got " + describeValue(*v));
        return false;
    }
    if (v->is_number_float()) {
        const double x = v->get<double>();
        if (x >= 0 && x == std::floor(x) && x < 1.8e19) {
            seed = static_cast<std::uint64_t>(x);
            return true;
        }
        r.error("seed", "must be a whole number in [0, 18446744073709551615], got " + describeValue(*v));
        return false;
    }
    r.error("seed", "expected a number, got " + describeValue(*v));
    return false;
}

// ---- whole-scenario checks ----

template <typename T>
void checkUniqueNames(const std::vector<T>& items, const std::vector<std::string>& paths, Diagnostics& out) {
    std::map<std::string, std::string> firstPath;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string& name = items[i].name;
        if (name.empty()) continue;
        auto [it, inserted] = firstPath.emplace(name, paths[i]);
        if (!inserted)
            out.add(paths[i] + ".name", "duplicate name " + quote(name) + " (also " + it->second + ")");
    }
}

void checkServiceReference(const Scenario& s, const std::string& name, const std::string& path,
                           Diagnostics& out) {
    if (name.empty() || s.findService(name)) return;
    std::vector<std::string_view> names;
    for (const auto& service : s.services)
        names.push_back(service.name);
    std::string message = "no service named " + quote(name);
    if (auto suggestion = suggestName(name, names))
        message += "; did you mean " + quote(*suggestion) + "?";
    else if (!names.empty()) {
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + quote(n);
        message += "; the services are " + list;
    }
    out.add(path, message);
}

// Reports each call cycle once, at the call that closes it: "a -> b -> a". Depth-first with an
// explicit stack: a chain of 10,000 services must not recurse 10,000 deep.
void checkCallCycles(const Scenario& s, const std::vector<std::string>& servicePaths, Diagnostics& out) {
    const std::size_t n = s.services.size();
    std::map<std::string, std::size_t> indexOf;
    for (std::size_t i = 0; i < n; ++i)
        indexOf.emplace(s.services[i].name, i);
    enum class Mark { New, Active, Done };
    std::vector<Mark> mark(n, Mark::New);
    struct Frame {
        std::size_t service;
        std::size_t nextCall;
    };
    std::vector<Frame> stack; // the services on the current path, each with the call to look at next
    for (std::size_t root = 0; root < n; ++root) {
        if (mark[root] != Mark::New) continue;
        mark[root] = Mark::Active;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const std::size_t i = top.service;
            const auto& calls = s.services[i].calls;
            if (top.nextCall == calls.size()) {
                mark[i] = Mark::Done;
                stack.pop_back();
                continue;
            }
            const std::size_t c = top.nextCall++;
            auto it = indexOf.find(calls[c].to);
            if (it == indexOf.end()) continue;
            const std::size_t j = it->second;
            if (mark[j] == Mark::Active) {
                std::string cycle;
                auto from =
                    std::find_if(stack.begin(), stack.end(), [j](const Frame& f) { return f.service == j; });
                for (auto k = from; k != stack.end(); ++k)
                    cycle += s.services[k->service].name + " -> ";
                cycle += s.services[j].name;
                out.add(indexPath(servicePaths[i] + ".calls", c) + ".to", "call cycle: " + cycle);
            } else if (mark[j] == Mark::New) {
                mark[j] = Mark::Active;
                stack.push_back({j, 0}); // invalidates `top`
            }
        }
    }
}

void checkReferences(const Scenario& s, Diagnostics& out) {
    std::vector<std::string> clientPaths, servicePaths;
    for (std::size_t i = 0; i < s.clients.size(); ++i)
        clientPaths.push_back(indexPath("clients", i));
    for (std::size_t i = 0; i < s.services.size(); ++i)
        servicePaths.push_back(indexPath("services", i));
    checkUniqueNames(s.clients, clientPaths, out);
    checkUniqueNames(s.services, servicePaths, out);
    for (std::size_t i = 0; i < s.clients.size(); ++i)
        checkServiceReference(s, s.clients[i].target, clientPaths[i] + ".target", out);
    for (std::size_t i = 0; i < s.services.size(); ++i)
        for (std::size_t c = 0; c < s.services[i].calls.size(); ++c)
            checkServiceReference(s, s.services[i].calls[c].to,
                                  indexPath(servicePaths[i] + ".calls", c) + ".to", out);
    std::map<std::string, std::size_t> faultIds;
    for (std::size_t i = 0; i < s.faults.size(); ++i) {
        checkServiceReference(s, s.faults[i].target, indexPath("faults", i) + ".target", out);
        const std::string& id = s.faults[i].id;
        if (id.empty()) continue;
        if (const auto [it, fresh] = faultIds.emplace(id, i); !fresh)
            out.add(indexPath("faults", i) + ".id",
                    "duplicate id " + quote(id) + " (also faults[" + std::to_string(it->second) + "])");
    }
    checkCallCycles(s, servicePaths, out);
}

std::pair<std::size_t, std::size_t> lineAndColumn(const std::string& text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

} // namespace

const std::vector<PolicyLayer>& defaultLayerOrder() {
    static const std::vector<PolicyLayer> order = {PolicyLayer::Fallback, PolicyLayer::Retry,
                                                   PolicyLayer::CircuitBreaker, PolicyLayer::Bulkhead,
                                                   PolicyLayer::Timeout};
    return order;
}

std::string_view policyLayerName(PolicyLayer layer) {
    return enumName(layer, kLayers);
}
std::string_view serviceTimeDistName(ServiceTimeDist dist) {
    return enumName(dist, kDists);
}
std::string_view faultKindName(FaultKind kind) {
    return enumName(kind, kFaultKinds);
}

namespace {

// Finds keys written twice in one object (JSON parsers keep the last one silently) while parsing,
// keeping the path of the current position.
class DuplicateKeyFinder {
public:
    explicit DuplicateKeyFinder(Diagnostics& out)
        : m_out(out) {}

    bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            enterElement();
            m_frames.push_back({event == Event::array_start, 0, 0, {}, {}});
            break;
        case Event::object_end:
        case Event::array_end:
            if (!m_frames.empty()) m_frames.pop_back();
            break;
        case Event::key:
            if (!m_frames.empty()) {
                Frame& top = m_frames.back();
                top.key = parsed.get<std::string>();
                if (!top.seen.insert(top.key).second)
                    m_out.add(path(), "duplicate key " + nlohmann::json(top.key).dump() +
                                          " in this object (only the last one would count)");
            }
            break;
        case Event::value:
            enterElement();
            break;
        }
        return true;
    }

private:
    struct Frame {
        bool array;
        std::size_t nextIndex;
        std::size_t index;          // the element being parsed (arrays)
        std::string key;            // the member being parsed (objects)
        std::set<std::string> seen; // a set: an object with 100,000 keys must not take quadratic time
    };
    void enterElement() {
        if (!m_frames.empty() && m_frames.back().array) m_frames.back().index = m_frames.back().nextIndex++;
    }
    std::string path() const {
        std::string p;
        for (const auto& f : m_frames)
            p = f.array ? indexPath(p, f.index) : childPath(p, f.key);
        return p;
    }

    Diagnostics& m_out;
    std::vector<Frame> m_frames;
};

} // namespace

std::optional<nlohmann::json> parseJsonText(const std::string& text, Diagnostics& out) {
    try {
        DuplicateKeyFinder finder(out);
        return parseJsonLimited(text, std::ref(finder));
    } catch (const JsonTooDeep& e) {
        out.add("", std::string(e.what()) + "; a scenario needs fewer than 10");
        return std::nullopt;
    } catch (const nlohmann::json::parse_error& e) {
        const auto [line, column] = lineAndColumn(text, e.byte);
        std::string reason = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> the reason
        if (auto at = reason.find("column"); at != std::string::npos)
            if (auto colon = reason.find(": ", at); colon != std::string::npos)
                reason = reason.substr(colon + 2);
        out.add("", "line " + std::to_string(line) + ", column " + std::to_string(column) +
                        ": not valid JSON: " + reason);
        return std::nullopt;
    }
}

std::optional<std::string> readTextFile(const std::string& path, Diagnostics& out) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        out.add("", "cannot read '" + path + "': it is a directory");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.add("", "cannot read '" + path + "': " + std::strerror(errno));
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > 64u * 1024u * 1024u) {
        out.add("", "cannot read '" + path + "': larger than 64 MiB; not a scenario file");
        return std::nullopt;
    }
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

LoadResult parseScenarioJson(const nlohmann::json& doc) {
    LoadResult result;
    Diagnostics& out = result.diagnostics;
    JsonReader r(doc, "", out, kRootKeys);
    if (!r.isObject()) return result;
    Scenario s;
    const nlohmann::json* format = r.get("format");
    if (!format)
        r.error("format",
                std::string("missing required key; a scenario starts with \"format\": ") + quote(kFormatV1));
    else if (!format->is_string() || format->get<std::string>() != kFormatV1)
        r.error("format", std::string("unsupported format ") + describeValue(*format) + "; expected " +
                              quote(kFormatV1));
    r.readString("name", s.name);
    r.readString("description", s.description);
    readSeed(r, s.seed);
    const bool durationOk = readSecondsValue(r, "duration_s", s.durationS, Bound::Positive);
    const bool bucketOk = readSecondsValue(r, "bucket_s", s.bucketS, Bound::Positive);
    if (durationOk && bucketOk) {
        if (s.bucketS > s.durationS)
            r.error("bucket_s", "must be <= duration_s (" + formatNumber(s.durationS) + "), got " +
                                    formatNumber(s.bucketS));
        else if (s.durationS / s.bucketS > kMaxBuckets)
            r.error("bucket_s",
                    "too small: duration_s / bucket_s = " + formatNumber(s.durationS / s.bucketS) +
                        " buckets, at most " + formatNumber(kMaxBuckets));
    }
    if (r.require("clients")) {
        if (const nlohmann::json* list = readArray(r, "clients", "clients", kMaxClients)) {
            if (list->empty()) r.error("clients", "must list at least one client");
            for (std::size_t i = 0; i < list->size(); ++i)
                s.clients.push_back(parseClient((*list)[i], indexPath("clients", i), out));
        }
    }
    if (r.require("services")) {
        if (const nlohmann::json* list = readArray(r, "services", "services", kMaxServices)) {
            if (list->empty()) r.error("services", "must list at least one service");
            for (std::size_t i = 0; i < list->size(); ++i)
                s.services.push_back(parseService((*list)[i], indexPath("services", i), out));
        }
    }
    if (const nlohmann::json* list = readArray(r, "faults", "faults", kMaxFaults))
        for (std::size_t i = 0; i < list->size(); ++i)
            s.faults.push_back(parseFault((*list)[i], indexPath("faults", i), out, true));
    checkReferences(s, out);
    if (durationOk && bucketOk && s.bucketS <= s.durationS && s.durationS / s.bucketS <= kMaxBuckets) {
        std::size_t entities = s.clients.size() + s.services.size();
        for (const auto& svc : s.services)
            entities += svc.calls.size();
        const double entityBuckets = std::ceil(s.durationS / s.bucketS) * static_cast<double>(entities);
        if (entityBuckets > kMaxEntityBuckets)
            r.error("bucket_s",
                    "too small for this scenario: " + formatNumber(std::ceil(s.durationS / s.bucketS)) +
                        " buckets x " + std::to_string(entities) + " clients, services and calls = " +
                        formatNumber(entityBuckets) + " series points, at most " +
                        formatNumber(kMaxEntityBuckets) + "; use a wider bucket_s");
    }
    // Changes are checked against a scenario that is valid in itself, as each one leaves it.
    if (const nlohmann::json* list = readArray(r, "changes", "changes", kMaxChanges)) {
        s.changes = parseChanges(*list, "changes", out);
        if (out.empty()) checkChanges(s, out);
    }
    if (out.empty()) result.scenario = std::move(s);
    return result;
}

LoadResult parseScenario(const std::string& text) {
    LoadResult result;
    auto doc = parseJsonText(text, result.diagnostics);
    if (!doc) return result;
    LoadResult loaded = parseScenarioJson(*doc);
    if (result.diagnostics.empty()) return loaded;
    for (const auto& d : loaded.diagnostics.items()) // duplicate keys first, then the rest
        result.diagnostics.add(d.path, d.message);
    return result;
}

LoadResult loadScenarioFile(const std::string& path) {
    LoadResult result;
    auto text = readTextFile(path, result.diagnostics);
    if (!text) return result;
    return parseScenario(*text);
}

// ---- saving ----

namespace {

nlohmann::ordered_json clientToJson(const Client& c) {
    const Client d;
    nlohmann::ordered_json j;
    j["name"] = c.name;
    j["target"] = c.target;
    j["arrival"] = {{"kind", enumName(c.arrival, kArrivalKinds)}, {"rate_rps", numberJson(c.rateRps)}};
    if (!c.rateProfile.empty()) {
        auto& profile = j["rate_profile"] = nlohmann::ordered_json::array();
        for (const auto& step : c.rateProfile) {
            nlohmann::ordered_json js;
            js["at_s"] = numberJson(step.atS);
            js["rate_rps"] = numberJson(step.rateRps);
            if (step.rampS != 0) js["ramp_s"] = numberJson(step.rampS);
            profile.push_back(js);
        }
    }
    if (c.deadline) j["deadline_ms"] = millisJson(*c.deadline);
    if (c.timeout) j["timeout_ms"] = millisJson(*c.timeout);
    if (c.retry) j["retry"] = toJson(*c.retry);
    if (c.retryBudget) j["retry_budget"] = toJson(*c.retryBudget);
    if (c.retryThrottle) j["retry_throttle"] = toJson(*c.retryThrottle);
    if (c.priority != d.priority) j["priority"] = priorityName(c.priority);
    if (c.tenant != d.tenant) j["tenant"] = c.tenant;
    if (c.idempotencyKey != d.idempotencyKey) j["idempotency_key"] = c.idempotencyKey;
    if (c.idempotent != d.idempotent) j["idempotent"] = c.idempotent;
    return j;
}

nlohmann::ordered_json serviceTimeToJson(const ServiceTime& st) {
    nlohmann::ordered_json j;
    j["dist"] = enumName(st.dist, kDists);
    switch (st.dist) {
    case ServiceTimeDist::Constant:
        j["value_ms"] = numberJson(st.valueMs);
        break;
    case ServiceTimeDist::Exponential:
        j["mean_ms"] = numberJson(st.meanMs);
        break;
    case ServiceTimeDist::Lognormal:
        j["median_ms"] = numberJson(st.medianMs);
        j["p99_ms"] = numberJson(st.p99Ms);
        break;
    case ServiceTimeDist::Uniform:
        j["min_ms"] = numberJson(st.minMs);
        j["max_ms"] = numberJson(st.maxMs);
        break;
    }
    return j;
}

nlohmann::ordered_json callToJson(const Call& c) {
    nlohmann::ordered_json j;
    j["to"] = c.to;
    j["probability"] = numberJson(c.probability);
    if (c.timeout) j["timeout_ms"] = millisJson(*c.timeout);
    if (c.retry) j["retry"] = toJson(*c.retry);
    if (c.retryBudget) j["retry_budget"] = toJson(*c.retryBudget);
    if (c.retryThrottle) j["retry_throttle"] = toJson(*c.retryThrottle);
    if (c.circuitBreaker) j["circuit_breaker"] = toJson(*c.circuitBreaker);
    if (c.bulkhead) j["bulkhead"] = toJson(*c.bulkhead);
    if (c.fallback) j["fallback"] = toJson(*c.fallback);
    if (c.deadlinePropagation) j["deadline_propagation"] = toJson(*c.deadlinePropagation);
    if (c.adaptiveTimeout) j["adaptive_timeout"] = toJson(*c.adaptiveTimeout);
    if (!c.order.empty() && c.order != defaultLayerOrder()) { // empty: the default too (calls built in code)
        auto& order = j["order"] = nlohmann::ordered_json::array();
        for (PolicyLayer layer : c.order)
            order.push_back(policyLayerName(layer));
    }
    return j;
}

nlohmann::ordered_json serviceToJson(const Service& s) {
    nlohmann::ordered_json j;
    j["name"] = s.name;
    j["workers"] = s.workers;
    if (s.queueCapacity) j["queue_capacity"] = *s.queueCapacity;
    j["service_time"] = serviceTimeToJson(s.serviceTime);
    if (s.errorRate != 0) j["error_rate"] = numberJson(s.errorRate);
    if (s.ingress.rateLimiter || s.ingress.loadShedder) {
        auto& ingress = j["ingress"] = nlohmann::ordered_json::object();
        if (s.ingress.rateLimiter) ingress["rate_limiter"] = toJson(*s.ingress.rateLimiter);
        if (s.ingress.loadShedder) ingress["load_shedder"] = toJson(*s.ingress.loadShedder);
    }
    if (!s.calls.empty()) {
        auto& calls = j["calls"] = nlohmann::ordered_json::array();
        for (const auto& c : s.calls)
            calls.push_back(callToJson(c));
    }
    return j;
}

} // namespace

nlohmann::ordered_json faultToJson(const Fault& f, bool scheduled) {
    nlohmann::ordered_json j;
    if (!f.id.empty()) j["id"] = f.id;
    j["target"] = f.target;
    j["kind"] = enumName(f.kind, kFaultKinds);
    if (scheduled) {
        j["from_s"] = numberJson(f.fromS);
        j["to_s"] = numberJson(f.toS);
    }
    switch (f.kind) {
    case FaultKind::Outage:
        j["mode"] = enumName(f.mode, kOutageModes);
        break;
    case FaultKind::Latency:
        j["multiplier"] = numberJson(f.multiplier);
        break;
    case FaultKind::Errors:
        j["error_rate"] = numberJson(f.errorRate);
        break;
    case FaultKind::Capacity:
        j["workers"] = f.workers;
        break;
    }
    return j;
}

nlohmann::ordered_json scenarioToJson(const Scenario& s) {
    nlohmann::ordered_json j;
    j["format"] = s.format;
    j["name"] = s.name;
    if (!s.description.empty()) j["description"] = s.description;
    j["seed"] = s.seed;
    j["duration_s"] = numberJson(s.durationS);
    j["bucket_s"] = numberJson(s.bucketS);
    auto& clients = j["clients"] = nlohmann::ordered_json::array();
    for (const auto& c : s.clients)
        clients.push_back(clientToJson(c));
    auto& services = j["services"] = nlohmann::ordered_json::array();
    for (const auto& svc : s.services)
        services.push_back(serviceToJson(svc));
    if (!s.faults.empty()) {
        auto& faults = j["faults"] = nlohmann::ordered_json::array();
        for (const auto& f : s.faults)
            faults.push_back(faultToJson(f, true));
    }
    if (!s.changes.empty()) {
        auto& changes = j["changes"] = nlohmann::ordered_json::array();
        for (const auto& c : s.changes)
            changes.push_back(changeToJson(c));
    }
    return j;
}

std::string saveScenarioText(const Scenario& s) {
    return scenarioToJson(s).dump(2) + "\n";
}

// ---- overrides ----

std::optional<std::vector<PathStep>> splitPath(std::string_view path, std::string& error) {
    std::vector<PathStep> steps;
    std::size_t i = 0;
    if (path.empty()) {
        error = "empty path";
        return std::nullopt;
    }
    while (i < path.size()) {
        if (path[i] == '[') {
            const std::size_t close = path.find(']', i);
            const std::string_view digits =
                path.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
            if (close == std::string_view::npos || digits.empty() || digits.size() > 9 ||
                !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                error = "expected an index like [0] at character " + std::to_string(i + 1);
                return std::nullopt;
            }
            PathStep step;
            step.index = static_cast<std::size_t>(std::stoul(std::string(digits)));
            steps.push_back(step);
            i = close + 1;
        } else {
            if (path[i] == '.') {
                if (steps.empty()) {
                    error = "a path cannot start with '.'";
                    return std::nullopt;
                }
                ++i;
            } else if (!steps.empty()) {
                error = "expected '.' or '[' at character " + std::to_string(i + 1);
                return std::nullopt;
            }
            std::size_t end = i;
            while (end < path.size() &&
                   (std::isalnum(static_cast<unsigned char>(path[end])) || path[end] == '_'))
                ++end;
            if (end == i) {
                error = "expected a key name at character " + std::to_string(i + 1);
                return std::nullopt;
            }
            PathStep step;
            step.key = std::string(path.substr(i, end - i));
            steps.push_back(step);
            i = end;
        }
    }
    return steps;
}

namespace {

std::string joinSteps(const std::vector<PathStep>& steps, std::size_t count) {
    std::string path;
    for (std::size_t i = 0; i < count; ++i)
        path = steps[i].isIndex() ? indexPath(path, steps[i].index) : childPath(path, steps[i].key);
    return path;
}

// Whether the loader reports `path` as an unknown key once `key` exists in `object` (tried with a
// placeholder value); returns that report (with its "did you mean").
std::optional<std::string> unknownKeyReport(nlohmann::json& doc, nlohmann::json& object,
                                            const std::string& key, const std::string& path) {
    object[key] = nullptr;
    const LoadResult probe = parseScenarioJson(doc);
    object.erase(key);
    for (const auto& d : probe.diagnostics.items())
        if (d.path == path && d.message.starts_with("unknown key")) return d.message;
    return std::nullopt;
}

// The offset of the first byte that does not start a well-formed UTF-8 sequence (by its lead and
// continuation bytes), or text.size(). For messages only: nlohmann's dump is the judge.
std::size_t firstNonUtf8Byte(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x06 ? 2
                                   : (lead >> 4) == 0x0E ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        if (length == 0 || i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
        i += length;
    }
    return text.size();
}

std::string kindOf(const nlohmann::json& v) {
    if (v.is_object()) return "an object";
    if (v.is_array()) return "a list";
    if (v.is_string()) return "a string";
    if (v.is_boolean()) return "a boolean";
    if (v.is_null()) return "null";
    return "a number";
}

} // namespace

Diagnostics applyOverride(nlohmann::json& doc, const std::string& assignment) {
    Diagnostics out;
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
        out.add("", "--set expects PATH=VALUE, got '" + assignment + "'");
        return out;
    }
    const std::string pathText = assignment.substr(0, eq);
    const std::string valueText = assignment.substr(eq + 1);
    std::string error;
    const auto steps = splitPath(pathText, error);
    if (!steps) {
        out.add(pathText, "not a valid path: " + error);
        return out;
    }
    nlohmann::json value;
    try {
        value = parseJsonLimited(valueText);
    } catch (const JsonTooDeep& e) {
        out.add(pathText, "value at column " + std::to_string(e.column()) + ": " + JsonTooDeep::reason());
        return out;
    } catch (const nlohmann::json::parse_error&) {
        value = valueText; // not JSON: a plain string, so --set name=Demo works without quotes
        try {
            (void)value.dump(); // a scenario's strings are UTF-8, as its files must be
        } catch (const nlohmann::json::type_error&) {
            const std::size_t at = firstNonUtf8Byte(valueText);
            out.add(pathText,
                    "the value is not valid UTF-8 text" +
                        (at < valueText.size() ? " at byte " + std::to_string(at + 1) : std::string()) +
                        " (nor JSON)");
            return out;
        }
    }

    nlohmann::json* current = &doc;
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const PathStep& step = (*steps)[i];
        const bool last = i + 1 == steps->size();
        const std::string here = joinSteps(*steps, i + 1);
        const std::string parent = joinSteps(*steps, i);
        const std::string parentName = parent.empty() ? std::string("the scenario") : parent;
        if (step.isIndex()) {
            if (!current->is_array()) {
                out.add(here, parentName + " is " + kindOf(*current) + ", not a list");
                return out;
            }
            if (step.index >= current->size()) {
                out.add(here, "index out of range: " + parentName + " has " +
                                  std::to_string(current->size()) +
                                  (current->size() == 1 ? " item" : " items"));
                return out;
            }
            current = &(*current)[step.index];
            if (last) *current = value;
            continue;
        }
        if (!current->is_object()) {
            out.add(here, parentName + " is " + kindOf(*current) + ", not an object");
            return out;
        }
        auto it = current->find(step.key);
        if (it != current->end()) {
            current = &*it;
            if (last) *current = value;
            continue;
        }
        // A missing key: an unknown one gets the loader's "did you mean"; a known one may be created
        // only as the last step.
        if (auto report = unknownKeyReport(doc, *current, step.key, here)) {
            out.add(here, *report);
            return out;
        }
        if (!last) {
            out.add(here,
                    "not in the scenario, so it has no " +
                        quote((*steps)[i + 1].isIndex() ? "[" + std::to_string((*steps)[i + 1].index) + "]"
                                                        : (*steps)[i + 1].key) +
                        "; set the whole value instead, e.g. --set '" + here + "={...}'");
            return out;
        }
        (*current)[step.key] = value;
    }
    return out;
}

} // namespace rl::scenario
