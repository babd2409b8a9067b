#include "ui/charts/charts_panel.h"

#include "ui/charts/chart_export.h"
#include "ui/charts/chart_grid.h"
#include "ui/charts/chart_tile.h"
#include "ui/run_model.h"
#include "ui/theme.h"

#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>

#include <algorithm>

namespace rl::ui {

namespace {
constexpr int kTickMs = 250; // the plots take new buckets at most four times a second (stroking is costly)
} // namespace

ChartsPanel::ChartsPanel(QWidget* parent)
    : QScrollArea(parent)
    , m_grid(new QWidget(this))
    , m_layout(new QGridLayout(m_grid))
    , m_empty(new QLabel(tr("Charts appear here when a scenario is open."), m_grid)) {
    setObjectName(QStringLiteral("chartsPanel"));
    setUpChartGrid(this, m_grid, m_layout, m_empty);
    m_tick.setSingleShot(true);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &ChartsPanel::flush);
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, &ChartsPanel::applyTheme);
    applyTheme();
}

void ChartsPanel::setModel(const RunModel* model) {
    m_model = model;
}

void ChartsPanel::refresh(bool reset) {
    if (!m_model || m_model->end().count() <= 0) return;
    const RunView view = runViewOf(*m_model);
    if (reset || m_tiles.empty()) {
        ChartSet fresh(view);
        bool sameCharts = fresh.charts().size() == m_set.charts().size() && !m_tiles.empty();
        for (std::size_t i = 0; sameCharts && i < fresh.charts().size(); ++i)
            sameCharts = fresh.charts()[i].id == m_set.charts()[i].id;
        m_set = std::move(fresh);
        if (!sameCharts) {
            rebuildTiles();
            m_dirty = false;
            return;
        }
        m_dirtyFrom = 0; // a seek or restart: the same charts, taken again once, whole
    } else {
        const std::size_t from = m_model->latest().firstBucket;
        m_set.update(view, from);
        m_dirtyFrom = m_dirty ? std::min(m_dirtyFrom, from) : from;
    }
    m_dirty = true;
    if (!m_tick.isActive()) m_tick.start();
}

void ChartsPanel::flush() {
    m_tick.stop();
    if (!m_dirty) return;
    m_dirty = false;
    for (ChartTile* tile : m_tiles) {
        tile->plot().sync(m_dirtyFrom);
        tile->plot().setCursor(m_set.now());
    }
}

void ChartsPanel::rebuildTiles() {
    for (ChartTile* tile : m_tiles)
        delete tile;
    m_tiles.clear();
    m_empty->setVisible(m_set.charts().empty());
    for (std::size_t i = 0; i < m_set.charts().size(); ++i) {
        auto* tile = new ChartTile(m_set, i, m_grid);
        tile->plot().setCursor(m_set.now());
        connect(tile, &ChartTile::seekRequested, this, &ChartsPanel::seekRequested);
        placeChartTile(m_layout, tile, i);
        m_tiles.push_back(tile);
    }
}

void ChartsPanel::applyTheme() {
    const Theme& t = activeTheme();
    paintChartGround(m_grid, t);
    for (ChartTile* tile : m_tiles)
        applyThemeToTile(tile, t);
}

bool ChartsPanel::exportAll(const QString& folder, const QStringList& formats, const Theme& theme, int dpi,
                            QString* error) const {
    if (!QDir().mkpath(folder)) {
        if (error) *error = tr("cannot create the folder %1").arg(folder);
        return false;
    }
    for (const QString& name : formats) {
        const auto format = chartFormatFromName(name);
        if (!format) {
            if (error) *error = tr("unknown format '%1'").arg(name);
            return false;
        }
        for (std::size_t i = 0; i < m_set.charts().size(); ++i) {
            const QString path = QDir(folder).filePath(m_set.charts()[i].id + QLatin1Char('.') + name);
            QString why;
            if (!exportChart(path, *format, m_set, i, theme, dpi, &why)) {
                if (error) *error = tr("%1: %2").arg(path, why);
                return false;
            }
        }
    }
    return true;
}

void ChartsPanel::exportAllDialog() {
    if (m_set.charts().empty()) {
        QMessageBox::information(this, tr("Export all charts"),
                                 tr("Open a scenario first: there are no charts yet."));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export all charts into a folder"));
    if (folder.isEmpty()) return;
    QString error;
    if (!exportAll(folder, chartFormatNames(), activeTheme(), kDefaultChartDpi, &error))
        QMessageBox::warning(this, tr("Not exported"), tr("Could not export the charts: %1").arg(error));
    else
        QMessageBox::information(this, tr("Charts exported"),
                                 tr("%1 charts written to %2 as PNG (%3 DPI), SVG, PDF and CSV.")
                                     .arg(m_set.charts().size())
                                     .arg(folder)
                                     .arg(kDefaultChartDpi));
}

} // namespace rl::ui
