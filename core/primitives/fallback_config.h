#pragma once
// Configuration of a fallback: what answers when the protected call fails.
#include "core/common/config_error.h"
#include "core/common/time.h"

#include <cstdint>

namespace rl {

enum class FallbackKind : std::uint8_t {
    Static, // a fixed default answer, always available
    Cache,  // the last known good answer for the key, if fresher than `ttl`; stale ones marked so
};

struct FallbackConfig {
    FallbackKind kind = FallbackKind::Cache;
    Duration ttl = seconds(60);      // Cache: an entry older than this is stale; > 0
    bool serveStale = false;         // Cache: answer with a stale entry (labelled stale) rather than fail
    std::int32_t maxEntries = 10000; // Cache: bounded memory, least recently written evicted; >= 1

    void validate() const {
        config::requirePositive("ttl_s", ttl.count());
        config::requireInRange<std::int32_t>("max_entries", maxEntries, 1, 10000000);
    }
};

} // namespace rl
