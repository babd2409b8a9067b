#include "core/sim/event_queue.h"

namespace rl::sim {

// The heap is 4-ary and sifts with a hole instead of swaps: four children per node halve the depth of
// a binary heap.
namespace {
constexpr std::size_t kArity = 4;

inline bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
}
} // namespace

void EventQueue::Lane::pushBack(const Event& e) {
    if (size == ring.size()) {
        std::vector<Event> bigger(ring.empty() ? 16 : ring.size() * 2);
        for (std::size_t i = 0; i < size; ++i)
            bigger[i] = ring[(head + i) & (ring.size() - 1)];
        ring.swap(bigger);
        head = 0;
    }
    ring[(head + size) & (ring.size() - 1)] = e;
    ++size;
}

void EventQueue::Lane::popFront() {
    head = (head + 1) & (ring.size() - 1);
    --size;
}

void EventQueue::setLaneCount(std::size_t lanes) {
    m_lanes.resize(lanes);
}

void EventQueue::push(TimePoint time, EventKind kind, std::uint32_t index, std::uint32_t token,
                      std::uint8_t depth) {
    heapPush(Event{time, m_nextSequence++, index, token, 0, kind, depth});
}

void EventQueue::pushTimer(std::size_t lane, TimePoint time, EventKind kind, std::uint32_t index,
                           std::uint32_t token, std::uint8_t depth) {
    Lane& l = m_lanes[lane];
    if (l.size > 0 && time < l.back().time) { // out of order (e.g. cut short by a deadline)
        push(time, kind, index, token, depth);
        return;
    }
    const Event e{time, m_nextSequence++, index, token, static_cast<std::uint32_t>(lane + 1), kind, depth};
    l.pushBack(e);
    if (l.size == 1) heapPush(e);
}

void EventQueue::heapPush(const Event& e) {
    std::size_t hole = m_heap.size();
    m_heap.emplace_back();
    while (hole > 0) {
        const std::size_t parent = (hole - 1) / kArity;
        if (!before(e, m_heap[parent])) break;
        m_heap[hole] = m_heap[parent];
        hole = parent;
    }
    m_heap[hole] = e;
}

Event EventQueue::pop() {
    const Event top = m_heap.front();
    const Event last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n > 0) {
        std::size_t hole = 0;
        while (true) {
            const std::size_t first = hole * kArity + 1;
            if (first >= n) break;
            std::size_t best = first;
            const std::size_t end = first + kArity < n ? first + kArity : n;
            for (std::size_t c = first + 1; c < end; ++c)
                if (before(m_heap[c], m_heap[best])) best = c;
            if (!before(m_heap[best], last)) break;
            m_heap[hole] = m_heap[best];
            hole = best;
        }
        m_heap[hole] = last;
    }
    if (top.lane != 0) { // the lane's next event takes its place in the heap
        Lane& l = m_lanes[top.lane - 1];
        l.popFront();
        if (l.size > 0) heapPush(l.front());
    }
    return top;
}

} // namespace rl::sim
