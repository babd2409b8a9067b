// `resilience-lab screenshot SCENARIO --at SECONDS --out FILE.png [--select ELEMENT] [--size WxH]
// [--set PATH=VALUE]...`: renders the main window at a simulated time without a display (Qt's
// offscreen platform), for the README, slides, and anyone checking what the GUI shows.
#include "app/cli/chart_files.h"
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "ui/charts/charts_panel.h"
#include "ui/inspector_panel.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"
#include "ui/theme.h"
#include "ui/topology_scene.h"

#include <QApplication>
#include <QDockWidget>
#include <QImageWriter>
#include <QSaveFile>

#include <cmath>
#include <memory>
#include <ostream>

namespace rl::cli {
namespace {

constexpr const char* kUsage =
    "Usage: resilience-lab screenshot SCENARIO --at SECONDS --out FILE.png [--select ELEMENT]\n"
    "                                 [--size WxH] [--theme light|dark|projector] [--tab NAME]\n"
    "                                 [--set PATH=VALUE]...\n\n"
    "Renders the main window at simulated time SECONDS (the same state a run reaches there, changes\n"
    "included) to a PNG, without a display.\n\n"
    "Options:\n"
    "  --at SECONDS      the simulated time, 0 .. duration_s\n"
    "  --out FILE.png    where to write the picture (written whole or not at all)\n"
    "  --select ELEMENT  select an element, as a click would: service:NAME, client:NAME, or call:N\n"
    "                    (the N-th service call, from 0, in scenario order); the inspector shows it\n"
    "  --size WxH        window size in pixels (default 1600x1000)\n"
    "  --theme NAME      light (default), dark or projector (large fonts, thick lines)\n"
    "  --tab NAME        the bottom tab in front: charts (default), log, changes or lesson\n"
    "  --set PATH=VALUE  override one value of the scenario first (repeatable)\n";

double parseSeconds(const std::string& text) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < 0)
        throw UsageError("--at expects seconds >= 0, e.g. --at 90, got '" + text + "'");
    return v;
}

QSize parseSize(const std::string& text) {
    const auto x = text.find('x');
    bool okW = false, okH = false;
    const int w = x == std::string::npos ? 0 : QString::fromStdString(text.substr(0, x)).toInt(&okW);
    const int h = x == std::string::npos ? 0 : QString::fromStdString(text.substr(x + 1)).toInt(&okH);
    if (!okW || !okH || w < 320 || h < 240 || w > 8000 || h > 8000)
        throw UsageError("--size expects WIDTHxHEIGHT between 320x240 and 8000x8000, e.g. 1600x1000, got '" +
                         text + "'");
    return {w, h};
}

int runScreenshot(const std::vector<std::string>& args, Streams io) {
    std::string source, out, select;
    std::optional<double> at;
    QSize size(1600, 1000);
    std::vector<std::string> overrides;
    std::optional<ui::ThemeId> themeId;
    std::string tab = "charts";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* option) -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(std::string(option) + " needs a value");
            return args[++i];
        };
        if (a == "--at")
            at = parseSeconds(value("--at"));
        else if (a == "--out")
            out = value("--out");
        else if (a == "--select")
            select = value("--select");
        else if (a == "--size")
            size = parseSize(value("--size"));
        else if (a == "--set")
            overrides.push_back(value("--set"));
        else if (a == "--tab") {
            tab = value("--tab");
            if (tab != "charts" && tab != "log" && tab != "changes" && tab != "lesson")
                throw UsageError("--tab expects charts, log, changes or lesson, got '" + tab + "'");
        } else if (a == "--theme") {
            const std::string& name = value("--theme");
            themeId = ui::themeFromName(QString::fromStdString(name));
            if (!themeId)
                throw UsageError("--theme expects one of " +
                                 ui::themeNames().join(QStringLiteral(", ")).toStdString() + ", got '" +
                                 name + "'");
        } else if (a.starts_with("-"))
            throw UsageError("unknown option '" + a + "'; run 'resilience-lab screenshot --help'");
        else if (source.empty())
            source = a;
        else
            throw UsageError("one SCENARIO only, got '" + source + "' and '" + a + "'");
    }
    if (source.empty()) throw UsageError("missing SCENARIO (a JSON file, or builtin:NAME)");
    if (!at) throw UsageError("missing --at SECONDS");
    if (out.empty()) throw UsageError("missing --out FILE.png");
    const ScenarioSource loaded = loadScenarioArgument(source, overrides);
    if (*at > loaded.scenario.durationS)
        throw UsageError("--at must be <= the scenario's duration_s (" +
                         std::to_string(loaded.scenario.durationS) + ")");

    const auto app = startOffscreenApplication(); // unless one exists already (tests)
    ui::setActiveTheme(themeId.value_or(ui::ThemeId::Light));
    ui::MainWindow window(nullptr, false);
    window.resize(size);
    window.openScenarioModel(loaded.scenario, QString());
    window.show();
    const QString dockName =
        QString::fromStdString(tab == "log" ? std::string("eventLog") : tab) + QStringLiteral("Dock");
    if (auto* dock = window.findChild<QDockWidget*>(dockName)) dock->raise();
    const TimePoint t = fromMillis(*at * 1000);
    auto* controller = window.controller();
    // Run there (rather than seek) so the retry timelines have their sampled requests.
    controller->setSpeed(0);
    ui::RunUntil until;
    until.time = t;
    controller->runUntil(until);
    if (!controller->waitFor([&] { return controller->model().now() == t && !controller->isPlaying(); })) {
        io.err << "resilience-lab screenshot: the simulation did not reach " << *at << " s in time\n";
        return kExitFailed;
    }
    if (!select.empty()) {
        const QString id = QString::fromStdString(select);
        if (!window.scene()->node(id) && !window.scene()->edge(id))
            throw UsageError("--select: no element '" + select +
                             "'; use service:NAME, client:NAME or call:N");
        window.scene()->selectElement(id);
        window.inspector()->select(id);
    }
    window.charts()->flush(); // the charts take the last frame now, not at their next tick
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QApplication::processEvents();
    }
    const QImage image = window.grab().toImage();
    QSaveFile file(QString::fromStdString(out));
    QImageWriter writer(&file, "png");
    if (!file.open(QIODevice::WriteOnly) || !writer.write(image) || !file.commit()) {
        io.err << "resilience-lab screenshot: cannot write '" << out
               << "': " << file.errorString().toStdString() << "\n";
        return kExitFailed;
    }
    return kExitOk;
}

const CommandRegistrar kRegistrar({"screenshot",
                                   "render the main window at a simulated time to a PNG (no display needed)",
                                   kUsage, &runScreenshot});

} // namespace
} // namespace rl::cli
