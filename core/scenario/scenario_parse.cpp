#include "core/scenario/scenario_parse.h"

#include "core/scenario/replay_log.h"

#include "core/scenario/changes.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/json_text.h"
#include "core/scenario/lesson_json.h"
#include "core/scenario/policy_json.h"
#include "core/scenario/replay_log.h"
#include "core/scenario/scenario_checks.h"
#include "core/scenario/scenario_schema.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace rl::scenario {
namespace {

constexpr double kMaxDurationMs = kMaxDurationNs / 1e6;
constexpr double kMaxDurationS = kMaxDurationNs / 1e9;

// A number of `unit`s kept as a double, that must fit int64 nanoseconds once converted.
bool readBoundedNumber(JsonReader& r, std::string_view key, double& target, Bound bound, double maxValue,
                       const char* unit) {
    double x = target;
    if (!r.readNumber(key, x, bound)) return false;
    if (std::fabs(x) > maxValue) {
        r.error(key, "too large: must fit in int64 nanoseconds (at most " + formatNumber(maxValue) + " " +
                         unit + "), got " + describeValue(*r.get(key)));
        return false;
    }
    target = x;
    return true;
}

// Seconds (times in the run, durations), > 0 or >= 0.
bool readSecondsValue(JsonReader& r, std::string_view key, double& target, Bound bound) {
    return readBoundedNumber(r, key, target, bound, kMaxDurationS, "s");
}

// Milliseconds kept as a double (service times).
bool readMillisValue(JsonReader& r, std::string_view key, double& target, Bound bound) {
    return readBoundedNumber(r, key, target, bound, kMaxDurationMs, "ms");
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

// Each item of `list` (found at `key`) read by parseItem(value, path, out), appended to `into`.
template <typename T, typename ParseItem>
void readItems(JsonReader& r, std::string_view key, const nlohmann::json& list, std::vector<T>& into,
               ParseItem parseItem) {
    for (std::size_t i = 0; i < list.size(); ++i)
        into.push_back(parseItem(list[i], indexPath(r.pathOf(key), i), r.diagnostics()));
}

void readName(JsonReader& r, std::string& target) {
    if (!r.require("name")) return;
    if (r.readString("name", target) && target.empty()) r.error("name", "must not be empty");
}

// ---- clients ----

// Each kind-specific arrival key applies to its kinds only; the kind's required ones must be there.
void checkArrivalKindKeys(JsonReader& r, ArrivalKind kind) {
    const bool batch = kind == ArrivalKind::Batch;
    const std::string kindName = quoteName(enumName(kind, schema::kArrivalKinds));
    for (const auto& k : schema::kArrivalKindKeys) {
        if (k.batch != batch) {
            if (r.has(k.key))
                r.error(k.key, std::string("applies to kind ") +
                                   (k.batch ? "\"batch\" only" : "\"poisson\" and \"constant\" only") +
                                   ", not " + kindName);
        } else if (k.required) {
            r.require(k.key);
        }
    }
}

void readBatch(JsonReader& r, BatchArrival& batch) {
    r.readInteger("count", batch.count, 1, schema::kMaxBatchCount);
    readSecondsValue(r, "at_s", batch.atS, Bound::NonNegative);
    readMillisValue(r, "spread_ms", batch.spreadMs, Bound::NonNegative);
}

void parseArrival(const nlohmann::json& value, const std::string& path, Diagnostics& out, Client& c) {
    JsonReader r(value, path, out, schema::kArrivalKeys);
    if (!r.isObject()) return;
    if (!readEnum(r, "kind", c.arrival, schema::kArrivalKinds)) return; // absent: poisson
    checkArrivalKindKeys(r, c.arrival);
    if (c.arrival == ArrivalKind::Batch)
        readBatch(r, c.batch);
    else if (r.has("rate_rps"))
        r.readNumber("rate_rps", c.rateRps, Bound::NonNegative);
}

// A step must start after the previous one, and after the previous one's ramp.
void checkStepOrder(JsonReader& r, const RateStep& previous, const RateStep& step) {
    const double earliest = previous.atS + previous.rampS;
    if (step.atS > previous.atS && step.atS >= earliest) return;
    r.error("at_s",
            "steps must be ordered by time: must be " +
                (previous.rampS > 0 ? ">= " + formatNumber(earliest) + " (the previous step's at_s + ramp_s)"
                                    : "> " + formatNumber(previous.atS) + " (the previous step's at_s)") +
                ", got " + formatNumber(step.atS));
}

void parseRateProfile(const nlohmann::json& list, const std::string& path, Diagnostics& out, Client& c) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        JsonReader r(list[i], indexPath(path, i), out, schema::kRateStepKeys);
        if (!r.isObject()) continue;
        RateStep step;
        const bool atOk = r.require("at_s") && readSecondsValue(r, "at_s", step.atS, Bound::NonNegative);
        if (r.require("rate_rps")) r.readNumber("rate_rps", step.rateRps, Bound::NonNegative);
        readSecondsValue(r, "ramp_s", step.rampS, Bound::NonNegative);
        if (!atOk) continue;
        if (!c.rateProfile.empty()) checkStepOrder(r, c.rateProfile.back(), step);
        c.rateProfile.push_back(step);
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
    JsonReader r(value, path, out, schema::kClientKeys);
    Client c;
    if (!r.isObject()) return c;
    readName(r, c.name);
    if (r.require("target")) r.readString("target", c.target);
    if (r.require("arrival")) parseArrival(*r.get("arrival"), r.pathOf("arrival"), out, c);
    if (const nlohmann::json* profile = readArray(r, "rate_profile", "rate steps", schema::kMaxRateSteps))
        parseRateProfile(*profile, r.pathOf("rate_profile"), out, c);
    if (r.has("rate_profile") && c.arrival == ArrivalKind::Batch)
        r.error("rate_profile", "applies to arrival kinds \"poisson\" and \"constant\" only, not \"batch\"");
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

// ---- services ----

// Each distribution takes its own keys: the others are refused, and its own are required.
void checkServiceTimeKeys(JsonReader& r, ServiceTimeDist dist) {
    const auto takes = schema::serviceTimeKeysFor(dist);
    std::string takesText;
    for (const auto& k : takes)
        takesText += (takesText.empty() ? "" : " and ") + std::string(k);
    const std::string distName = quoteName(serviceTimeDistName(dist));
    for (const auto& key : schema::kServiceTimeKeys) {
        if (key == "dist" || !r.has(key)) continue;
        if (std::find(takes.begin(), takes.end(), key) == takes.end())
            r.error(key, "does not apply to dist " + distName + " (it takes " + takesText + ")");
    }
    for (const auto& key : takes)
        if (!r.has(key)) r.error(key, "missing required key for dist " + distName);
}

void readLognormal(JsonReader& r, ServiceTime& st) {
    const bool medianOk = r.has("median_ms") && readMillisValue(r, "median_ms", st.medianMs, Bound::Positive);
    const bool p99Ok = r.has("p99_ms") && readMillisValue(r, "p99_ms", st.p99Ms, Bound::Positive);
    if (medianOk && p99Ok && !(st.p99Ms > st.medianMs))
        r.error("p99_ms",
                "must be > median_ms (" + formatNumber(st.medianMs) + "), got " + formatNumber(st.p99Ms));
}

void readUniform(JsonReader& r, ServiceTime& st) {
    const bool minOk = r.has("min_ms") && readMillisValue(r, "min_ms", st.minMs, Bound::NonNegative);
    const bool maxOk = r.has("max_ms") && readMillisValue(r, "max_ms", st.maxMs, Bound::NonNegative);
    if (minOk && maxOk && st.maxMs < st.minMs)
        r.error("max_ms",
                "must be >= min_ms (" + formatNumber(st.minMs) + "), got " + formatNumber(st.maxMs));
}

void parseServiceTime(const nlohmann::json& value, const std::string& path, Diagnostics& out,
                      ServiceTime& st) {
    JsonReader r(value, path, out, schema::kServiceTimeKeys);
    if (!r.isObject()) return;
    if (!r.require("dist") || !readEnum(r, "dist", st.dist, schema::kDists)) return;
    checkServiceTimeKeys(r, st.dist);
    switch (st.dist) {
    case ServiceTimeDist::Constant:
        readMillisValue(r, "value_ms", st.valueMs, Bound::NonNegative);
        break;
    case ServiceTimeDist::Exponential:
        readMillisValue(r, "mean_ms", st.meanMs, Bound::Positive);
        break;
    case ServiceTimeDist::Lognormal:
        readLognormal(r, st);
        break;
    case ServiceTimeDist::Uniform:
        readUniform(r, st);
        break;
    }
}

void parseIngress(const nlohmann::json& value, const std::string& path, Diagnostics& out, Ingress& in) {
    JsonReader r(value, path, out, schema::kIngressKeys);
    if (const nlohmann::json* v = r.get("rate_limiter"))
        in.rateLimiter = parseRateLimiter(*v, r.pathOf("rate_limiter"), out);
    if (const nlohmann::json* v = r.get("load_shedder"))
        in.loadShedder = parseLoadShedder(*v, r.pathOf("load_shedder"), out);
}

// The layer names of `order`, each once; nullopt when one is unknown or repeated (reported).
std::optional<std::vector<PolicyLayer>> readLayerNames(JsonReader& r, const nlohmann::json& list) {
    std::vector<PolicyLayer> order;
    bool ok = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string key = indexPath("order", i);
        const auto index = r.matchChoice(key, list[i], enumNames(schema::kLayers));
        if (!index) {
            ok = false;
            continue;
        }
        const PolicyLayer layer = schema::kLayers[*index].second;
        if (std::find(order.begin(), order.end(), layer) != order.end()) {
            r.error(key, "layer " + quoteName(schema::kLayers[*index].first) + " is listed twice");
            ok = false;
            continue;
        }
        order.push_back(layer);
    }
    if (!ok) return std::nullopt;
    return order;
}

void parseOrder(JsonReader& r, Call& call) {
    const nlohmann::json* list = readArray(r, "order", "layer names", schema::kMaxOrderItems);
    if (!list) return;
    auto order = readLayerNames(r, *list);
    if (!order) return;
    // Every layer the call has must have a place in the order.
    auto requireListed = [&](bool present, PolicyLayer layer) {
        if (present && std::find(order->begin(), order->end(), layer) == order->end())
            r.error("order", "does not list " + quoteName(policyLayerName(layer)) +
                                 ", but the call has one; list every layer the call uses");
    };
    requireListed(r.has("fallback"), PolicyLayer::Fallback);
    requireListed(r.has("retry"), PolicyLayer::Retry);
    requireListed(r.has("circuit_breaker"), PolicyLayer::CircuitBreaker);
    requireListed(r.has("bulkhead"), PolicyLayer::Bulkhead);
    requireListed(r.has("timeout_ms") || r.has("adaptive_timeout"), PolicyLayer::Timeout);
    call.order = std::move(*order);
}

// The call's policies, each an object read by its policy parser.
void readCallPolicies(JsonReader& r, Diagnostics& out, Call& c) {
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
}

Replay parseReplay(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, schema::kReplayKeys);
    Replay replay;
    if (!r.isObject()) return replay;
    if (r.require("file") && r.readString("file", replay.file) && replay.file.empty())
        r.error("file", "must not be empty (a path relative to the scenario file, or builtin-data:NAME)");
    readEnum(r, "format", replay.format, schema::kReplayFormats);
    r.readNumber("window_s", replay.windowS, Bound::Positive);
    r.readNumber("start_s", replay.startS, Bound::NonNegative);
    r.readNumber("time_scale", replay.timeScale, Bound::Positive);
    readEnum(r, "after_end", replay.afterEnd, schema::kReplayAfterEnds);
    readEnum(r, "latency", replay.latency, schema::kReplayLatencies);
    return replay;
}

