// `resilience-lab merge SHARD.csv...`: joins the CSVs written by `sweep --shard I/N` into the CSV the
// unsharded sweep writes, byte for byte: one header, then every row ordered by its run number.
#include "app/cli/command.h"
#include "app/cli/sweep_shards.h"

#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab merge SHARD.csv [SHARD.csv...]\n\n"
    "Joins the CSVs of 'resilience-lab sweep ... --shard I/N' into the CSV of the whole sweep on\n"
    "standard output: the header once, then every row in run order; the result is byte for byte what\n"
    "the sweep writes without --shard. The files may come in any order.\n"
    "Each shard's file starts with a line '# resilience-lab sweep shard I/N of TOTAL runs', so a\n"
    "missing shard is noticed even when it holds the last run; the merged CSV leaves it out.\n"
    "Refused (exit 2, naming the file and line): headers that differ (shards of different sweeps), a\n"
    "row without a run number or in the wrong shard, a run or shard found twice, and missing runs (a\n"
    "shard left out or interrupted).\n";

// One CSV record (a row; a quoted field may hold line breaks), without its final line break.
bool readRecord(std::istream& in, std::string& record, long& line) {
    record.clear();
    bool quoted = false;
    for (char c; in.get(c);) {
        if (c == '\n' && !quoted) {
            ++line;
            return true;
        }
        if (c == '\n') ++line;
        if (c == '"') quoted = !quoted;
        record += c;
    }
    return !record.empty();
}

struct Row {
    std::string text;
    std::string where; // FILE:LINE
};

struct Shard {
    std::string path;
    std::optional<ShardLine> shard; // absent in the CSV of an unsharded sweep
    std::string header;
};

// Reads one file into `rows` (by run number); its header must be that of `first` (if any).
Shard readShard(const std::string& path, const Shard* first, std::map<std::uint64_t, Row>& rows) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(path + ": cannot read the file");
    Shard shard{path, std::nullopt, {}};
    std::string record;
    long line = 0;
    if (readRecord(in, record, line) && record.starts_with("#")) {
        shard.shard = parseShardLine(record);
        if (!shard.shard || shard.shard->index < 1 || shard.shard->index > shard.shard->count)
            throw UsageError(path + ":1: expected a line like \"" + shardLine(2, 8, 600) + "\", got '" +
                             record.substr(0, 80) + "'");
        readRecord(in, record, line);
    }
    shard.header = record;
    if (!shard.header.starts_with("run,"))
        throw UsageError(path + ":" + std::to_string(line) +
                         ": expected the header of a sweep's CSV (\"run,...\")");
    if (first && shard.header != first->header)
        throw UsageError(path + ":" + std::to_string(line) + ": the header differs from " + first->path +
                         "'s; these are not shards of one sweep");
    for (long start = line + 1; readRecord(in, record, line); start = line + 1) {
        const std::string where = path + ":" + std::to_string(start);
        std::uint64_t run = 0;
        const char* end = record.data() + record.size();
        const auto [ptr, ec] = std::from_chars(record.data(), end, run);
        if (ec != std::errc() || ptr == end || *ptr != ',')
            throw UsageError(where + ": expected a row starting with its run number, got '" +
                             record.substr(0, 40) + "'");
        if (shard.shard && (run >= shard.shard->runs || run % shard.shard->count != shard.shard->index - 1))
            throw UsageError(where + ": run " + std::to_string(run) + " is not one of shard " +
                             std::to_string(shard.shard->index) + "/" + std::to_string(shard.shard->count) +
                             "'s");
        auto [it, inserted] = rows.emplace(run, Row{record, where});
        if (!inserted)
            throw UsageError(where + ": run " + std::to_string(run) + " is also at " + it->second.where);
    }
    return shard;
}

// Checks that the files are shards of one sweep; returns the sweep's number of runs if they say it.
std::optional<std::uint64_t> checkSameSweep(const std::vector<Shard>& shards, std::string& missingShards) {
    const Shard* sharded = nullptr;
    std::map<std::uint64_t, std::string> byIndex;
    for (const auto& s : shards) {
        if (!s.shard) continue;
        if (sharded && (s.shard->count != sharded->shard->count || s.shard->runs != sharded->shard->runs))
            throw UsageError(s.path + ":1: a shard of " + std::to_string(s.shard->count) + " of a " +
                             std::to_string(s.shard->runs) + "-run sweep, but " + sharded->path +
                             " is one of " + std::to_string(sharded->shard->count) + " of a " +
                             std::to_string(sharded->shard->runs) + "-run sweep");
        sharded = sharded ? sharded : &s;
        auto [it, inserted] = byIndex.emplace(s.shard->index, s.path);
        if (!inserted)
            throw UsageError(s.path + ":1: shard " + std::to_string(s.shard->index) + " is also " +
                             it->second);
    }
    if (!sharded) return std::nullopt;
    for (std::uint64_t i = 1; i <= sharded->shard->count; ++i)
        if (!byIndex.contains(i))
            missingShards += (missingShards.empty() ? "" : ", ") + std::to_string(i) + "/" +
                             std::to_string(sharded->shard->count);
    return sharded->shard->runs;
}

int runMerge(const std::vector<std::string>& args, Streams io) {
    if (args.empty()) throw UsageError("missing SHARD.csv files; see 'resilience-lab merge --help'");
    std::map<std::uint64_t, Row> rows;
    std::vector<Shard> shards;
    for (const auto& path : args) {
        if (path.starts_with("-")) throw UsageError("unknown option '" + path + "'");
        shards.push_back(readShard(path, shards.empty() ? nullptr : &shards.front(), rows));
    }
    std::string missingShards;
    const std::optional<std::uint64_t> total = checkSameSweep(shards, missingShards);
    // Runs are numbered 0, 1, 2, ... in the whole sweep: a run no file has is missing.
    const std::uint64_t end = total ? *total : (rows.empty() ? 0 : rows.rbegin()->first + 1);
    std::string missing;
    std::uint64_t missingCount = 0;
    for (std::uint64_t run = 0; run < end; ++run) {
        if (rows.contains(run)) continue;
        if (missingCount++ < 10) missing += (missing.empty() ? "" : ", ") + std::to_string(run);
    }
    if (missingCount > 0)
        throw UsageError("missing " + std::to_string(missingCount) +
                         (missingCount == 1 ? " run: " : " runs: ") + missing +
                         (missingCount > 10 ? ", ..." : "") +
                         (missingShards.empty() ? " (a shard that did not finish?)"
                                                : " (no file is shard " + missingShards + ")"));
    io.out << shards.front().header << "\n";
    for (const auto& entry : rows)
        io.out << entry.second.text << "\n";
    return kExitOk;
}

const CommandRegistrar kRegistrar({"merge", "join the CSVs of a sharded sweep into the whole sweep's", kUsage,
                                   &runMerge});

} // namespace
} // namespace rl::cli
