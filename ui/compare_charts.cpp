#include "ui/compare_charts.h"

#include "ui/charts/ab_overlay.h"
#include "ui/charts/chart_grid.h"
#include "ui/charts/chart_tile.h"
#include "ui/run_model.h"
#include "ui/theme.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPen>

#include <algorithm>

namespace rl::ui {

namespace {
constexpr int kTickMs = 250;    // at most four refreshes a second (stroking is costly)
constexpr double kWiderA = 2.0; // live tiles draw B solid too: A's line is the wider one, under B's
constexpr QSize kTileMinimum{380, 300};
} // namespace

CompareCharts::CompareCharts(const RunModel& a, const RunModel& b, const QString& bLabel, QWidget* parent)
    : QScrollArea(parent)
    , m_modelA(a)
    , m_modelB(b)
    , m_bLabel(bLabel)
    , m_grid(new QWidget(this))
    , m_layout(new QGridLayout(m_grid))
    , m_empty(new QLabel(tr("The charts of A and B appear here as both runs advance."), m_grid)) {
    setObjectName(QStringLiteral("compareCharts"));
    setUpChartGrid(this, m_grid, m_layout, m_empty);
    m_tick.setSingleShot(true);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &CompareCharts::flush);
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, &CompareCharts::applyTheme);
    applyTheme();
}

void CompareCharts::takeFrame(Side side, bool reset, std::size_t firstBucket) {
    const RunModel& model = side == Side::A ? m_modelA : m_modelB;
    ChartSet& set = side == Side::A ? m_a : m_b;
    if (model.end().count() <= 0) return;
    const RunView view = runViewOf(model);
    if (reset || set.charts().empty()) {
        set = ChartSet(view);
        firstBucket = 0;
    } else {
        set.update(view, firstBucket);
    }
    m_dirtyFrom = m_dirty ? std::min(m_dirtyFrom, firstBucket) : firstBucket;
    m_dirty = true;
    if (!m_tick.isActive()) m_tick.start();
}

void CompareCharts::flush() {
    m_tick.stop();
    if (!m_dirty || m_a.charts().empty() || m_b.charts().empty()) return;
    m_dirty = false;
    // The last bucket shown may have been cut short by the side that was behind: redo it too.
    const std::size_t from = std::min(m_dirtyFrom, m_overlay.buckets() > 0 ? m_overlay.buckets() - 1 : 0);
    ChartSet fresh = abOverlay(m_a, m_b, m_bLabel);
    const bool rebuild = m_tiles.empty() || !sameLayout(fresh);
    m_overlay = std::move(fresh); // the tiles hold its address: assigned, never replaced
    if (rebuild) {
        rebuildTiles();
        return;
    }
    for (ChartTile* tile : m_tiles) {
        tile->plot().sync(from);
        tile->plot().setCursor(m_overlay.now());
    }
}

bool CompareCharts::sameLayout(const ChartSet& fresh) const {
    const auto& now = m_overlay.charts();
    const auto& next = fresh.charts();
    if (now.size() != next.size()) return false;
    for (std::size_t i = 0; i < now.size(); ++i) {
        if (now[i].id != next[i].id || now[i].series.size() != next[i].series.size() ||
            now[i].rows.size() != next[i].rows.size())
            return false;
        for (std::size_t s = 0; s < now[i].series.size(); ++s)
            if (now[i].series[s].name != next[i].series[s].name) return false;
    }
    return true;
}

void CompareCharts::rebuildTiles() {
    for (ChartTile* tile : m_tiles)
        delete tile;
    m_tiles.clear();
    m_empty->setVisible(m_overlay.charts().empty());
    for (std::size_t i = 0; i < m_overlay.charts().size(); ++i) {
        auto* tile = new ChartTile(m_overlay, i, m_grid);
        tile->setMinimumSize(kTileMinimum);
        tile->chart()->legend()->setAlignment(Qt::AlignBottom); // B's label is long: a row of its own
        tile->plot().setCursor(m_overlay.now());
        tile->setBackgroundBrush(activeTheme().background);
        widenSideA(tile);
        connect(tile, &ChartTile::seekRequested, this, &CompareCharts::seekRequested);
        placeChartTile(m_layout, tile, i);
        m_tiles.push_back(tile);
    }
}

void CompareCharts::widenSideA(ChartTile* tile) const {
    const Chart& shown = tile->data();
    const auto lines = tile->plot().lines();
    for (std::size_t i = 0; i < lines.size() && i < shown.series.size(); ++i) {
        if (!isSideA(shown.series[i])) continue;
        QPen pen = lines[i]->pen();
        pen.setWidthF(tile->plot().theme().lineWidth * kWiderA);
        lines[i]->setPen(pen);
    }
}

void CompareCharts::applyTheme() {
    const Theme& t = activeTheme();
    paintChartGround(m_grid, t);
    for (ChartTile* tile : m_tiles) {
        applyThemeToTile(tile, t);
        widenSideA(tile);
    }
}

} // namespace rl::ui
