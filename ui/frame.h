#pragma once
// What the simulation thread hands to the GUI, as values: a copy of the state now, what happened since
// the previous frame (log events, measured buckets, sampled attempts), and the run's change list. The
// GUI never reads core objects: widgets read frames (through the controller's RunModel).
#include "core/scenario/scenario.h"
#include "core/sim/metrics.h"
#include "core/sim/simulation.h"

#include <QMetaType>

#include <cstdint>
#include <memory>
#include <vector>

namespace rl::ui {

struct Frame {
    std::uint64_t serial = 0;
    // A frame with `reset` starts over (a new scenario, a seek, a restart): its log and buckets are
    // the whole run so far, not additions.
    bool reset = false;
    TimePoint now{0};
    TimePoint end{0};
    Duration bucketWidth{0};
    bool playing = false;
    bool finished = false;
    bool keepingPace = true; // paced play: the simulation keeps up with wall time x speed
    double speed = 1.0;      // 0 = as fast as possible
    bool animated = false;   // `attempts` are paced for animation (else a thin sample for the timelines)
    std::uint64_t eventsProcessed = 0;
    sim::Snapshot snapshot;
    // Latency of every client's answers from the start to `now` (the whole-run histograms), ms.
    struct RunLatency {
        std::int64_t answers = 0;
        double p50Ms = 0, p95Ms = 0, p99Ms = 0;
    } runLatency;

    std::vector<sim::LogEvent> newLog; // log entries since the previous frame
    std::size_t logBase = 0;           // index of newLog[0] in the whole log

    // Buckets [firstBucket, firstBucket + n): complete ones since the previous frame plus the bucket in
    // progress (sent again, updated, in the next frame).
    std::size_t firstBucket = 0;
    std::vector<std::vector<sim::ClientBucket>> clientBuckets;   // [client][i]
    std::vector<std::vector<sim::ServiceBucket>> serviceBuckets; // [service][i]
    std::vector<std::vector<sim::CallBucket>> callBuckets;       // [service call][i]
    // Time integrals over the same buckets, in seconds (divide by the bucket width for the mean): busy
    // worker-seconds and queue-length-seconds per service, bulkhead slot-seconds per call.
    std::vector<std::vector<double>> serviceBusySeconds;  // [service][i]
    std::vector<std::vector<double>> serviceQueueSeconds; // [service][i]
    std::vector<std::vector<double>> callBulkheadSeconds; // [service call][i]

    std::vector<sim::AttemptTrace> attempts; // sampled attempts that ended since the previous frame

    // The run's changes and faults (the scenario's and those made during the run), whole.
    std::vector<scenario::Change> changes;
    std::vector<scenario::Fault> faults;
};

using FramePtr = std::shared_ptr<const Frame>;

} // namespace rl::ui

Q_DECLARE_METATYPE(rl::ui::FramePtr)
