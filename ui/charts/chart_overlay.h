#pragma once
#include <vector>
// What a chart marks over its plot area: fault windows as shaded bands, breaker transitions and
// changes as vertical lines with a label, breaker-states' coloured bands, and the live "now" line.
// A child item of the QChart, so it is drawn wherever the chart is drawn (screen, PNG, SVG, PDF).
#include <QGraphicsItem>

class QChart;

namespace rl::ui {

class ChartPlot;

class ChartOverlay : public QGraphicsItem {
public:
    ChartOverlay(QChart* chart, const ChartPlot* plot);
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    void relayout(); // the chart's size or plot area changed

private:
    // Returns the fault labels' boxes, which the markers' labels then keep clear of.
    std::vector<QRectF> paintFaults(QPainter& p, const QRectF& plot) const;
    void paintBands(QPainter& p, const QRectF& plot) const;
    void paintMarkers(QPainter& p, const QRectF& plot, const std::vector<QRectF>& taken) const;
    double xOf(double seconds, const QRectF& plot) const;
    bool allZero() const; // nothing to see: say so rather than show a flat line

    QChart* m_chart;
    const ChartPlot* m_plot;
};

} // namespace rl::ui
