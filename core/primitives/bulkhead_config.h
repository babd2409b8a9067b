#pragma once
// Configuration of a bulkhead: a bounded number of concurrent calls with an optional FIFO waiting room.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

struct BulkheadConfig {
    std::int32_t maxConcurrent = 25; // 1 .. 1000000
    std::int32_t maxQueue = 0;       // waiting places; 0 = fail fast when all slots are taken
    Duration maxWait = kNoLimit;     // longest wait in the queue before giving up; > 0

    bool operator==(const BulkheadConfig&) const = default;

    void validate() const {
        config::requireInRange<std::int32_t>("max_concurrent", maxConcurrent, 1, 1000000);
        config::requireInRange<std::int32_t>("max_queue", maxQueue, 0, 1000000);
        config::requirePositive("max_wait_ms", toMillis(maxWait)); // in ms, as the key is written
    }
};

} // namespace rl
