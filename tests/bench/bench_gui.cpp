// bench_gui: how the window keeps up (offscreen, the real MainWindow and controller). Prints figures;
// asserts nothing. Reproduce: cmake --preset release && cmake --build --preset release -j"$(nproc)" &&
// QT_QPA_PLATFORM=offscreen build/release/bin/bench_gui
//
// 1. The three-tier scenario at 1,000 requests/s, played at 10x for a few wall seconds: how long the GUI
//    thread is busy at a time (a 1 ms probe timer on the GUI thread measures the gaps between its
//    ticks: a gap is the longest the window could not answer), and whether the simulation keeps pace.
// 2. The same at max speed: the gaps again (input answered within 50 ms is the target).
// 3. A one-hour run of it at 1,000 requests/s: seeks to random times, the first visit (checkpoints not
//    taken yet past the furthest time run) and after one pass (checkpoints everywhere), and the memory
//    the checkpoints cost (resident set before and after).
#include "tests/bench/three_tier.h"
#include "ui/inspector_panel.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace rl;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * double(v.size() - 1))];
}

long residentKb() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kb = 0;
            status >> kb;
            return kb;
        }
        std::getline(status, key);
    }
    return -1;
}

// Gaps between the ticks of a 1 ms timer on the GUI thread while `run` is going on.
struct Probe {
    std::vector<double> gapsMs;
    std::vector<std::pair<double, double>> longGaps; // (seconds since start, gap in ms) for gaps over 50 ms
    QElapsedTimer clock;
    qint64 last = 0;
    QTimer timer;
    Probe() {
        timer.setInterval(1);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            if (last) {
                gapsMs.push_back(double(now - last) / 1e6);
                if (gapsMs.back() > 50) longGaps.emplace_back(double(last) / 1e9, gapsMs.back());
            }
            last = now;
        });
    }
    void start() {
        gapsMs.clear();
        longGaps.clear();
        last = 0;
        clock.start();
        timer.start();
    }
    void stop() { timer.stop(); }
};

void waitWall(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
}

void playFor(ui::MainWindow& w, double speed, int wallMs, const char* label) {
    auto* c = w.controller();
    c->seek(TimePoint{0});
    c->waitFor([&] { return c->model().now() == TimePoint{0} && !c->isPlaying(); });
    c->setSpeed(speed);
    Probe probe;
    int frames = 0, behind = 0;
    auto connection =
        QObject::connect(c, &ui::SimulationController::frameApplied, [&](const ui::Frame& f, const auto&) {
            ++frames;
            if (f.playing && !f.keepingPace) ++behind;
        });
    probe.start();
    QElapsedTimer wall;
    wall.start();
    c->play();
    waitWall(wallMs);
    const double simS = toSeconds(c->model().now());
    const double wallS = double(wall.nsecsElapsed()) / 1e9;
    c->pause();
    probe.stop();
    QObject::disconnect(connection);
    std::printf(
        "%-34s frames %4d (%.0f/s)  GUI busy gap p50 %.1f ms, p99 %.1f ms, max %.1f ms  simulated %.1f s in "
        "%.1f s wall = %.1fx%s\n",
        label, frames, frames / wallS, percentile(probe.gapsMs, 0.5), percentile(probe.gapsMs, 0.99),
        percentile(probe.gapsMs, 1.0), simS, wallS, simS / wallS,
        speed > 0 ? (behind == 0 ? " (kept pace)" : " (fell behind in some frames)") : "");
    // Where the long gaps fall tells a start-up cost from a steady one.
    if (!probe.longGaps.empty()) {
        std::printf("%-34s gaps over 50 ms:", "");
        for (const auto& [at, gap] : probe.longGaps)
            std::printf(" %.0f ms at %.2f s;", gap, at);
        std::printf("\n");
    }
}

void seeks(ui::MainWindow& w, const char* label, int count, double endS) {
    auto* c = w.controller();
    std::vector<double> ms;
    QRandomGenerator rng(7); // the same times on every run
    for (int i = 0; i < count; ++i) {
        const TimePoint t = fromMillis(rng.bounded(endS) * 1000);
        QElapsedTimer timer;
        timer.start();
        c->seek(t);
        c->waitFor([&] { return c->model().now() == t && !c->isPlaying(); }, 600000);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("%-34s %d seeks: p50 %.0f ms, p95 %.0f ms, max %.0f ms\n", label, count, percentile(ms, 0.5),
                percentile(ms, 0.95), percentile(ms, 1.0));
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    {
        ui::MainWindow w(nullptr, false);
        w.resize(1600, 1000);
        w.show();
        w.openScenarioModel(bench::threeTier(1000, 600), QString());
        // The inspector on a call with every layer (breaker diagram, window, bulkhead, retry timeline),
        // and the charts tab in view: what a class watches.
        w.inspector()->select(QStringLiteral("call:0"));
        std::printf(
            "[three tiers at 1,000 requests/s, every policy, offscreen window 1600x1000, charts and the "
            "call:0 inspector shown]\n");
        playFor(w, 10, 5000, "play at 10x for 5 s");
        playFor(w, 1000, 5000, "play at 1000x for 5 s");
        playFor(w, 0, 5000, "play at max for 5 s");
    }
    {
        ui::MainWindow w(nullptr, false);
        w.resize(1600, 1000);
        w.show();
        const long before = residentKb();
        w.openScenarioModel(bench::threeTier(1000, 3600), QString());
        auto* c = w.controller();
        c->waitFor([&] { return c->model().end().count() > 0; });
        std::printf("[one hour at 1,000 requests/s]\n");
        seeks(w, "seek, first visit (few checkpoints)", 5, 3600);
        // One pass to the end takes the checkpoints everywhere.
        c->seek(c->model().end());
        c->waitFor([&] { return c->model().now() == c->model().end(); }, 600000);
        const long after = residentKb();
        seeks(w, "seek after one pass", 20, 3600);
        std::printf("%-34s %.0f MB resident after the pass (%.0f MB before the scenario was opened)\n",
                    "checkpoint memory", double(after) / 1024, double(before) / 1024);
    }
    return 0;
}
