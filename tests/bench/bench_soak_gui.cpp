// bench_soak_gui: the window left playing a looping lesson, as in front of a class, with its memory
// read every minute. Prints figures; asserts nothing. Reproduce:
//   cmake --preset release && cmake --build --preset release --target bench_soak_gui &&
//   QT_QPA_PLATFORM=offscreen build/release/bin/bench_soak_gui [MINUTES [SPEED [LESSON]]]
// Defaults: 60 minutes at 100x of payments-outage (180 s simulated: a loop every 1.8 s), the charts
// tab and the call:0 inspector shown, the lesson's stops off (they would pause every loop).
//
// Memory flat means: what the process holds after the first minutes (caches, checkpoints, chart
// points of one whole run) stays where it is for the rest of the hour, loop after loop.
#include "ui/inspector_panel.h"
#include "ui/lesson_panel.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QApplication>
#include <QCheckBox>
#include <QDockWidget>
#include <QElapsedTimer>

#include <cstdio>
#include <fstream>
#include <malloc.h>
#include <string>

using namespace rl;

namespace {

long statusKb(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == field) {
            long kb = 0;
            status >> kb;
            return kb;
        }
        std::getline(status, key);
    }
    return -1;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int minutes = argc > 1 ? std::atoi(argv[1]) : 60;
    const double speed = argc > 2 ? std::atof(argv[2]) : 100;
    const QString lesson = QString::fromLatin1(argc > 3 ? argv[3] : "payments-outage");
    if (minutes <= 0 || speed <= 0) {
        std::fprintf(stderr, "usage: bench_soak_gui [MINUTES > 0 [SPEED > 0 [LESSON]]]\n");
        return 2;
    }

    ui::MainWindow w(nullptr, false);
    w.resize(1600, 1000);
    w.show();
    if (!w.openScenario(QStringLiteral("builtin:") + lesson, nullptr, true)) {
        std::fprintf(stderr, "bench_soak_gui: no built-in lesson '%s'\n", qPrintable(lesson));
        return 2;
    }
    if (auto* dock = w.findChild<QDockWidget*>(QStringLiteral("chartsDock"))) dock->raise();
    w.inspector()->select(QStringLiteral("call:0"));
    w.lesson()->pauseAtStops()->setChecked(false);
    auto* c = w.controller();
    c->waitFor([&] { return c->model().end().count() > 0; });
    c->setSpeed(speed);
    c->setLoop(true);
    c->play();

    std::printf("[%s looping at %.0fx for %d minutes: window 1600x1000, charts and the call:0 inspector "
                "shown]\n",
                qPrintable(lesson), speed, minutes);
    // Heap in use (malloc's own count, every arena) tells a leak from memory malloc keeps for reuse.
    std::printf("%8s %8s %12s %12s %14s\n", "minute", "loops", "resident MB", "peak MB", "heap in use MB");
    QElapsedTimer wall;
    wall.start();
    long afterFirst = -1;
    for (int minute = 1; minute <= minutes; ++minute) {
        while (wall.elapsed() < qint64(minute) * 60'000)
            QApplication::processEvents(QEventLoop::AllEvents, 20);
        const long rss = statusKb("VmRSS:");
        if (minute == 1) afterFirst = rss;
        std::printf("%8d %8d %12.1f %12.1f %14.1f\n", minute, c->loopsDone(), double(rss) / 1024,
                    double(statusKb("VmHWM:")) / 1024, double(mallinfo2().uordblks) / (1024 * 1024));
        std::fflush(stdout);
    }
    const long end = statusKb("VmRSS:");
    std::printf("resident after minute 1: %.1f MB; after minute %d: %.1f MB (%+.1f MB over %d loops)\n",
                double(afterFirst) / 1024, minutes, double(end) / 1024, double(end - afterFirst) / 1024,
                c->loopsDone());
    return 0;
}
