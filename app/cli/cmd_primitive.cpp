// `resilience-lab primitive KIND --config JSON --trace FILE.jsonl`: drive one primitive from a timed
// trace and print one JSON line per input line with its decision and state (docs/cli.md).
#include "app/cli/command.h"
#include "app/trace/trace_driver.h"
#include "app/trace/trace_runner.h"
#include "core/scenario/json_limits.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/scenario_json.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace rl::cli {
namespace {

std::string usageText() {
    std::string text =
        "Usage: resilience-lab primitive KIND --config JSON --trace FILE.jsonl\n\n"
        "Drives one primitive from a timed trace, one JSON object per line, ordered by \"t_ms\",\n"
        "and prints one JSON line per input line with the decision and the state after it.\n"
        "--config takes the primitive's JSON (the scenario format's keys for it), inline or as a\n"
        "file path; --trace takes a file, or - for standard input. Blank lines are skipped.\n"
        "A malformed line stops the run with exit code 2, naming the line and the problem.\n\n"
        "Kinds:\n";
    for (const auto& k : trace::driverKinds()) {
        text += "  " + std::string(k.name) + ": " + std::string(k.description) + "\n";
        text += "      ops: " + std::string(k.ops) + "\n";
    }
    return text;
}

nlohmann::json readConfig(const std::string& value) {
    std::string text = value;
    std::string origin = "--config";
    const auto firstNonSpace = value.find_first_not_of(" \t\r\n");
    if (firstNonSpace == std::string::npos || value[firstNonSpace] != '{') {
        std::ifstream in(value);
        if (!in) throw UsageError("--config: '" + value + "' is neither a JSON object nor a readable file");
        std::ostringstream os;
        os << in.rdbuf();
        text = os.str();
        origin = value;
    }
    try { // too deep: said without the scenario loader's hint (a config is not a scenario)
        (void)scenario::parseJsonLimited(text);
    } catch (const scenario::JsonTooDeep& e) {
        throw UsageError(origin + ": line " + std::to_string(e.line()) + ", column " +
                         std::to_string(e.column()) + ": " + scenario::JsonTooDeep::reason());
    } catch (const nlohmann::json::parse_error&) { // reported below, with its line and column
    }
    scenario::Diagnostics problems; // a file's syntax error names its line and column
    auto config = scenario::parseJsonText(text, problems);
    if (!config) throw UsageError(origin + ": " + problems.items().front().message);
    if (!config->is_object())
        throw UsageError(origin + ": expected a JSON object, got " + scenario::describeValue(*config));
    return std::move(*config);
}

int runPrimitive(const std::vector<std::string>& args, Streams io) {
    std::string kindName, configValue, tracePath;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* option) -> std::string {
            if (i + 1 >= args.size()) throw UsageError(std::string(option) + " needs a value");
            return args[++i];
        };
        if (a == "--config")
            configValue = value("--config");
        else if (a == "--trace")
            tracePath = value("--trace");
        else if (a.starts_with("-") && a != "-")
            throw UsageError("unknown option '" + a + "'");
        else if (kindName.empty())
            kindName = a;
        else
            throw UsageError("unexpected argument '" + a + "'");
    }
    if (kindName.empty())
        throw UsageError("missing KIND; run 'resilience-lab primitive --help' for the kinds");
    const trace::DriverKind* kind = trace::findDriverKind(kindName);
    if (!kind) {
        std::string known;
        for (const auto& k : trace::driverKinds())
            known += (known.empty() ? "" : ", ") + std::string(k.name);
        throw UsageError("unknown primitive '" + kindName + "'; expected one of: " + known);
    }
    if (configValue.empty()) configValue = "{}";
    if (tracePath.empty()) throw UsageError("missing --trace FILE (or --trace - for standard input)");

    std::unique_ptr<trace::TraceDriver> driver;
    try {
        driver = kind->create(readConfig(configValue));
    } catch (const trace::TraceConfigError& e) {
        for (const auto& p : e.problems())
            io.err << "resilience-lab primitive: --config: " << p << "\n";
        return kExitBadInput;
    }

    std::ifstream file;
    std::istream* in = &std::cin;
    if (tracePath != "-") {
        file.open(tracePath);
        if (!file) throw UsageError("cannot read trace file '" + tracePath + "'");
        in = &file;
    }
    const std::string where = tracePath == "-" ? std::string("<stdin>") : tracePath;

    if (const auto problem = trace::driveTrace(*driver, *in, io.out)) {
        io.err << "resilience-lab primitive: " << where << ":" << problem->line << ": " << problem->message
               << "\n";
        return kExitBadInput;
    }
    return kExitOk;
}

// The usage text lists the registered kinds, so it is built when asked for.
const CommandRegistrar kRegistrar({"primitive", "drive one primitive from a timed trace (JSON lines)", "",
                                   &runPrimitive, &usageText});

} // namespace

} // namespace rl::cli
