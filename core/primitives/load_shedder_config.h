#pragma once
// Configuration of a priority load shedder.
//
// Classes below `protectPriority` are shed in steps as in-flight work grows: with k unprotected
// classes, the i-th lowest (i = 1..k) is shed once in-flight >= maxInflight * i / k. So the lowest class
// goes first and every unprotected class is shed at maxInflight. Classes at or above `protectPriority`
// are admitted until in-flight reaches `hardLimit`. (The seeds' example shed high priority at the soft
// limit too; ours never does.)
#include "core/common/config_error.h"
#include "core/common/outcome.h"

#include <cstdint>

namespace rl {

struct LoadShedderConfig {
    std::int32_t maxInflight = 100; // soft limit; 1 .. 10000000
    Priority protectPriority = Priority::High;
    std::int32_t hardLimit = 0; // 0 = 2 x maxInflight; otherwise >= maxInflight

    std::int32_t effectiveHardLimit() const { return hardLimit == 0 ? 2 * maxInflight : hardLimit; }

    bool operator==(const LoadShedderConfig&) const = default;

    void validate() const {
        config::requireInRange<std::int32_t>("max_inflight", maxInflight, 1, 10000000);
        if (hardLimit != 0 && hardLimit < maxInflight)
            throw ConfigError("hard_limit", "must be 0 (= 2 x max_inflight) or >= max_inflight (" +
                                                config::str(maxInflight) + "), got " +
                                                config::str(hardLimit));
    }
};

} // namespace rl
