#include "core/primitives/adaptive_timeout.h"

#include <algorithm>
#include <cmath>

namespace rl {
namespace {
std::int32_t strideFor(std::int32_t window) {
    return std::max<std::int32_t>(1, window / 20);
}
} // namespace

AdaptiveTimeout::AdaptiveTimeout(const AdaptiveTimeoutConfig& config)
    : m_config(config)
    , m_timeout(config.initial) {
    m_config.validate();
    m_ring.resize(static_cast<std::size_t>(m_config.window));
    m_scratch.resize(static_cast<std::size_t>(m_config.window));
    m_stride = strideFor(m_config.window);
}

void AdaptiveTimeout::record(TimePoint now, Duration latency) {
    m_ring[static_cast<std::size_t>(m_next)] = std::max(latency, Duration::zero());
    m_next = (m_next + 1) % m_config.window;
    if (m_samples < m_config.window) ++m_samples;
    ++m_recorded;
    if (m_samples < m_config.minimumSamples) return;
    // The first verdict as soon as minimumSamples are in, then one every `stride` records.
    if (!m_warm || ++m_sinceRecompute >= m_stride) recompute(now);
}

void AdaptiveTimeout::recompute(TimePoint now) {
    m_sinceRecompute = 0;
    m_warm = m_samples >= m_config.minimumSamples;
    if (!m_warm) {
        m_percentile = Duration::zero();
        setTimeout(now, m_config.initial);
        return;
    }
    const auto n = static_cast<std::size_t>(m_samples);
    // The filled slots are [0, n) whether or not the ring has wrapped (it fills from slot 0).
    std::copy(m_ring.begin(), m_ring.begin() + static_cast<std::ptrdiff_t>(n), m_scratch.begin());
    // Nearest rank: the ceil(p * n)-th smallest, i.e. index ceil(p * n) - 1, within [0, n - 1]. The
    // 1e-9 keeps products that should be whole (0.9 * 10) from rounding up to the next rank.
    const double rank = std::ceil(m_config.percentile * static_cast<double>(n) - 1e-9);
    const auto index = static_cast<std::size_t>(std::clamp(rank - 1.0, 0.0, static_cast<double>(n - 1)));
    std::nth_element(m_scratch.begin(), m_scratch.begin() + static_cast<std::ptrdiff_t>(index),
                     m_scratch.begin() + static_cast<std::ptrdiff_t>(n));
    m_percentile = m_scratch[index];
    const double scaled = static_cast<double>(m_percentile.count()) * m_config.factor;
    Duration value = m_config.max;
    if (scaled < static_cast<double>(m_config.max.count()))
        value = std::max(m_config.min, Duration(static_cast<std::int64_t>(std::llround(scaled))));
    setTimeout(now, std::min(value, m_config.max));
}

void AdaptiveTimeout::setTimeout(TimePoint now, Duration value) {
    if (value == m_timeout) return;
    const Duration previous = m_timeout;
    m_timeout = value;
    m_listeners.emit({now, previous, value, m_samples});
}

AdaptiveTimeout::View AdaptiveTimeout::view(TimePoint /*now*/) const {
    return {m_timeout, m_percentile, m_samples, m_recorded, m_samples < m_config.minimumSamples};
}

void AdaptiveTimeout::reconfigure(const AdaptiveTimeoutConfig& config, TimePoint now) {
    config.validate();
    // Keep the most recent latencies, oldest first, in the new ring starting at slot 0.
    const std::int32_t keep = std::min(m_samples, config.window);
    std::vector<Duration> ring(static_cast<std::size_t>(config.window));
    for (std::int32_t i = 0; i < keep; ++i) {
        const std::int32_t from = ((m_next - keep + i) % m_config.window + m_config.window) % m_config.window;
        ring[static_cast<std::size_t>(i)] = m_ring[static_cast<std::size_t>(from)];
    }
    m_config = config;
    m_ring = std::move(ring);
    m_scratch.assign(static_cast<std::size_t>(config.window), Duration::zero());
    m_samples = keep;
    m_next = keep % config.window;
    m_stride = strideFor(config.window);
    recompute(now);
}

} // namespace rl
