#pragma once
// What a run measured, per fixed-width time bucket (`bucket_s`) and in total, per client, service and
// call. Memory is proportional to duration / bucket width, never to the number of requests.
#include "core/common/outcome.h"
#include "core/common/time.h"
#include "core/sim/latency_histogram.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rl::sim {

struct OutcomeCounts {
    std::array<std::int64_t, kOutcomeCount> n{};
    void add(Outcome o) { ++n[static_cast<std::size_t>(o)]; }
    std::int64_t operator[](Outcome o) const { return n[static_cast<std::size_t>(o)]; }
    std::int64_t total() const;
    OutcomeCounts& operator+=(const OutcomeCounts& other);
};

// Latency histograms keep 6 significant bits (<= 0.78% error). Buckets do not keep a histogram each
// (15 kB): one histogram per client collects the current bucket and its percentiles are stored when
// the bucket is over, so memory per bucket stays around 100 bytes.
inline constexpr int kTotalHistogramBits = 6;

struct ClientBucket {
    std::int64_t requests = 0; // requests sent (first attempts) in this bucket
    std::int64_t attempts = 0;
    std::int64_t duplicateSideEffects = 0;
    OutcomeCounts outcomes;                // final answers received in this bucket
    float p50Ms = 0, p95Ms = 0, p99Ms = 0; // latency of those answers
};

struct ServiceBucket;
struct CallBucket;
ClientBucket& operator+=(ClientBucket& a, const ClientBucket& b); // counts only, not the percentiles

struct ServiceBucket {
    std::int64_t arrivals = 0, started = 0, completed = 0, errors = 0, rejected = 0, rateLimited = 0,
                 shed = 0, expiredDropped = 0;
    std::int32_t workers = 0; // capacity at the end of the bucket (faults change it)
};

struct CallBucket {
    std::int64_t calls = 0, attempts = 0, retries = 0;
    OutcomeCounts outcomes; // final outcome of each call, after every policy layer
};

ServiceBucket& operator+=(ServiceBucket& a, const ServiceBucket& b); // counts; workers: the latest
CallBucket& operator+=(CallBucket& a, const CallBucket& b);

// The sum of a series of buckets (a whole run's counts).
template <typename Bucket> Bucket total(const std::vector<Bucket>& buckets) {
    Bucket t{};
    for (const auto& b : buckets)
        t += b;
    return t;
}

// Integrates a piecewise-constant quantity (busy workers, queue length, bulkhead slots in use) over
// time into per-bucket sums, e.g. worker-seconds per bucket. Time past the last bucket is dropped.
class BucketIntegral {
public:
    BucketIntegral() = default;
    BucketIntegral(std::size_t buckets, Duration bucketWidth);
    // The quantity is `value` from `now` on.
    void set(TimePoint now, double value);
    void add(TimePoint now, double delta) { set(now, m_value + delta); }
    // Integrates up to `now` (call before reading the sums).
    void flush(TimePoint now);
    double bucketSum(std::size_t bucket) const { return m_sums[bucket]; }

private:
    std::vector<double> m_sums;
    Duration m_width{1};
    double m_value = 0;
    TimePoint m_since{0};
    std::size_t m_current = 0; // bucket of m_since
    TimePoint m_currentEnd{0}; // end of that bucket
};

struct BreakerTransition {
    TimePoint at;
    std::uint8_t from, to; // BreakerState
    double failureRate;
};

} // namespace rl::sim
