#include "ui/charts/chart_overlay.h"

#include "ui/charts/chart_plot.h"
#include "ui/theme.h"
#include "ui/visual_style.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace rl::ui {

namespace {

// Black or white, whichever reads better on `fill`.
QColor textOn(const QColor& fill) {
    const double luminance = 0.299 * static_cast<double>(fill.redF()) +
                             0.587 * static_cast<double>(fill.greenF()) +
                             0.114 * static_cast<double>(fill.blueF());
    return luminance > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

ChartOverlay::ChartOverlay(QChart* chart, const ChartPlot* plot)
    : QGraphicsItem(chart)
    , m_chart(chart)
    , m_plot(plot) {
    setZValue(100);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
}

QRectF ChartOverlay::boundingRect() const {
    return m_chart->boundingRect();
}

void ChartOverlay::relayout() {
    prepareGeometryChange();
    update();
}

bool ChartOverlay::allZero() const {
    for (const auto& series : m_plot->data().series)
        for (double v : series.values)
            if (!std::isnan(v) && v != 0) return false;
    return true;
}

double ChartOverlay::xOf(double seconds, const QRectF& plot) const {
    const double end = std::max(m_plot->endS(), 1e-9);
    return plot.left() + plot.width() * std::clamp(seconds / end, 0.0, 1.0);
}

void ChartOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    const QRectF plot = m_chart->plotArea();
    if (plot.width() <= 1 || plot.height() <= 1) return;
    QPainter& p = *painter;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(plot.adjusted(-1, -1, 1, 1));
    const std::vector<QRectF> faultLabels = paintFaults(p, plot);
    if (m_plot->data().kind == ChartKind::StateBands) paintBands(p, plot);
    if (m_plot->data().kind != ChartKind::StateBands && m_plot->set().buckets() > 1 && allZero()) {
        const Theme& t = m_plot->theme();
        p.setFont(chartFont(t, 10));
        p.setPen(t.muted);
        p.drawText(plot.adjusted(0, 0, 0, -plot.height() / 3), Qt::AlignCenter,
                   QObject::tr("None in this run so far: every value is 0."));
    }
    paintMarkers(p, plot, faultLabels);
    if (const auto now = m_plot->cursor()) {
        const double x = xOf(toSeconds(*now), plot);
        p.setPen(QPen(m_plot->theme().text, 1.5));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    p.restore();
}

std::vector<QRectF> ChartOverlay::paintFaults(QPainter& p, const QRectF& plot) const {
    std::vector<QRectF> labels;
    const Theme& t = m_plot->theme();
    p.setFont(chartFont(t, 8));
    const QFontMetricsF fm(p.font());
    for (const auto& w : m_plot->set().faultWindows()) {
        const QColor c = w.outage ? t.fault : t.brownout;
        const double x0 = xOf(toSeconds(w.from), plot), x1 = xOf(toSeconds(w.to), plot);
        QColor fill = c;
        fill.setAlpha(t.id == ThemeId::Dark ? 60 : 38);
        p.fillRect(QRectF(QPointF(x0, plot.top()), QPointF(x1, plot.bottom())), fill);
        p.setPen(QPen(c, 1, Qt::DashLine));
        p.drawLine(QPointF(x0, plot.top()), QPointF(x0, plot.bottom()));
        p.drawLine(QPointF(x1, plot.top()), QPointF(x1, plot.bottom()));
        // The fault's name at the top right of its band: the top has headroom (the axis ends above the
        // data), where the bottom holds the low lines (p50), and the markers' labels start at the left.
        const QString label = fm.elidedText(w.label, Qt::ElideRight, std::max(0.0, x1 - x0 - 10));
        if (label.isEmpty()) continue;
        const double boxWidth = fm.horizontalAdvance(label) + 6;
        const QRectF box(x1 - boxWidth - 3, plot.top() + 2, boxWidth, fm.height() + 2);
        QColor ground = t.background;
        ground.setAlpha(215);
        p.fillRect(box, ground);
        p.setPen(c);
        p.drawText(box, Qt::AlignCenter, label);
        labels.push_back(box);
    }
    return labels;
}

void ChartOverlay::paintBands(QPainter& p, const QRectF& plot) const {
    const Theme& t = m_plot->theme();
    const auto& rows = m_plot->data().rows;
    if (rows.empty()) return;
    p.setFont(chartFont(t, 8, true));
    const QFontMetricsF fm(p.font());
    const double rowHeight = plot.height() / static_cast<double>(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // Row 0 at the top, as the axis lists them.
        const double top = plot.top() + rowHeight * (static_cast<double>(i) + 0.18);
        const double height = rowHeight * 0.64;
        for (const auto& s : rows[i].segments) {
            const StyleEntry style = breakerStyle(s.state);
            const QRectF r(QPointF(xOf(toSeconds(s.from), plot), top),
                           QPointF(xOf(toSeconds(s.to), plot), top + height));
            p.fillRect(r, style.fill);
            // Not by colour alone: OPEN is hatched, and every wide enough segment is labelled.
            if (s.state == BreakerState::Open || s.state == BreakerState::ForcedOpen)
                p.fillRect(r, QBrush(style.outline, Qt::BDiagPattern));
            p.setPen(QPen(style.outline, 1));
            p.drawRect(r);
            if (fm.horizontalAdvance(style.label) + 8 < r.width()) {
                p.setPen(textOn(style.fill));
                p.drawText(r, Qt::AlignCenter, style.label);
            }
        }
    }
}

void ChartOverlay::paintMarkers(QPainter& p, const QRectF& plot, const std::vector<QRectF>& taken) const {
    const Theme& t = m_plot->theme();
    const bool bands = m_plot->data().kind == ChartKind::StateBands;
    std::size_t breakerRows = 0;
    if (const Chart* states = m_plot->set().find(QStringLiteral("breaker-states")))
        breakerRows = states->rows.size();
    p.setFont(chartFont(t, 8));
    const QFontMetricsF fm(p.font());
    std::array<double, 2> labelEnd{-1e9, -1e9}; // two staggered label lines at the top
    for (const auto& m : m_plot->set().markers()) {
        const bool breaker = m.kind == TimeMarker::Kind::Breaker;
        if (breaker && bands) continue; // the bands say it
        const double x = xOf(toSeconds(m.at), plot);
        const QColor c = breaker ? breakerStyle(m.to).fill : t.selection;
        const double width = std::max(1.0, t.lineWidth * (m.major ? 0.75 : 0.4));
        p.setPen(QPen(c, width, breaker ? Qt::SolidLine : Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        if (!m.major) continue;
        const QString label = breaker && breakerRows > 1 ? m.label : m.shortLabel;
        const double w = fm.horizontalAdvance(label) + 6;
        for (std::size_t line = 0; line < labelEnd.size(); ++line) {
            if (x + 2 < labelEnd[line]) continue;
            const QRectF r(x + 2, plot.top() + 2 + static_cast<double>(line) * (fm.height() + 2), w,
                           fm.height());
            if (std::any_of(taken.begin(), taken.end(), [&](const QRectF& box) { return box.intersects(r); }))
                continue;
            QColor ground = t.background;
            ground.setAlpha(200);
            p.fillRect(r, ground);
            p.setPen(breaker ? breakerStyle(m.to).outline : t.selection);
            if (breaker && t.id == ThemeId::Dark) p.setPen(c);
            p.drawText(r, Qt::AlignCenter, label);
            labelEnd[line] = r.right() + 4;
            break;
        }
    }
}

} // namespace rl::ui