Call parseCall(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, schema::kCallKeys);
    Call c;
    c.order = defaultLayerOrder();
    if (!r.isObject()) return c;
    if (r.require("to")) r.readString("to", c.to);
    r.readNumberInRange("probability", c.probability, 0.0, 1.0);
    readOptionalMillis(r, "timeout_ms", c.timeout);
    readCallPolicies(r, out, c);
    if (r.has("timeout_ms") && r.has("adaptive_timeout"))
        r.error("adaptive_timeout", "replaces timeout_ms; set one of them, not both");
    parseOrder(r, c);
    return c;
}

Service parseService(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, schema::kServiceKeys);
    Service s;
    if (!r.isObject()) return s;
    readName(r, s.name);
    std::int64_t workers = s.workers;
    if (r.readInteger("workers", workers, 1, schema::kMaxWorkers))
        s.workers = static_cast<std::int32_t>(workers);
    if (r.has("queue_capacity")) {
        std::int64_t capacity = 0;
        if (r.readInteger("queue_capacity", capacity, 0, schema::kMaxQueueCapacity))
            s.queueCapacity = capacity;
    }
    if (r.require("service_time"))
        parseServiceTime(*r.get("service_time"), r.pathOf("service_time"), out, s.serviceTime);
    r.readNumberInRange("error_rate", s.errorRate, 0.0, 1.0);
    readEnum(r, "concurrency_control", s.concurrencyControl, schema::kConcurrencyControls);
    if (const nlohmann::json* v = r.get("ingress")) parseIngress(*v, r.pathOf("ingress"), out, s.ingress);
    if (const nlohmann::json* calls = readArray(r, "calls", "calls", schema::kMaxCalls))
        readItems(r, "calls", *calls, s.calls, parseCall);
    if (const nlohmann::json* v = r.get("replay")) s.replay = parseReplay(*v, r.pathOf("replay"), out);
    return s;
}

