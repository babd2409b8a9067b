#pragma once
// The Charts tab of the bottom dock: every chart of the run in a scrollable grid, on the scrubber's
// time axis (0 .. the scenario's end). Frames add buckets to the ChartSet; the plots take them at most
// ten times a second, redoing only the groups of points those buckets fall in (a reset frame: once,
// whole). Hover shows values, a click seeks, right-click exports; File > Export all charts writes them.
#include "ui/charts/chart_data.h"

#include <QScrollArea>
#include <QTimer>

#include <vector>

class QGridLayout;
class QLabel;

namespace rl::ui {

class ChartTile;
class RunModel;
struct Theme;

class ChartsPanel : public QScrollArea {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);
    void setModel(const RunModel* model);
    void refresh(bool reset); // after a frame
    // The plots take what the frames brought now, not at the next tick (tests, screenshots).
    void flush();

    const ChartSet& charts() const { return m_set; }
    const std::vector<ChartTile*>& tiles() const { return m_tiles; }
    // Writes every chart as FOLDER/ID.EXT in each format; false and `error` on the first failure.
    bool exportAll(const QString& folder, const QStringList& formats, const Theme& theme, int dpi,
                   QString* error = nullptr) const;
    void exportAllDialog(); // File > Export all charts...

Q_SIGNALS:
    void seekRequested(TimePoint t);

private:
    void rebuildTiles();
    void applyTheme();

    const RunModel* m_model = nullptr;
    ChartSet m_set;
    QWidget* m_grid;
    QGridLayout* m_layout;
    QLabel* m_empty;
    std::vector<ChartTile*> m_tiles;
    std::size_t m_dirtyFrom = 0; // the plots are behind the set from this bucket on
    bool m_dirty = false;
    QTimer m_tick;
};

} // namespace rl::ui
