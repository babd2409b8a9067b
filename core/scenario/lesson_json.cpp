#include "core/scenario/lesson_json.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/path_override.h"
#include "core/scenario/policy_json.h"
#include "core/scenario/scenario_parse.h"
#include "core/scenario/scenario_schema.h"

namespace rl::scenario {
namespace {

// A step may lie past duration_s (a run shortened with --duration never reaches it), not past what a
// simulated time can hold.
constexpr double kMaxStepS = kMaxDurationNs / 1e9;

// A required, non-empty string.
void readText(JsonReader& r, std::string_view key, std::string& target) {
    if (!r.require(key)) return;
    if (r.readString(key, target) && target.empty()) r.error(key, "must not be empty");
}

// The list at `key`; nullptr when absent or not a list (reported).
const nlohmann::json* readList(JsonReader& r, std::string_view key, const char* what, std::size_t maxItems) {
    const nlohmann::json* v = r.get(key);
    if (!v) return nullptr;
    if (!v->is_array()) {
        r.error(key, std::string("expected a list of ") + what + ", got " + describeValue(*v));
        return nullptr;
    }
    if (v->size() > maxItems) {
        r.error(key, "too many " + std::string(what) + ": at most " + std::to_string(maxItems) + ", got " +
                         std::to_string(v->size()));
        return nullptr;
    }
    return v;
}

void readSteps(const nlohmann::json& list, const std::string& path, Diagnostics& out, Lesson& lesson) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        JsonReader r(list[i], indexPath(path, i), out, schema::kLessonStepKeys);
        if (!r.isObject()) continue;
        LessonStep step;
        bool atOk = r.require("at_s") && r.readNumberInRange("at_s", step.atS, 0.0, kMaxStepS);
        readText(r, "note", step.note);
        if (r.readString("question", step.question) && r.has("question") && step.question.empty())
            r.error("question", "must not be empty (leave the key out for no question)");
        r.readBool("pause", step.pause);
        if (atOk && !lesson.steps.empty() && step.atS < lesson.steps.back().atS) {
            r.error("at_s",
                    "steps must be ordered by time: must be >= " + formatNumber(lesson.steps.back().atS) +
                        " (the previous step's at_s), got " + formatNumber(step.atS));
            atOk = false;
        }
        if (atOk) lesson.steps.push_back(std::move(step));
    }
}

std::optional<LessonCompare> readCompare(const nlohmann::json& value, const std::string& path,
                                         Diagnostics& out) {
    JsonReader r(value, path, out, schema::kLessonCompareKeys);
    if (!r.isObject()) return std::nullopt;
    LessonCompare compare;
    readText(r, "label", compare.label);
    if (r.require("set")) {
        const nlohmann::json& set = *r.get("set");
        if (!set.is_object())
            r.error("set", "expected an object of PATH: VALUE overrides, got " + describeValue(set));
        else if (set.empty())
            r.error("set", "must hold at least one PATH: VALUE override (the B side must differ)");
        else if (set.size() > schema::kMaxLessonOverrides)
            r.error("set", "too many overrides: at most " + std::to_string(schema::kMaxLessonOverrides) +
                               ", got " + std::to_string(set.size()));
        else
            for (const auto& [target, v] : set.items()) {
                if (target == "lesson" || target.starts_with("lesson.") || target.starts_with("lesson["))
                    out.add(childPath(r.pathOf("set"), target), "the B side cannot change the lesson itself");
                else
                    compare.set.emplace_back(target, v.dump());
            }
    }
    if (r.failed()) return std::nullopt;
    return compare;
}

} // namespace

std::optional<Lesson> parseLesson(const nlohmann::json& value, const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, schema::kLessonKeys);
    if (!r.isObject()) return std::nullopt;
    Lesson lesson;
    readText(r, "title", lesson.title);
    readText(r, "story", lesson.story);
    if (lesson.story.find("\n\n") != std::string::npos)
        r.error("story",
                "must be one paragraph (no blank line); put the rest in \"watch\", \"try\" or the steps");
    r.readString("watch", lesson.watch);
    r.readString("try", lesson.tryThis);
    if (const nlohmann::json* steps = readList(r, "steps", "steps", schema::kMaxLessonSteps))
        readSteps(*steps, r.pathOf("steps"), out, lesson);
    if (const nlohmann::json* compare = r.get("compare"))
        lesson.compare = readCompare(*compare, r.pathOf("compare"), out);
    if (r.failed()) return std::nullopt;
    return lesson;
}

std::string overrideText(const std::pair<std::string, std::string>& assignment) {
    return assignment.first + "=" + assignment.second;
}

nlohmann::json applyCompare(const nlohmann::json& doc, const LessonCompare& compare, Diagnostics& out) {
    nlohmann::json b = doc;
    if (b.is_object()) b.erase("lesson");
    for (const auto& assignment : compare.set) {
        const Diagnostics d = applyOverride(b, overrideText(assignment));
        for (const auto& item : d.items())
            out.add(item.path, item.message);
    }
    return b;
}

void checkLessonCompare(const nlohmann::json& doc, const Lesson& lesson, Diagnostics& out) {
    if (!lesson.compare) return;
    const std::string setPath = "lesson.compare.set";
    // Checked on the scenario alone: changes recorded during a run of A (a slider moved in the GUI) may
    // name a layer that B takes away; they belong to A's run, not to the lesson.
    nlohmann::json plain = doc;
    if (plain.is_object()) plain.erase("changes");
    Diagnostics applied;
    const nlohmann::json b = applyCompare(plain, *lesson.compare, applied);
    for (const auto& d : applied.items())
        out.add(childPath(setPath, d.path), d.message);
    if (!applied.empty()) return;
    const LoadResult loaded = parseScenarioJson(b);
    for (const auto& d : loaded.diagnostics.items())
        out.add(childPath(setPath, d.path), "the B side is not a valid scenario: " + d.message);
}

nlohmann::ordered_json lessonToJson(const Lesson& lesson) {
    nlohmann::ordered_json j;
    j["title"] = lesson.title;
    j["story"] = lesson.story;
    if (!lesson.watch.empty()) j["watch"] = lesson.watch;
    if (!lesson.tryThis.empty()) j["try"] = lesson.tryThis;
    if (!lesson.steps.empty()) {
        auto& steps = j["steps"] = nlohmann::ordered_json::array();
        for (const auto& s : lesson.steps) {
            nlohmann::ordered_json step;
            step["at_s"] = numberJson(s.atS);
            step["note"] = s.note;
            if (!s.question.empty()) step["question"] = s.question;
            if (s.pause) step["pause"] = true;
            steps.push_back(std::move(step));
        }
    }
    if (lesson.compare) {
        nlohmann::ordered_json set = nlohmann::ordered_json::object();
        for (const auto& [target, valueText] : lesson.compare->set)
            set[target] = nlohmann::ordered_json::parse(valueText);
        j["compare"] = {{"label", lesson.compare->label}, {"set", std::move(set)}};
    }
    return j;
}

} // namespace rl::scenario
