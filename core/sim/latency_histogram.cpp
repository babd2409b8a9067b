#include "core/sim/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rl::sim {
namespace {
constexpr double kMinNs = 1e3;  // 1 us
constexpr double kMaxNs = 1e13; // 10^4 s
} // namespace

LatencyHistogram::LatencyHistogram(double ratio)
    : m_ratio(ratio)
    , m_logRatio(std::log(ratio)) {
    if (!(ratio > 1.0 && ratio < 10.0)) throw std::invalid_argument("histogram ratio must be in (1, 10)");
    const auto n = static_cast<std::size_t>(std::ceil(std::log(kMaxNs / kMinNs) / m_logRatio)) + 1;
    m_buckets.assign(n, 0);
}

void LatencyHistogram::record(Duration latency) {
    const double ns = static_cast<double>(latency.count());
    std::size_t i = 0;
    if (ns > kMinNs) {
        i = static_cast<std::size_t>(std::log(ns / kMinNs) / m_logRatio);
        i = std::min(i, m_buckets.size() - 1);
    }
    ++m_buckets[i];
    ++m_count;
    m_sumNs += ns;
    m_max = std::max(m_max, latency);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.m_buckets.size() != m_buckets.size())
        throw std::invalid_argument("cannot merge histograms of different ratios");
    for (std::size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_sumNs += other.m_sumNs;
    m_max = std::max(m_max, other.m_max);
}

double LatencyHistogram::meanMs() const {
    return m_count == 0 ? 0.0 : m_sumNs / static_cast<double>(m_count) / 1e6;
}

double LatencyHistogram::percentileMs(double q) const {
    if (m_count == 0) return 0.0;
    q = std::clamp(q, 0.0, 1.0);
    // The smallest bucket whose cumulative count reaches ceil(q * count) (at least the first sample).
    const auto rank =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(q * static_cast<double>(m_count))));
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank) {
            const double lower = kMinNs * std::pow(m_ratio, static_cast<double>(i));
            const double middle = lower * std::sqrt(m_ratio);
            // Never report beyond the exact maximum (the top bucket is open-ended).
            return std::min(middle, static_cast<double>(m_max.count())) / 1e6;
        }
    }
    return toMillis(m_max);
}

double LatencyHistogram::relativeErrorBound() const {
    return std::sqrt(m_ratio) - 1.0;
}

} // namespace rl::sim
