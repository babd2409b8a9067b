#pragma once
// Fixed-type object pools with free lists, and a ring-buffer FIFO: the simulator's per-request state
// lives here, so steady-state simulation allocates nothing (storage grows to the peak and is reused).
#include <cstdint>
#include <vector>

namespace rl::sim {

template <typename T> class Pool {
public:
    // A reused slot is reset with T::recycle() when T has one (to keep per-slot generation counters
    // growing, so events aimed at the slot's previous user never match the new one), else to T{}.
    std::uint32_t acquire() {
        if (!m_free.empty()) {
            const std::uint32_t i = m_free.back();
            m_free.pop_back();
            if constexpr (requires(T & t) { t.recycle(); })
                m_items[i].recycle();
            else
                m_items[i] = T{};
            return i;
        }
        m_items.emplace_back();
        return static_cast<std::uint32_t>(m_items.size() - 1);
    }
    void release(std::uint32_t i) { m_free.push_back(i); }
    T& operator[](std::uint32_t i) { return m_items[i]; }
    const T& operator[](std::uint32_t i) const { return m_items[i]; }
    std::size_t live() const { return m_items.size() - m_free.size(); }
    std::size_t capacity() const { return m_items.size(); }
    // Calls f(index, item) for every slot in use. Allocates: for drawing, not for the hot path.
    template <typename F> void forEachLive(F&& f) const {
        std::vector<bool> isFree(m_items.size());
        for (std::uint32_t i : m_free)
            isFree[i] = true;
        for (std::uint32_t i = 0; i < m_items.size(); ++i)
            if (!isFree[i]) f(i, m_items[i]);
    }

private:
    std::vector<T> m_items;
    std::vector<std::uint32_t> m_free;
};

// FIFO of indices on a power-of-two ring that doubles when full.
class IndexQueue {
public:
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    void push(std::uint32_t v) {
        if (m_size == m_ring.size()) grow();
        m_ring[(m_head + m_size) & (m_ring.size() - 1)] = v;
        ++m_size;
    }
    std::uint32_t pop() {
        const std::uint32_t v = m_ring[m_head];
        m_head = (m_head + 1) & (m_ring.size() - 1);
        --m_size;
        return v;
    }

private:
    void grow() {
        std::vector<std::uint32_t> bigger(m_ring.empty() ? 16 : m_ring.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i)
            bigger[i] = m_ring[(m_head + i) & (m_ring.size() - 1)];
        m_ring.swap(bigger);
        m_head = 0;
    }
    std::vector<std::uint32_t> m_ring;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace rl::sim
