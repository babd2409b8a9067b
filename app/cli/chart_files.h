#pragma once
// `run --charts FORMATS [--theme NAME] [--dpi N]`: every chart of the run written to DIR/charts/NAME.EXT
// by the GUI's renderer (ui/charts), on Qt's offscreen platform, so no display is needed.
#include <string>
#include <vector>

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

// Writes DIR/charts/NAME.EXT for every chart and format; throws std::runtime_error naming the file on
// failure. Returns the paths written.
std::vector<std::string> writeCharts(const sim::Simulation& sim, const std::string& outDir,
                                     const ChartOptions& options);

} // namespace rl::cli
