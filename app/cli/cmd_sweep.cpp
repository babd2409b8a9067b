// `resilience-lab sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--seeds A..B] [--jobs N] [--set ...]`
// Runs the cross product of the varied values and seeds on all cores; prints one CSV row per run, in a
// fixed order (independent of --jobs), so a sweep is as repeatable as a single run.
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <ostream>
#include <thread>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--seeds A..B] [--jobs N]\n"
    "                            [--set PATH=VALUE]...\n\n"
    "Runs every combination of the varied values (and of the seeds, default: the scenario's own seed) on\n"
    "all cores, and prints one CSV row per run: the varied values, the seed and headline metrics:\n"
    "  requests, success, degraded, failed, goodput (answered ok / requests), amplification (attempts /\n"
    "  requests), mean_ms, p50_ms, p99_ms, events.\n"
    "PATH is a scenario path as for --set; values are separated by commas (JSON or plain strings).\n"
    "Rows come in a fixed order whatever --jobs is (default: the number of cores).\n";

struct Vary {
    std::string path;
    std::vector<std::string> values;
};

std::vector<std::string> splitValues(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::uint64_t parseCount(const std::string& option, const std::string& v) {
    if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError(option + ": expected a whole number >= 0, got '" + v + "'");
    return std::stoull(v);
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

int runSweep(const std::vector<std::string>& args, Streams io) {
    std::string scenarioArg;
    std::vector<Vary> varies;
    std::vector<std::string> sets;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> seeds;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--vary") {
            const std::string v = value();
            const auto eq = v.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
                throw UsageError("--vary: expected PATH=V1,V2,..., got '" + v + "'");
            varies.push_back({v.substr(0, eq), splitValues(v.substr(eq + 1))});
        } else if (a == "--seeds") {
            const std::string v = value();
            const auto dots = v.find("..");
            if (dots == std::string::npos) throw UsageError("--seeds: expected A..B, got '" + v + "'");
            const auto lo = parseCount("--seeds", v.substr(0, dots)),
                       hi = parseCount("--seeds", v.substr(dots + 2));
            if (hi < lo) throw UsageError("--seeds: B must be >= A, got '" + v + "'");
            if (hi - lo >= 100000) throw UsageError("--seeds: at most 100000 seeds, got '" + v + "'");
            seeds = {lo, hi};
        } else if (a == "--jobs") {
            const auto n = parseCount("--jobs", value());
            if (n < 1 || n > 1024) throw UsageError("--jobs: expected 1..1024");
            jobs = static_cast<unsigned>(n);
        } else if (a == "--set") {
            sets.push_back(value());
        } else if (a.starts_with("--")) {
            throw UsageError("unknown option '" + a + "'; see 'resilience-lab sweep --help'");
        } else if (scenarioArg.empty()) {
            scenarioArg = a;
        } else {
            throw UsageError("unexpected argument '" + a + "'");
        }
    }
    if (scenarioArg.empty()) throw UsageError("missing SCENARIO (a file or builtin:NAME)");
    if (varies.empty() && !seeds)
        throw UsageError("nothing to sweep: give --vary PATH=V1,V2,... or --seeds A..B");

    // Every run's overrides, in cross-product order (last --vary fastest, then seeds).
    struct Run {
        std::vector<std::string> values;
        std::vector<std::string> overrides;
        std::uint64_t seed = 0;
        bool seeded = false;
    };
    std::vector<Run> runs(1);
    for (const auto& v : varies) {
        std::vector<Run> next;
        for (const auto& r : runs)
            for (const auto& value : v.values) {
                Run n = r;
                n.values.push_back(value);
                n.overrides.push_back(v.path + "=" + value);
                next.push_back(n);
            }
        runs = std::move(next);
    }
    if (seeds) {
        std::vector<Run> next;
        for (const auto& r : runs)
            for (std::uint64_t s = seeds->first; s <= seeds->second; ++s) {
                Run n = r;
                n.seed = s;
                n.seeded = true;
                n.overrides.push_back("seed=" + std::to_string(s));
                next.push_back(n);
            }
        runs = std::move(next);
    }
    if (runs.size() > 100000)
        throw UsageError("the sweep has " + std::to_string(runs.size()) + " runs; at most 100000");

    // Check every combination before running anything: a bad value fails the sweep at once. The
    // scenarios are loaded again by the workers (25 us each) rather than kept: memory stays flat.
    for (auto& r : runs) {
        r.overrides.insert(r.overrides.begin(), sets.begin(), sets.end());
        r.seed = loadScenarioArgument(scenarioArg, r.overrides).scenario.seed;
    }

    std::vector<std::string> rows(runs.size());
    std::atomic<std::size_t> nextRun{0};
    std::mutex errorMutex;
    std::string firstError;
    auto worker = [&] {
        for (std::size_t i = nextRun++; i < runs.size(); i = nextRun++) {
            try {
                sim::Simulation sim(loadScenarioArgument(scenarioArg, runs[i].overrides).scenario);
                sim.runToEnd();
                const sim::Headline h = sim::headline(sim);
                std::string row = std::to_string(i);
                for (const auto& v : runs[i].values)
                    row += "," + csvField(v);
                char buf[512];
                std::snprintf(buf, sizeof buf, ",%llu,%lld,%lld,%lld,%lld,%.6f,%.6f,%.3f,%.3f,%.3f,%llu",
                              static_cast<unsigned long long>(runs[i].seed),
                              static_cast<long long>(h.requests), static_cast<long long>(h.success),
                              static_cast<long long>(h.degraded), static_cast<long long>(h.failed), h.goodput,
                              h.amplification, h.meanMs, h.p50Ms, h.p99Ms,
                              static_cast<unsigned long long>(sim.eventsProcessed()));
                rows[i] = row + buf;
            } catch (const std::exception& e) {
                std::lock_guard lock(errorMutex);
                if (firstError.empty()) firstError = "run " + std::to_string(i) + ": " + e.what();
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < std::min<std::size_t>(jobs, runs.size()); ++t)
        threads.emplace_back(worker);
    for (auto& t : threads)
        t.join();
    if (!firstError.empty()) {
        io.err << "resilience-lab sweep: " << firstError << "\n";
        return kExitFailed;
    }
    io.out << "run";
    for (const auto& v : varies)
        io.out << "," << csvField(v.path);
    io.out << ",seed,requests,success,degraded,failed,goodput,amplification,mean_ms,p50_ms,p99_ms,events\n";
    for (const auto& row : rows)
        io.out << row << "\n";
    return kExitOk;
}

const CommandRegistrar kRegistrar({"sweep", "run a scenario over a grid of values and seeds (CSV)", kUsage,
                                   &runSweep});

} // namespace
} // namespace rl::cli
