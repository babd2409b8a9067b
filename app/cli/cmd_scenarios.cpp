// `resilience-lab scenarios [NAME] [--json]`: lists the built-in scenarios (resources/scenarios/*.json),
// each with its one-line title; with NAME, shows that scenario's lesson (story, what to watch and try,
// the guided steps and the B side it compares with). `resilience-lab run builtin:NAME` runs one.
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/lesson_json.h"
#include "resources/builtin_scenarios.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab scenarios [NAME | builtin:NAME | FILE] [--json]\n\n"
    "Lists the built-in scenarios, one per line: NAME and a one-line title. Run one with\n"
    "'resilience-lab run builtin:NAME'; validate or copy it with 'resilience-lab validate builtin:NAME'.\n"
    "With a scenario, shows its lesson: the story, what to watch and to try, the guided steps (timed\n"
    "notes and questions to predict) and the B side that 'run SCENARIO --compare lesson' runs.\n\n"
    "Options:\n"
    "  --json   print [{\"name\", \"title\", \"description\", \"argument\", \"lesson\"}] on stdout;\n"
    "           with a scenario, {\"name\", \"description\", \"lesson\"}\n";

struct Entry {
    std::string name, title, description;
    nlohmann::json lesson; // null when none
};

Entry describe(const BuiltinScenario& b) {
    Entry e{std::string(b.name), "", "", nullptr};
    // Read the raw JSON (not the validated model) so a listing never fails.
    const auto doc = nlohmann::json::parse(b.json, nullptr, false);
    if (doc.is_object()) {
        if (auto it = doc.find("name"); it != doc.end() && it->is_string()) e.title = it->get<std::string>();
        if (auto it = doc.find("description"); it != doc.end() && it->is_string())
            e.description = it->get<std::string>();
        if (auto it = doc.find("lesson"); it != doc.end() && it->is_object()) e.lesson = *it;
    }
    return e;
}

// Text wrapped at `width` columns, each line after the first indented by `indent` spaces.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 100) {
    std::string out, line;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += line + "\n" + std::string(indent, ' ');
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    return out + line + "\n";
}

void printLesson(const std::string& argument, const scenario::Scenario& s, std::ostream& out) {
    out << s.name << "\n";
    if (!s.lesson) {
        out << "  (no lesson)\n" << (s.description.empty() ? "" : "  " + wrap(s.description, 2));
        return;
    }
    const scenario::Lesson& l = *s.lesson;
    out << "Lesson: " << l.title << "\n\n" << wrap(l.story, 0);
    if (!l.watch.empty()) out << "\nWatch: " << wrap(l.watch, 7);
    if (!l.tryThis.empty()) out << "\nTry: " << wrap(l.tryThis, 5);
    if (!l.steps.empty()) out << "\nSteps:\n";
    for (const auto& step : l.steps) {
        const std::string at = "  at " + scenario::formatNumber(step.atS) + " s: ";
        out << at << wrap(step.note, at.size());
        if (!step.question.empty())
            out << std::string(at.size(), ' ') << wrap("? " + step.question, at.size() + 2);
        if (step.pause) out << std::string(at.size(), ' ') << "(pause)\n";
    }
    if (l.compare) {
        out << "\nCompare: " << l.compare->label << " ('resilience-lab run " << argument
            << " --compare lesson')\n";
        for (const auto& assignment : l.compare->set)
            out << "  --set " << scenario::overrideText(assignment) << "\n";
    }
}

int showOne(const std::string& arg, bool json, Streams io) {
    const std::string argument =
        arg.starts_with(kBuiltinPrefix) || !findBuiltinScenario(arg) ? arg : kBuiltinPrefix + arg;
    const ScenarioSource source = loadScenarioArgument(argument, {});
    if (json) {
        nlohmann::ordered_json j;
        j["name"] = source.scenario.name;
        j["description"] = source.scenario.description;
        j["lesson"] = source.scenario.lesson ? scenario::lessonToJson(*source.scenario.lesson)
                                             : nlohmann::ordered_json();
        io.out << j.dump(2) << "\n";
    } else {
        printLesson(argument, source.scenario, io.out);
    }
    return kExitOk;
}

int runScenarios(const std::vector<std::string>& args, Streams io) {
    bool json = false;
    std::string one;
    for (const auto& a : args) {
        if (a == "--json")
            json = true;
        else if (!a.starts_with("--") && one.empty())
            one = a;
        else
            throw UsageError("unexpected argument '" + a + "'; run 'resilience-lab scenarios --help'");
    }
    if (!one.empty()) return showOne(one, json, io);
    std::vector<Entry> entries;
    for (const auto& b : builtinScenarios())
        entries.push_back(describe(b));
    if (json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& e : entries)
            list.push_back({{"name", e.name},
                            {"title", e.title},
                            {"description", e.description},
                            {"argument", "builtin:" + e.name},
                            {"lesson", e.lesson}});
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
