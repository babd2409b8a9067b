#pragma once
// The canvas's view: zoom with the wheel (or Ctrl +/-), pan by dragging the background, fit with F;
// right-click exports the whole topology (drawn again, not grabbed) as PNG, SVG or PDF.
#include <QGraphicsView>

namespace rl::ui {

class TopologyView : public QGraphicsView {
    Q_OBJECT
public:
    explicit TopologyView(QGraphicsScene* scene, QWidget* parent = nullptr);
    void zoomBy(double factor);
    void fit();
    double zoom() const { return transform().m11(); }
    // The whole scene, in the active theme; the format follows the suffix. False with `error` set.
    bool exportTo(const QString& path, int dpi, QString* error) const;

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    bool m_userZoomed = false; // until the user zooms, the view keeps the whole topology in sight
};

} // namespace rl::ui
