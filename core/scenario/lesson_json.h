#pragma once
// A scenario's `lesson` object (lesson.h) in JSON: reading it with every problem at its path, checking
// its `compare` overrides against the scenario, and writing it back.
//   lesson.steps[2].at_s: steps must be ordered by time: must be >= 60 (the previous step's at_s), got 30
//   lesson.compare.set.services[0].calls[0].retyr: unknown key "retyr"; did you mean "retry"?
#include "core/scenario/diagnostics.h"
#include "core/scenario/lesson.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rl::scenario {

// Reads `value` (found at `path`, "lesson"): steps ordered by time, at or after 0 (a step past the
// run's end is allowed: `run --duration` may shorten a lesson). The compare overrides are only read
// here; checkLessonCompare() tries them.
std::optional<Lesson> parseLesson(const nlohmann::json& value, const std::string& path, Diagnostics& out);

// Applies the lesson's compare overrides to `doc` (the scenario's JSON, without its `changes`, which
// belong to a run of A) and loads the result: every problem is reported under "lesson.compare.set".
// Needs a scenario that is valid in itself.
void checkLessonCompare(const nlohmann::json& doc, const Lesson& lesson, Diagnostics& out);

// The B side of a compare: `doc` (a scenario's JSON) with `set` applied in order, `lesson` removed.
// Problems are reported at each override's own path.
nlohmann::json applyCompare(const nlohmann::json& doc, const LessonCompare& compare, Diagnostics& out);

// "PATH=VALUE", as `--set` and `run --compare` take them.
std::string overrideText(const std::pair<std::string, std::string>& assignment);

nlohmann::ordered_json lessonToJson(const Lesson& lesson);

} // namespace rl::scenario
