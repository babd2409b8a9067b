#pragma once
// A log-linear latency histogram over integer nanoseconds (the HdrHistogram layout): values below
// 2^(b+1) ns get exact buckets; above, each power-of-two range is split into 2^b equal buckets, so a
// bucket is at most 1/2^b of its lower bound wide. A percentile is reported at the bucket's middle:
// relative error <= 1/2^(b+1) (b = 6: 0.78%, the bound docs/outputs.md states for p50/p95/p99).
// Recording is a few integer operations (no log()); the exact count, sum and maximum are kept aside.
#include "core/common/time.h"

#include <cstdint>
#include <vector>

namespace rl::sim {

class LatencyHistogram {
public:
    // significantBits in [2, 10].
    explicit LatencyHistogram(int significantBits = 6);

    void record(Duration latency) {
        const std::int64_t ns = latency.count() < 0 ? 0 : latency.count();
        ++m_buckets[indexOf(static_cast<std::uint64_t>(ns))];
        ++m_count;
        m_sumNs += static_cast<double>(ns);
        if (latency > m_max) m_max = latency;
    }
    void merge(const LatencyHistogram& other); // same significantBits required
    void clear();
    std::int64_t count() const { return m_count; }
    Duration max() const { return m_max; }
    double meanMs() const; // exact, from the sum
    // q in [0, 1]: the value at rank ceil(q * count) (at least 1); 0 when empty.
    double percentileMs(double q) const;
    double relativeErrorBound() const;

private:
    std::size_t indexOf(std::uint64_t ns) const {
        if (ns < m_exactLimit) return static_cast<std::size_t>(ns);
        const int e = 63 - __builtin_clzll(ns); // floor(log2 ns) >= bits + 1
        const int shift = e - m_bits;
        const std::uint64_t sub = ns >> shift; // in [2^bits, 2^(bits+1))
        return static_cast<std::size_t>(
            m_exactLimit + static_cast<std::uint64_t>(e - m_bits - 1) * m_subCount + (sub - m_subCount));
    }
    double bucketMiddleNs(std::size_t index) const;

    int m_bits;
    std::uint64_t m_subCount;   // 2^bits
    std::uint64_t m_exactLimit; // 2^(bits+1)
    std::vector<std::uint32_t> m_buckets;
    std::int64_t m_count = 0;
    double m_sumNs = 0; // double: exact to 2^53 ns (104 days) of summed latency, then 1e-16 relative
    Duration m_max{0};
};

} // namespace rl::sim
