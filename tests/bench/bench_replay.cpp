// How fast a recorded log loads (services[i].replay): writes a log of N rows (default 10^6) as an
// access-log CSV (RFC 3339 timestamps, extra columns) and as JSON lines (epoch seconds) in a temporary
// directory, then times loadReplayLog (read + parse + sort + median) on each. Prints one line per format.
//   build/release/bin/bench_replay [ROWS]
#include "core/common/random.h"
#include "core/scenario/replay_log.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

std::string isoTime(std::int64_t ms) {
    const std::int64_t base = 1709647200; // 2024-03-05T14:00:00Z
    const std::int64_t s = base + ms / 1000;
    const std::int64_t day = s / 86400, sod = s % 86400;
    char buffer[64];
    // 2024-03-05 plus whole days is enough for a benchmark's few hours.
    std::snprintf(buffer, sizeof buffer, "2024-03-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                  static_cast<long long>(5 + day - base / 86400), static_cast<long long>(sod / 3600),
                  static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60),
                  static_cast<long long>(ms % 1000));
    return buffer;
}

void time(const char* what, const std::filesystem::path& file, std::size_t rows) {
    rl::scenario::Replay replay;
    replay.file = file.string();
    rl::scenario::Diagnostics out;
    const auto start = std::chrono::steady_clock::now();
    const auto log = rl::scenario::loadReplayLog(replay, "", "replay.file", out);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!log || log->rows.size() != rows) {
        std::fprintf(stderr, "%s did not load: %s\n", what, out.toString().c_str());
        std::exit(1);
    }
    const double mb = static_cast<double>(std::filesystem::file_size(file)) / 1e6;
    std::printf("%-28s %9zu rows  %7.1f MB  %6.2f s  %6.2f M rows/s\n", what, rows, mb, s,
                static_cast<double>(rows) / s / 1e6);
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    const auto dir = std::filesystem::temp_directory_path() / "rl_bench_replay";
    std::filesystem::create_directories(dir);
    rl::Random rng(1);
    {
        std::ofstream csv(dir / "access.csv");
        std::ofstream jsonl(dir / "apm.jsonl");
        csv << "timestamp,method,path,status,latency_ms,bytes,upstream\n";
        std::int64_t ms = 0;
        for (std::size_t i = 0; i < rows; ++i) {
            ms += static_cast<std::int64_t>(rng.below(20));
            const int status = rng.bernoulli(0.02) ? 503 : 200;
            const double latency = std::round(rng.exponential(40) * 10) / 10;
            csv << isoTime(ms) << ",POST,/v1/charges," << status << ',' << latency << ",812,10.0.3.11:8443\n";
            jsonl << "{\"timestamp\": " << 1709647200 + ms / 1000 << '.' << ms % 1000 / 100 << ms % 100 / 10
                  << ms % 10 << ", \"latency_ms\": " << latency << ", \"status\": " << status << "}\n";
        }
    }
    time("CSV, RFC 3339 timestamps", dir / "access.csv", rows);
    time("JSON lines, epoch seconds", dir / "apm.jsonl", rows);
    std::filesystem::remove_all(dir);
    return 0;
}
