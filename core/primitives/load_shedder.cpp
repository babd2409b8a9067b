#include "core/primitives/load_shedder.h"

namespace rl {

std::array<std::int32_t, kPriorityCount> LoadShedder::thresholds(const LoadShedderConfig& config) {
    std::array<std::int32_t, kPriorityCount> at{};
    const auto k = static_cast<std::int64_t>(config.protectPriority);
    const std::int64_t soft = config.maxInflight;
    for (std::size_t p = 0; p < kPriorityCount; ++p) {
        const auto i = static_cast<std::int64_t>(p) + 1;
        if (static_cast<std::int64_t>(p) >= k)
            at[p] = config.effectiveHardLimit();
        else
            at[p] = static_cast<std::int32_t>((soft * i + k - 1) / k); // ceil(soft * i / k)
    }
    return at;
}

LoadShedder::LoadShedder(const LoadShedderConfig& config)
    : m_config(config) {
    m_config.validate();
    m_shedAt = thresholds(m_config);
}

bool LoadShedder::tryAdmit(TimePoint now, Priority priority) {
    const auto p = static_cast<std::size_t>(priority);
    if (m_inflight < m_shedAt[p]) {
        ++m_inflight;
        ++m_admitted[p];
        return true;
    }
    ++m_shed[p];
    if (!m_listeners.empty()) m_listeners.emit({LoadShedEvent::Kind::Shed, now, priority, m_inflight});
    return false;
}

void LoadShedder::release(TimePoint) {
    if (m_inflight == 0) {
        ++m_strayReleases;
        return;
    }
    --m_inflight;
}

LoadShedder::View LoadShedder::view() const {
    return {m_inflight, m_config.maxInflight, m_config.effectiveHardLimit(), m_shedAt, m_admitted,
            m_shed,     m_strayReleases};
}

void LoadShedder::reconfigure(const LoadShedderConfig& config, TimePoint) {
    config.validate();
    m_config = config;
    m_shedAt = thresholds(m_config);
}

} // namespace rl
