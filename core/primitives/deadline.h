#pragma once
// Deadline: the absolute time by which a whole request must be answered, retries included, and the
// budget it hands down to the calls it makes (docs/primitives/timeouts.md). A plain value type.
//
//   none()                 no deadline: remaining() is kNoLimit, never expired
//   at(t)                  expires at t (kNoLimit means none)
//   after(now, budget)     expires at now + budget; saturates to none for budget kNoLimit (or an
//                          overflowing sum); a negative budget is treated as 0 (already expired)
//   expired(now)           now >= expiresAt (expired AT the instant, like a timeout firing)
//   remaining(now)         max(0, expiresAt - now), kNoLimit when none
//   child(now, config)     what a downstream call gets (gRPC / Envoy style deadline propagation):
//                          - propagation disabled: this deadline unchanged (the child knows nothing
//                            more; the parent still gives up at its own deadline);
//                          - no deadline: none (nothing to propagate, the minimum does not apply);
//                          - else the budget remaining(now) - buffer; if that is below minimumBudget
//                            (== is enough), nullopt: the child is not started, the caller answers
//                            Timeout at once instead of sending a call that cannot finish in time.
//   attemptTimeout(now, t) per-attempt timeout bounded by the deadline: min(t, remaining(now)).
#include "core/common/time.h"
#include "core/primitives/timeout_config.h"

#include <optional>

namespace rl {

class Deadline {
public:
    static Deadline none() { return Deadline(kNoLimit); }
    static Deadline at(TimePoint expiresAt) { return Deadline(expiresAt); }
    static Deadline after(TimePoint now, Duration budget);

    bool isSet() const { return m_expiresAt != kNoLimit; }
    TimePoint expiresAt() const { return m_expiresAt; } // kNoLimit when none
    bool expired(TimePoint now) const { return isSet() && now >= m_expiresAt; }
    Duration remaining(TimePoint now) const; // kNoLimit when none, else >= 0

    // `config` must be valid (validate() it once when it is loaded or changed; not re-checked here).
    std::optional<Deadline> child(TimePoint now, const DeadlinePropagationConfig& config) const;
    Duration attemptTimeout(TimePoint now, Duration timeout) const;

    bool operator==(const Deadline&) const = default;

private:
    explicit Deadline(TimePoint expiresAt)
        : m_expiresAt(expiresAt) {}
    TimePoint m_expiresAt;
};

} // namespace rl
