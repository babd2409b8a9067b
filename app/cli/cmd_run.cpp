// `resilience-lab run SCENARIO [--seed N] [--duration S] [--set PATH=VALUE]... [--compare
// PATH=VALUE|lesson]...
//  [--json] [--out DIR [--charts png,svg,pdf,csv] [--report] [--theme NAME] [--dpi N]]`
#include "app/cli/chart_files.h"
#include "app/cli/command.h"
#include "app/cli/output_files.h"
#include "app/cli/scenario_source.h"
#include "core/primitives/circuit_breaker.h"
#include "core/scenario/lesson_json.h"
#include "core/sim/run_compare.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <system_error>
#include <unistd.h>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab run SCENARIO [options]\n\n"
    "Runs a scenario headless. SCENARIO is a JSON file or builtin:NAME (see 'resilience-lab scenarios').\n\n"
    "Options:\n"
    "  --seed N          override the scenario's seed\n"
    "  --duration S      override duration_s\n"
    "  --set PATH=VALUE  override one value, e.g. --set services[0].calls[0].retry.max_attempts=1\n"
    "                    (repeatable; VALUE is JSON, or a plain string)\n"
    "  --json            print the summary as one JSON document on stdout\n"
    "  --out DIR         also write DIR/summary.json, DIR/timeseries.csv and DIR/events.jsonl\n"
    "  --charts FORMATS  also write every chart as DIR/charts/NAME.EXT (needs --out); FORMATS is a\n"
    "                    comma-separated list of png, svg, pdf and csv (the chart's numbers), e.g.\n"
    "                    --charts png,svg,pdf. The GUI's renderer, no display needed.\n"
    "  --report          also write DIR/report.pdf, the training report: the lesson, the summary (and\n"
    "                    the differences with --compare), the topology, every chart, the transitions\n"
    "  --theme NAME      the charts' and the report's theme: light (default), dark or projector\n"
    "  --dpi N           resolution of PNG charts, 48 to 600 (default 150); a chart is 10 x 5.625 in\n"
    "  --compare PATH=VALUE\n"
    "                    also run B: the scenario with this override (repeatable), on the same seed and\n"
    "                    arrivals; print both runs and their differences (--json: {a, b, differences};\n"
    "                    --out DIR: DIR/A/..., DIR/B/... and DIR/differences.json)\n"
    "  --compare lesson  B is the scenario's own lesson.compare (see 'resilience-lab scenarios NAME')\n\n"
    "Without --json a short human-readable report is printed. Outputs are described in docs/outputs.md.\n"
    "Exit codes: 0 done, 1 the run failed, 2 bad usage or bad input.\n";

struct RunOptions {
    std::string scenario;
    std::vector<std::string> overrides;
    bool json = false;
    std::string outDir;
    std::string duration; // --duration's value, if given
    ChartOptions charts;
    bool chartLooks = false;           // --theme or --dpi given
    bool report = false;               // --report
    std::vector<std::string> compares; // --compare PATH=VALUE, in order
    bool compareLesson = false;        // --compare lesson
    bool comparing() const { return compareLesson || !compares.empty(); }
};

