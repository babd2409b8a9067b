#pragma once
// One chart of a ChartSet drawn as a QChart: series (decimated to about the plot's pixel width), axes
// with units, legend, and an overlay with the fault windows, breaker transitions and changes (and, for
// breaker-states, the coloured bands). The same class serves the live dock (sync() redoes only the
// groups of buckets a frame touched) and every export (chart_export.h draws a fresh one).
#include "ui/charts/chart_data.h"
#include "ui/charts/decimate.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QAbstractAxis;
class QFont;
class QLineSeries;
class QChart;
class QValueAxis;

namespace rl::ui {

struct Theme;
class ChartOverlay;

// What an exported chart says about its run, under the title.
struct ChartMeta {
    QString scenario;
    std::uint64_t seed = 0;
    double fromS = 0, toS = 0; // the simulated time shown
};

class ChartPlot {
public:
    // Fills `chart` (new, empty; the caller owns it) with set.charts()[index]. `plotPixels`: about how
    // many pixels wide the plot is (decimation); `meta`: a subtitle for exports (nullptr: none).
    ChartPlot(QChart* chart, const ChartSet& set, std::size_t index, const Theme& theme, int plotPixels,
              const std::optional<ChartMeta>& meta = std::nullopt);
    ~ChartPlot();
    ChartPlot(const ChartPlot&) = delete;
    ChartPlot& operator=(const ChartPlot&) = delete;

    // The set's values changed from `fromBucket` on: redo those groups of points only.
    void sync(std::size_t fromBucket);
    void applyTheme(const Theme& theme);
    // Live tiles draw every line solid: Qt strokes dashes in software, which took 20 to 40 ms per
    // repaint of a full latency chart on the GUI thread. Exports (and print) keep the dash patterns.
    void setSolidLines(bool solid);
    // The live view's "now" line (none in exports).
    void setCursor(std::optional<TimePoint> now);

    QChart* chart() const { return m_chart; }
    const Chart& data() const { return m_set->charts()[m_index]; }
    const ChartSet& set() const { return *m_set; }
    std::size_t index() const { return m_index; }
    const Theme& theme() const { return *m_theme; }
    std::optional<TimePoint> cursor() const { return m_cursor; }
    double endS() const;
    std::size_t bucketsPerPoint() const { return m_k; }
    // Plotted points of a series (tests: decimation), in chart series order.
    std::vector<QLineSeries*> lines() const;

private:
    struct Line {
        QLineSeries* series;
        std::size_t source; // index in data().series
        std::vector<qsizetype> groupStarts;
    };
    void build(const std::optional<ChartMeta>& meta);
    void syncLine(Line& line, const std::vector<double>& values, std::size_t fromGroup, Decimation mode);
    void updateStack(std::size_t fromBucket);
    void updateRange(std::size_t fromBucket);
    void updateLegend(std::size_t fromBucket);

    QChart* m_chart;
    const ChartSet* m_set;
    std::size_t m_index;
    const Theme* m_theme;
    std::size_t m_k = 1; // buckets per point
    QString m_title;
    std::vector<Line> m_lines;          // Lines: one per series; StackedArea: the uppers
    std::vector<QLineSeries*> m_lowers; // StackedArea: each area's lower line (a copy of the previous upper)
    std::vector<std::vector<double>> m_stack; // StackedArea: running sums, bottom up
    std::vector<bool> m_seen;                 // a series had a non-zero value (its legend entry shows)
    bool m_shownOnce = false;                 // the markers' visibility was set once
    double m_top = 0;                         // the highest value so far
    QValueAxis* m_x = nullptr;
    QAbstractAxis* m_y = nullptr;
    ChartOverlay* m_overlay = nullptr;
    std::optional<TimePoint> m_cursor;
    bool m_solidLines = false;
};

// A theme's font for charts, in pixels (so a chart looks the same on screen, in PNG, SVG and PDF).
QFont chartFont(const Theme& theme, double pointSize, bool bold = false);
// The colour of a series look (outcomes from visual_style.h, the rest Okabe-Ito in order).
QColor seriesColour(const SeriesLook& look, const Theme& theme);

} // namespace rl::ui
