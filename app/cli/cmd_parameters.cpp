// `resilience-lab parameters [SCENARIO]`: the tunable parameters, from the one table the loader, the
// GUI's sliders and live changes all use. Without a scenario: the table (Markdown, as in
// docs/scenario-format.md). With one: every tunable PATH of that scenario and its value now.
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "core/scenario/parameter_table.h"

#include <ostream>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab parameters [SCENARIO] [--set PATH=VALUE]...\n\n"
    "Without SCENARIO: the table of tunable parameters (object, key, type, unit, range, default,\n"
    "meaning) as Markdown. With SCENARIO (a file or builtin:NAME): each tunable PATH of that scenario\n"
    "with its value, one per line, as a change's \"set\" or --set takes it, e.g.\n"
    "  services[0].calls[0].retry.max_attempts = 2\n";

int runParameters(const std::vector<std::string>& args, Streams io) {
    std::string source;
    std::vector<std::string> overrides;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--set") {
            if (i + 1 >= args.size()) throw UsageError("--set needs PATH=VALUE");
            overrides.push_back(args[++i]);
        } else if (args[i].starts_with("-")) {
            throw UsageError("unknown option '" + args[i] + "'; run 'resilience-lab parameters --help'");
        } else if (source.empty()) {
            source = args[i];
        } else {
            throw UsageError("one SCENARIO only");
        }
    }
    if (source.empty()) {
        if (!overrides.empty()) throw UsageError("--set needs a SCENARIO");
        io.out << scenario::parameterTableMarkdown();
        return kExitOk;
    }
    const ScenarioSource loaded = loadScenarioArgument(source, overrides);
    for (const auto& t : scenario::tunableParameters(loaded.scenario)) {
        io.out << t.path << " = ";
        if (t.spec->type == scenario::ParameterType::Choice)
            io.out << '"' << t.choice << '"';
        else if (t.spec->type == scenario::ParameterType::Boolean)
            io.out << (t.value && *t.value != 0 ? "true" : "false");
        else if (!t.value)
            io.out << "null (none)";
        else
            io.out << *t.value;
        io.out << "\n";
    }
    return kExitOk;
}

const CommandRegistrar kRegistrar({"parameters",
                                   "list the parameters that can change during a run (sliders, changes)",
                                   kUsage, &runParameters});

} // namespace
} // namespace rl::cli
