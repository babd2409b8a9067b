#include "core/scenario/scenario_writer.h"

#include "core/scenario/changes.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/lesson_json.h"
#include "core/scenario/policy_json.h"
#include "core/scenario/scenario_schema.h"

namespace rl::scenario {
namespace {

// `key` set to the list of items, each written by `write`; nothing when the list is empty.
template <typename T, typename Write>
void writeList(nlohmann::ordered_json& j, const char* key, const std::vector<T>& items, Write write) {
    if (items.empty()) return;
    auto& list = j[key] = nlohmann::ordered_json::array();
    for (const auto& item : items)
        list.push_back(write(item));
}

nlohmann::ordered_json rateStepToJson(const RateStep& step) {
    nlohmann::ordered_json j;
    j["at_s"] = numberJson(step.atS);
    j["rate_rps"] = numberJson(step.rateRps);
    if (step.rampS != 0) j["ramp_s"] = numberJson(step.rampS);
    return j;
}

// The retry and the limits on it, as a client and a call write them.
template <typename Owner> void writeRetry(nlohmann::ordered_json& j, const Owner& o) {
    if (o.retry) j["retry"] = toJson(*o.retry);
    if (o.retryBudget) j["retry_budget"] = toJson(*o.retryBudget);
    if (o.retryThrottle) j["retry_throttle"] = toJson(*o.retryThrottle);
}

// A batch writes its own keys (at_s and spread_ms only when set); the others their rate.
nlohmann::ordered_json arrivalToJson(const Client& c) {
    nlohmann::ordered_json j;
    j["kind"] = enumName(c.arrival, schema::kArrivalKinds);
    if (c.arrival != ArrivalKind::Batch) {
        j["rate_rps"] = numberJson(c.rateRps);
        return j;
    }
    j["count"] = c.batch.count;
    if (c.batch.atS != 0) j["at_s"] = numberJson(c.batch.atS);
    if (c.batch.spreadMs != 0) j["spread_ms"] = numberJson(c.batch.spreadMs);
    return j;
}

nlohmann::ordered_json clientToJson(const Client& c) {
    const Client d;
    nlohmann::ordered_json j;
    j["name"] = c.name;
    j["target"] = c.target;
    j["arrival"] = arrivalToJson(c);
    writeList(j, "rate_profile", c.rateProfile, rateStepToJson);
    if (c.deadline) j["deadline_ms"] = millisJson(*c.deadline);
    if (c.timeout) j["timeout_ms"] = millisJson(*c.timeout);
    writeRetry(j, c);
    if (c.priority != d.priority) j["priority"] = priorityName(c.priority);
    if (c.tenant != d.tenant) j["tenant"] = c.tenant;
    if (c.idempotencyKey != d.idempotencyKey) j["idempotency_key"] = c.idempotencyKey;
    if (c.idempotent != d.idempotent) j["idempotent"] = c.idempotent;
    return j;
}

double serviceTimeValue(const ServiceTime& st, std::string_view key) {
    if (key == "value_ms") return st.valueMs;
    if (key == "mean_ms") return st.meanMs;
    if (key == "median_ms") return st.medianMs;
    if (key == "p99_ms") return st.p99Ms;
    if (key == "min_ms") return st.minMs;
    return st.maxMs;
}

nlohmann::ordered_json serviceTimeToJson(const ServiceTime& st) {
    nlohmann::ordered_json j;
    j["dist"] = serviceTimeDistName(st.dist);
    for (std::string_view key : schema::serviceTimeKeysFor(st.dist))
        j[std::string(key)] = numberJson(serviceTimeValue(st, key));
    return j;
}

nlohmann::ordered_json callToJson(const Call& c) {
    nlohmann::ordered_json j;
    j["to"] = c.to;
    j["probability"] = numberJson(c.probability);
    if (c.timeout) j["timeout_ms"] = millisJson(*c.timeout);
    writeRetry(j, c);
    if (c.circuitBreaker) j["circuit_breaker"] = toJson(*c.circuitBreaker);
    if (c.bulkhead) j["bulkhead"] = toJson(*c.bulkhead);
    if (c.fallback) j["fallback"] = toJson(*c.fallback);
    if (c.deadlinePropagation) j["deadline_propagation"] = toJson(*c.deadlinePropagation);
    if (c.adaptiveTimeout) j["adaptive_timeout"] = toJson(*c.adaptiveTimeout);
    if (!c.order.empty() && c.order != defaultLayerOrder()) // empty: the default too (calls built in code)
        writeList(j, "order", c.order, policyLayerName);
    return j;
}

// Only the keys that differ from their defaults, after the file.
nlohmann::ordered_json replayToJson(const Replay& r) {
    const Replay d;
    nlohmann::ordered_json j;
    j["file"] = r.file;
    if (r.format != d.format) j["format"] = enumName(r.format, schema::kReplayFormats);
    if (r.windowS != d.windowS) j["window_s"] = numberJson(r.windowS);
    if (r.startS != d.startS) j["start_s"] = numberJson(r.startS);
    if (r.timeScale != d.timeScale) j["time_scale"] = numberJson(r.timeScale);
    if (r.afterEnd != d.afterEnd) j["after_end"] = enumName(r.afterEnd, schema::kReplayAfterEnds);
    if (r.latency != d.latency) j["latency"] = enumName(r.latency, schema::kReplayLatencies);
    return j;
}

nlohmann::ordered_json serviceToJson(const Service& s) {
    nlohmann::ordered_json j;
    j["name"] = s.name;
    j["workers"] = s.workers;
    if (s.queueCapacity) j["queue_capacity"] = *s.queueCapacity;
    j["service_time"] = serviceTimeToJson(s.serviceTime);
    if (s.errorRate != 0) j["error_rate"] = numberJson(s.errorRate);
    if (s.concurrencyControl != ConcurrencyControl::None)
        j["concurrency_control"] = enumName(s.concurrencyControl, schema::kConcurrencyControls);
    if (s.ingress.rateLimiter || s.ingress.loadShedder) {
        auto& ingress = j["ingress"] = nlohmann::ordered_json::object();
        if (s.ingress.rateLimiter) ingress["rate_limiter"] = toJson(*s.ingress.rateLimiter);
        if (s.ingress.loadShedder) ingress["load_shedder"] = toJson(*s.ingress.loadShedder);
    }
    writeList(j, "calls", s.calls, callToJson);
    if (s.replay) j["replay"] = replayToJson(*s.replay);
    return j;
}

} // namespace

nlohmann::ordered_json faultToJson(const Fault& f, bool scheduled) {
    nlohmann::ordered_json j;
    if (!f.id.empty()) j["id"] = f.id;
    j["target"] = f.target;
    j["kind"] = faultKindName(f.kind);
    if (scheduled) {
        j["from_s"] = numberJson(f.fromS);
        j["to_s"] = numberJson(f.toS);
    }
    switch (f.kind) {
    case FaultKind::Outage:
        j["mode"] = enumName(f.mode, schema::kOutageModes);
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
    // clients and services are required: written even when empty.
    j["clients"] = nlohmann::ordered_json::array();
    j["services"] = nlohmann::ordered_json::array();
    for (const auto& c : s.clients)
        j["clients"].push_back(clientToJson(c));
    for (const auto& svc : s.services)
        j["services"].push_back(serviceToJson(svc));
    writeList(j, "faults", s.faults, [](const Fault& f) { return faultToJson(f, true); });
    writeList(j, "changes", s.changes, changeToJson);
    if (s.lesson) j["lesson"] = lessonToJson(*s.lesson);
    return j;
}

std::string saveScenarioText(const Scenario& s) {
    return scenarioToJson(s).dump(2) + "\n";
}

} // namespace rl::scenario
