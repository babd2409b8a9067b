#include "app/launch_args.h"

#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "core/scenario/json_reader.h"
#include "resources/builtin_scenarios.h"

#include <filesystem>
#include <system_error>

namespace rl::app {
namespace {

LaunchRequest classifyBuiltin(const std::string& arg) {
    const std::string name = arg.substr(std::string(cli::kBuiltinPrefix).size());
    if (findBuiltinScenario(name)) return GuiLaunch{arg};
    std::vector<std::string_view> names;
    std::string list;
    for (const auto& b : builtinScenarios()) {
        names.push_back(b.name);
        list += (list.empty() ? "" : ", ") + std::string(b.name);
    }
    std::string message = "no built-in scenario named '" + name + "'";
    if (auto s = scenario::suggestName(name, names)) message += "; did you mean 'builtin:" + *s + "'?";
    return LaunchError{message + " (built-ins: " + list + ")"};
}

// A word that can only be meant as a file: it has a folder or a file-name extension.
bool looksLikePath(const std::string& arg) {
    const auto slash = arg.find_last_of('/');
    const auto dot = arg.find_last_of('.');
    return slash != std::string::npos || (dot != std::string::npos && dot > 0 && dot + 1 < arg.size());
}

} // namespace

LaunchRequest classifyLaunchArgs(const std::vector<std::string>& given) {
    // --play belongs to the GUI: take it out, decide on the rest, and put it back on a GUI launch.
    std::vector<std::string> args;
    bool play = false;
    for (const auto& a : given) {
        if (a == "--play")
            play = true;
        else
            args.push_back(a);
    }
    if (play && args.size() <= 1 && (args.empty() || !cli::findCommand(args[0]))) {
        LaunchRequest rest = classifyLaunchArgs(args);
        if (auto* gui = std::get_if<GuiLaunch>(&rest)) gui->play = true;
        return rest;
    }
    if (args.empty()) return GuiLaunch{};
    const std::string& first = args[0];
    if (args.size() > 1 || first.starts_with("-") || first == "help" || cli::findCommand(first))
        return CliLaunch{};
    if (first.starts_with(cli::kBuiltinPrefix)) return classifyBuiltin(first);

    std::error_code ec;
    const std::filesystem::path path(first);
    if (std::filesystem::is_directory(path, ec))
        return LaunchError{"'" + first +
                           "' is a directory; expected a scenario file (.json) or builtin:NAME"};
    if (std::filesystem::exists(path, ec)) return GuiLaunch{first};
    if (looksLikePath(first))
        return LaunchError{"cannot open scenario file '" + first +
                           "': no such file (expected a scenario file (.json) or builtin:NAME)"};
    return CliLaunch{}; // not a file: an unknown command, reported with a "did you mean" by runCli
}

} // namespace rl::app
