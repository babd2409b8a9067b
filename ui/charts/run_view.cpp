#include "ui/charts/run_view.h"

#include "ui/run_model.h"

#include <map>
#include <set>

namespace rl::ui {

std::vector<std::string> callNames(const std::vector<sim::CallInfo>& calls) {
    std::vector<std::string> names;
    std::map<std::size_t, std::set<std::string>> used; // callees per service
    for (const auto& info : calls) {
        auto& taken = used[info.serviceIndex];
        std::string key = info.to;
        for (int n = 2; taken.contains(key); ++n)
            key = info.to + "#" + std::to_string(n);
        taken.insert(key);
        names.push_back(info.from + " -> " + key);
    }
    return names;
}

RunView runViewOf(const RunModel& model) {
    RunView v;
    v.scenario = &model.scenario();
    v.now = model.now();
    v.end = model.end();
    v.bucketWidth = model.latest().bucketWidth.count() > 0 ? model.latest().bucketWidth
                                                           : fromMillis(model.scenario().bucketS * 1000);
    v.buckets = model.bucketsKnown();
    v.callNames = callNames(model.calls());
    const bool measured = v.buckets > 0;
    for (std::size_t i = 0; measured && i < model.scenario().clients.size(); ++i)
        v.clients.emplace_back(model.clientBuckets(i));
    for (std::size_t i = 0; measured && i < model.scenario().services.size(); ++i) {
        v.services.emplace_back(model.serviceBuckets(i));
        v.serviceBusySeconds.emplace_back(model.serviceBusySeconds(i));
        v.serviceQueueSeconds.emplace_back(model.serviceQueueSeconds(i));
    }
    for (std::size_t i = 0; measured && i < model.calls().size(); ++i) {
        v.calls.emplace_back(model.callBuckets(i));
        v.callBulkheadSeconds.emplace_back(model.callBulkheadSeconds(i));
    }
    if (!measured) v.buckets = 0;
    v.log = model.log();
    v.faults = model.faults();
    v.changes = model.changes();
    return v;
}

SimulationRunSource::SimulationRunSource(const sim::Simulation& sim) {
    RunView& v = m_view;
    v.scenario = &sim.scenario();
    v.now = sim.now();
    v.end = sim.end();
    v.bucketWidth = sim.bucketWidth();
    // As the GUI's worker counts them: every bucket up to the one holding now().
    v.buckets = std::min(sim.bucketCount() - 1,
                         static_cast<std::size_t>(sim.now().count() / sim.bucketWidth().count())) +
                1;
    v.callNames = callNames(sim.calls());
    auto integral = [&](std::size_t index,
                        double (sim::Simulation::*perBucket)(std::size_t, std::size_t) const) {
        std::vector<double> sums(v.buckets);
        for (std::size_t b = 0; b < v.buckets; ++b)
            sums[b] = (sim.*perBucket)(index, b);
        return sums;
    };
    for (std::size_t i = 0; i < sim.scenario().clients.size(); ++i)
        v.clients.emplace_back(sim.clientBuckets(i).data(), v.buckets);
    for (std::size_t i = 0; i < sim.scenario().services.size(); ++i) {
        v.services.emplace_back(sim.serviceBuckets(i).data(), v.buckets);
        m_busy.push_back(integral(i, &sim::Simulation::serviceBusyWorkerSeconds));
        m_queue.push_back(integral(i, &sim::Simulation::serviceQueueSeconds));
    }
    for (std::size_t i = 0; i < sim.calls().size(); ++i) {
        v.calls.emplace_back(sim.callBuckets(i).data(), v.buckets);
        m_bulkhead.push_back(integral(i, &sim::Simulation::callBulkheadBusySeconds));
    }
    for (const auto& sums : m_busy)
        v.serviceBusySeconds.emplace_back(sums);
    for (const auto& sums : m_queue)
        v.serviceQueueSeconds.emplace_back(sums);
    for (const auto& sums : m_bulkhead)
        v.callBulkheadSeconds.emplace_back(sums);
    v.log = sim.log();
    v.faults = sim.faults();
    v.changes = sim.changes();
}

} // namespace rl::ui
