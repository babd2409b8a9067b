#pragma once
// One live chart in the Charts dock: a QChartView over a ChartPlot. Hovering shows the values at that
// time, a click seeks there, the context menu exports the chart (PNG at a chosen DPI, SVG, PDF, CSV).
#include "ui/charts/chart_export.h"

#include <QChartView>

#include <memory>

namespace rl::ui {

class ChartTile : public QChartView {
    Q_OBJECT
public:
    ChartTile(const ChartSet& set, std::size_t index, QWidget* parent = nullptr);
    ~ChartTile() override;
    ChartPlot& plot() { return *m_plot; }
    const Chart& data() const { return m_plot->data(); }
    // The simulated time under a widget x position (clamped to the run), and the values shown there.
    TimePoint timeAt(double x) const;
    QString describe(TimePoint t) const;
    // Asks for a file (and for PNG a DPI) and writes the chart; false if cancelled or failed.
    bool exportWithDialog(ChartFormat format);

Q_SIGNALS:
    void seekRequested(TimePoint t);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QRectF plotAreaInView() const;
    std::unique_ptr<ChartPlot> m_plot;
};

} // namespace rl::ui
