// `resilience-lab validate SCENARIO.json [--set PATH=VALUE ...] [--json]`: exit 0 and print nothing
// when the scenario is valid; else exit 2 and print every problem, one per line, with its path (docs/cli.md).
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab validate SCENARIO... [--set PATH=VALUE]... [--json]\n\n"
    "Checks scenario files (or builtin:NAME) without running them. Prints nothing and exits 0 when\n"
    "every scenario is valid; otherwise prints every problem on stderr, one per line, as\n"
    "  FILE: PATH: MESSAGE   e.g.  shop.json: services[1].calls[0].retry.max_attempts: must be in [1, 100], "
    "got 0\n"
    "and exits 2.\n\n"
    "Options:\n"
    "  --set PATH=VALUE  override one value before validating (repeatable), e.g.\n"
    "                    --set services[0].calls[0].retry.max_attempts=1\n"
    "  --json            print {\"valid\": bool, \"problems\": [{\"file\", \"path\", \"message\"}]} on "
    "stdout\n"
    "                    instead (exit code unchanged)\n";

int runValidate(const std::vector<std::string>& args, Streams io) {
    std::vector<std::string> scenarios, overrides;
    bool json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--set") {
            if (i + 1 >= args.size()) throw UsageError("--set needs PATH=VALUE");
            overrides.push_back(args[++i]);
        } else if (a.starts_with("--set=")) {
            overrides.push_back(a.substr(6));
        } else if (a == "--json") {
            json = true;
        } else if (a.starts_with("-") && a != "-") {
            throw UsageError("unknown option '" + a + "'; run 'resilience-lab validate --help'");
        } else {
            scenarios.push_back(a);
        }
    }
    if (scenarios.empty()) throw UsageError("missing SCENARIO (a JSON file, or builtin:NAME)");

    std::vector<ScenarioProblem> problems;
    for (const auto& s : scenarios) {
        try {
            tryLoadScenarioArgument(s, overrides, problems);
        } catch (const UsageError& e) { // unreadable file, unknown built-in
            problems.push_back({s, "", e.what()});
        }
    }
    if (json) {
        nlohmann::ordered_json report;
        report["valid"] = problems.empty();
        report["problems"] = nlohmann::ordered_json::array();
        for (const auto& p : problems)
            report["problems"].push_back({{"file", p.origin}, {"path", p.path}, {"message", p.message}});
        // A file name or --set text that is not UTF-8 is shown with U+FFFD instead of aborting the dump.
        io.out << report.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        for (const auto& p : problems) {
            // An unreadable file's message already names the file.
            if (p.path.empty() && p.message.starts_with("cannot read '"))
                io.err << p.message << "\n";
            else
                io.err << p.toString() << "\n";
        }
    }
    return problems.empty() ? kExitOk : kExitBadInput;
}

const CommandRegistrar kRegistrar({"validate", "check scenario files and print every problem with its path",
                                   kUsage, &runValidate});

} // namespace
} // namespace rl::cli
