#pragma once
// Headless subcommands of resilience-lab. Each command lives in its own file and registers itself
// with a static CommandRegistrar, so adding one touches no shared file.
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rl::cli {

// Exit codes (docs/cli.md): 0 done, 1 the run failed, 2 bad usage or bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;

// Thrown for bad usage or bad input; the dispatcher prints "resilience-lab CMD: message" and exits 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Streams {
    std::ostream& out;
    std::ostream& err;
};

using CommandFn = int (*)(const std::vector<std::string>& args, Streams io);

struct Command {
    std::string_view name;
    std::string_view summary; // one line, shown by `resilience-lab --help`
    std::string_view usage;   // full text, shown by `resilience-lab NAME --help`
    CommandFn run;
    // Optional: builds the usage text at run time (e.g. to list registered kinds); overrides `usage`.
    std::string (*dynamicUsage)() = nullptr;
};

struct CommandRegistrar {
    explicit CommandRegistrar(const Command& command);
};

// Registered commands, sorted by name.
const std::vector<Command>& commands();
const Command* findCommand(std::string_view name);

// Runs `resilience-lab ARGS...` headless (args[0] is the subcommand or a top-level option).
int runCli(const std::vector<std::string>& args, Streams io);

bool wantsHelp(const std::vector<std::string>& args);

} // namespace rl::cli
