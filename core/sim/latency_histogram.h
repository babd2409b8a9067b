#pragma once
// A log-bucketed latency histogram: bucket i covers [min * r^i, min * r^(i+1)) and a percentile is
// reported at the bucket's geometric middle, so its relative error is at most sqrt(r) - 1. With the
// default r = 1.02 that is 0.995% (the issue asks for <= 1%). Values below `min` (1 us) share bucket 0,
// values above the top (min * r^n) the last one; the exact maximum and sum are kept on the side.
#include "core/common/time.h"

#include <cstdint>
#include <vector>

namespace rl::sim {

class LatencyHistogram {
public:
    // ratio > 1; buckets span [1 us, 10^4 s].
    explicit LatencyHistogram(double ratio = 1.02);

    void record(Duration latency);
    void merge(const LatencyHistogram& other); // same ratio required
    std::int64_t count() const { return m_count; }
    Duration max() const { return m_max; }
    double meanMs() const; // exact, from the sum
    // q in [0, 1]; 0 when empty.
    double percentileMs(double q) const;
    double relativeErrorBound() const;

private:
    double m_ratio;
    double m_logRatio;
    std::vector<std::uint32_t> m_buckets;
    std::int64_t m_count = 0;
    double m_sumNs = 0; // double: 2^53 ns = 104 days of summed latency before rounding matters
    Duration m_max{0};
};

} // namespace rl::sim
