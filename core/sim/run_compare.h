#pragma once
// The headline differences between two runs (an A/B comparison on one seed): the rows of the table
// `resilience-lab run --compare` prints and the GUI's Compare view shows, in a fixed order.
#include "core/sim/simulation.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace rl::sim {

struct ComparedMetric {
    std::string key;   // stable name, used in JSON: "success_pct"
    std::string label; // for people: "success %"
    double a = 0, b = 0;
    bool integer = false;       // a count: printed without decimals
    bool higherIsBetter = true; // for colouring; false for latency, amplification, duplicates, waste
    double delta() const { return b - a; }
};

// requests (all clients), success %, degraded %, failed % (answered otherwise), goodput % (success +
// degraded, of requests), latency p50, p99 and mean (ms, every client's answers), amplification
// (attempts per request, client side), duplicate side effects, service jobs (work started on a
// worker, every service), expired jobs dropped, and service jobs per good answer (work spent per
// useful result: it grows with work nobody waits for).
std::vector<ComparedMetric> compareRuns(const Simulation& a, const Simulation& b);

// {"KEY": {"a": A, "b": B, "delta": B - A}, ...} in the rows' order.
nlohmann::ordered_json differencesJson(const std::vector<ComparedMetric>& rows);

} // namespace rl::sim
