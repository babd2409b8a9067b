#include "core/primitives/keyed_rate_limiter.h"

#include <algorithm>

namespace rl {

KeyedRateLimiter::KeyedRateLimiter(const RateLimiterConfig& config)
    : m_config(config)
    , m_global(config) {
    m_map.reserve(static_cast<std::size_t>(std::min<std::int32_t>(config.maxKeys, 1024)));
}

KeyedRateLimiter::KeyedRateLimiter(const KeyedRateLimiter& other)
    : m_config(other.m_config)
    , m_global(other.m_global)
    , m_map(other.m_map)
    , m_slots(other.m_slots)
    , m_freeSlots(other.m_freeSlots)
    , m_head(other.m_head)
    , m_tail(other.m_tail)
    , m_evicted(other.m_evicted)
    , m_permitted(other.m_permitted)
    , m_rejected(other.m_rejected)
    , m_listeners(other.m_listeners) {
    for (auto& slot : m_slots)
        slot.key = nullptr;
    for (const auto& [key, slot] : m_map)
        m_slots[static_cast<std::size_t>(slot)].key = &key;
}

std::size_t KeyedRateLimiter::keyCount() const {
    return m_config.per == RateLimitScope::Global ? 1 : m_map.size();
}

void KeyedRateLimiter::unlink(std::int32_t i) {
    Slot& s = m_slots[static_cast<std::size_t>(i)];
    if (s.prev != kNone)
        m_slots[static_cast<std::size_t>(s.prev)].next = s.next;
    else
        m_head = s.next;
    if (s.next != kNone)
        m_slots[static_cast<std::size_t>(s.next)].prev = s.prev;
    else
        m_tail = s.prev;
    s.prev = s.next = kNone;
}

void KeyedRateLimiter::pushFront(std::int32_t i) {
    Slot& s = m_slots[static_cast<std::size_t>(i)];
    s.prev = kNone;
    s.next = m_head;
    if (m_head != kNone) m_slots[static_cast<std::size_t>(m_head)].prev = i;
    m_head = i;
    if (m_tail == kNone) m_tail = i;
}

void KeyedRateLimiter::evict(std::int32_t i, TimePoint now) {
    Slot& s = m_slots[static_cast<std::size_t>(i)];
    unlink(i);
    ++m_evicted;
    if (!m_listeners.empty())
        m_listeners.emit({KeyedRateLimitEvent::Kind::KeyEvicted, now, *s.key, 0.0, Duration{0}});
    // Keep the map node (and its string's capacity) for the next new key.
    const auto it = m_map.find(std::string_view(*s.key));
    if (it != m_map.end()) m_freeNodes.push_back(m_map.extract(it)); // always found; the check calms GCC
    s.key = nullptr;
    m_freeSlots.push_back(i);
}

std::int32_t KeyedRateLimiter::insert(std::string_view key, TimePoint now) {
    if (m_map.size() >= static_cast<std::size_t>(m_config.maxKeys) && m_tail != kNone) evict(m_tail, now);
    std::int32_t i;
    if (!m_freeSlots.empty()) {
        i = m_freeSlots.back();
        m_freeSlots.pop_back();
        RateLimiter& limiter = m_slots[static_cast<std::size_t>(i)].limiter;
        limiter.reconfigure(m_config, now); // a free slot may predate the last reconfigure
        limiter.reset(now);
    } else {
        i = static_cast<std::int32_t>(m_slots.size());
        m_slots.push_back(Slot{RateLimiter(m_config, now)});
    }
    Map::iterator it;
    if (!m_freeNodes.empty()) {
        Map::node_type node = std::move(m_freeNodes.back());
        m_freeNodes.pop_back();
        node.key().assign(key);
        node.mapped() = i;
        it = m_map.insert(std::move(node)).position;
    } else {
        it = m_map.emplace(std::string(key), i).first;
    }
    Slot& s = m_slots[static_cast<std::size_t>(i)];
    s.key = &it->first;
    s.lastUsed = now;
    pushFront(i);
    return i;
}

void KeyedRateLimiter::record(const RateDecision& d, TimePoint now, std::string_view key, double cost) {
    if (d.permitted) {
        ++m_permitted;
        return;
    }
    ++m_rejected;
    if (!m_listeners.empty())
        m_listeners.emit({KeyedRateLimitEvent::Kind::Rejected, now, key, cost, d.retryAfter});
}

RateDecision KeyedRateLimiter::tryAcquire(TimePoint now, std::string_view key, double cost) {
    if (m_config.per == RateLimitScope::Global) {
        const RateDecision d = m_global.tryAcquire(now, cost);
        record(d, now, key, cost);
        return d;
    }
    // Lazy idle eviction from the cold end (amortised O(1)).
    for (int n = 0; n < 2 && m_tail != kNone; ++n) {
        const Slot& cold = m_slots[static_cast<std::size_t>(m_tail)];
        if (!isIdle(cold, now) || *cold.key == key) break;
        evict(m_tail, now);
    }
    std::int32_t i;
    auto it = m_map.find(key);
    if (it == m_map.end()) {
        i = insert(key, now);
    } else {
        i = it->second;
        Slot& s = m_slots[static_cast<std::size_t>(i)];
        if (isIdle(s, now)) { // forgotten: starts afresh, as a new key would
            ++m_evicted;
            if (!m_listeners.empty())
                m_listeners.emit({KeyedRateLimitEvent::Kind::KeyEvicted, now, *s.key, 0.0, Duration{0}});
            s.limiter.reset(now);
        }
        if (now > s.lastUsed) s.lastUsed = now;
        if (m_head != i) {
            unlink(i);
            pushFront(i);
        }
    }
    const RateDecision d = m_slots[static_cast<std::size_t>(i)].limiter.tryAcquire(now, cost);
    record(d, now, key, cost);
    return d;
}

void KeyedRateLimiter::evictIdle(TimePoint now) {
    if (m_config.per == RateLimitScope::Global) return;
    while (m_tail != kNone && isIdle(m_slots[static_cast<std::size_t>(m_tail)], now))
        evict(m_tail, now);
}

KeyedRateLimiter::View KeyedRateLimiter::view() const {
    return {m_config.per, keyCount(), m_config.maxKeys, m_evicted, m_permitted, m_rejected};
}

std::optional<RateLimiter::View> KeyedRateLimiter::viewOf(std::string_view key, TimePoint now) const {
    if (m_config.per == RateLimitScope::Global) return m_global.view(now);
    auto it = m_map.find(key);
    if (it == m_map.end()) return std::nullopt;
    const Slot& s = m_slots[static_cast<std::size_t>(it->second)];
    if (isIdle(s, now)) return std::nullopt;
    return s.limiter.view(now);
}

void KeyedRateLimiter::reconfigure(const RateLimiterConfig& config, TimePoint now) {
    config.validate();
    if (config.per != m_config.per) {
        while (m_tail != kNone)
            evict(m_tail, now);
        m_config = config;
        m_global = RateLimiter(config, now);
        return;
    }
    m_config = config;
    m_global.reconfigure(config, now);
    for (std::int32_t i = m_head; i != kNone; i = m_slots[static_cast<std::size_t>(i)].next)
        m_slots[static_cast<std::size_t>(i)].limiter.reconfigure(config, now);
    while (m_map.size() > static_cast<std::size_t>(m_config.maxKeys))
        evict(m_tail, now);
}

} // namespace rl
