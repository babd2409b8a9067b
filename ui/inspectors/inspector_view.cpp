#include "ui/inspectors/inspector_view.h"

#include "ui/inspectors/inspector_painting.h"
#include "ui/picture_file.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>

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
    const auto format = pictureFormatOfPath(path);
    if (!format) {
        if (error)
            *error =
                tr("unknown picture format \"%1\": expected png, svg or pdf").arg(QFileInfo(path).suffix());
        return false;
    }
    const double w = std::max(360, width()) - 2 * kMargin;
    const double h = measuredHeight([&](QPainter& p) { return paintContent(p, w, theme); });
    PictureSpec spec;
    spec.size = QSizeF(w + 2 * kMargin, std::ceil(h + 2 * kMargin));
    spec.dpi = dpi;
    spec.title = describe().section(QLatin1Char('\n'), 0, 0);
    return writePicture(
        path, *format, spec, theme,
        [&](QPainter& p, const QRectF&) {
            p.translate(kMargin, kMargin);
            paintContent(p, w, theme);
        },
        error);
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
