#include "core/sim/event_queue.h"

#include <algorithm>

namespace rl::sim {
namespace {
// std::*_heap builds a max-heap, so "less" here means "later".
bool later(const Event& a, const Event& b) {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
}
} // namespace

void EventQueue::push(TimePoint time, EventKind kind, std::uint32_t index, std::uint32_t token,
                      std::uint8_t depth) {
    m_heap.push_back(Event{time, m_nextSequence++, index, token, kind, depth});
    std::push_heap(m_heap.begin(), m_heap.end(), later);
}

Event EventQueue::pop() {
    std::pop_heap(m_heap.begin(), m_heap.end(), later);
    Event e = m_heap.back();
    m_heap.pop_back();
    return e;
}

} // namespace rl::sim
