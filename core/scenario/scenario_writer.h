#pragma once
// Scenario -> JSON, with the contract's key order (docs/scenario-format.md). Optional keys at their
// default are left out, so saved files stay close to what people write.
#include "core/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <string>

namespace rl::scenario {

// parseScenarioJson(scenarioToJson(s)) == s.
nlohmann::ordered_json scenarioToJson(const Scenario& scenario);
// Pretty-printed (2 spaces), stable key order, ending with a newline.
std::string saveScenarioText(const Scenario& scenario);
// A scheduled fault (with from_s and to_s) or one started by a change (no window).
nlohmann::ordered_json faultToJson(const Fault& fault, bool scheduled);

} // namespace rl::scenario
