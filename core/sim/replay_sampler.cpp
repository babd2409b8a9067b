#include "core/sim/replay_sampler.h"

#include <algorithm>
#include <stdexcept>

namespace rl::sim {

using scenario::ReplayAfterEnd;
using scenario::ReplayRow;

ReplaySampler::ReplaySampler(const scenario::Replay& replay)
    : m_log(replay.log)
    , m_start(fromMillis(replay.startS * 1000.0))
    , m_timeScale(replay.timeScale)
    , m_halfWindow(fromMillis(replay.windowS * 500.0))
    , m_afterEnd(replay.afterEnd)
    , m_latency(replay.latency) {
    if (!m_log || m_log->rows.empty())
        throw std::invalid_argument("the replay log \"" + replay.file +
                                    "\" is not loaded (scenario::attachReplayLogs loads it)");
}

Duration ReplaySampler::logTime(TimePoint now) const {
    return m_start + Duration(static_cast<std::int64_t>(static_cast<double>(now.count()) * m_timeScale));
}

const ReplayRow* ReplaySampler::draw(TimePoint now, Random& rng) const {
    const auto& rows = m_log->rows;
    const Duration span = m_log->span();
    Duration at = logTime(now);
    if (at > span) {
        switch (m_afterEnd) {
        case ReplayAfterEnd::Loop:
            at = span.count() > 0 ? Duration(at.count() % span.count()) : Duration::zero();
            break;
        case ReplayAfterEnd::Clamp:
            at = span;
            break;
        case ReplayAfterEnd::Synthetic:
            return nullptr;
        }
    }
    auto byTime = [](const ReplayRow& r, Duration t) { return r.t < t; };
    const auto first = std::lower_bound(rows.begin(), rows.end(), at - m_halfWindow, byTime);
    const auto last = std::upper_bound(rows.begin(), rows.end(), at + m_halfWindow,
                                       [](Duration t, const ReplayRow& r) { return t < r.t; });
    if (first < last) {
        const auto n = static_cast<std::uint64_t>(last - first);
        return &*(first + static_cast<std::ptrdiff_t>(rng.below(n)));
    }
    // An empty window: the nearest row (the earlier on a tie).
    const auto after = std::lower_bound(rows.begin(), rows.end(), at, byTime);
    if (after == rows.end()) return &rows.back();
    if (after == rows.begin()) return &*after;
    const auto before = after - 1;
    return (at - before->t) <= (after->t - at) ? &*before : &*after;
}

Duration ReplaySampler::workTime(const ReplayRow& row, Duration synthetic) const {
    constexpr double kMaxMs = 86'400'000.0; // as the synthetic sampler: a day is beyond any timeout
    if (m_latency == scenario::ReplayLatency::Replace) return fromMillis(std::min(row.latencyMs, kMaxMs));
    const double median = m_log->medianLatencyMs;
    const double factor = median > 0 ? row.latencyMs / median : 1.0;
    return fromMillis(std::min(toMillis(synthetic) * factor, kMaxMs));
}

} // namespace rl::sim
