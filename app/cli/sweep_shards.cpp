#include "app/cli/sweep_shards.h"

#include <cstdio>

namespace rl::cli {

std::string shardLine(std::uint64_t index, std::uint64_t count, std::uint64_t runs) {
    return "# resilience-lab sweep shard " + std::to_string(index) + "/" + std::to_string(count) + " of " +
           std::to_string(runs) + " runs";
}

std::optional<ShardLine> parseShardLine(const std::string& line) {
    ShardLine s;
    unsigned long long index = 0, count = 0, runs = 0;
    int consumed = 0;
    if (std::sscanf(line.c_str(), "# resilience-lab sweep shard %llu/%llu of %llu runs%n", &index, &count,
                    &runs, &consumed) != 3 ||
        static_cast<std::size_t>(consumed) != line.size())
        return std::nullopt;
    s.index = index;
    s.count = count;
    s.runs = runs;
    if (shardLine(s.index, s.count, s.runs) != line) return std::nullopt; // canonical form only
    return s;
}

} // namespace rl::cli
