#pragma once
// One way to write a drawing to a file, for every view that exports (charts, inspectors, the canvas):
// the view's own paint routine draws into a rectangle laid out at 96 DPI, and this puts it on a PNG (at
// any DPI), an SVG (QSvgGenerator) or a PDF page (QPdfWriter) of the same proportions. Written whole or
// not at all (QSaveFile). Never a screen grab.
#include "ui/theme.h"

#include <QRectF>
#include <QSizeF>
#include <QString>

#include <functional>
#include <optional>

class QPainter;

namespace rl::ui {

enum class PictureFormat { Png, Svg, Pdf };

// By the file's suffix (png, svg, pdf; any case); nullopt otherwise.
std::optional<PictureFormat> pictureFormatOfPath(const QString& path);

struct PictureSpec {
    QSizeF size;     // in pixels at 96 DPI (PDF: 96 px = 1 inch)
    int dpi = 96;    // PNG only
    QString title;   // SVG and PDF metadata
    QString subject; // SVG description
};

// Fills the background with the theme's, then calls paint(painter, QRectF(0, 0, size)). On failure:
// false and `error` says why (nothing is written).
bool writePicture(const QString& path, PictureFormat format, const PictureSpec& spec, const Theme& theme,
                  const std::function<void(QPainter&, const QRectF&)>& paint, QString* error = nullptr);

} // namespace rl::ui
