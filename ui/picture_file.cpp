#include "ui/picture_file.h"

#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>

namespace rl::ui {

std::optional<PictureFormat> pictureFormatOfPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) return PictureFormat::Png;
    if (suffix == QLatin1String("svg")) return PictureFormat::Svg;
    if (suffix == QLatin1String("pdf")) return PictureFormat::Pdf;
    return std::nullopt;
}

bool writePicture(const QString& path, PictureFormat format, const PictureSpec& spec, const Theme& theme,
                  const std::function<void(QPainter&, const QRectF&)>& paint, QString* error) {
    QSaveFile file(path);
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        file.cancelWriting();
        return false;
    };
    if (spec.size.width() < 1 || spec.size.height() < 1) return fail(QObject::tr("nothing to draw"));
    if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
    const QRectF area(QPointF(0, 0), spec.size);
    auto draw = [&](QPainter& painter) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.fillRect(area, theme.background);
        paint(painter, area);
    };
    switch (format) {
    case PictureFormat::Png: {
        const double scale = spec.dpi / 96.0;
        QImage image(QSize(static_cast<int>(std::lround(spec.size.width() * scale)),
                           static_cast<int>(std::lround(spec.size.height() * scale))),
                     QImage::Format_ARGB32_Premultiplied);
        image.fill(theme.background);
        {
            QPainter painter(&image);
            painter.scale(scale, scale);
            draw(painter);
        }
        const int dotsPerMeter = static_cast<int>(std::lround(spec.dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        if (!image.save(&file, "PNG")) return fail(QObject::tr("could not encode the PNG"));
        break;
    }
    case PictureFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(spec.size.toSize());
        svg.setViewBox(area);
        svg.setResolution(96);
        svg.setTitle(spec.title);
        svg.setDescription(spec.subject);
        QPainter painter;
        if (!painter.begin(&svg)) return fail(QObject::tr("could not start the SVG"));
        draw(painter);
        painter.end();
        break;
    }
    case PictureFormat::Pdf: {
        QPdfWriter pdf(&file);
        pdf.setTitle(spec.title);
        pdf.setCreator(QStringLiteral("Resilience Lab"));
        // 96 dots per inch, as the layout: point sizes resolve against the device's resolution, so a
        // finer one would blow the text up against the drawing. Text and lines stay vectors anyway.
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(spec.size / 96.0, QPageSize::Inch, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf)) return fail(QObject::tr("could not start the PDF"));
        painter.scale(pdf.width() / spec.size.width(), pdf.height() / spec.size.height());
        draw(painter);
        painter.end();
        break;
    }
    }
    if (!file.commit()) return fail(file.errorString());
    return true;
}

} // namespace rl::ui
