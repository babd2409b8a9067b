#pragma once
// The simulator's future event list: small plain events ordered by (time, sequence number), so events at
// the same nanosecond run in the order they were scheduled, always. No std::function and no allocation
// per event (the heap's vector grows to the peak number of pending events and stays there).
// Cancelling is done by the owner: events carry a token that the handler compares with the entity's
// current one, and a stale event is skipped (no search-and-remove in the heap).
#include "core/common/time.h"

#include <cstdint>
#include <vector>

namespace rl::sim {

enum class EventKind : std::uint8_t {
    ClientArrival,    // index = client
    WorkDone,         // index = job, token = job generation
    AttemptTimeout,   // index = call execution, token = its timeout token, depth = layer
    RetryTimer,       // index = call execution, token = its wait token, depth = layer
    BulkheadWaitOver, // index = call execution, token = its wait token, depth = layer
    BulkheadGranted,  // index = call execution, token = its wait token, depth = layer
    FaultStart,       // index = fault
    FaultEnd,         // index = fault
};

struct Event {
    TimePoint time{0};
    std::uint64_t sequence = 0;
    std::uint32_t index = 0;
    std::uint32_t token = 0;
    EventKind kind = EventKind::ClientArrival;
    std::uint8_t depth = 0;
};

class EventQueue {
public:
    void reserve(std::size_t n) { m_heap.reserve(n); }
    void push(TimePoint time, EventKind kind, std::uint32_t index, std::uint32_t token = 0,
              std::uint8_t depth = 0);
    bool empty() const { return m_heap.empty(); }
    std::size_t size() const { return m_heap.size(); }
    const Event& top() const { return m_heap.front(); }
    Event pop();
    std::uint64_t scheduled() const { return m_nextSequence; }

private:
    std::vector<Event> m_heap; // binary min-heap on (time, sequence)
    std::uint64_t m_nextSequence = 0;
};

} // namespace rl::sim
