#pragma once
// The first line of a sweep shard's CSV, written by `sweep --shard I/N` and read by `merge`:
//   # resilience-lab sweep shard 2/8 of 600 runs
// It lets merge check that a set of shards is complete, even when the missing shard holds the last run.
#include <cstdint>
#include <optional>
#include <string>

namespace rl::cli {

struct ShardLine {
    std::uint64_t index = 0, count = 0, runs = 0; // shard I of N, runs in the whole sweep
};

std::string shardLine(std::uint64_t index, std::uint64_t count, std::uint64_t runs);
// nullopt when `line` is not a shard line.
std::optional<ShardLine> parseShardLine(const std::string& line);

} // namespace rl::cli
