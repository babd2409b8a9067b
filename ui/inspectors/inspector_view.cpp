#include "ui/inspectors/inspector_view.h"

#include "ui/inspectors/inspector_painting.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>

namespace rl::ui {

namespace {
constexpr double kMargin = 8;
}

InspectorView::InspectorView(QWidget* parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, [this] { contentChanged(); });
}

void InspectorView::contentChanged() {
    const double w = std::max(200, width()) - 2 * kMargin;
    const int h = static_cast<int>(std::ceil(
        measuredHeight([&](QPainter& p) { return paintContent(p, w, activeTheme()); }) + 2 * kMargin));
    if (h != height()) setFixedHeight(h);
    update();
}

void InspectorView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const Theme& t = activeTheme();
    p.fillRect(rect(), t.background);
    p.translate(kMargin, kMargin);
    const double used = paintContent(p, width() - 2 * kMargin, t);
    if (std::abs(used + 2 * kMargin - height()) > 1) // the width changed the wrapping
        QMetaObject::invokeMethod(
            this, [this] { contentChanged(); }, Qt::QueuedConnection);
}

bool InspectorView::exportTo(const QString& path, const Theme& theme, int dpi, QString* error) const {
    const double w = std::max(360, width()) - 2 * kMargin;
    const double h = measuredHeight([&](QPainter& p) { return paintContent(p, w, theme); }) + 2 * kMargin;
    const QSize logical(static_cast<int>(w + 2 * kMargin), static_cast<int>(std::ceil(h)));
    const QString suffix = QFileInfo(path).suffix().toLower();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = file.errorString();
        return false;
    }
    auto paintOn = [&](QPainter& p) {
        p.setRenderHint(QPainter::Antialiasing);
        p.fillRect(QRectF(QPointF(0, 0), QSizeF(logical)), theme.background);
        p.translate(kMargin, kMargin);
        paintContent(p, w, theme);
    };
    if (suffix == QLatin1String("png")) {
        const double scale = dpi / 96.0;
        QImage image(QSize(qRound(logical.width() * scale), qRound(logical.height() * scale)),
                     QImage::Format_ARGB32_Premultiplied);
        image.setDotsPerMeterX(qRound(dpi / 0.0254));
        image.setDotsPerMeterY(qRound(dpi / 0.0254));
        image.fill(theme.background);
        {
            QPainter p(&image);
            p.scale(scale, scale);
            paintOn(p);
        }
        if (!image.save(&file, "PNG")) {
            if (error) *error = QObject::tr("could not encode the PNG");
            return false;
        }
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(logical);
        svg.setViewBox(QRect(QPoint(0, 0), logical));
        svg.setTitle(describe().section(QLatin1Char('\n'), 0, 0));
        QPainter p(&svg);
        paintOn(p);
    } else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(&file);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(logical) * 0.75, QPageSize::Point)); // 96 px = 72 pt
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(describe().section(QLatin1Char('\n'), 0, 0));
        QPainter p(&pdf);
        const double s = pdf.width() / static_cast<double>(logical.width());
        p.scale(s, s);
        paintOn(p);
    } else {
        file.cancelWriting();
        if (error)
            *error = QObject::tr("unknown picture format \"%1\": expected png, svg or pdf").arg(suffix);
        return false;
    }
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

void InspectorView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    for (const QString& format : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")}) {
        menu.addAction(tr("Export as %1...").arg(format.toUpper()), this, [this, format] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Export inspector"), QStringLiteral("inspector.") + format,
                tr("%1 files (*.%2)").arg(format.toUpper(), format));
            if (path.isEmpty()) return;
            QString error;
            if (!exportTo(path, activeTheme(), 192, &error))
                QMessageBox::warning(this, tr("Export failed"),
                                     tr("Could not write %1: %2").arg(path, error));
        });
    }
    menu.exec(event->globalPos());
}

} // namespace rl::ui
