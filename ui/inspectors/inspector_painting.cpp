#include "ui/inspectors/inspector_painting.h"

#include <QFontMetricsF>
#include <QImage>
#include <QTextOption>

#include <algorithm>

namespace rl::ui {

double paintSectionTitle(QPainter& p, const Theme& t, double x, double y, double width,
                         const QString& title) {
    p.setFont(themedFont(t, 9.5, true));
    p.setPen(t.text);
    const QFontMetricsF fm(p.font());
    const double h = fm.height();
    p.drawText(QRectF(x, y + 6, width, h), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setPen(QPen(t.grid, 1));
    p.drawLine(QPointF(x, y + 6 + h + 2), QPointF(x + width, y + 6 + h + 2));
    return y + 6 + h + 6;
}

double paintText(QPainter& p, const Theme& t, double x, double y, double width, const QString& text,
                 bool muted, double pointSize) {
    p.setFont(themedFont(t, pointSize));
    p.setPen(muted ? t.muted : t.text);
    const QRectF bounds = p.boundingRect(QRectF(x, y, width, 10000), Qt::TextWordWrap | Qt::AlignLeft, text);
    p.drawText(QRectF(x, y, width, bounds.height()), Qt::TextWordWrap | Qt::AlignLeft, text);
    return y + bounds.height() + 2;
}

double paintCells(QPainter& p, const Theme& t, double x, double y, double width, const QVector<Cell>& cells,
                  int perRow, double cellSize) {
    if (cells.isEmpty()) return y;
    const double gap = std::max(1.0, cellSize / 6);
    perRow = std::max(1, std::min(perRow, static_cast<int>((width + gap) / (cellSize + gap))));
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    for (int i = 0; i < cells.size(); ++i) {
        const QRectF r(x + (i % perRow) * (cellSize + gap), y + (i / perRow) * (cellSize + gap), cellSize,
                       cellSize);
        const Cell& c = cells[i];
        if (c.outlined) {
            p.setPen(QPen(t.muted, 1));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
        } else {
            p.setPen(QPen(c.fill.darker(140), 1));
            p.setBrush(c.fill);
            p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        if (c.marked) {
            QPolygonF corner;
            corner << r.topRight() << QPointF(r.right() - cellSize * 0.55, r.top())
                   << QPointF(r.right(), r.top() + cellSize * 0.55);
            p.setPen(Qt::NoPen);
            p.setBrush(t.text);
            p.drawPolygon(corner);
        }
    }
    p.restore();
    const int rows = (static_cast<int>(cells.size()) + perRow - 1) / perRow;
    return y + rows * (cellSize + gap) + 2;
}

double paintGauge(QPainter& p, const Theme& t, double x, double y, double width, double value,
                  double threshold, bool judged, const QColor& fill, const QString& caption) {
    const double barH = 12 * t.fontScale;
    y = paintText(p, t, x, y, width, caption, !judged);
    const QRectF bar(x, y, width, barH);
    p.setPen(QPen(t.grid, 1));
    p.setBrush(t.free);
    p.drawRect(bar);
    if (judged) {
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawRect(QRectF(bar.left(), bar.top(), bar.width() * std::clamp(value, 0.0, 1.0), bar.height()));
    }
    // The threshold: a thick line through the bar, so it reads in black and white too.
    const double tx = bar.left() + bar.width() * std::clamp(threshold, 0.0, 1.0);
    p.setPen(QPen(t.text, std::max(2.0, t.lineWidth)));
    p.drawLine(QPointF(tx, bar.top() - 3), QPointF(tx, bar.bottom() + 3));
    return bar.bottom() + 6;
}

double measuredHeight(const std::function<double(QPainter&)>& paint) {
    QImage scratch(1, 1, QImage::Format_ARGB32);
    QPainter p(&scratch);
    return paint(p);
}

} // namespace rl::ui
