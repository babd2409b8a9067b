#include "app/cli/scenario_source.h"

#include "app/cli/command.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/replay_log.h"
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"

#include <filesystem>
#include <span>

namespace rl::cli {
namespace {

std::string builtinNames() {
    std::string names;
    for (const auto& b : builtinScenarios())
        names += (names.empty() ? "" : ", ") + std::string(b.name);
    return names;
}

void collect(const std::string& origin, const scenario::Diagnostics& diagnostics,
             std::vector<ScenarioProblem>& problems) {
    for (const auto& d : diagnostics.items())
        problems.push_back({origin, d.path, d.message});
}

std::vector<Override> setOverrides(const std::vector<std::string>& assignments) {
    std::vector<Override> overrides;
    for (const auto& a : assignments)
        overrides.push_back({a, "--set"});
    return overrides;
}

// `--set PATH=VALUE` reads VALUE as JSON when it can, so `tenant=42` sets the number 42. When the loader
// then wants a string at exactly that path, the problem is the override's: say so, and how to quote it.
void explainOverrideTypes(const std::vector<Override>& overrides, std::span<ScenarioProblem> problems) {
    for (auto& p : problems) {
        if (!p.message.starts_with("expected a string, got ")) continue;
        for (const auto& o : overrides) {
            const auto eq = o.assignment.find('=');
            if (eq == std::string::npos || o.assignment.substr(0, eq) != p.path) continue;
            const std::string value = o.assignment.substr(eq + 1);
            p.origin = o.option;
            p.message += "; " + o.option + " reads VALUE as JSON, so quote it as a JSON string: " + o.option +
                         " '" + p.path + "=\"" + value + "\"'";
        }
    }
}

} // namespace

ScenarioSource loadScenarioArgument(const std::string& arg, const std::vector<std::string>& overrides) {
    return loadScenarioWithOverrides(arg, setOverrides(overrides));
}

std::optional<ScenarioSource> tryLoadScenarioArgument(const std::string& arg,
                                                      const std::vector<std::string>& overrides,
                                                      std::vector<ScenarioProblem>& problems) {
    return tryLoadScenarioWithOverrides(arg, setOverrides(overrides), problems);
}

ScenarioSource loadScenarioWithOverrides(const std::string& arg, const std::vector<Override>& overrides) {
    std::vector<ScenarioProblem> problems;
    auto source = tryLoadScenarioWithOverrides(arg, overrides, problems);
    if (!source) {
        std::string text;
        for (const auto& p : problems)
            text += (text.empty() ? "" : "\n") + p.toString();
        throw UsageError(text);
    }
    return std::move(*source);
}

std::optional<ScenarioSource> tryLoadScenarioWithOverrides(const std::string& arg,
                                                           const std::vector<Override>& overrides,
                                                           std::vector<ScenarioProblem>& out) {
    if (arg.empty()) throw UsageError("missing SCENARIO (a JSON file, or builtin:NAME)");
    ScenarioSource source;
    source.origin = arg;
    scenario::Diagnostics problems;
    std::string text;
    if (arg.starts_with(kBuiltinPrefix)) {
        const std::string name = arg.substr(std::string(kBuiltinPrefix).size());
        const BuiltinScenario* builtin = findBuiltinScenario(name);
        if (!builtin) {
            std::vector<std::string_view> names;
            for (const auto& b : builtinScenarios())
                names.push_back(b.name);
            std::string message = "no built-in scenario named '" + name + "'";
            if (auto s = scenario::suggestName(name, names))
                message += "; did you mean 'builtin:" + *s + "'?";
            message += " (built-ins: " + builtinNames() + "; 'resilience-lab scenarios' describes them)";
            throw UsageError(message);
        }
        text = std::string(builtin->json);
    } else {
        auto fileText = scenario::readTextFile(arg, problems);
        if (!fileText) {
            std::string message = problems.items().front().message;
            if (!arg.ends_with(".json") && arg.find('/') == std::string::npos && findBuiltinScenario(arg))
                message += " (did you mean 'builtin:" + arg + "'?)";
            throw UsageError(message);
        }
        text = std::move(*fileText);
    }
    auto doc = scenario::parseJsonText(text, problems);
    if (!doc) {
        collect(arg, problems, out);
        return std::nullopt;
    }
    bool overridesOk = true;
    for (const auto& o : overrides) {
        const scenario::Diagnostics d = scenario::applyOverride(*doc, o.assignment);
        collect(o.option, d, out);
        overridesOk = overridesOk && d.empty();
    }
    if (!overridesOk) return std::nullopt;
    scenario::LoadResult loaded = scenario::parseScenarioJson(*doc);
    if (!loaded.scenario || !problems.empty()) { // problems: keys written twice in the text
        const std::size_t first = out.size();
        collect(arg, problems, out);
        collect(arg, loaded.diagnostics, out);
        explainOverrideTypes(overrides, std::span(out).subspan(first));
        return std::nullopt;
    }
    // Recorded logs that services replay: relative paths are from the scenario file's directory.
    const std::string baseDir =
        arg.starts_with(kBuiltinPrefix) ? std::string() : std::filesystem::path(arg).parent_path().string();
    scenario::Diagnostics logProblems;
    scenario::attachReplayLogs(*loaded.scenario, baseDir, logProblems);
    if (!logProblems.empty()) {
        collect(arg, logProblems, out);
        return std::nullopt;
    }
    source.scenario = std::move(*loaded.scenario);
    return source;
}

} // namespace rl::cli
