#include "app/cli/command.h"

#include "core/scenario/json_reader.h"
#include "resources/builtin_scenarios.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <ostream>
#include <system_error>

namespace rl::cli {
namespace {

std::vector<Command>& registry() {
    static std::vector<Command> all;
    return all;
}

void printTopLevelHelp(std::ostream& out) {
    out << "Usage: resilience-lab [SCENARIO.json | builtin:NAME] [--play]\n"
           "                                               open the GUI (on a scenario; --play starts it)\n"
           "       resilience-lab COMMAND [OPTIONS...]     run headless\n"
           "       resilience-lab --help | --version\n\n"
           "Simulates and visualizes service resilience patterns: circuit breakers, retries with\n"
           "backoff and jitter, timeouts, bulkheads, rate limiters, load shedding and fallbacks.\n\n"
           "Commands:\n";
    for (const auto& c : commands()) {
        std::string name(c.name);
        name.resize(std::max<std::size_t>(name.size(), 12), ' ');
        out << "  " << name << "  " << c.summary << "\n";
    }
    out << "\nRun 'resilience-lab COMMAND --help' for a command's options.\n"
           "Exit codes: 0 done, 1 the run failed, 2 bad usage or bad input.\n";
}

// "unknown command 'WORD'", with the command it is likely a typo of, or the built-in scenario it names.
std::string unknownCommandMessage(const std::string& word) {
    std::vector<std::string_view> names{"help"};
    for (const auto& c : commands())
        names.push_back(c.name);
    std::string message = "unknown command '" + word + "'";
    std::error_code ec;
    if (std::filesystem::is_regular_file(word, ec))
        message += "; to run that scenario file headless: resilience-lab run " + word + " [options].";
    else if (auto s = scenario::suggestName(word, names))
        message += "; did you mean '" + *s + "'?";
    else if (findBuiltinScenario(word))
        message += "; did you mean 'builtin:" + word + "' (a built-in scenario)?";
    else
        message += ".";
    return message + " Run 'resilience-lab --help' for the list of commands.";
}

} // namespace

CommandRegistrar::CommandRegistrar(const Command& command) {
    auto& all = registry();
    all.push_back(command);
    std::sort(all.begin(), all.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
}

const std::vector<Command>& commands() {
    return registry();
}

const Command* findCommand(std::string_view name) {
    for (const auto& c : registry())
        if (c.name == name) return &c;
    return nullptr;
}

bool wantsHelp(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(),
                       [](const std::string& a) { return a == "--help" || a == "-h"; });
}

int runCli(const std::vector<std::string>& args, Streams io) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printTopLevelHelp(io.out);
        return kExitOk;
    }
    if (args[0] == "--version" || args[0] == "-v") {
        io.out << "resilience-lab " << RL_VERSION << "\n";
        return kExitOk;
    }
    const Command* command = findCommand(args[0]);
    if (!command) {
        io.err << "resilience-lab: " << unknownCommandMessage(args[0]) << "\n";
        return kExitBadInput;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (wantsHelp(rest)) {
        io.out << (command->dynamicUsage ? command->dynamicUsage() : std::string(command->usage));
        return kExitOk;
    }
    try {
        return command->run(rest, io);
    } catch (const UsageError& e) {
        // One problem per line, each prefixed, so every line names the command (and greps well).
        const std::string text = e.what();
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            io.err << "resilience-lab " << command->name << ": " << text.substr(start, end - start) << "\n";
            start = end + 1;
        }
        return kExitBadInput;
    } catch (const std::exception& e) {
        io.err << "resilience-lab " << command->name << ": failed: " << e.what() << "\n";
        return kExitFailed;
    }
}

} // namespace rl::cli
