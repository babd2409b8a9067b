#include "ui/run_model.h"

#include "core/scenario/changes.h"

namespace rl::ui {

namespace {

template <typename Bucket>
void merge(std::vector<std::vector<Bucket>>& into, const std::vector<std::vector<Bucket>>& from,
           std::size_t first) {
    into.resize(from.size());
    for (std::size_t i = 0; i < from.size(); ++i) {
        auto& series = into[i];
        series.resize(first); // drops the bucket that was in progress; it comes again, updated
        series.insert(series.end(), from[i].begin(), from[i].end());
    }
}

} // namespace

void RunModel::clear(const scenario::Scenario& scenario) {
    m_scenario = scenario;
    m_callInfos.clear();
    for (std::size_t si = 0; si < scenario.services.size(); ++si) {
        const auto& s = scenario.services[si];
        for (std::size_t k = 0; k < s.calls.size(); ++k)
            m_callInfos.push_back(sim::CallInfo{s.name, s.calls[k].to, si, k});
    }
    m_latest = Frame{};
    m_latest.changes = scenario.changes; // until the first frame says otherwise
    m_latest.faults = scenario.faults;
    m_log.clear();
    m_clients.clear();
    m_services.clear();
    m_calls.clear();
    m_attempts.clear();
    m_serviceBusy.clear();
    m_serviceQueue.clear();
    m_callBulkhead.clear();
}

void RunModel::apply(const Frame& frame) {
    if (frame.reset) {
        m_log.clear();
        m_clients.clear();
        m_services.clear();
        m_calls.clear();
        m_attempts.clear();
        m_serviceBusy.clear();
        m_serviceQueue.clear();
        m_callBulkhead.clear();
    }
    m_attempts.insert(m_attempts.end(), frame.attempts.begin(), frame.attempts.end());
    while (m_attempts.size() > kRecentAttempts)
        m_attempts.pop_front();
    m_log.resize(std::min(m_log.size(), frame.logBase));
    m_log.insert(m_log.end(), frame.newLog.begin(), frame.newLog.end());
    merge(m_clients, frame.clientBuckets, frame.firstBucket);
    merge(m_services, frame.serviceBuckets, frame.firstBucket);
    merge(m_calls, frame.callBuckets, frame.firstBucket);
    merge(m_serviceBusy, frame.serviceBusySeconds, frame.firstBucket);
    merge(m_serviceQueue, frame.serviceQueueSeconds, frame.firstBucket);
    merge(m_callBulkhead, frame.callBulkheadSeconds, frame.firstBucket);
    m_latest = frame;
    m_latest.newLog.clear();
    m_latest.clientBuckets.clear();
    m_latest.serviceBuckets.clear();
    m_latest.callBuckets.clear();
    m_latest.serviceBusySeconds.clear();
    m_latest.serviceQueueSeconds.clear();
    m_latest.callBulkheadSeconds.clear();
    m_latest.attempts.clear();
}

std::size_t RunModel::bucketsKnown() const {
    return m_clients.empty() ? 0 : m_clients.front().size();
}

double RunModel::recentSuccess(std::size_t client, std::size_t buckets) const {
    if (client >= m_clients.size()) return -1;
    const auto& series = m_clients[client];
    if (series.size() < 2) return -1;
    const std::size_t last = series.size() - 1; // the one in progress is left out
    std::int64_t answered = 0, good = 0;
    for (std::size_t b = last >= buckets ? last - buckets : 0; b < last; ++b) {
        answered += series[b].outcomes.total();
        good += series[b].outcomes[Outcome::Success] + series[b].outcomes[Outcome::Degraded];
    }
    return answered > 0 ? static_cast<double>(good) / static_cast<double>(answered) : -1;
}

scenario::Scenario RunModel::scenarioAt(TimePoint t) const {
    scenario::Scenario state = m_scenario;
    state.changes.clear();
    for (const auto& c : changes()) {
        if (scenario::changeTime(c) > t) break;
        scenario::Diagnostics ignored; // the run accepted every change it holds
        if (auto next = scenario::applySettings(state, c, "change", ignored)) state = std::move(*next);
    }
    return state;
}

} // namespace rl::ui
