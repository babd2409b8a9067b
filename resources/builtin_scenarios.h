#pragma once
// The scenarios compiled into the binary (resources/scenarios/*.json), addressed as "builtin:NAME".
#include <span>
#include <string_view>

namespace rl {

struct BuiltinScenario {
    std::string_view name; // file name without .json
    std::string_view json; // the file's bytes
};

std::span<const BuiltinScenario> builtinScenarios();
// nullptr when there is no built-in scenario of that name.
const BuiltinScenario* findBuiltinScenario(std::string_view name);

// Recorded logs compiled into the binary (resources/replay/NAME), which scenarios name as
// "builtin-data:NAME" (e.g. a service's replay file).
struct BuiltinData {
    std::string_view name;  // file name, extension included
    std::string_view bytes; // the file's bytes
};

std::span<const BuiltinData> builtinData();
// nullptr when there is no built-in log of that name.
const BuiltinData* findBuiltinData(std::string_view name);

inline constexpr std::string_view kDefaultBuiltinScenario = "payments-outage";

} // namespace rl
