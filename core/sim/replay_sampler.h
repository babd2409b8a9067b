#pragma once
// Picks the recorded row a service's work follows when the service replays a log (`services[i].replay`,
// docs/scenario-format.md). A call at simulated time t maps to log time
//   L = start_s + t * time_scale
// (past the last row: wrapped modulo the log's span for "loop", held at the end for "clamp", or no row
// for "synthetic"). The rows with timestamps in [L - window_s/2, L + window_s/2] are candidates and one is
// drawn uniformly from the service's own random stream; when the window holds none, the row nearest to L
// is used (the earlier one on a tie). O(log rows) per draw, no allocation.
#include "core/common/random.h"
#include "core/common/time.h"
#include "core/scenario/replay_log.h"

#include <memory>

namespace rl::sim {

class ReplaySampler {
public:
    // `replay.log` must be loaded (scenario::attachReplayLogs); throws std::invalid_argument if not.
    explicit ReplaySampler(const scenario::Replay& replay);

    // The row for a call starting at `now`, or nullptr when the service behaves synthetically then.
    const scenario::ReplayRow* draw(TimePoint now, Random& rng) const;
    // The work time a row gives: its latency ("replace"), or the synthetic draw times the row's latency
    // over the log's median ("scale").
    Duration workTime(const scenario::ReplayRow& row, Duration synthetic) const;
    scenario::ReplayLatency latencyMode() const { return m_latency; }
    // The log time (from the earliest row) a call at `now` maps to, before wrapping or clamping.
    Duration logTime(TimePoint now) const;

private:
    std::shared_ptr<const scenario::ReplayLog> m_log;
    Duration m_start{0};
    double m_timeScale = 1;
    Duration m_halfWindow{0};
    scenario::ReplayAfterEnd m_afterEnd = scenario::ReplayAfterEnd::Loop;
    scenario::ReplayLatency m_latency = scenario::ReplayLatency::Replace;
};

} // namespace rl::sim
