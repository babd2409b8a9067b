// `resilience-lab sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--seeds A..B] [--jobs N]
//                        [--shard I/N] [--set ...]`
// Runs the cross product of the varied values and seeds on all cores; prints one CSV row per run, in a
// fixed order (independent of --jobs), so a sweep is as repeatable as a single run. `--shard I/N` runs
// every N-th run starting at the I-th, so N machines share a sweep and `resilience-lab merge` joins their
// CSVs into exactly the unsharded one. Rows are written as soon as every earlier row is, so an
// interrupted sweep (Ctrl+C) keeps the rows it finished.
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "app/cli/sweep_shards.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--seeds A..B] [--jobs N]\n"
    "                            [--shard I/N] [--set PATH=VALUE]...\n\n"
    "Runs every combination of the varied values (and of the seeds, default: the scenario's own seed) on\n"
    "all cores, and prints one CSV row per run: the run number, the varied values, the seed and headline\n"
    "metrics: requests, success, degraded, failed, goodput (answered ok / requests), amplification\n"
    "(attempts / requests), mean_ms, p50_ms, p99_ms, events.\n\n"
    "  --vary PATH=V1,V2,...  PATH is a scenario path as for --set; values are JSON or plain strings,\n"
    "                         separated by commas outside brackets, braces and double quotes, so a\n"
    "                         value may be a JSON list or object: --vary 'PATH=[1,2],[3]' has two values\n"
    "  --seeds A..B           every seed from A to B (0 .. 18446744073709551615; at most 100000 seeds)\n"
    "  --jobs N               runs at once, 1..1024; 0 (the default) = one per core\n"
    "  --shard I/N            only runs I-1, I-1+N, I-1+2N, ... (1 <= I <= N); 'resilience-lab merge'\n"
    "                         joins the N shards' CSVs into the whole sweep's, byte for byte\n\n"
    "Rows come in a fixed order whatever --jobs is, each as soon as the ones before it are done.\n"
    "When standard error is a terminal, progress and an estimate of the time left are shown there.\n"
    "Ctrl+C stops the sweep: the finished rows are written and the exit code is 130.\n";

constexpr std::size_t kMaxRuns = 100000;
constexpr int kExitInterrupted = 130; // 128 + SIGINT, as shells report it

struct Vary {
    std::string path;
    std::vector<std::string> values;
};

struct Options {
    std::string scenario;
    std::vector<Vary> varies;
    std::vector<std::string> sets;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> seeds;
    unsigned jobs = 0; // 0 = one per core
    std::uint64_t shardIndex = 1, shardCount = 1;
    bool sharded = false; // --shard given
};

// A whole number in [0, max], written in decimal digits only; nullopt otherwise.
std::optional<std::uint64_t> wholeNumber(const std::string& text, std::uint64_t max) {
    std::uint64_t n = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, n);
    if (text.empty() || text[0] == '+' || text[0] == '-' || ec != std::errc() || ptr != end || n > max)
        return std::nullopt;
    return n;
}

std::uint64_t parseWhole(const std::string& option, const std::string& text, std::uint64_t max,
                         const std::string& expected) {
    const auto n = wholeNumber(text, max);
    if (!n) throw UsageError(option + ": expected " + expected + ", got '" + text + "'");
    return *n;
}

// Splits "V1,V2,..." at the commas outside JSON strings, brackets and braces.
std::vector<std::string> splitValues(const std::string& path, const std::string& text) {
    const std::string where = "--vary " + path + ": ";
    const std::string hint = "; values are separated by commas outside [...], {...} and \"...\"";
    std::vector<std::string> values(1);
    std::string closers; // the brackets still open, innermost last
    bool inString = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            inString = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            closers += c == '[' ? ']' : '}';
        } else if (c == ']' || c == '}') {
            if (closers.empty() || closers.back() != c)
                throw UsageError(where + "unexpected '" + std::string(1, c) + "' at character " +
                                 std::to_string(i + 1) + " of '" + text + "'" + hint);
            closers.pop_back();
        } else if (c == ',' && closers.empty()) {
            values.emplace_back();
            continue;
        }
        values.back() += c;
    }
    if (inString) throw UsageError(where + "a string (\") is not closed in '" + text + "'" + hint);
    if (!closers.empty())
        throw UsageError(where + "'" + std::string(1, closers.back() == ']' ? '[' : '{') +
                         "' is not closed in '" + text + "'" + hint);
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i].empty())
            throw UsageError(where + "value " + std::to_string(i + 1) + " of '" + text + "' is empty" + hint);
    return values;
}

