#pragma once
// The loop of `resilience-lab primitive`: reads trace lines, checks the fields every line has ("t_ms",
// ordered by time, and "op"), applies each to a driver and writes its answer. Kept apart from the command
// so the fuzz target drives exactly the code users run.
#include "app/trace/trace_driver.h"

#include <iosfwd>
#include <optional>
#include <string>

namespace rl::trace {

struct TraceProblem {
    long line;           // 1-based
    std::string message; // without the file and line
};

// Applies every line of `in` (blank lines skipped) to `driver`, writing one JSON line per input line
// to `out`. Stops at the first bad line and returns it; nullopt when the whole trace was applied.
std::optional<TraceProblem> driveTrace(TraceDriver& driver, std::istream& in, std::ostream& out);

} // namespace rl::trace
