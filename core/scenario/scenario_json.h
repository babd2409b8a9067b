#pragma once
// Loading, validating and saving scenario files (docs/scenario-format.md), and `--set PATH=VALUE`
// overrides. Every problem of a file is reported at once, each at its JSON path:
//   services[1].calls[0].retry.max_attempts: must be in [1, 100], got 0
//   clients[0].target: no service named "chekout"; did you mean "checkout"?
//   services[0].calls[0].to: call cycle: checkout -> payments -> checkout
// JSON syntax errors name the line and column. Nothing here throws on bad input.
#include "core/scenario/diagnostics.h"
#include "core/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario {

struct LoadResult {
    std::optional<Scenario> scenario; // set only when there is no diagnostic
    Diagnostics diagnostics;
};

// Text -> JSON document; a syntax error becomes "line L, column C: not valid JSON: ..." (and nullopt).
// A key written twice in one object is reported at its path, but the document is still returned (the
// caller must check `out`), so the other problems can be listed too.
std::optional<nlohmann::json> parseJsonText(const std::string& text, Diagnostics& out);
// Reads a whole file; an unreadable file becomes one diagnostic naming the reason.
std::optional<std::string> readTextFile(const std::string& path, Diagnostics& out);

// Validates a JSON document and builds the Scenario.
LoadResult parseScenarioJson(const nlohmann::json& doc);
LoadResult parseScenario(const std::string& text);
LoadResult loadScenarioFile(const std::string& path);

// Scenario -> JSON with the contract's key order; optional keys at their default are left out, so
// saved files stay close to what people write. parseScenarioJson(scenarioToJson(s)) == s.
nlohmann::ordered_json scenarioToJson(const Scenario& scenario);
// Pretty-printed (2 spaces), stable key order, ending with a newline.
std::string saveScenarioText(const Scenario& scenario);

// Applies one `--set PATH=VALUE` to the document (before it is parsed). PATH uses the diagnostics'
// syntax ("services[0].calls[0].retry.max_attempts"); VALUE is parsed as JSON if it is valid JSON, else
// taken as a string. Every step of PATH must exist, except that the last key may be created if it is
// a key that object accepts. On a problem the document is left unchanged and the diagnostic names the
// path (with a "did you mean" when a key is misspelled).
Diagnostics applyOverride(nlohmann::json& doc, const std::string& assignment);

// One step of a JSON path: a key, or an array index.
struct PathStep {
    std::string key; // empty for an index
    std::size_t index = 0;
    bool isIndex() const { return key.empty(); }
};
// Splits "services[0].calls[1].to"; nullopt (with `error` set) on bad syntax.
std::optional<std::vector<PathStep>> splitPath(std::string_view path, std::string& error);

// One fault object: a scheduled one (faults[i], with from_s and to_s) or one started by a change
// (start_fault: an id, no window).
Fault parseFault(const nlohmann::json& value, const std::string& path, Diagnostics& out, bool scheduled);
nlohmann::ordered_json faultToJson(const Fault& fault, bool scheduled);

// Names used in the JSON.
std::string_view policyLayerName(PolicyLayer layer);
std::string_view serviceTimeDistName(ServiceTimeDist dist);
std::string_view faultKindName(FaultKind kind);
// The call's default layer order, outermost first.
const std::vector<PolicyLayer>& defaultLayerOrder();

} // namespace rl::scenario
