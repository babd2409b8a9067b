#pragma once
// The scenario's `changes`: what a run does to itself while it goes on (docs/scenario-format.md,
// "Changes during a run"). Reading and writing them, checking a whole list against the scenario, and
// working out the scenario a change leads to. The simulator applies them (core/sim); the GUI makes
// them. Nothing here throws on bad input: every problem is a Diagnostic at its path.
//
//   "changes": [
//     {"at_s": 30, "set": {"services[0].calls[0].retry.max_attempts": 5}},
//     {"at_s": 40, "layers": {"services[0].calls[0].circuit_breaker": "off"}},
//     {"at_s": 45, "start_fault": {"id": "kill-payments", "target": "payments", "kind": "outage"}},
//     {"at_s": 75, "end_fault": "kill-payments"}
//   ]
//
// - `set`: PATH -> VALUE, where PATH is one of the scenario's tunable parameters (parameter_table.h):
//   structure (names, targets, layers present, the seed, the duration) cannot change during a run.
// - `layers`: a configured policy layer of a call ("services[0].calls[1].bulkhead") or of a client
//   ("clients[0].retry", "clients[0].timeout") switched "on" or "off".
// - `start_fault`: a fault with an `id`, starting at at_s and lasting until an end_fault names it (or
//   the run ends). `end_fault`: ends the fault with that id (or the scheduled fault "faults[N]") now; a
//   scheduled fault that has not started yet will not start.
#include "core/scenario/diagnostics.h"
#include "core/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rl::scenario {

// Reads the `changes` list (syntax and ranges of each entry); checkChanges() then checks it against
// the scenario. Both are run by parseScenarioJson.
std::vector<Change> parseChanges(const nlohmann::json& list, const std::string& path, Diagnostics& out);
nlohmann::ordered_json changeToJson(const Change& change);

// Checks every change in order against the scenario as the earlier changes leave it: paths tunable,
// values valid for the loader, layers configured, fault ids known. Times must not decrease and must be
// within the run.
void checkChanges(const Scenario& scenario, Diagnostics& out);

// The scenario after the change's `set` (only the settings: layers and faults are the simulator's
// business). nullopt with diagnostics at `path` (e.g. "changes[2]") if a setting is not allowed.
std::optional<Scenario> applySettings(const Scenario& current, const Change& change, const std::string& path,
                                      Diagnostics& out);

// A policy layer named by a `layers` path.
struct LayerRef {
    bool client = false;   // client's own layers (retry, timeout)
    std::size_t owner = 0; // client index, or service index
    std::size_t call = 0;  // call index within the service
    PolicyLayer layer = PolicyLayer::Retry;
};
// Resolves "services[0].calls[1].bulkhead" / "clients[0].retry"; nullopt (with `error` set) when the
// path names no configured layer.
std::optional<LayerRef> resolveLayerPath(const Scenario& scenario, const std::string& path,
                                         std::string& error);
std::string layerPath(const LayerRef& ref);

// The change's time in simulated nanoseconds (the same conversion as the faults').
TimePoint changeTime(const Change& change);

} // namespace rl::scenario
