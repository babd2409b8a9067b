#pragma once
// A bulkhead: at most `maxConcurrent` calls hold a slot at once; when all are taken, up to `maxQueue`
// callers wait in a FIFO waiting room, each for at most `maxWait`. maxQueue 0 = fail fast.
//
// The caller (the simulator, or a real program) identifies waiters by an id of its choice and resumes
// them itself: release() hands the freed slot to the oldest waiter and returns its id. The bulkhead keeps
// no timers: the caller schedules each waiter's give-up and calls cancel(id) then.
//
// Semantics
// - tryAcquire: Acquired if a slot is free and nobody waits (FIFO: a newcomer never overtakes a waiter);
//   else Queued if the waiting room has a place (the id is remembered); else Rejected (event Rejected).
// - release: frees a slot. Waiters that have waited LONGER than maxWait (now - queuedAt > maxWait) are
//   dropped and counted as expired (event WaitExpired); a waiter at exactly maxWait still gets the slot.
//   Then, if a slot is free (inUse < maxConcurrent), the oldest waiter gets it and its id is returned.
//   A release with no slot held is ignored (counted in View::strayReleases).
// - Expired waiters are also dropped at the head of the queue by tryAcquire, so they never hold a place.
//   (Waiters join in time order and share one maxWait, so expired ones are always the oldest.)
//   NOTE: expiry is lazy: until the next tryAcquire/release/grantWaiting, View::queued still counts
//   waiters past maxWait, and cancel() of such a waiter returns true (counted as cancelled, not expired).
// - cancel(id): the waiter leaves the queue (its own timeout, or the caller's maxWait timer); true if it
//   was queued. O(queue length): the ring is searched and the tail shifted by one place.
//   NOTE: O(n) chosen over tombstones for simplicity; queues are short (max_queue is usually < 1000).
// - Time passed in must not go backwards.
//
// Reconfigure keeps the holders and the waiters: lowering maxConcurrent below inUse lets the current
// holders finish (no admission until inUse is below the new limit); lowering maxQueue below the number of
// waiters keeps them (no one joins until below). Raising maxConcurrent frees slots that the waiters do not
// see by themselves: call grantWaiting(now) until it returns nullopt to hand them out (oldest first).
//
// The waiting room is a ring preallocated with min(maxQueue, 64) places that doubles when full, up to
// maxQueue: no allocation per call in steady state.
#include "core/common/listeners.h"
#include "core/common/time.h"
#include "core/primitives/bulkhead_config.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace rl {

enum class BulkheadDecision : std::uint8_t { Acquired, Queued, Rejected };

struct BulkheadEvent {
    enum class Kind : std::uint8_t { Rejected, WaitExpired };
    Kind kind;
    TimePoint at;
    std::int32_t inUse, queued; // after the event
};

class Bulkhead {
public:
    explicit Bulkhead(const BulkheadConfig& config);

    BulkheadDecision tryAcquire(TimePoint now, std::uint64_t waiterId);
    // Frees a slot; returns the id of the waiter that now holds it, if any (the caller resumes it).
    std::optional<std::uint64_t> release(TimePoint now);
    // A waiter gives up (its own timeout or maxWait): true if it was queued.
    bool cancel(std::uint64_t waiterId);
    // Hands a free slot to the oldest live waiter, if there is both (after raising max_concurrent).
    std::optional<std::uint64_t> grantWaiting(TimePoint now);

    struct View {
        std::int32_t maxConcurrent, inUse, maxQueue, queued;
        std::int64_t acquired, rejected, expired; // acquired: slots granted, at once or after waiting
        std::int64_t cancelled, strayReleases;
    };
    View view() const;
    // How long the oldest waiter has waited (0 when none), for the GUI.
    Duration oldestWait(TimePoint now) const;

    void reconfigure(const BulkheadConfig& config, TimePoint now);
    const BulkheadConfig& config() const { return m_config; }
    Listeners<BulkheadEvent>& listeners() { return m_listeners; }

private:
    struct Waiter {
        std::uint64_t id;
        TimePoint queuedAt;
    };
    Waiter& slot(std::size_t i) { return m_ring[(m_head + i) % m_ring.size()]; }
    const Waiter& slot(std::size_t i) const { return m_ring[(m_head + i) % m_ring.size()]; }
    void dropExpired(TimePoint now);
    void push(const Waiter& w);
    Waiter popFront();
    void emit(BulkheadEvent::Kind kind, TimePoint now);

    BulkheadConfig m_config;
    std::int32_t m_inUse = 0;
    std::vector<Waiter> m_ring;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
    std::int64_t m_acquired = 0;
    std::int64_t m_rejected = 0;
    std::int64_t m_expired = 0;
    std::int64_t m_cancelled = 0;
    std::int64_t m_strayReleases = 0;
    Listeners<BulkheadEvent> m_listeners;
};

} // namespace rl
