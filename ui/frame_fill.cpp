#include "ui/frame_fill.h"

#include <algorithm>

namespace rl::ui {

namespace {

Frame::RunLatency runLatencyOf(const sim::Simulation& s) {
    sim::LatencyHistogram all(sim::kTotalHistogramBits);
    for (std::size_t c = 0; c < s.scenario().clients.size(); ++c)
        all.merge(s.clientLatency(c));
    return {all.count(), all.percentileMs(0.5), all.percentileMs(0.95), all.percentileMs(0.99)};
}

} // namespace

std::size_t fillFrame(Frame& f, const sim::Simulation& s, std::size_t logFrom, std::size_t bucketFrom) {
    f.now = s.now();
    f.end = s.end();
    f.bucketWidth = s.bucketWidth();
    f.finished = s.finished();
    f.eventsProcessed = s.eventsProcessed();
    f.snapshot = s.snapshot();
    f.runLatency = runLatencyOf(s);
    const auto& log = s.log();
    f.logBase = logFrom;
    f.newLog.assign(log.begin() + static_cast<std::ptrdiff_t>(logFrom), log.end());
    const std::size_t current =
        std::min(s.bucketCount() - 1, static_cast<std::size_t>(s.now().count() / s.bucketWidth().count()));
    f.firstBucket = std::min(bucketFrom, current);
    auto slice = [&](const auto& series) {
        using Bucket = typename std::decay_t<decltype(series)>::value_type;
        return std::vector<Bucket>(series.begin() + static_cast<std::ptrdiff_t>(f.firstBucket),
                                   series.begin() + static_cast<std::ptrdiff_t>(current + 1));
    };
    for (std::size_t c = 0; c < s.scenario().clients.size(); ++c)
        f.clientBuckets.push_back(slice(s.clientBuckets(c)));
    for (std::size_t v = 0; v < s.scenario().services.size(); ++v)
        f.serviceBuckets.push_back(slice(s.serviceBuckets(v)));
    for (std::size_t c = 0; c < s.calls().size(); ++c)
        f.callBuckets.push_back(slice(s.callBuckets(c)));
    auto integral = [&](std::size_t index,
                        double (sim::Simulation::*perBucket)(std::size_t, std::size_t) const) {
        std::vector<double> sums;
        for (std::size_t b = f.firstBucket; b <= current; ++b)
            sums.push_back((s.*perBucket)(index, b));
        return sums;
    };
    for (std::size_t v = 0; v < s.scenario().services.size(); ++v) {
        f.serviceBusySeconds.push_back(integral(v, &sim::Simulation::serviceBusyWorkerSeconds));
        f.serviceQueueSeconds.push_back(integral(v, &sim::Simulation::serviceQueueSeconds));
    }
    for (std::size_t c = 0; c < s.calls().size(); ++c)
        f.callBulkheadSeconds.push_back(integral(c, &sim::Simulation::callBulkheadBusySeconds));
    f.changes = s.changes();
    f.faults = s.faults();
    return current;
}

Frame wholeRunFrame(const sim::Simulation& s) {
    Frame f;
    f.reset = true;
    fillFrame(f, s, 0, 0);
    return f;
}

} // namespace rl::ui
