#pragma once
// `run --charts FORMATS [--theme NAME] [--dpi N]`: every chart of the run written to DIR/charts/NAME.EXT
// by the GUI's renderer (ui/charts), on Qt's offscreen platform, so no display is needed.
#include <memory>
#include <string>
#include <vector>

class QApplication;

namespace rl::sim {
class Simulation;
}

namespace rl::cli {

struct ChartOptions {
    std::vector<std::string> formats; // "png", "svg", "pdf", "csv"; empty: no charts
    std::string theme = "light";
    int dpi = 150;
};

// Each throws UsageError naming the option and what it expects.
std::vector<std::string> parseChartFormats(const std::string& value); // "png,svg,pdf"
std::string parseChartTheme(const std::string& value);
int parseChartDpi(const std::string& value);

// Qt Charts and the report draw with widgets' graphics items: a QApplication on the offscreen platform,
// unless one exists already (tests; then nullptr) or the caller chose a platform. Keep it while drawing.
std::unique_ptr<QApplication> startOffscreenApplication();

// Writes DIR/charts/NAME.EXT for every chart and format; throws std::runtime_error naming the file on
// failure. Returns the paths written.
std::vector<std::string> writeCharts(const sim::Simulation& sim, const std::string& outDir,
                                     const ChartOptions& options);

// Writes DIR/report.pdf: the training report of run `a`, compared with `b` (labelled `bLabel`) when
// given; throws std::runtime_error naming the file on failure. Returns its path.
std::string writeReport(const sim::Simulation& a, const sim::Simulation* b, const std::string& bLabel,
                        const std::string& outDir, const std::string& theme);

} // namespace rl::cli
