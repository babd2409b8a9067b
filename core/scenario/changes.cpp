#include "core/scenario/changes.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/parameter_table.h"
#include "core/scenario/replay_log.h"
#include "core/scenario/scenario_json.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace rl::scenario {

namespace {

const std::vector<std::string_view> kChangeKeys = {"at_s", "set", "layers", "start_fault", "end_fault"};

std::string quote(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// A setting's value: JSON when it parses as JSON, else the plain text as a string (as `--set` does).
nlohmann::json settingValue(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error&) {
        return text;
    }
}

// Writes `value` at the tunable `path`, creating the objects on the way that the saver left out
// because they were at their defaults (e.g. a retry's "backoff").
bool writeAt(nlohmann::json& doc, const std::string& path, const nlohmann::json& value, std::string& error) {
    const auto steps = splitPath(path, error);
    if (!steps) return false;
    nlohmann::json* current = &doc;
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const PathStep& step = (*steps)[i];
        const bool last = i + 1 == steps->size();
        if (step.isIndex()) {
            if (!current->is_array() || step.index >= current->size()) {
                error = "no such item";
                return false;
            }
            current = &(*current)[step.index];
        } else {
            if (!current->is_object()) {
                error = "no such object";
                return false;
            }
            if (last && value.is_null()) { // null: back to "none", the key's absence
                current->erase(step.key);
                return true;
            }
            if (!current->contains(step.key))
                (*current)[step.key] = last ? nlohmann::json() : nlohmann::json::object();
            current = &(*current)[step.key];
        }
        if (last) *current = value;
    }
    return true;
}

bool hasTimeout(const Call& c) {
    return c.timeout || c.adaptiveTimeout || (c.deadlinePropagation && c.deadlinePropagation->enabled);
}

bool layerConfigured(const Scenario& s, const LayerRef& ref) {
    if (ref.client) {
        const Client& c = s.clients[ref.owner];
        return (ref.layer == PolicyLayer::Retry && c.retry) ||
               (ref.layer == PolicyLayer::Timeout && (c.timeout || c.deadline));
    }
    const Call& c = s.services[ref.owner].calls[ref.call];
    switch (ref.layer) {
    case PolicyLayer::Fallback:
        return c.fallback.has_value();
    case PolicyLayer::Retry:
        return c.retry.has_value();
    case PolicyLayer::CircuitBreaker:
        return c.circuitBreaker.has_value();
    case PolicyLayer::Bulkhead:
        return c.bulkhead.has_value();
    case PolicyLayer::Timeout:
        return hasTimeout(c);
    }
    return false;
}

} // namespace

TimePoint changeTime(const Change& change) {
    return fromMillis(change.atS * 1000.0);
}

std::vector<Change> parseChanges(const nlohmann::json& list, const std::string& path, Diagnostics& out) {
    std::vector<Change> changes;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string here = indexPath(path, i);
        JsonReader r(list[i], here, out, kChangeKeys);
        if (!r.isObject()) continue;
        Change c;
        if (r.require("at_s")) r.readNumber("at_s", c.atS, Bound::NonNegative);
        if (const nlohmann::json* set = r.get("set")) {
            if (!set->is_object())
                r.error("set", "expected an object of \"PATH\": VALUE, got " + describeValue(*set));
            else
                for (const auto& [key, value] : set->items())
                    c.set.emplace_back(key, value.dump());
        }
        if (const nlohmann::json* layers = r.get("layers")) {
            if (!layers->is_object()) {
                r.error("layers", "expected an object of \"LAYER PATH\": \"on\" or \"off\", got " +
                                      describeValue(*layers));
            } else {
                for (const auto& [key, value] : layers->items()) {
                    if (value == "on" || value == "off")
                        c.layers.emplace_back(key, value == "on");
                    else
                        out.add(childPath(r.pathOf("layers"), key),
                                "expected \"on\" or \"off\", got " + describeValue(value));
                }
            }
        }
        if (const nlohmann::json* fault = r.get("start_fault"))
            c.startFault = parseFault(*fault, r.pathOf("start_fault"), out, false);
        if (r.readString("end_fault", c.endFault) && r.has("end_fault") && c.endFault.empty())
            r.error("end_fault", "must name a fault's id");
        if (c.set.empty() && c.layers.empty() && !c.startFault && c.endFault.empty() && !r.failed())
            out.add(here,
                    "does nothing: give at least one of \"set\", \"layers\", \"start_fault\", \"end_fault\"");
        changes.push_back(std::move(c));
    }
    return changes;
}

nlohmann::ordered_json changeToJson(const Change& c) {
    nlohmann::ordered_json j;
    j["at_s"] = c.atS;
    if (!c.set.empty()) {
        auto& set = j["set"] = nlohmann::ordered_json::object();
        for (const auto& [path, value] : c.set)
            set[path] = nlohmann::ordered_json(settingValue(value));
    }
    if (!c.layers.empty()) {
        auto& layers = j["layers"] = nlohmann::ordered_json::object();
        for (const auto& [path, on] : c.layers)
            layers[path] = on ? "on" : "off";
    }
    if (c.startFault) j["start_fault"] = faultToJson(*c.startFault, false);
    if (!c.endFault.empty()) j["end_fault"] = c.endFault;
    return j;
}

