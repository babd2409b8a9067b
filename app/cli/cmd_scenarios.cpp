// `resilience-lab scenarios [--json]`: lists the built-in scenarios (resources/scenarios/*.json), each
// with its one-line title; `resilience-lab run builtin:NAME` runs one.
#include "app/cli/command.h"
#include "resources/builtin_scenarios.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab scenarios [--json]\n\n"
    "Lists the built-in scenarios, one per line: NAME and a one-line title. Run one with\n"
    "'resilience-lab run builtin:NAME'; validate or copy it with 'resilience-lab validate builtin:NAME'.\n\n"
    "Options:\n"
    "  --json   print [{\"name\", \"title\", \"description\", \"argument\"}] on stdout\n";

struct Entry {
    std::string name, title, description;
};

Entry describe(const BuiltinScenario& b) {
    Entry e{std::string(b.name), "", ""};
    // Read the raw JSON (not the validated model) so a listing never fails.
    const auto doc = nlohmann::json::parse(b.json, nullptr, false);
    if (doc.is_object()) {
        if (auto it = doc.find("name"); it != doc.end() && it->is_string()) e.title = it->get<std::string>();
        if (auto it = doc.find("description"); it != doc.end() && it->is_string())
            e.description = it->get<std::string>();
    }
    return e;
}

int runScenarios(const std::vector<std::string>& args, Streams io) {
    bool json = false;
    for (const auto& a : args) {
        if (a == "--json")
            json = true;
        else
            throw UsageError("unexpected argument '" + a + "'; run 'resilience-lab scenarios --help'");
    }
    std::vector<Entry> entries;
    for (const auto& b : builtinScenarios())
        entries.push_back(describe(b));
    if (json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& e : entries)
            list.push_back({{"name", e.name},
                            {"title", e.title},
                            {"description", e.description},
                            {"argument", "builtin:" + e.name}});
        io.out << list.dump(2) << "\n";
        return kExitOk;
    }
    std::size_t width = 0;
    for (const auto& e : entries)
        width = std::max(width, e.name.size());
    for (const auto& e : entries) {
        std::string name = e.name;
        name.resize(width, ' ');
        io.out << name << "  " << e.title << "\n";
    }
    return kExitOk;
}

const CommandRegistrar kRegistrar({"scenarios", "list the built-in scenarios (run one with builtin:NAME)",
                                   kUsage, &runScenarios});

} // namespace
} // namespace rl::cli
