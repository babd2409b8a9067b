#include "core/primitives/deadline.h"

#include <algorithm>

namespace rl {

Deadline Deadline::after(TimePoint now, Duration budget) {
    if (budget == kNoLimit) return none();
    budget = std::max(budget, Duration::zero());
    if (now > Duration::zero() && budget >= kNoLimit - now) return none(); // would overflow
    return Deadline(now + budget);
}

Duration Deadline::remaining(TimePoint now) const {
    if (!isSet()) return kNoLimit;
    if (now >= m_expiresAt) return Duration::zero();
    return m_expiresAt - now;
}

std::optional<Deadline> Deadline::child(TimePoint now, const DeadlinePropagationConfig& config) const {
    if (!config.enabled || !isSet()) return *this;
    const Duration budget = remaining(now) - config.buffer;
    if (budget < config.minimumBudget) return std::nullopt;
    return Deadline(now + budget);
}

Duration Deadline::attemptTimeout(TimePoint now, Duration timeout) const {
    return std::min(timeout, remaining(now));
}

} // namespace rl