// ---- faults ----

// A scheduled fault's window: from_s < to_s.
void readFaultWindow(JsonReader& r, Fault& f) {
    const bool fromOk = r.require("from_s") && readSecondsValue(r, "from_s", f.fromS, Bound::NonNegative);
    const bool toOk = r.require("to_s") && readSecondsValue(r, "to_s", f.toS, Bound::NonNegative);
    if (fromOk && toOk && !(f.toS > f.fromS))
        r.error("to_s", "must be > from_s (" + formatNumber(f.fromS) + "), got " + formatNumber(f.toS));
}

// Each kind-specific key applies to its kind only; the kind's required one must be there.
void checkFaultKindKeys(JsonReader& r, FaultKind kind) {
    const std::string kindName = quoteName(faultKindName(kind));
    for (const auto& s : schema::kFaultKindKeys) {
        if (s.kind != kind) {
            if (r.has(s.key))
                r.error(s.key,
                        "applies to kind " + quoteName(faultKindName(s.kind)) + " only, not " + kindName);
        } else if (s.required && !r.has(s.key)) {
            r.error(s.key, "missing required key for kind " + kindName);
        }
    }
}

void readFaultKindValue(JsonReader& r, Fault& f) {
    switch (f.kind) {
    case FaultKind::Outage:
        readEnum(r, "mode", f.mode, schema::kOutageModes);
        break;
    case FaultKind::Latency:
        r.readNumber("multiplier", f.multiplier, Bound::Positive);
        break;
    case FaultKind::Errors:
        r.readNumberInRange("error_rate", f.errorRate, 0.0, 1.0);
        break;
    case FaultKind::Capacity: {
        std::int64_t workers = 0;
        if (r.readInteger("workers", workers, 0, schema::kMaxWorkers))
            f.workers = static_cast<std::int32_t>(workers);
        break;
    }
    }
}

