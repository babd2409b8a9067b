#pragma once
// The simulator's future event list: small plain events ordered by (time, sequence number), so events at
// the same nanosecond run in the order they were scheduled, always. No std::function and no allocation
// per event (storage grows to the peak number of pending events and stays there).
//
// Cancelling is done by the owner: events carry a token that the handler compares with the entity's
// current one, and a stale event is skipped (no search-and-remove in the heap). Most timers are stale
// when they fire (an attempt answered long before its timeout), and there are many of them, so timers
// with a fixed delay go into FIFO "lanes" (one per timer source, e.g. one call's attempt timeouts):
// a lane's times never decrease, so only its head needs to be in the heap. The order of events is
// exactly the same as with one big heap; the heap just stays small and in cache.
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
    std::uint32_t lane = 0; // 0 = not from a lane, else lane number + 1
    EventKind kind = EventKind::ClientArrival;
    std::uint8_t depth = 0;
};

class EventQueue {
public:
    void setLaneCount(std::size_t lanes);
    void push(TimePoint time, EventKind kind, std::uint32_t index, std::uint32_t token = 0,
              std::uint8_t depth = 0);
    // Same as push(), through FIFO lane `lane` (< lane count) when `time` is not before the lane's last
    // event; otherwise straight into the heap. Either way the event fires in (time, sequence) order.
    void pushTimer(std::size_t lane, TimePoint time, EventKind kind, std::uint32_t index,
                   std::uint32_t token = 0, std::uint8_t depth = 0);
    bool empty() const { return m_heap.empty(); }
    const Event& top() const { return m_heap.front(); }
    Event pop();

private:
    struct Lane { // ring buffer of events; the front one is also in the heap
        std::vector<Event> ring;
        std::size_t head = 0, size = 0;
        const Event& front() const { return ring[head]; }
        const Event& back() const { return ring[(head + size - 1) & (ring.size() - 1)]; }
        void pushBack(const Event& e);
        void popFront();
    };
    void heapPush(const Event& e);
    std::vector<Event> m_heap; // 4-ary min-heap on (time, sequence)
    std::vector<Lane> m_lanes;
    std::uint64_t m_nextSequence = 0;
};

} // namespace rl::sim
