#include "core/sim/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rl::sim {

LatencyHistogram::LatencyHistogram(int significantBits)
    : m_bits(significantBits) {
    if (significantBits < 2 || significantBits > 10)
        throw std::invalid_argument("histogram significant bits must be in [2, 10]");
    m_subCount = std::uint64_t{1} << m_bits;
    m_exactLimit = m_subCount * 2;
    // Up to 2^63 ns: exponents bits+1 .. 62.
    m_buckets.assign(
        static_cast<std::size_t>(m_exactLimit + static_cast<std::uint64_t>(63 - m_bits - 1) * m_subCount), 0);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.m_bits != m_bits) throw std::invalid_argument("cannot merge histograms of different precision");
    for (std::size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_sumNs += other.m_sumNs;
    m_max = std::max(m_max, other.m_max);
}

void LatencyHistogram::clear() {
    std::fill(m_buckets.begin(), m_buckets.end(), 0u);
    m_count = 0;
    m_sumNs = 0;
    m_max = Duration{0};
}

double LatencyHistogram::meanMs() const {
    return m_count == 0 ? 0.0 : m_sumNs / static_cast<double>(m_count) / 1e6;
}

double LatencyHistogram::bucketMiddleNs(std::size_t index) const {
    if (index < m_exactLimit) return static_cast<double>(index);
    const std::uint64_t i = index - m_exactLimit;
    const std::uint64_t e = i / m_subCount + static_cast<std::uint64_t>(m_bits) + 1;
    const std::uint64_t sub = m_subCount + i % m_subCount;
    const int shift = static_cast<int>(e) - m_bits;
    const double lower = std::ldexp(static_cast<double>(sub), shift);
    return lower + std::ldexp(1.0, shift) / 2;
}

double LatencyHistogram::percentileMs(double q) const {
    if (m_count == 0) return 0.0;
    q = std::clamp(q, 0.0, 1.0);
    const auto rank =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(q * static_cast<double>(m_count))));
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank) return std::min(bucketMiddleNs(i), static_cast<double>(m_max.count())) / 1e6;
    }
    return toMillis(m_max);
}

double LatencyHistogram::relativeErrorBound() const {
    return 1.0 / static_cast<double>(m_exactLimit);
}

} // namespace rl::sim