void parseVary(const std::string& v, Options& o) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
        throw UsageError("--vary: expected PATH=V1,V2,..., got '" + v + "'");
    const std::string path = v.substr(0, eq);
    o.varies.push_back({path, splitValues(path, v.substr(eq + 1))});
}

void parseSeeds(const std::string& v, Options& o) {
    const auto dots = v.find("..");
    if (dots == std::string::npos) throw UsageError("--seeds: expected A..B, got '" + v + "'");
    const std::string range = "a whole number in 0..18446744073709551615";
    const std::uint64_t lo = parseWhole("--seeds", v.substr(0, dots), UINT64_MAX, range);
    const std::uint64_t hi = parseWhole("--seeds", v.substr(dots + 2), UINT64_MAX, range);
    if (hi < lo) throw UsageError("--seeds: B must be >= A, got '" + v + "'");
    if (hi - lo >= kMaxRuns)
        throw UsageError("--seeds: at most " + std::to_string(kMaxRuns) + " seeds, got '" + v + "'");
    o.seeds = {lo, hi};
}

void parseShard(const std::string& v, Options& o) {
    const auto slash = v.find('/');
    const auto index = wholeNumber(v.substr(0, slash), kMaxRuns);
    const auto count = slash == std::string::npos ? std::nullopt : wholeNumber(v.substr(slash + 1), kMaxRuns);
    if (!index || !count || *index < 1 || *index > *count)
        throw UsageError("--shard: expected I/N with 1 <= I <= N <= " + std::to_string(kMaxRuns) + ", got '" +
                         v + "'");
    o.shardIndex = *index;
    o.shardCount = *count;
    o.sharded = true;
}

Options parseOptions(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--vary")
            parseVary(value(), o);
        else if (a == "--seeds")
            parseSeeds(value(), o);
        else if (a == "--jobs")
            o.jobs = static_cast<unsigned>(
                parseWhole("--jobs", value(), 1024, "a whole number in 0..1024 (0 = one per core)"));
        else if (a == "--shard")
            parseShard(value(), o);
        else if (a == "--set")
            o.sets.push_back(value());
        else if (a.starts_with("--"))
            throw UsageError("unknown option '" + a + "'; see 'resilience-lab sweep --help'");
        else if (o.scenario.empty())
            o.scenario = a;
        else
            throw UsageError("unexpected argument '" + a + "'");
    }
    if (o.scenario.empty()) throw UsageError("missing SCENARIO (a file or builtin:NAME)");
    if (o.varies.empty() && !o.seeds)
        throw UsageError("nothing to sweep: give --vary PATH=V1,V2,... or --seeds A..B");
    return o;
}

struct Run {
    std::size_t number = 0;          // position in the whole sweep's cross product
    std::vector<std::string> values; // one per --vary
    std::vector<Override> overrides; // --set, then --vary, then the seed
    std::uint64_t seed = 0;          // filled when checked
};

// The shard's runs (all of them without --shard), numbered in the whole sweep's cross-product order
// (first --vary slowest, seeds fastest); `total` is the whole sweep's number of runs.
std::vector<Run> buildRuns(const Options& o, std::size_t& total) {
    std::vector<std::size_t> sizes;
    for (const auto& v : o.varies)
        sizes.push_back(v.values.size());
    if (o.seeds) sizes.push_back(static_cast<std::size_t>(o.seeds->second - o.seeds->first) + 1);
    total = 1;
    for (std::size_t size : sizes) {
        if (size > kMaxRuns || total * size > kMaxRuns) // checked before building anything
            throw UsageError("the sweep has more than " + std::to_string(kMaxRuns) + " runs");
        total *= size;
    }
    std::vector<Run> runs;
    for (std::size_t number = o.shardIndex - 1; number < total; number += o.shardCount) {
        Run run;
        run.number = number;
        for (const auto& s : o.sets)
            run.overrides.push_back({s, "--set"});
        std::size_t rest = number; // the mixed-radix digits of `number`, last dimension fastest
        std::vector<std::size_t> digit(sizes.size());
        for (std::size_t d = sizes.size(); d-- > 0;) {
            digit[d] = rest % sizes[d];
            rest /= sizes[d];
        }
        for (std::size_t d = 0; d < o.varies.size(); ++d) {
            run.values.push_back(o.varies[d].values[digit[d]]);
            run.overrides.push_back({o.varies[d].path + "=" + run.values.back(), "--vary"});
        }
        if (o.seeds)
            run.overrides.push_back({"seed=" + std::to_string(o.seeds->first + digit.back()), "--seeds"});
        runs.push_back(std::move(run));
    }
    return runs;
}