RunOptions parseOptions(const std::vector<std::string>& args) {
    RunOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--seed") {
            const std::string v = value();
            std::uint64_t seed = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seed);
            if (v.empty() || ec != std::errc() || end != v.data() + v.size())
                throw UsageError("--seed: expected a whole number in [0, 18446744073709551615], got '" + v +
                                 "'");
            o.overrides.push_back("seed=" + std::to_string(seed));
        } else if (a == "--duration") {
            o.duration = value();
            o.overrides.push_back("duration_s=" + o.duration);
        } else if (a == "--set") {
            o.overrides.push_back(value());
        } else if (a == "--compare") {
            const std::string v = value();
            if (v == "lesson")
                o.compareLesson = true;
            else if (v.find('=') == std::string::npos || v.front() == '=')
                throw UsageError("--compare: expected PATH=VALUE or 'lesson', got '" + v + "'");
            else
                o.compares.push_back(v);
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--out") {
            o.outDir = value();
        } else if (a == "--report") {
            o.report = true;
        } else if (a == "--charts") {
            o.charts.formats = parseChartFormats(value());
        } else if (a == "--theme") {
            o.charts.theme = parseChartTheme(value());
            o.chartLooks = true;
        } else if (a == "--dpi") {
            o.charts.dpi = parseChartDpi(value());
            o.chartLooks = true;
        } else if (a.starts_with("--")) {
            throw UsageError("unknown option '" + a + "'; see 'resilience-lab run --help'");
        } else if (o.scenario.empty()) {
            o.scenario = a;
        } else {
            throw UsageError("unexpected argument '" + a + "' (one scenario per run)");
        }
    }
    if (o.scenario.empty()) throw UsageError("missing SCENARIO (a file or builtin:NAME)");
    if (!o.charts.formats.empty() && o.outDir.empty())
        throw UsageError("--charts needs --out DIR: the charts are written to DIR/charts/");
    if (o.report && o.outDir.empty())
        throw UsageError("--report needs --out DIR: the report is written to DIR/report.pdf");
    if (o.chartLooks && o.charts.formats.empty() && !o.report)
        throw UsageError("--theme and --dpi apply to charts and the report: add --charts FORMATS or --report "
                         "(and --out DIR)");
    return o;
}

// Runs in slices so a long run can show progress on a terminal (never on stdout).
void runWithProgress(sim::Simulation& sim) {
    const bool showProgress = isatty(STDERR_FILENO) == 1;
    const Duration slice = std::max(Duration(1), (sim.end() - TimePoint{0}) / 100);
    int shown = -1;
    const auto started = std::chrono::steady_clock::now();
    while (!sim.finished()) {
        sim.advanceTo(sim.now() + slice);
        if (showProgress) {
            const double done = toSeconds(sim.now()) / toSeconds(sim.end());
            const int pct = static_cast<int>(100.0 * done);
            if (pct != shown) {
                // Time left, assuming the rest goes as fast as what is done.
                const double spent =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                const double left = done > 0 ? spent * (1 - done) / done : 0;
                std::fprintf(stderr, "\r  simulating: %3d%% (t = %.0f s), about %.0f s left   ", pct,
                             toSeconds(sim.now()), left);
                shown = pct;
            }
        }
    }
    if (showProgress) std::fprintf(stderr, "\r%70s\r", "");
}

void printReport(const sim::Simulation& sim, std::ostream& out) {
    const auto& sc = sim.scenario();
    char line[256];
    out << sc.name << " (seed " << sc.seed << ", " << sc.durationS << " s simulated)\n";
    for (std::size_t i = 0; i < sc.clients.size(); ++i) {
        const sim::ClientBucket t = sim::total(sim.clientBuckets(i));
        const sim::OutcomeCounts& o = t.outcomes;
        const std::int64_t requests = t.requests, attempts = t.attempts;
        const auto& h = sim.clientLatency(i);
        std::snprintf(
            line, sizeof line,
            "  client %-12s %9lld requests, %6.2f%% success, %6.2f%% degraded, %.2f attempts each\n",
            sc.clients[i].name.c_str(), static_cast<long long>(requests),
            requests ? 100.0 * static_cast<double>(o[Outcome::Success]) / static_cast<double>(requests) : 0.0,
            requests ? 100.0 * static_cast<double>(o[Outcome::Degraded]) / static_cast<double>(requests)
                     : 0.0,
            requests ? static_cast<double>(attempts) / static_cast<double>(requests) : 0.0);
        out << line;
        std::snprintf(line, sizeof line,
                      "  %-19s latency mean %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", "", h.meanMs(),
                      h.percentileMs(0.5), h.percentileMs(0.99), toMillis(h.max()));
        out << line;
        std::string failures;
        for (std::size_t k = 0; k < kOutcomeCount; ++k) {
            const auto oc = static_cast<Outcome>(k);
            if (!isAnswer(oc) && o[oc] > 0)
                failures += (failures.empty() ? "" : ", ") + std::string(outcomeName(oc)) + " " +
                            std::to_string(o[oc]);
        }
        if (!failures.empty()) out << "  " << std::string(19, ' ') << " failures: " << failures << "\n";
    }
    for (std::size_t ci = 0; ci < sim.calls().size(); ++ci) {
        const sim::CallBucket t = sim::total(sim.callBuckets(ci));
        const std::int64_t attempts = t.attempts, retries = t.retries;
        std::int64_t opened = 0;
        for (const auto& e : sim.log()) // listed in full by --json and events.jsonl
            if (e.kind == sim::LogEvent::Kind::BreakerTransition && e.subject == ci &&
                e.to == static_cast<std::uint8_t>(BreakerState::Open))
                ++opened;
        const auto& info = sim.calls()[ci];
        std::snprintf(line, sizeof line,
                      "  call %s -> %s: %lld attempts, %lld retries, breaker opened %lld times\n",
                      info.from.c_str(), info.to.c_str(), static_cast<long long>(attempts),
                      static_cast<long long>(retries), static_cast<long long>(opened));
        out << line;
    }
    if (sim.unfinishedRequests() > 0)
        out << "  " << sim.unfinishedRequests() << " requests still in flight at the end (in no outcome)\n";
    out << "  " << sim.eventsProcessed() << " events\n";
}

