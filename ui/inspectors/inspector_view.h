#pragma once
// Base of the inspectors' drawings: one paint routine (paintContent) draws on the screen and into
// exported pictures (PNG, SVG, PDF), in the active theme; the widget grows to the height it needs.
// Right-click offers the exports.
#include "ui/theme.h"

#include <QWidget>

namespace rl::ui {

class InspectorView : public QWidget {
    Q_OBJECT
public:
    explicit InspectorView(QWidget* parent = nullptr);
    // Paints at (0, 0) in `width` and returns the height used.
    virtual double paintContent(QPainter& p, double width, const Theme& theme) const = 0;
    // What it shows, in words (tests, screen readers).
    virtual QString describe() const = 0;
    // Writes the picture: the format follows the file's suffix (png, svg, pdf). False with `error` set.
    bool exportTo(const QString& path, const Theme& theme, int dpi, QString* error) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    // Call after the figure changed: resizes to the content and repaints.
    void contentChanged();
};

} // namespace rl::ui
