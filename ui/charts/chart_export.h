#pragma once
// Charts to files, for slides and reports: one paint routine (renderChart) draws a chart onto any
// QPainter, and PNG (a QImage at the asked DPI), SVG (QSvgGenerator) and PDF (QPdfWriter) all go
// through it, in the GUI and in `resilience-lab run --charts`; CSV writes the chart's own numbers.
// Never a screen grab: an export looks the same with or without a display.
#include "ui/charts/chart_plot.h"

#include <QSizeF>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;
class QPainter;
class QRectF;

namespace rl::ui {

enum class ChartFormat { Png, Svg, Pdf, Csv };

std::optional<ChartFormat> chartFormatFromName(const QString& name); // "png", "svg", "pdf", "csv"
QString chartFormatName(ChartFormat format);
QStringList chartFormatNames();

// An exported chart is 10 x 5.625 inches (16:9, a slide), 960 x 540 px at 96 DPI.
inline constexpr QSizeF kChartSizeInches{10.0, 5.625};
inline constexpr int kMinChartDpi = 48, kMaxChartDpi = 600, kDefaultChartDpi = 150;
// The size of a PNG at `dpi`.
QSize chartPixelSize(int dpi);

// Draws set.charts()[index] into `target` of `painter`, laid out at 96 DPI and scaled to fit.
// `layout`: the size (in 96-dpi pixels) the chart is laid out at before it is scaled into `target`;
// by default the standard export size (kept in proportion). A report passes its slot's own size, so a
// wide, low slot gets a wide chart with its text at the size it asks for.
void renderChart(QPainter& painter, const QRectF& target, const ChartSet& set, std::size_t index,
                 const Theme& theme, const ChartMeta& meta, std::optional<QSizeF> layout = std::nullopt);

// The metadata of a run's charts: its scenario, seed and whole simulated time so far.
ChartMeta chartMeta(const ChartSet& set);

// Writes the chart as PNG (at `dpi`), SVG, PDF or CSV, whole or not at all (QSaveFile). On failure:
// false and `error` says why.
bool exportChart(const QString& path, ChartFormat format, const ChartSet& set, std::size_t index,
                 const Theme& theme, int dpi, QString* error = nullptr);
// The chart's data at full resolution: t_s and one column per series (empty where nothing was
// measured); breaker-states: one line per band (call, from_s, to_s, state).
void writeChartCsv(QIODevice& out, const ChartSet& set, std::size_t index);

} // namespace rl::ui
