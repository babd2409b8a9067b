#pragma once
// The run's log in plain words, for the event log, the scrubber's tooltips and reports:
//   "63.2 s  checkout -> payments OPENED: failure rate 62% >= 50% over the last 20 calls"
//   "60.0 s  payments: outage (fail fast) starts"
//   "75.0 s  change: checkout -> payments retry max_attempts = 5"
#include "ui/run_model.h"

#include <QString>

namespace rl::ui {

enum class LogCategory { Breaker, Fault, Change };

LogCategory categoryOf(const sim::LogEvent& event);
// Seconds as people read them: "63.2 s", "0.125 s", "3600 s".
QString formatSeconds(TimePoint t);
// What happened, without the time.
QString describeEvent(const sim::LogEvent& event, const RunModel& model);
// Why a breaker transition happened, with the thresholds in force then ("failure rate 62% >= 50% over
// the last 20 calls"); empty for other events.
QString describeBreakerCause(const sim::LogEvent& event, const RunModel& model);
// A change in a few words: "checkout -> payments: retry max_attempts = 5".
QString describeChange(const scenario::Change& change, const scenario::Scenario& scenario);
// "checkout -> payments" for the path "services[0].calls[0]...", "client web" for "clients[0]...".
QString ownerOfPath(const std::string& path, const scenario::Scenario& scenario);

} // namespace rl::ui
