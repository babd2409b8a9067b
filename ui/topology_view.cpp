#include "ui/topology_view.h"

#include "ui/picture_file.h"
#include "ui/theme.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>

#include <QWheelEvent>

#include <cmath>

namespace rl::ui {

TopologyView::TopologyView(QGraphicsScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent) {
    setObjectName(QStringLiteral("topologyView"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
    setBackgroundBrush(activeTheme().background);
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, [this] {
        setBackgroundBrush(activeTheme().background);
        if (QGraphicsScene* s = this->scene()) s->update();
    });
}

void TopologyView::zoomBy(double factor) {
    const double next = zoom() * factor;
    if (next < 0.1 || next > 8) return;
    m_userZoomed = true;
    scale(factor, factor);
}

void TopologyView::fit() {
    m_userZoomed = false;
    if (scene()) fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

void TopologyView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0) zoomBy(std::pow(1.15, steps));
    event->accept();
}

void TopologyView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (!m_userZoomed) fit();
}

bool TopologyView::exportTo(const QString& path, int dpi, QString* error) const {
    const auto format = pictureFormatOfPath(path);
    if (!format || !scene()) {
        if (error)
            *error =
                tr("unknown picture format \"%1\": expected png, svg or pdf").arg(QFileInfo(path).suffix());
        return false;
    }
    const QRectF source = scene()->sceneRect();
    PictureSpec spec;
    spec.size = source.size();
    spec.dpi = dpi;
    spec.title = tr("Topology");
    return writePicture(
        path, *format, spec, activeTheme(),
        [&](QPainter& p, const QRectF& area) { scene()->render(&p, area, source, Qt::KeepAspectRatio); },
        error);
}

void TopologyView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("&Fit"), this, &TopologyView::fit);
    menu.addSeparator();
    for (const QString& format : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")}) {
        menu.addAction(tr("Export the canvas as %1...").arg(format.toUpper()), this, [this, format] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Export the canvas"), QStringLiteral("topology.") + format,
                tr("%1 files (*.%2)").arg(format.toUpper(), format));
            if (path.isEmpty()) return;
            QString error;
            if (!exportTo(path, 192, &error))
                QMessageBox::warning(this, tr("Export failed"),
                                     tr("Could not write %1: %2").arg(path, error));
        });
    }
    menu.exec(event->globalPos());
}

} // namespace rl::ui