// ---- the root ----

void checkFormat(JsonReader& r) {
    const nlohmann::json* format = r.get("format");
    if (!format)
        r.error("format", std::string("missing required key; a scenario starts with \"format\": ") +
                              quoteName(kFormatV1));
    else if (!format->is_string() || format->get<std::string>() != kFormatV1)
        r.error("format", std::string("unsupported format ") + describeValue(*format) + "; expected " +
                              quoteName(kFormatV1));
}

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

// `clients` and `services`: required, not empty.
template <typename T, typename ParseItem>
void readRequiredList(JsonReader& r, std::string_view key, std::size_t maxItems, const char* emptyMessage,
                      std::vector<T>& into, ParseItem parseItem) {
    if (!r.require(key)) return;
    const std::string what(key);
    const nlohmann::json* list = readArray(r, key, what.c_str(), maxItems);
    if (!list) return;
    if (list->empty()) r.error(key, emptyMessage);
    readItems(r, key, *list, into, parseItem);
}

void readFaults(JsonReader& r, Scenario& s) {
    if (const nlohmann::json* list = readArray(r, "faults", "faults", schema::kMaxFaults))
        readItems(r, "faults", *list, s.faults,
                  [](const nlohmann::json& v, const std::string& p, Diagnostics& o) {
                      return parseFault(v, p, o, true);
                  });
}

