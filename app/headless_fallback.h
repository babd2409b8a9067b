#pragma once
#include <optional>
#include <string>

namespace rl::app {

// True when a Qt GUI can start: a platform was chosen explicitly (QT_QPA_PLATFORM) or an X11 or
// Wayland display is there. Without one, Qt would abort with a cryptic "could not connect to display".
bool displayAvailable();

// What `resilience-lab [SCENARIO]` does on a machine without a display: explain, then run SCENARIO (a
// file or builtin:NAME; the default built-in scenario when none is given) headless and print its
// summary. Returns the exit code of `resilience-lab run SCENARIO`.
int runHeadlessInstead(const std::optional<std::string>& scenario);

} // namespace rl::app
