#pragma once

namespace rl::app {

// True when a Qt GUI can start: a platform was chosen explicitly (QT_QPA_PLATFORM) or an X11 or
// Wayland display is there. Without one, Qt would abort with a cryptic "could not connect to display".
bool displayAvailable();

// What `resilience-lab` with no arguments does on a machine without a display: explain, then run the
// default built-in scenario headless and print its summary. Returns the exit code.
int runHeadlessInstead();

} // namespace rl::app
