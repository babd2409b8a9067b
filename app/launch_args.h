#pragma once
// What `resilience-lab ARGS...` was asked to do, decided from the arguments alone (main() dispatches
// on it): open the GUI (optionally on a scenario), run a headless command, or refuse with a message.
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rl::app {

// Open the GUI; `scenario` is an existing file or a known "builtin:NAME" when one was given.
struct GuiLaunch {
    std::optional<std::string> scenario;
    bool play = false; // --play: start it at once
};
// A headless command (or --help, --version, or an unknown word: rl::cli::runCli reports it).
struct CliLaunch {};
// Bad usage caught before anything starts; `message` names the argument and what was expected.
struct LaunchError {
    std::string message;
};

using LaunchRequest = std::variant<GuiLaunch, CliLaunch, LaunchError>;

// No arguments: the GUI. `--play` beside a scenario (or alone) asks the GUI to start it. One argument that is
// not a command nor an option: a scenario for the GUI if it is an existing file or a known builtin:NAME; an
// error if it names a missing file, a directory or an unknown built-in. A word that is neither a file nor a
// command goes to the CLI, which answers "unknown command 'scenario'; did you mean 'scenarios'?".
LaunchRequest classifyLaunchArgs(const std::vector<std::string>& args);

} // namespace rl::app
