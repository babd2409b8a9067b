#pragma once
// A scenario's optional `lesson` (docs/scenario-format.md, "lesson"): what a trainer tells the class
// about it. Plain data for the GUI's Lesson tab and the CLI (`resilience-lab scenarios NAME`):
//   title, story   what the lesson is called and the one-paragraph story it tells
//   watch, try     what to look at while it runs, and what to change next
//   steps          timed notes ("at 60 s payments goes down ...") and questions to predict before
//                  pressing play; `pause` asks a player to stop there
//   compare        the lesson's B side: overrides (the `--set` PATH language) that turn this scenario
//                  into the one it is compared with, on the same seed (`run --compare lesson`)
// The simulation never reads it.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rl::scenario {

struct LessonStep {
    double atS = 0;       // simulated time the note is about, >= 0; steps are ordered (past the end: unseen)
    std::string note;     // what happens now and what to look at; not empty
    std::string question; // optional: what to predict before the run gets here ("" = none)
    bool pause = false;   // a player stops here so the class can answer

    bool operator==(const LessonStep&) const = default;
};

struct LessonCompare {
    std::string label; // names the B side: "with timeouts"
    // PATH -> VALUE as JSON text, applied in order to the scenario's JSON like `--set` (null removes an
    // optional key). Not empty; no path into `lesson` itself.
    std::vector<std::pair<std::string, std::string>> set;

    bool operator==(const LessonCompare&) const = default;
};

struct Lesson {
    std::string title;   // not empty
    std::string story;   // one paragraph (no blank line); not empty
    std::string watch;   // optional
    std::string tryThis; // `try` in JSON; optional
    std::vector<LessonStep> steps;
    std::optional<LessonCompare> compare;

    bool operator==(const Lesson&) const = default;
};

} // namespace rl::scenario
