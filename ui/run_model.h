#pragma once
// The GUI's copy of the run, built from frames on the GUI thread: the latest snapshot, the whole log,
// every measured bucket so far, the changes and faults. Widgets read this, never the simulation.
#include "ui/frame.h"

#include <deque>
#include <utility>
#include <vector>

namespace rl::ui {

class RunModel {
public:
    // Takes a frame (a reset frame starts over) and returns the attempts it brought, for animation.
    void apply(const Frame& frame);
    void clear(const scenario::Scenario& scenario);

    const scenario::Scenario& scenario() const { return m_scenario; }
    const Frame& latest() const { return m_latest; } // its own log and buckets are emptied
    TimePoint now() const { return m_latest.now; }
    TimePoint end() const { return m_latest.end; }
    const sim::Snapshot& snapshot() const { return m_latest.snapshot; }
    const std::vector<sim::LogEvent>& log() const { return m_log; }
    const std::vector<sim::ClientBucket>& clientBuckets(std::size_t client) const {
        return m_clients.at(client);
    }
    const std::vector<sim::ServiceBucket>& serviceBuckets(std::size_t s) const { return m_services.at(s); }
    const std::vector<sim::CallBucket>& callBuckets(std::size_t call) const { return m_calls.at(call); }
    // Per-bucket time integrals in seconds (Frame::serviceBusySeconds and the others).
    const std::vector<double>& serviceBusySeconds(std::size_t s) const { return m_serviceBusy.at(s); }
    const std::vector<double>& serviceQueueSeconds(std::size_t s) const { return m_serviceQueue.at(s); }
    const std::vector<double>& callBulkheadSeconds(std::size_t call) const { return m_callBulkhead.at(call); }
    std::size_t bucketsKnown() const; // buckets measured so far (the last one may be in progress)
    const std::vector<scenario::Change>& changes() const { return m_latest.changes; }
    const std::vector<scenario::Fault>& faults() const { return m_latest.faults; }
    // Service calls in scenario order ("checkout -> payments"), as Simulation::calls() numbers them.
    const std::vector<sim::CallInfo>& calls() const { return m_callInfos; }
    // The last sampled attempts (at most kRecentAttempts, oldest first), for the retry timelines.
    static constexpr std::size_t kRecentAttempts = 4000;
    const std::deque<sim::AttemptTrace>& recentAttempts() const { return m_attempts; }

    // A client's share of answers that succeeded (success or degraded) in the last `buckets` complete
    // buckets; -1 when nothing was answered.
    double recentSuccess(std::size_t client, std::size_t buckets) const;
    // The scenario as the changes applied at or before `t` left it (thresholds in force then).
    scenario::Scenario scenarioAt(TimePoint t) const;

    // The sum of the last `buckets` complete buckets of a series (the one in progress left out), and
    // how many there were.
    template <typename Bucket>
    static std::pair<Bucket, std::size_t> recent(const std::vector<Bucket>& series, std::size_t buckets) {
        Bucket sum{};
        if (series.size() < 2) return {sum, 0};
        const std::size_t last = series.size() - 1;
        const std::size_t first = last >= buckets ? last - buckets : 0;
        for (std::size_t b = first; b < last; ++b)
            sum += series[b];
        return {sum, last - first};
    }

private:
    scenario::Scenario m_scenario;
    std::vector<sim::CallInfo> m_callInfos;
    Frame m_latest;
    std::vector<sim::LogEvent> m_log;
    std::vector<std::vector<sim::ClientBucket>> m_clients;
    std::vector<std::vector<sim::ServiceBucket>> m_services;
    std::vector<std::vector<sim::CallBucket>> m_calls;
    std::deque<sim::AttemptTrace> m_attempts;
    std::vector<std::vector<double>> m_serviceBusy, m_serviceQueue, m_callBulkhead;
};

} // namespace rl::ui
