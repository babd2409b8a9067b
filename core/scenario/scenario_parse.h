#pragma once
// JSON -> Scenario: reads every object of a scenario document against the schema (scenario_schema.h),
// then runs the whole-scenario checks (scenario_checks.h). Every problem is reported at once, each at
// its JSON path; nothing here throws on bad input.
#include "core/scenario/diagnostics.h"
#include "core/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rl::scenario {

struct LoadResult {
    std::optional<Scenario> scenario; // set only when there is no diagnostic
    Diagnostics diagnostics;
};

// Validates a JSON document and builds the Scenario.
LoadResult parseScenarioJson(const nlohmann::json& doc);
// Text -> Scenario: a syntax error or a duplicate key is reported as parseJsonText does (json_text.h).
LoadResult parseScenario(const std::string& text);
LoadResult loadScenarioFile(const std::string& path);

// One fault object: a scheduled one (faults[i], with from_s and to_s) or one started by a change
// (start_fault: an id, no window).
Fault parseFault(const nlohmann::json& value, const std::string& path, Diagnostics& out, bool scheduled);

} // namespace rl::scenario
