#pragma once
// The training report (run --report, File > Export report): one PDF a trainer hands out after a
// session. A4 landscape pages, drawn with the same routines as the screen:
//   1. the lesson: title, story, what to watch and try, and the summary table (A, or A / B / change
//      when comparing);
//   2. the setup: the topology at the end of the run, the guided steps, the changes and faults;
//   3. the parameters in force at the start (every tunable value);
//   4+ every chart, two to a page;
//   last: breaker transitions and faults, in plain words.
#include "ui/theme.h"

#include <QString>

namespace rl::sim {
class Simulation;
}

namespace rl::ui {

// Writes the report of run `a` (and its comparison with `b` when given, labelled `bLabel`) to `path`
// (QSaveFile). False with `error` set on failure. Needs a QGuiApplication (offscreen is fine).
bool writeTrainingReport(const QString& path, const sim::Simulation& a, const sim::Simulation* b,
                         const QString& bLabel, const Theme& theme, QString* error = nullptr);

// How many pages that report has (tests).
int trainingReportPages(const sim::Simulation& a, const sim::Simulation* b);

} // namespace rl::ui
