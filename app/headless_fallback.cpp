#include "app/headless_fallback.h"

#include "app/cli/command.h"
#include "resources/builtin_scenarios.h"

#include <cstdlib>
#include <iostream>
#include <string>

namespace rl::app {

bool displayAvailable() {
    auto set = [](const char* name) {
        const char* v = std::getenv(name);
        return v && *v;
    };
    return set("QT_QPA_PLATFORM") || set("DISPLAY") || set("WAYLAND_DISPLAY");
}

int runHeadlessInstead(const std::optional<std::string>& scenario) {
    const std::string what = scenario ? "'" + *scenario + "'" : "the default built-in scenario";
    std::cerr << "resilience-lab: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the GUI\n"
                 "cannot open. Running "
              << what
              << " headless instead.\n"
                 "(For the GUI, run on a desktop or under xvfb-run; for headless use, see "
                 "'resilience-lab --help'.)\n\n";
    if (!cli::findCommand("run")) {
        std::cerr << "resilience-lab: this build has no simulation yet; nothing to run.\n";
        return cli::kExitFailed;
    }
    return cli::runCli({"run", scenario.value_or("builtin:" + std::string(kDefaultBuiltinScenario))},
                       {std::cout, std::cerr});
}

} // namespace rl::app
