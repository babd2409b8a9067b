#pragma once
// Drawing pieces the inspectors share: section titles, rows of cells, a gauge against a threshold, a
// progress bar with a caption. Everything takes the theme, so the same routine paints the screen and
// an exported picture.
#include "ui/theme.h"

#include <QColor>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <functional>

namespace rl::ui {

// Paints a section title at y and returns the y below it.
double paintSectionTitle(QPainter& p, const Theme& t, double x, double y, double width, const QString& title);
// Paints a line of text (wrapped to width) and returns the y below it.
double paintText(QPainter& p, const Theme& t, double x, double y, double width, const QString& text,
                 bool muted = false, double pointSize = 9);

struct Cell {
    QColor fill;
    bool marked = false;   // a small dark corner: "slow", "waiting too long", ...
    bool outlined = false; // drawn as an empty box (a free slot, a trial not yet sent)
};
// Paints cells left to right in rows, at most `perRow` per row, and returns the y below them.
double paintCells(QPainter& p, const Theme& t, double x, double y, double width, const QVector<Cell>& cells,
                  int perRow, double cellSize = 12);

// A horizontal bar: value in [0, 1] against a threshold mark. Greyed (and the caption says why) when
// !judged. Returns the y below it.
double paintGauge(QPainter& p, const Theme& t, double x, double y, double width, double value,
                  double threshold, bool judged, const QColor& fill, const QString& caption);

// Height of a section that draws itself through `paint(y) -> bottom`, measured on a null device.
double measuredHeight(const std::function<double(QPainter&)>& paint);

} // namespace rl::ui
