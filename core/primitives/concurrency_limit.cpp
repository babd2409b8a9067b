#include "core/primitives/concurrency_limit.h"

#include <algorithm>
#include <cmath>

namespace rl {
namespace {
constexpr std::int64_t kWarmupSamples = 10;

const ConcurrencyLimitConfig& validated(const ConcurrencyLimitConfig& c) {
    c.validate();
    return c;
}
} // namespace

ConcurrencyLimit::ConcurrencyLimit(const ConcurrencyLimitConfig& config)
    : m_config(validated(config))
    , m_limit(config.initialLimit)
    , m_estimate(config.initialLimit) {}

bool ConcurrencyLimit::tryAcquire(TimePoint now) {
    if (m_inflight < m_limit) {
        ++m_inflight;
        ++m_accepted;
        return true;
    }
    ++m_rejected;
    if (!m_listeners.empty())
        m_listeners.emit({ConcurrencyLimitEvent::Kind::Rejected, now, m_limit, m_limit, m_inflight});
    return false;
}

void ConcurrencyLimit::release() {
    m_inflightAtSample = m_inflight;
    if (m_inflight > 0) --m_inflight;
}

void ConcurrencyLimit::setEstimate(double estimate, TimePoint now) {
    m_estimate =
        std::clamp(estimate, static_cast<double>(m_config.minLimit), static_cast<double>(m_config.maxLimit));
    const auto limit = static_cast<std::int32_t>(std::floor(m_estimate));
    if (limit == m_limit) return;
    const std::int32_t previous = m_limit;
    m_limit = limit;
    if (!m_listeners.empty())
        m_listeners.emit({ConcurrencyLimitEvent::Kind::LimitChanged, now, m_limit, previous, m_inflight});
}

void ConcurrencyLimit::aimdSample(TimePoint now, bool drop) {
    if (drop) {
        m_successesInWindow = 0;
        setEstimate(std::floor(static_cast<double>(m_limit) * m_config.backoffRatio), now);
        return;
    }
    if (static_cast<std::int64_t>(m_inflightAtSample) * 2 < m_limit) return; // app-limited
    if (++m_successesInWindow >= m_limit) {
        m_successesInWindow = 0;
        setEstimate(static_cast<double>(m_limit) + 1, now);
    }
}

void ConcurrencyLimit::gradientSample(TimePoint now, double rttNs) {
    if (m_longSamples < kWarmupSamples) {
        ++m_longSamples;
        m_longSumNs += rttNs;
        m_longRttNs = m_longSumNs / static_cast<double>(m_longSamples);
    } else {
        const double factor = 2.0 / (static_cast<double>(m_config.longWindow) + 1.0);
        m_longRttNs = m_longRttNs * (1 - factor) + rttNs * factor;
    }
    const double shortRtt = std::max(rttNs, 1.0); // a 0 ns RTT would divide by zero
    if (m_longRttNs / shortRtt > 2) m_longRttNs *= 0.95;
    if (static_cast<double>(m_inflightAtSample) < m_estimate / 2) return; // app-limited
    const double gradient = std::clamp(m_config.rttTolerance * m_longRttNs / shortRtt, 0.5, 1.0);
    const double target = m_estimate * gradient + m_config.queueSize;
    setEstimate(m_estimate * (1 - m_config.smoothing) + target * m_config.smoothing, now);
}

void ConcurrencyLimit::onSuccess(TimePoint now, Duration rtt) {
    release();
    m_lastRttNs = static_cast<double>(rtt.count());
    if (m_config.algorithm == LimitAlgorithm::Aimd) {
        const bool slow = rtt >= m_config.timeout;
        if (slow) ++m_drops;
        aimdSample(now, slow);
    } else {
        gradientSample(now, m_lastRttNs);
    }
}

void ConcurrencyLimit::onDropped(TimePoint now) {
    release();
    ++m_drops;
    if (m_config.algorithm == LimitAlgorithm::Aimd) aimdSample(now, true);
}

void ConcurrencyLimit::onIgnore(TimePoint) {
    release();
}

ConcurrencyLimit::View ConcurrencyLimit::view() const {
    return {m_config.algorithm,
            m_limit,
            m_inflight,
            m_config.minLimit,
            m_config.maxLimit,
            m_estimate,
            m_longRttNs / 1e6,
            m_lastRttNs / 1e6,
            m_accepted,
            m_rejected,
            m_drops};
}

void ConcurrencyLimit::reconfigure(const ConcurrencyLimitConfig& config, TimePoint now) {
    config.validate();
    const bool algorithmChanged = config.algorithm != m_config.algorithm;
    m_config = config;
    if (algorithmChanged) {
        m_estimate = m_limit;
        m_successesInWindow = 0;
    }
    setEstimate(m_config.algorithm == LimitAlgorithm::Aimd ? static_cast<double>(m_limit) : m_estimate, now);
}

} // namespace rl