// A --duration shorter than the scenario's time-series bucket is reported as the option's problem, with
// the fix, instead of as "bucket_s: must be <= duration_s" (which names neither the option nor a way out).
void explainDuration(const RunOptions& o, std::vector<ScenarioProblem>& problems) {
    if (o.duration.empty()) return;
    for (auto& p : problems) {
        if (p.path == "bucket_s" && p.message.starts_with("must be <= duration_s")) {
            const auto got = p.message.rfind(", got ");
            const std::string bucket =
                got == std::string::npos ? "" : " bucket_s = " + p.message.substr(got + 6);
            p.message = "shorter than the scenario's time-series bucket (" + bucket.substr(1) +
                        "); add --set bucket_s=" + o.duration + " (or less)";
            p.origin = "--duration " + o.duration;
            p.path.clear();
        }
    }
}

ScenarioSource loadScenario(const RunOptions& o) {
    std::vector<ScenarioProblem> problems;
    auto source = tryLoadScenarioArgument(o.scenario, o.overrides, problems);
    if (source) return std::move(*source);
    explainDuration(o, problems);
    std::string text;
    for (const auto& p : problems)
        text += (text.empty() ? "" : "\n") + p.toString();
    throw UsageError(text);
}

// --out names a folder; an existing file of that name is bad input (exit 2), not a failed run.
void checkOutDirectory(const std::string& dir) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
        throw UsageError("--out: '" + dir + "' is a file; expected a folder (created if missing)");
}

// Writes summary.json, timeseries.csv and events.jsonl of one run into `dir`, and its charts if asked.
void writeRunFiles(const sim::Simulation& sim, const std::string& dir, const ChartOptions& charts) {
    ensureDirectory(dir);
    writeFileAtomically(dir + "/summary.json",
                        [&](std::ostream& out) { out << sim::summaryJson(sim, -1).dump(2) << "\n"; });
    writeFileAtomically(dir + "/timeseries.csv",
                        [&](std::ostream& out) { sim::writeTimeseriesCsv(sim, out); });
    writeFileAtomically(dir + "/events.jsonl", [&](std::ostream& out) { sim::writeEventsJsonl(sim, out); });
    if (!charts.formats.empty()) writeCharts(sim, dir, charts);
}