// Changes are checked against a scenario that is valid in itself, as each one leaves it.
void readChanges(JsonReader& r, Scenario& s) {
    const nlohmann::json* list = readArray(r, "changes", "changes", schema::kMaxChanges);
    if (!list) return;
    s.changes = parseChanges(*list, "changes", r.diagnostics());
    if (r.diagnostics().empty()) checkChanges(s, r.diagnostics());
}

// The lesson is read with the rest; its compare overrides are tried once the scenario is valid in itself.
void readLesson(JsonReader& r, const nlohmann::json& doc, Scenario& s) {
    const nlohmann::json* v = r.get("lesson");
    if (!v) return;
    const bool validSoFar = r.diagnostics().empty();
    s.lesson = parseLesson(*v, r.pathOf("lesson"), r.diagnostics());
    if (validSoFar && s.lesson) checkLessonCompare(doc, *s.lesson, r.diagnostics());
}

} // namespace

Fault parseFault(const nlohmann::json& value, const std::string& path, Diagnostics& out, bool scheduled) {
    JsonReader r(value, path, out, scheduled ? schema::kFaultKeys : schema::kStartedFaultKeys);
    Fault f;
    if (!r.isObject()) return f;
    if ((scheduled || r.require("id")) && r.readString("id", f.id) && r.has("id") && f.id.empty())
        r.error("id", "must not be empty");
    if (r.require("target")) r.readString("target", f.target);
    const bool kindOk = r.require("kind") && readEnum(r, "kind", f.kind, schema::kFaultKinds);
    if (scheduled) readFaultWindow(r, f);
    if (!kindOk) return f;
    checkFaultKindKeys(r, f.kind);
    readFaultKindValue(r, f);
    return f;
}

LoadResult parseScenarioJson(const nlohmann::json& doc) {
    LoadResult result;
    Diagnostics& out = result.diagnostics;
    JsonReader r(doc, "", out, schema::kRootKeys);
    if (!r.isObject()) return result;
    Scenario s;
    checkFormat(r);
    r.readString("name", s.name);
    r.readString("description", s.description);
    readSeed(r, s.seed);
    const bool durationOk = readSecondsValue(r, "duration_s", s.durationS, Bound::Positive);
    const bool bucketOk = readSecondsValue(r, "bucket_s", s.bucketS, Bound::Positive);
    const bool bucketsOk = durationOk && bucketOk && checkTimeBuckets(s, out);
    readRequiredList(r, "clients", schema::kMaxClients, "must list at least one client", s.clients,
                     parseClient);
    readRequiredList(r, "services", schema::kMaxServices, "must list at least one service", s.services,
                     parseService);
    readFaults(r, s);
    checkReferences(s, out);
    if (durationOk) checkBatchArrivals(s, out);
    if (bucketsOk) checkMetricsSize(s, out);
    readChanges(r, s);
    readLesson(r, doc, s);
    if (out.empty()) attachReplayLogs(s, "", out, true); // built-in logs; files need the scenario's place
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
    result = parseScenario(*text);
    if (result.scenario) {
        attachReplayLogs(*result.scenario, std::filesystem::path(path).parent_path().string(),
                         result.diagnostics);
        if (!result.diagnostics.empty()) result.scenario.reset();
    }
    return result;
}

} // namespace rl::scenario
