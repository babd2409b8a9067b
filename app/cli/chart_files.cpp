#include "app/cli/chart_files.h"

#include "ui/report/training_report.h"

#include "app/cli/command.h"
#include "app/cli/output_files.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/run_view.h"
#include "ui/theme.h"

#include <QApplication>

#include <algorithm>
#include <charconv>
#include <memory>
#include <stdexcept>

namespace rl::cli {

namespace {

std::string joined(const QStringList& names, const char* last) {
    std::string text;
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? last : ", ";
        text += names[i].toStdString();
    }
    return text;
}

} // namespace

std::vector<std::string> parseChartFormats(const std::string& value) {
    std::vector<std::string> formats;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        const std::string name = value.substr(start, comma - start);
        if (!ui::chartFormatFromName(QString::fromStdString(name)))
            throw UsageError("--charts: unknown format '" + name + "'; expected a comma-separated list of " +
                             joined(ui::chartFormatNames(), " and ") + ", e.g. --charts png,svg,pdf");
        if (std::find(formats.begin(), formats.end(), name) == formats.end()) formats.push_back(name);
        start = comma + 1;
    }
    return formats;
}

std::string parseChartTheme(const std::string& value) {
    if (!ui::themeFromName(QString::fromStdString(value)))
        throw UsageError("--theme: unknown theme '" + value + "'; expected " +
                         joined(ui::themeNames(), " or "));
    return value;
}

int parseChartDpi(const std::string& value) {
    int dpi = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), dpi);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || dpi < ui::kMinChartDpi ||
        dpi > ui::kMaxChartDpi)
        throw UsageError("--dpi: expected a whole number from " + std::to_string(ui::kMinChartDpi) + " to " +
                         std::to_string(ui::kMaxChartDpi) + ", got '" + value + "'");
    return dpi;
}

std::unique_ptr<QApplication> startOffscreenApplication() {
    std::unique_ptr<QApplication> app;
    if (!QApplication::instance()) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        static int argc = 1;
        static char name[] = "resilience-lab";
        static char* argv[] = {name, nullptr};
        app = std::make_unique<QApplication>(argc, argv);
    }
    return app;
}

std::string writeReport(const sim::Simulation& a, const sim::Simulation* b, const std::string& bLabel,
                        const std::string& outDir, const std::string& theme) {
    const auto app = startOffscreenApplication();
    ensureDirectory(outDir);
    const std::string path = outDir + "/report.pdf";
    QString error;
    if (!ui::writeTrainingReport(QString::fromStdString(path), a, b, QString::fromStdString(bLabel),
                                 ui::theme(*ui::themeFromName(QString::fromStdString(theme))), &error))
        throw std::runtime_error("cannot write '" + path + "': " + error.toStdString());
    return path;
}

std::vector<std::string> writeCharts(const sim::Simulation& sim, const std::string& outDir,
                                     const ChartOptions& options) {
    const auto app = startOffscreenApplication();
    const ui::Theme& theme = ui::theme(*ui::themeFromName(QString::fromStdString(options.theme)));
    const ui::SimulationRunSource source(sim);
    const ui::ChartSet charts(source.view());
    const std::string dir = outDir + "/charts";
    ensureDirectory(dir);
    std::vector<std::string> written;
    for (const auto& name : options.formats) {
        const auto format = *ui::chartFormatFromName(QString::fromStdString(name));
        for (std::size_t i = 0; i < charts.charts().size(); ++i) {
            const std::string path = dir + "/" + charts.charts()[i].id.toStdString() + "." + name;
            QString error;
            if (!ui::exportChart(QString::fromStdString(path), format, charts, i, theme, options.dpi, &error))
                throw std::runtime_error("cannot write '" + path + "': " + error.toStdString());
            written.push_back(path);
        }
    }
    return written;
}

} // namespace rl::cli
