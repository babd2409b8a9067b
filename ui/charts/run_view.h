#pragma once
// What the charts read of a run, as a view: the measured buckets, the time integrals, the log, the
// faults and the changes, with the names of clients, services and calls. Two sources fill it, the
// GUI's RunModel (live, the last bucket possibly in progress) and a sim::Simulation (the command line,
// tests), so a chart computed from either is the same chart for the same run.
#include "core/scenario/scenario.h"
#include "core/sim/simulation.h"

#include <span>
#include <string>
#include <vector>

namespace rl::ui {

class RunModel;

struct RunView {
    const scenario::Scenario* scenario = nullptr; // as loaded (names, seed, policies)
    TimePoint now{0}, end{0};
    Duration bucketWidth{1};
    std::size_t buckets = 0;            // measured so far (the last one may be in progress)
    std::vector<std::string> callNames; // "checkout -> payments", unique (a second call gets "#2")
    std::vector<std::span<const sim::ClientBucket>> clients;
    std::vector<std::span<const sim::ServiceBucket>> services;
    std::vector<std::span<const sim::CallBucket>> calls;
    std::vector<std::span<const double>> serviceBusySeconds, serviceQueueSeconds, callBulkheadSeconds;
    std::span<const sim::LogEvent> log;
    std::span<const scenario::Fault> faults; // LogEvent::subject of fault events indexes this
    std::span<const scenario::Change> changes;
};

// The GUI's adapter: valid until the model takes the next frame.
RunView runViewOf(const RunModel& model);

// The command line's adapter. Keeps copies of the time integrals the simulation hands out per bucket,
// so it must outlive the views it gives; the simulation must outlive it too.
class SimulationRunSource {
public:
    explicit SimulationRunSource(const sim::Simulation& sim);
    SimulationRunSource(const SimulationRunSource&) = delete; // the view points into it
    SimulationRunSource& operator=(const SimulationRunSource&) = delete;
    const RunView& view() const { return m_view; }

private:
    std::vector<std::vector<double>> m_busy, m_queue, m_bulkhead;
    RunView m_view;
};

// "checkout -> payments" for each call, in order; a service's second call to the same callee is "#2".
std::vector<std::string> callNames(const std::vector<sim::CallInfo>& calls);

} // namespace rl::ui
