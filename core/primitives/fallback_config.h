#pragma once
// Configuration of a fallback: what answers when the protected call fails.
// Scenario keys: kind ("static" | "cache"), ttl_s, serve_stale, max_entries, max_stale_s.
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
    // Cache with serveStale: a stale entry is served until it is ttl + maxStale old, then it has
    // expired and counts as missing (HTTP's stale-if-error window). kNoLimit = stale forever; > 0.
    Duration maxStale = kNoLimit;

    bool operator==(const FallbackConfig&) const = default;

    void validate() const {
        if (ttl.count() <= 0) throw ConfigError("ttl_s", "must be > 0, got " + config::str(toSeconds(ttl)));
        config::requireInRange<std::int32_t>("max_entries", maxEntries, 1, 10000000);
        if (maxStale.count() <= 0)
            throw ConfigError("max_stale_s", "must be > 0, got " + config::str(toSeconds(maxStale)));
    }
};

} // namespace rl
