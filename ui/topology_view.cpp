#include "ui/topology_view.h"

#include "ui/theme.h"

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

} // namespace rl::ui
