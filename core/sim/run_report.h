#pragma once
// The documented outputs of a run (docs/outputs.md): the summary (summary.json, `run --json`), the timeseries
// (timeseries.csv, one row per bucket; columns in docs/outputs.md) and the event log (events.jsonl).
// Byte-for-byte deterministic for a given run: fixed key order, fixed number formatting.
#include "core/sim/simulation.h"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace rl::sim {

// The name of each call of sim.calls() in the summary ("calls" keys) and the timeseries columns
// ("call.SERVICE.NAME.*"): the callee's name, with "#2", "#3" for a service's second and third call to
// the same callee, so every name is unique within its service.
std::vector<std::string> callKeys(const Simulation& sim);

// A CSV field: as is, or in double quotes (with quotes doubled) when it holds a comma, quote or line break.
std::string csvField(const std::string& s);

// wallSeconds is the only non-deterministic field; pass a negative value to leave it out.
nlohmann::ordered_json summaryJson(const Simulation& sim, double wallSeconds);
void writeTimeseriesCsv(const Simulation& sim, std::ostream& out);
void writeEventsJsonl(const Simulation& sim, std::ostream& out);

// Headline numbers of a run, for sweeps and tests.
struct Headline {
    std::int64_t requests = 0, answered = 0, success = 0, degraded = 0, failed = 0, attempts = 0;
    double goodput = 0;                      // (success + degraded) / requests
    double amplification = 0;                // attempts / requests, summed over clients
    double meanMs = 0, p50Ms = 0, p99Ms = 0; // over all clients
};
Headline headline(const Simulation& sim);

} // namespace rl::sim