std::optional<LayerRef> resolveLayerPath(const Scenario& s, const std::string& path, std::string& error) {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) {
        error = "expected OWNER.LAYER, e.g. services[0].calls[0].circuit_breaker or clients[0].retry";
        return std::nullopt;
    }
    const std::string layerName = path.substr(dot + 1);
    LayerRef ref;
    bool known = false;
    for (const auto& [name, layer] : schema::kLayers)
        if (name == layerName) {
            ref.layer = layer;
            known = true;
        }
    if (!known) {
        error = "unknown layer " + quote(layerName) + "; expected one of fallback, retry, circuit_breaker, " +
                "bulkhead, timeout";
        if (auto guess = suggestName(layerName, enumNames(schema::kLayers)))
            error += "; did you mean " + quote(*guess) + "?";
        return std::nullopt;
    }
    const auto steps = splitPath(path.substr(0, dot), error);
    if (!steps) return std::nullopt;
    const auto& st = *steps;
    if (st.size() == 2 && st[0].key == "clients" && st[1].isIndex()) {
        ref.client = true;
        ref.owner = st[1].index;
        if (ref.owner >= s.clients.size()) {
            error = "no such client: the scenario has " + std::to_string(s.clients.size());
            return std::nullopt;
        }
    } else if (st.size() == 4 && st[0].key == "services" && st[1].isIndex() && st[2].key == "calls" &&
               st[3].isIndex()) {
        ref.owner = st[1].index;
        ref.call = st[3].index;
        if (ref.owner >= s.services.size() || ref.call >= s.services[ref.owner].calls.size()) {
            error = "no such call in the scenario";
            return std::nullopt;
        }
    } else {
        error = "a layer belongs to a call (services[S].calls[C].LAYER) or a client (clients[C].LAYER)";
        return std::nullopt;
    }
    if (!layerConfigured(s, ref)) {
        error = "no " + layerName + " is configured there; add one to the scenario to switch it";
        return std::nullopt;
    }
    return ref;
}

std::string layerPath(const LayerRef& ref) {
    std::string owner =
        ref.client ? "clients[" + std::to_string(ref.owner) + "]"
                   : "services[" + std::to_string(ref.owner) + "].calls[" + std::to_string(ref.call) + "]";
    return owner + "." + std::string(enumName(ref.layer, schema::kLayers));
}

std::optional<Scenario> applySettings(const Scenario& current, const Change& change, const std::string& path,
                                      Diagnostics& out) {
    if (change.set.empty()) return current;
    Scenario plain = current;
    plain.changes.clear(); // the settings are checked on the scenario alone (its lesson plays no part)
    plain.lesson.reset();
    const std::string setPath = childPath(path, "set");
    nlohmann::json doc = scenarioToJson(plain);
    bool ok = true;
    for (const auto& [target, valueText] : change.set) {
        const auto tunable = findTunable(plain, target);
        if (!tunable) {
            out.add(childPath(setPath, target),
                    "cannot change during a run: not a tunable parameter of this scenario (the tunable ones "
                    "are listed by 'resilience-lab parameters')");
            ok = false;
            continue;
        }
        const nlohmann::json value = settingValue(valueText);
        if (value.is_null() && !tunable->spec->noneAllowed) {
            out.add(childPath(setPath, target),
                    "must have a value (null, meaning none, is not allowed here)");
            ok = false;
            continue;
        }
        std::string error;
        if (!writeAt(doc, target, value, error)) {
            out.add(childPath(setPath, target), error);
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    LoadResult next = parseScenarioJson(doc);
    if (!next.scenario) {
        for (const auto& d : next.diagnostics.items())
            out.add(childPath(setPath, d.path), d.message);
        return std::nullopt;
    }
    next.scenario->changes = current.changes;
    next.scenario->lesson = current.lesson;
    carryReplayLogs(current, *next.scenario);
    return next.scenario;
}

void checkChanges(const Scenario& scenario, Diagnostics& out) {
    Scenario state = scenario;
    std::set<std::string> known; // every fault id so far (scheduled or started)
    for (std::size_t i = 0; i < scenario.faults.size(); ++i) {
        if (!scenario.faults[i].id.empty()) known.insert(scenario.faults[i].id);
        known.insert(indexPath("faults", i)); // a scheduled fault may also be named by its place
    }
    double previous = 0;
    for (std::size_t i = 0; i < scenario.changes.size(); ++i) {
        const Change& c = scenario.changes[i];
        const std::string path = indexPath("changes", i);
        if (c.atS > scenario.durationS)
            out.add(childPath(path, "at_s"), "must be <= duration_s (" + formatNumber(scenario.durationS) +
                                                 "), got " + formatNumber(c.atS));
        if (c.atS < previous)
            out.add(childPath(path, "at_s"),
                    "changes must be ordered by time: must be >= " + formatNumber(previous) +
                        " (the previous change's at_s), got " + formatNumber(c.atS));
        previous = std::max(previous, c.atS);
        if (auto next = applySettings(state, c, path, out)) state = std::move(*next);
        for (const auto& [layer, on] : c.layers) {
            std::string error;
            if (!resolveLayerPath(state, layer, error))
                out.add(childPath(childPath(path, "layers"), layer), error);
        }
        if (!c.endFault.empty()) {
            if (!known.contains(c.endFault))
                out.add(childPath(path, "end_fault"), "no fault with id " + quote(c.endFault) +
                                                          " (name a fault by its \"id\" or as faults[N])");
        }
        if (c.startFault) {
            const Fault& f = *c.startFault;
            const std::string faultPath = childPath(path, "start_fault");
            if (!state.findService(f.target)) {
                std::vector<std::string_view> names;
                for (const auto& svc : state.services)
                    names.push_back(svc.name);
                std::string message = "no service named " + quote(f.target);
                if (auto guess = suggestName(f.target, names))
                    message += "; did you mean " + quote(*guess) + "?";
                out.add(childPath(faultPath, "target"), message);
            }
            if (known.contains(f.id))
                out.add(childPath(faultPath, "id"),
                        "duplicate id " + quote(f.id) + " (ids name one fault each)");
            known.insert(f.id);
        }
    }
}

} // namespace rl::scenario
