#pragma once
// Shared by the trace drivers' create functions: --config problems (the scenario parser's diagnostics,
// a primitive's ConfigError, a bad "seed") gathered into one TraceConfigError, one problem per line.
#include "app/trace/trace_driver.h"
#include "core/common/config_error.h"
#include "core/scenario/diagnostics.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rl::trace {

// Appends one problem per diagnostic ("path: message").
void appendProblems(const scenario::Diagnostics& diagnostics, std::vector<std::string>& problems);

// Throws TraceConfigError with `problems` followed by the diagnostics, if there is any.
void throwIfProblems(const scenario::Diagnostics& diagnostics, std::vector<std::string> problems = {});

// One of rl::scenario's parse functions (core/scenario/policy_json.h).
template <typename Config>
using ConfigParser = std::optional<Config> (*)(const nlohmann::json&, const std::string&,
                                               scenario::Diagnostics&);

// Parses --config (already checked to be an object) with `parse`; problems the driver found first (a bad
// seed) come before the parser's. Throws TraceConfigError unless the config is valid.
template <typename Config>
Config parseConfig(ConfigParser<Config> parse, const nlohmann::json& config,
                   std::vector<std::string> problems = {}) {
    scenario::Diagnostics diagnostics;
    std::optional<Config> parsed = parse(config, "", diagnostics);
    appendProblems(diagnostics, problems);
    if (!parsed || !problems.empty()) throw TraceConfigError(std::move(problems));
    return std::move(*parsed);
}

// For a config read key by key with a scenario::JsonReader: if reading found no problem, runs
// config.validate() and records its ConfigError as a diagnostic; then throws if there is any problem.
template <typename Config> void validateOrThrow(const Config& config, scenario::Diagnostics& diagnostics) {
    if (diagnostics.empty()) {
        try {
            config.validate();
        } catch (const ConfigError& e) {
            diagnostics.add(e.field(), e.problem());
        }
    }
    throwIfProblems(diagnostics);
}

// Builds the driver; a ConfigError thrown by the primitive's constructor becomes a TraceConfigError.
template <typename Driver, typename... Args> std::unique_ptr<TraceDriver> makeDriver(Args&&... args) {
    try {
        return std::make_unique<Driver>(std::forward<Args>(args)...);
    } catch (const ConfigError& e) {
        throw TraceConfigError({e.what()});
    }
}

// Reads the driver-only key "seed" (a whole number >= 0, default 1) and removes it from `config`, so the
// rest parses with the scenario keys; a bad seed is added to `problems`.
std::uint64_t takeSeed(nlohmann::json& config, std::vector<std::string>& problems);

} // namespace rl::trace
