// libFuzzer target: bytes -> the scenario loader (what `resilience-lab validate FILE` does). Any input
// must give a scenario or diagnostics, never a crash, hang or sanitizer report; a scenario that loads
// must also save and load back to an equal model.
#include "core/scenario/scenario_json.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const rl::scenario::LoadResult loaded = rl::scenario::parseScenario(text);
    if (loaded.scenario) {
        const rl::scenario::LoadResult again =
            rl::scenario::parseScenario(rl::scenario::saveScenarioText(*loaded.scenario));
        if (!again.scenario || !(*again.scenario == *loaded.scenario)) {
            std::fprintf(stderr, "saved scenario does not load back equal:\n%s\n",
                         again.diagnostics.toString().c_str());
            std::abort();
        }
    }
    return 0;
}
