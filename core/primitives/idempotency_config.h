#pragma once
// Configuration of an idempotency store (server side): remembers, per idempotency key, that a request
// is being processed or what it answered, so a retried or duplicated request is not executed twice.
// Keys: ttl_s, max_entries, in_progress_timeout_ms.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

struct IdempotencyConfig {
    // How long a completed key keeps its result, from completion (Stripe keeps keys 24 h); (0, 365 d].
    Duration ttl = seconds(24 * 3600);
    // Keys remembered at most (bounded memory); 1 .. 10000000.
    std::int32_t maxEntries = 10000;
    // Lease of an in-progress key: an owner that neither completes nor abandons within this time is
    // presumed crashed and the key is free again (New for the next begin); (0, 365 d].
    Duration inProgressTimeout = seconds(30);

    void validate() const {
        constexpr Duration kYear = seconds(365LL * 24 * 3600);
        if (ttl.count() <= 0 || ttl > kYear)
            throw ConfigError("ttl_s", "must be in (0, 31536000], got " + config::str(toSeconds(ttl)));
        config::requireInRange<std::int32_t>("max_entries", maxEntries, 1, 10000000);
        if (inProgressTimeout.count() <= 0 || inProgressTimeout > kYear)
            throw ConfigError("in_progress_timeout_ms",
                              "must be in (0, 31536000000], got " + config::str(toMillis(inProgressTimeout)));
    }
};

} // namespace rl