std::string csvHeader(const Options& o) {
    std::string header = "run";
    for (const auto& v : o.varies)
        header += "," + sim::csvField(v.path);
    return header +
           ",seed,requests,success,degraded,failed,goodput,amplification,mean_ms,p50_ms,p99_ms,events";
}

std::string csvRow(const Run& run, const sim::Simulation& sim) {
    const sim::Headline h = sim::headline(sim);
    std::string row = std::to_string(run.number);
    for (const auto& v : run.values)
        row += "," + sim::csvField(v);
    char buf[512];
    std::snprintf(buf, sizeof buf, ",%llu,%lld,%lld,%lld,%lld,%.6f,%.6f,%.3f,%.3f,%.3f,%llu",
                  static_cast<unsigned long long>(run.seed), static_cast<long long>(h.requests),
                  static_cast<long long>(h.success), static_cast<long long>(h.degraded),
                  static_cast<long long>(h.failed), h.goodput, h.amplification, h.meanMs, h.p50Ms, h.p99Ms,
                  static_cast<unsigned long long>(sim.eventsProcessed()));
    return row + buf;
}

// SIGINT (Ctrl+C) while a sweep runs sets a flag instead of killing the process; the previous handler
// is restored afterwards.
class InterruptFlag {
public:
    InterruptFlag() {
        s_raised = false;
        struct sigaction action {};
        action.sa_handler = [](int) { s_raised = true; };
        action.sa_flags = SA_RESTART; // a write to stdout interrupted by Ctrl+C resumes
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_previous);
    }
    ~InterruptFlag() { sigaction(SIGINT, &m_previous, nullptr); }
    InterruptFlag(const InterruptFlag&) = delete;
    InterruptFlag& operator=(const InterruptFlag&) = delete;
    bool raised() const { return s_raised; }

private:
    static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");
    static inline std::atomic<bool> s_raised{false};
    struct sigaction m_previous {};
};

