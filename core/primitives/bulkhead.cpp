#include "core/primitives/bulkhead.h"

#include <algorithm>

namespace rl {
namespace {
const BulkheadConfig& validated(const BulkheadConfig& c) {
    c.validate();
    return c;
}
} // namespace

Bulkhead::Bulkhead(const BulkheadConfig& config)
    : m_config(validated(config))
    , m_ring(static_cast<std::size_t>(std::clamp<std::int32_t>(config.maxQueue, 1, 64))) {}

void Bulkhead::emit(BulkheadEvent::Kind kind, TimePoint now) {
    if (!m_listeners.empty()) m_listeners.emit({kind, now, m_inUse, static_cast<std::int32_t>(m_size)});
}

void Bulkhead::push(const Waiter& w) {
    if (m_size == m_ring.size()) {
        // Doubles, up to max_queue (push is only called below max_queue, so this always grows).
        const std::size_t cap = static_cast<std::size_t>(m_config.maxQueue);
        std::vector<Waiter> bigger(std::max(m_size + 1, std::min(m_ring.size() * 2, cap)));
        for (std::size_t i = 0; i < m_size; ++i)
            bigger[i] = slot(i);
        m_ring.swap(bigger);
        m_head = 0;
    }
    m_ring[(m_head + m_size) % m_ring.size()] = w;
    ++m_size;
}

Bulkhead::Waiter Bulkhead::popFront() {
    const Waiter w = m_ring[m_head];
    m_head = (m_head + 1) % m_ring.size();
    --m_size;
    return w;
}

void Bulkhead::dropExpired(TimePoint now) {
    while (m_size > 0 && m_config.maxWait != kNoLimit && now - slot(0).queuedAt > m_config.maxWait) {
        popFront();
        ++m_expired;
        emit(BulkheadEvent::Kind::WaitExpired, now);
    }
}

BulkheadDecision Bulkhead::tryAcquire(TimePoint now, std::uint64_t waiterId) {
    dropExpired(now);
    if (m_size == 0 && m_inUse < m_config.maxConcurrent) {
        ++m_inUse;
        ++m_acquired;
        return BulkheadDecision::Acquired;
    }
    if (m_size < static_cast<std::size_t>(m_config.maxQueue)) {
        push({waiterId, now});
        return BulkheadDecision::Queued;
    }
    ++m_rejected;
    emit(BulkheadEvent::Kind::Rejected, now);
    return BulkheadDecision::Rejected;
}

std::optional<std::uint64_t> Bulkhead::release(TimePoint now) {
    if (m_inUse == 0) {
        ++m_strayReleases;
        return std::nullopt;
    }
    --m_inUse;
    return grantWaiting(now);
}

std::optional<std::uint64_t> Bulkhead::grantWaiting(TimePoint now) {
    dropExpired(now);
    if (m_size == 0 || m_inUse >= m_config.maxConcurrent) return std::nullopt;
    ++m_inUse;
    ++m_acquired;
    return popFront().id;
}

bool Bulkhead::cancel(std::uint64_t waiterId) {
    for (std::size_t i = 0; i < m_size; ++i) {
        if (slot(i).id != waiterId) continue;
        for (std::size_t j = i; j + 1 < m_size; ++j)
            slot(j) = slot(j + 1);
        --m_size;
        ++m_cancelled;
        return true;
    }
    return false;
}

Bulkhead::View Bulkhead::view() const {
    return {m_config.maxConcurrent,
            m_inUse,
            m_config.maxQueue,
            static_cast<std::int32_t>(m_size),
            m_acquired,
            m_rejected,
            m_expired,
            m_cancelled,
            m_strayReleases};
}

Duration Bulkhead::oldestWait(TimePoint now) const {
    return m_size == 0 ? Duration{0} : now - slot(0).queuedAt;
}

void Bulkhead::reconfigure(const BulkheadConfig& config, TimePoint now) {
    config.validate();
    m_config = config;
    dropExpired(now);
}

} // namespace rl
