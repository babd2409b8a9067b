#include "core/primitives/fallback.h"

namespace rl {

std::string_view fallbackSourceName(FallbackSource source) {
    switch (source) {
    case FallbackSource::None:
        return "none";
    case FallbackSource::Static:
        return "static";
    case FallbackSource::Cache:
        return "cache";
    case FallbackSource::StaleCache:
        return "stale_cache";
    case FallbackSource::Alternative:
        return "alternative";
    }
    return "none";
}

Fallback::Fallback(const FallbackConfig& config)
    : m_config(config)
    , m_cache(config) {}

void Fallback::recordSuccess(TimePoint now, std::uint64_t key, std::uint64_t value) {
    m_cache.store(now, key, value);
}

FallbackAnswer Fallback::answer(TimePoint now, std::uint64_t key) {
    FallbackAnswer a;
    if (m_config.kind == FallbackKind::Static) {
        a.source = FallbackSource::Static;
        ++m_staticServed;
    } else {
        const auto found = m_cache.lookup(now, key);
        if (found.found && !found.stale) {
            a = {FallbackSource::Cache, false, found.age, *found.value};
            ++m_hits;
        } else if (found.found && m_config.serveStale) {
            a = {FallbackSource::StaleCache, true, found.age, *found.value};
            ++m_staleHits;
        } else {
            ++m_misses;
            if (found.found) ++m_staleRefused;
        }
    }
    if (!m_listeners.empty()) m_listeners.emit(FallbackEvent{now, key, a});
    return a;
}

Fallback::View Fallback::view(TimePoint now) const {
    View v;
    v.kind = m_config.kind;
    v.entries = m_cache.size();
    v.capacity = m_cache.capacity();
    v.oldestAge = m_cache.oldestAge(now);
    v.hits = m_hits;
    v.staleHits = m_staleHits;
    v.misses = m_misses;
    v.staleRefused = m_staleRefused;
    v.staticServed = m_staticServed;
    v.evictions = m_cache.evictions();
    return v;
}

void Fallback::reconfigure(const FallbackConfig& config, TimePoint /*now*/) {
    config.validate();
    m_cache.reconfigure(config);
    m_config = config;
}

} // namespace rl
