#pragma once
// Resolves a SCENARIO argument of the headless commands (run, sweep, validate): a file path or
// "builtin:NAME", with `--set PATH=VALUE` overrides applied to the JSON before it is validated.
// Any problem throws UsageError listing every problem, one per line, as "ORIGIN: path: message"
// (ORIGIN is the file path, "builtin:NAME", or the option of a bad override: "--set", "--vary"), so the
// command exits 2.
#include "core/scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace rl::cli {

struct ScenarioSource {
    scenario::Scenario scenario;
    std::string origin; // the file path or "builtin:NAME"
};

inline constexpr const char* kBuiltinPrefix = "builtin:";

ScenarioSource loadScenarioArgument(const std::string& arg, const std::vector<std::string>& overrides);

// One PATH=VALUE assignment and the option that gave it, which problems with it name as their origin
// ("--set", or "--vary" for a sweep's values).
struct Override {
    std::string assignment;
    std::string option = "--set";
};
ScenarioSource loadScenarioWithOverrides(const std::string& arg, const std::vector<Override>& overrides);

// One problem with a scenario argument: where (file path, "builtin:NAME" or "--set"), the JSON path
// (may be empty) and what is wrong.
struct ScenarioProblem {
    std::string origin;
    std::string path;
    std::string message;
    std::string toString() const { return origin + ": " + (path.empty() ? "" : path + ": ") + message; }
};

// The same without throwing for problems in the scenario itself: returns nullopt and fills `problems`.
// Still throws UsageError for an unknown builtin name or an unreadable file.
std::optional<ScenarioSource> tryLoadScenarioArgument(const std::string& arg,
                                                      const std::vector<std::string>& overrides,
                                                      std::vector<ScenarioProblem>& problems);
std::optional<ScenarioSource> tryLoadScenarioWithOverrides(const std::string& arg,
                                                           const std::vector<Override>& overrides,
                                                           std::vector<ScenarioProblem>& problems);

} // namespace rl::cli
