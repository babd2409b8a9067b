// How fast a recorded log loads (services[i].replay): writes a log of N rows (default 10^6) as an
// access-log CSV (RFC 3339 timestamps, extra columns) and as JSON lines (epoch seconds) in a temporary
// directory, then times loadReplayLog (read + parse + sort + median) on each. Prints one line per format,
// then the same JSON lines read the way the loader did before its scanner (nlohmann::json::parse per
// line, then the three values converted: no sort, no median, so a lower bound of that loader), and the
// ratios between them, all from the same run (a loaded machine slows every line alike).
//   build/release/bin/bench_replay [ROWS]
#include "core/common/random.h"
#include "core/scenario/replay_log.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
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

void report(const char* what, const std::filesystem::path& file, std::size_t rows, double s) {
    const double mb = static_cast<double>(std::filesystem::file_size(file)) / 1e6;
    std::printf("%-40s %9zu rows  %7.1f MB  %6.2f s  %6.2f M rows/s\n", what, rows, mb, s,
                static_cast<double>(rows) / s / 1e6);
}

double time(const char* what, const std::filesystem::path& file, std::size_t rows) {
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
    report(what, file, rows, s);
    return s;
}

// The JSON lines read as the loader did before its scanner: one nlohmann::json document per line.
double timeNlohmannPerLine(const std::filesystem::path& file, std::size_t rows) {
    const auto start = std::chrono::steady_clock::now();
    std::ifstream in(file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::size_t read = 0;
    double latencySum = 0; // used, so the conversions are not optimised away
    std::string error;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const auto doc =
            nlohmann::json::parse(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                  text.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
        pos = end + 1;
        if (!doc.is_object() || !doc.contains("timestamp")) continue;
        const auto& t = doc["timestamp"];
        const auto ts = t.is_number_float() ? rl::scenario::timestampFromNumber(t.get<double>(), error)
                                            : rl::scenario::parseTimestampText(t.dump(), error);
        const auto outcome = rl::scenario::replayStatusOutcome(doc["status"].dump());
        if (ts && outcome) {
            latencySum += doc["latency_ms"].get<double>();
            ++read;
        }
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (read != rows || !(latencySum >= 0)) {
        std::fprintf(stderr, "the nlohmann reference read %zu rows of %zu\n", read, rows);
        std::exit(1);
    }
    report("JSON lines, nlohmann::json per line", file, rows, s);
    return s;
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
    const double csv = time("CSV, RFC 3339 timestamps", dir / "access.csv", rows);
    const double jsonl = time("JSON lines, epoch seconds", dir / "apm.jsonl", rows);
    const double reference = timeNlohmannPerLine(dir / "apm.jsonl", rows);
    std::printf("JSON lines / CSV load time: %.2f; nlohmann per line / JSON lines load time: %.1f\n",
                jsonl / csv, reference / jsonl);
    std::filesystem::remove_all(dir);
    return 0;
}