// "1:05" or "2:03:04".
std::string clock(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

// Runs the sweep's runs on `jobs` threads; this thread writes the rows in order as they become ready
// and, on a terminal, the progress line.
class Executor {
public:
    Executor(const std::string& scenarioArg, std::vector<Run>& runs, Streams io, bool showProgress)
        : m_scenario(scenarioArg)
        , m_runs(runs)
        , m_io(io)
        , m_progress(showProgress)
        , m_rows(runs.size()) {}

    int execute(unsigned jobs) {
        InterruptFlag interrupt;
        if (!checkAll(interrupt)) return interrupted(0);
        m_io.out << m_header << "\n";
        m_io.out.flush();
        m_start = std::chrono::steady_clock::now();
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < std::min<std::size_t>(jobs, m_runs.size()); ++t)
            threads.emplace_back([this] { work(); });
        std::size_t written = 0;
        for (bool running = !threads.empty(); running;) {
            std::unique_lock lock(m_mutex);
            m_changed.wait_for(lock, std::chrono::milliseconds(250));
            running = m_finishedThreads < threads.size();
            if (interrupt.raised() || !m_error.empty()) m_stop = true;
            written = writeReady(written, lock);
            if (m_progress) showProgress();
        }
        for (auto& t : threads)
            t.join();
        if (m_progress) m_io.err << "\r\033[K" << std::flush;
        if (!m_error.empty()) {
            m_io.err << "resilience-lab sweep: " << m_error << "\n";
            return kExitFailed;
        }
        if (interrupt.raised()) return interrupted(written);
        return kExitOk;
    }

    void setHeader(std::string header) { m_header = std::move(header); }

private:
    // Loads every run's scenario once (25 us each) before running any, so a bad value fails the sweep
    // at once, and fills in the seeds. The scenarios are loaded again by the workers rather than kept:
    // memory stays flat.
    bool checkAll(const InterruptFlag& interrupt) {
        for (auto& run : m_runs) {
            if (interrupt.raised()) return false;
            run.seed = loadScenarioWithOverrides(m_scenario, run.overrides).scenario.seed;
        }
        return true;
    }

    void work() {
        for (std::size_t i = m_next++; i < m_runs.size() && !m_stop; i = m_next++) {
            std::optional<std::string> row;
            std::string error;
            try {
                row = runOne(m_runs[i]);
            } catch (const std::exception& e) {
                error = "run " + std::to_string(m_runs[i].number) + ": " + e.what();
            }
            std::lock_guard lock(m_mutex);
            if (row) {
                m_rows[i] = std::move(row);
                ++m_done;
            } else if (!error.empty() && m_error.empty()) {
                m_error = error;
            }
            m_changed.notify_one();
        }
        std::lock_guard lock(m_mutex);
        ++m_finishedThreads;
        m_changed.notify_one();
    }

    // The run's row, or nullopt when the sweep was stopped before the run ended.
    std::optional<std::string> runOne(const Run& run) {
        sim::Simulation sim(loadScenarioWithOverrides(m_scenario, run.overrides).scenario);
        while (!sim.finished()) { // one simulated second at a time, to notice a stop request
            if (m_stop) return std::nullopt;
            sim.advanceTo(sim.now() + seconds(1));
        }
        return csvRow(run, sim);
    }

    // Writes the rows from `written` on that are ready along with every row before them; returns the
    // new count. The writing happens without the lock, so workers are not held up by a slow pipe.
    std::size_t writeReady(std::size_t written, std::unique_lock<std::mutex>& lock) {
        std::vector<std::string> ready;
        while (written < m_rows.size() && m_rows[written]) {
            ready.push_back(std::move(*m_rows[written]));
            m_rows[written++].reset();
        }
        lock.unlock();
        for (const auto& row : ready)
            m_io.out << row << "\n";
        if (!ready.empty()) m_io.out.flush();
        lock.lock();
        return written;
    }

    // At most every 200 ms: a thousand short runs must not print a thousand lines' worth.
    void showProgress() {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_lastProgress < std::chrono::milliseconds(200)) return;
        m_lastProgress = now;
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        std::string line = "sweep: " + std::to_string(m_done) + "/" + std::to_string(m_runs.size()) +
                           " runs, " + clock(elapsed) + " elapsed";
        if (m_done > 0)
            line +=
                ", about " +
                clock(elapsed / static_cast<double>(m_done) * static_cast<double>(m_runs.size() - m_done)) +
                " left";
        m_io.err << "\r" << line << "\033[K" << std::flush;
    }

    // Writes the finished rows that could not be written in order, then says what is missing.
    int interrupted(std::size_t written) {
        std::size_t missing = 0;
        std::string firstMissing;
        for (std::size_t i = written; i < m_rows.size(); ++i) {
            if (m_rows[i]) {
                m_io.out << *m_rows[i] << "\n";
            } else {
                if (missing++ == 0) firstMissing = std::to_string(m_runs[i].number);
            }
        }
        m_io.out.flush();
        m_io.err << "resilience-lab sweep: interrupted: wrote " << m_runs.size() - missing << " of "
                 << m_runs.size() << " rows"
                 << (missing ? "; the first run not done is " + firstMissing : std::string()) << "\n";
        return kExitInterrupted;
    }

    const std::string& m_scenario;
    std::vector<Run>& m_runs;
    Streams m_io;
    const bool m_progress;
    std::string m_header;
    std::chrono::steady_clock::time_point m_start, m_lastProgress;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::atomic<std::size_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::vector<std::optional<std::string>> m_rows; // guarded by m_mutex
    std::size_t m_done = 0, m_finishedThreads = 0;  // guarded by m_mutex
    std::string m_error;                            // guarded by m_mutex
};

int runSweep(const std::vector<std::string>& args, Streams io) {
    const Options o = parseOptions(args);
    std::size_t total = 0;
    std::vector<Run> runs = buildRuns(o, total);
    const unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
    // Progress only for a person watching: on the process's own standard error, when it is a terminal.
    const bool progress = &io.err == &std::cerr && isatty(STDERR_FILENO);
    Executor executor(o.scenario, runs, io, progress);
    // A shard's file starts with a line saying which shard of how many runs it is, so that merge can
    // tell a complete set from one missing a shard (even the last one).
    executor.setHeader((o.sharded ? shardLine(o.shardIndex, o.shardCount, total) + "\n" : std::string()) +
                       csvHeader(o));
    return executor.execute(jobs);
}

const CommandRegistrar kRegistrar({"sweep", "run a scenario over a grid of values and seeds (CSV)", kUsage,
                                   &runSweep});

} // namespace
} // namespace rl::cli