double runTimed(sim::Simulation& sim) {
    const auto start = std::chrono::steady_clock::now();
    runWithProgress(sim);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int runOne(const RunOptions& o, Streams io) {
    const ScenarioSource source = loadScenario(o);
    sim::Simulation sim(source.scenario);
    const double wall = runTimed(sim);
    if (!o.outDir.empty()) {
        try {
            writeRunFiles(sim, o.outDir, o.charts);
            if (o.report) writeReport(sim, nullptr, std::string(), o.outDir, o.charts.theme);
        } catch (const std::runtime_error& e) {
            io.err << "resilience-lab run: " << e.what() << "\n";
            return kExitFailed;
        }
    }
    if (o.json)
        io.out << sim::summaryJson(sim, wall).dump(2) << "\n";
    else
        printReport(sim, io.out);
    return kExitOk;
}

// ---- A/B on one seed ----

struct ComparePlan {
    std::string label;                // the lesson's label, or the overrides joined
    std::vector<Override> overrides;  // A's --set, then B's own, each with its origin
    std::vector<std::string> changes; // B's own, as PATH=VALUE
};

ComparePlan planCompare(const RunOptions& o, const scenario::Scenario& a) {
    ComparePlan plan;
    for (const auto& s : o.overrides)
        plan.overrides.push_back({s, "--set"});
    if (o.compareLesson) {
        if (!a.lesson || !a.lesson->compare)
            throw UsageError("--compare lesson: " + o.scenario +
                             " has no lesson.compare; give the B side as --compare PATH=VALUE");
        plan.label = a.lesson->compare->label;
        for (const auto& assignment : a.lesson->compare->set) {
            plan.overrides.push_back({scenario::overrideText(assignment), "lesson.compare.set"});
            plan.changes.push_back(scenario::overrideText(assignment));
        }
    }
    for (const auto& c : o.compares) {
        plan.overrides.push_back({c, "--compare"});
        plan.changes.push_back(c);
    }
    if (plan.label.empty())
        for (const auto& c : plan.changes)
            plan.label += (plan.label.empty() ? "" : ", ") + c;
    return plan;
}

void printDifferences(const std::vector<sim::ComparedMetric>& rows, std::ostream& out) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-24s %14s %14s %14s\n", "metric", "A", "B", "B - A");
    out << line;
    for (const auto& r : rows) {
        if (r.integer)
            std::snprintf(line, sizeof line, "  %-24s %14lld %14lld %+14lld\n", r.label.c_str(),
                          static_cast<long long>(r.a), static_cast<long long>(r.b),
                          static_cast<long long>(r.b) - static_cast<long long>(r.a));
        else
            std::snprintf(line, sizeof line, "  %-24s %14.2f %14.2f %+14.2f\n", r.label.c_str(), r.a, r.b,
                          r.delta());
        out << line;
    }
}

int runCompare(const RunOptions& o, Streams io) {
    const ScenarioSource a = loadScenario(o);
    const ComparePlan plan = planCompare(o, a.scenario);
    const ScenarioSource b = loadScenarioWithOverrides(o.scenario, plan.overrides);
    sim::Simulation simA(a.scenario), simB(b.scenario);
    const double wallA = runTimed(simA), wallB = runTimed(simB);
    const auto rows = sim::compareRuns(simA, simB);
    nlohmann::ordered_json set = nlohmann::ordered_json::array();
    for (const auto& c : plan.changes)
        set.push_back(c);
    if (!o.outDir.empty()) {
        try {
            writeRunFiles(simA, o.outDir + "/A", o.charts);
            writeRunFiles(simB, o.outDir + "/B", o.charts);
            if (o.report) writeReport(simA, &simB, plan.label, o.outDir, o.charts.theme);
            writeFileAtomically(o.outDir + "/differences.json", [&](std::ostream& out) {
                out << nlohmann::ordered_json{{"label", plan.label},
                                              {"set", set},
                                              {"differences", sim::differencesJson(rows)}}
                           .dump(2)
                    << "\n";
            });
        } catch (const std::runtime_error& e) {
            io.err << "resilience-lab run: " << e.what() << "\n";
            return kExitFailed;
        }
    }
    if (o.json) {
        nlohmann::ordered_json j;
        j["compare"] = {{"label", plan.label}, {"set", set}};
        j["a"] = sim::summaryJson(simA, wallA);
        j["b"] = sim::summaryJson(simB, wallB);
        j["differences"] = sim::differencesJson(rows);
        io.out << j.dump(2) << "\n";
        return kExitOk;
    }
    io.out << "A: as given\n";
    printReport(simA, io.out);
    io.out << "B: " << plan.label << "\n";
    printReport(simB, io.out);
    io.out << "Differences (same seed " << a.scenario.seed << "):\n";
    printDifferences(rows, io.out);
    return kExitOk;
}

int runScenario(const std::vector<std::string>& args, Streams io) {
    const RunOptions o = parseOptions(args);
    if (!o.outDir.empty()) checkOutDirectory(o.outDir);
    return o.comparing() ? runCompare(o, io) : runOne(o, io);
}

const CommandRegistrar kRegistrar({"run", "run a scenario headless and report what happened", kUsage,
                                   &runScenario});

} // namespace
} // namespace rl::cli
