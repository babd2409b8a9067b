#pragma once
// `--set PATH=VALUE` overrides on a scenario document, and the path language they share with the
// diagnostics: "services[0].calls[1].retry.max_attempts".
#include "core/scenario/diagnostics.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario {

// One step of a JSON path: a key, or an array index.
struct PathStep {
    std::string key; // empty for an index
    std::size_t index = 0;
    bool isIndex() const { return key.empty(); }
};
// Splits "services[0].calls[1].to"; nullopt (with `error` set) on bad syntax.
std::optional<std::vector<PathStep>> splitPath(std::string_view path, std::string& error);

// Applies one `--set PATH=VALUE` to the document (before it is parsed). PATH uses the diagnostics'
// syntax ("services[0].calls[0].retry.max_attempts"); VALUE is parsed as JSON if it is valid JSON, else
// taken as a string; `null` removes the key (an optional policy, a default put back). Every step of PATH must exist, except that the last key may be created if it is
// a key that object accepts. On a problem the document is left unchanged and the diagnostic names the
// path (with a "did you mean" when a key is misspelled).
Diagnostics applyOverride(nlohmann::json& doc, const std::string& assignment);

} // namespace rl::scenario
