// libFuzzer target: bytes -> one `--set PATH=VALUE` on the built-in payments-outage scenario, then the
// loader on the result. Exercises splitPath, the value parser and the "did you mean" probes.
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const nlohmann::json base = [] {
        rl::scenario::Diagnostics ignored;
        return *rl::scenario::parseJsonText(std::string(rl::findBuiltinScenario("payments-outage")->json),
                                            ignored);
    }();
    nlohmann::json doc = base;
    const std::string assignment(reinterpret_cast<const char*>(data), size);
    if (rl::scenario::applyOverride(doc, assignment).empty()) (void)rl::scenario::parseScenarioJson(doc);
    return 0;
}
