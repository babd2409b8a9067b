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

inline constexpr std::string_view kDefaultBuiltinScenario = "payments-outage";

} // namespace rl
