#pragma once
// The charts of Compare A / B: A and B overlaid on the same axes (ab_overlay.h), one tile per chart in a
// scrollable grid. Each run's frames update its own ChartSet (a reset frame: taken again whole); the
// tiles take both at most four times a second, redoing only the groups of points the new buckets fall
// in, up to the time both runs have reached. A click on a chart asks to seek both runs there.
#include "ui/charts/chart_data.h"

#include <QScrollArea>
#include <QTimer>

#include <vector>

class QGridLayout;
class QLabel;

namespace rl::ui {

class ChartTile;
class RunModel;

class CompareCharts : public QScrollArea {
    Q_OBJECT
public:
    enum class Side { A, B };
    CompareCharts(const RunModel& a, const RunModel& b, const QString& bLabel, QWidget* parent = nullptr);

    // After a frame of that side's run.
    void takeFrame(Side side, bool reset, std::size_t firstBucket);
    // The tiles take what the frames brought now, not at the next tick (tests, screenshots).
    void flush();

    const ChartSet& overlay() const { return m_overlay; }
    const ChartSet& charts(Side side) const { return side == Side::A ? m_a : m_b; }
    const std::vector<ChartTile*>& tiles() const { return m_tiles; }

Q_SIGNALS:
    void seekRequested(TimePoint t);

private:
    bool sameLayout(const ChartSet& fresh) const; // the tiles can show it (same charts, series, rows)
    void rebuildTiles();
    void applyTheme();
    void widenSideA(ChartTile* tile) const;

    const RunModel& m_modelA;
    const RunModel& m_modelB;
    QString m_bLabel;
    ChartSet m_a, m_b, m_overlay;
    QWidget* m_grid;
    QGridLayout* m_layout;
    QLabel* m_empty;
    std::vector<ChartTile*> m_tiles;
    std::size_t m_dirtyFrom = 0; // the tiles are behind the sets from this bucket on
    bool m_dirty = false;
    QTimer m_tick;
};

} // namespace rl::ui
