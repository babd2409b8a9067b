#pragma once
// The items of the topology canvas. Each holds the figures it draws (set from the RunModel on every
// frame) and paints them; nothing here reads the simulation. Selecting an item selects the element
// (its id: "client:web", "service:payments", "call:0" for the first service call).
#include "ui/visual_style.h"

#include <QGraphicsObject>

#include <vector>

namespace rl::ui {

class NodeItem : public QGraphicsObject {
    Q_OBJECT
public:
    struct Figures {
        QString title;
        QStringList lines; // under the title, one figure each
        int workers = 0, busy = 0;
        qint64 queued = 0;
        QString faultBadge; // "OUTAGE", "BROWNOUT x3"; empty when healthy
        QColor faultColor;
    };
    NodeItem(QString id, bool isClient);
    const QString& id() const { return m_id; }
    void setFigures(const Figures& figures);
    const Figures& figures() const { return m_figures; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    QPointF inAnchor() const { return mapToScene(QPointF(0, m_height / 2)); }
    QPointF outAnchor() const { return mapToScene(QPointF(kWidth, m_height / 2)); }
    static constexpr double kWidth = 200;

private:
    double heightFor(const Figures& f) const;
    QString m_id;
    bool m_client;
    Figures m_figures;
    double m_height = 90;
};

class EdgeItem : public QGraphicsObject {
    Q_OBJECT
public:
    struct Figures {
        bool hasBreaker = false;
        BreakerState breaker = BreakerState::Closed;
        double failureRate = -1; // -1 before minimum calls
        bool hasBulkhead = false;
        int bulkheadInUse = 0, bulkheadMax = 0, bulkheadQueued = 0;
        int inflight = 0;
        QStringList disabledLayers; // switched off by a change
        QString label;              // under the line, figures separated by " · "
    };
    EdgeItem(QString id, NodeItem* from, NodeItem* to);
    const QString& id() const { return m_id; }
    void setFigures(const Figures& figures);
    const Figures& figures() const { return m_figures; }
    void updateGeometry();
    QPointF pointAt(double fraction) const; // 0 at the caller, 1 at the callee
    // Where a refused attempt stops: at the badge of the layer that refused it.
    double stopFraction() const { return 0.5; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString m_id;
    NodeItem* m_from;
    NodeItem* m_to;
    QPointF m_a, m_b;
    Figures m_figures;
};

// Every moving request, painted by one item (hundreds of particles stay cheap).
class ParticleLayer : public QGraphicsItem {
public:
    struct Particle {
        EdgeItem* edge = nullptr;
        Outcome outcome = Outcome::Success;
        bool reachedCallee = true;
        int attempt = 1;
        qint64 bornMs = 0;
    };
    void add(const Particle& p) { m_particles.push_back(p); }
    void clear() { m_particles.clear(); }
    // Drops finished particles; true while some are still moving.
    bool advance(qint64 nowMs);
    std::size_t count() const { return m_particles.size(); }
    void setBounds(const QRectF& r);
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    static constexpr qint64 kFlightMs = 700; // caller to callee (or to the refusing layer)
    static constexpr qint64 kLingerMs = 350; // then it stays where it ended, showing its outcome

private:
    std::vector<Particle> m_particles;
    QRectF m_bounds;
    qint64 m_nowMs = 0;
};

} // namespace rl::ui
