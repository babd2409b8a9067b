#include "core/primitives/retry_throttle.h"

#include <algorithm>
#include <cmath>

namespace rl {
namespace {
std::int64_t toMilli(double tokens) {
    return static_cast<std::int64_t>(std::llround(tokens * 1000.0));
}
} // namespace

RetryThrottle::RetryThrottle(const RetryThrottleConfig& config)
    : m_config(config) {
    m_config.validate();
    m_maxMilliTokens = toMilli(m_config.maxTokens);
    m_ratioMilliTokens = toMilli(m_config.tokenRatio);
    m_milliTokens = m_maxMilliTokens;
}

void RetryThrottle::onSuccess(TimePoint now) {
    setMilliTokens(now, std::min(m_maxMilliTokens, m_milliTokens + m_ratioMilliTokens));
}

void RetryThrottle::onFailure(TimePoint now) {
    setMilliTokens(now, std::max<std::int64_t>(0, m_milliTokens - 1000));
}

void RetryThrottle::setMilliTokens(TimePoint now, std::int64_t value) {
    const bool before = canRetry();
    m_milliTokens = value;
    const bool after = canRetry();
    if (before != after) m_listeners.emit({now, !after, tokens()});
}

RetryThrottle::View RetryThrottle::view(TimePoint /*now*/) const {
    const double max = static_cast<double>(m_maxMilliTokens) / 1000.0;
    return {tokens(), max, max / 2.0, canRetry()};
}

void RetryThrottle::reconfigure(const RetryThrottleConfig& config, TimePoint now) {
    config.validate();
    const bool before = canRetry();
    const double fill = static_cast<double>(m_milliTokens) / static_cast<double>(m_maxMilliTokens);
    m_config = config;
    m_maxMilliTokens = toMilli(config.maxTokens);
    m_ratioMilliTokens = toMilli(config.tokenRatio);
    const auto scaled = static_cast<std::int64_t>(std::llround(fill * static_cast<double>(m_maxMilliTokens)));
    m_milliTokens = std::clamp<std::int64_t>(scaled, 0, m_maxMilliTokens);
    if (before != canRetry()) m_listeners.emit({now, !canRetry(), tokens()});
}

} // namespace rl
