#include "ui/topology_items.h"

#include "ui/theme.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace rl::ui {

namespace {

constexpr double kTitleHeight = 26;
constexpr double kLineHeight = 18;
constexpr double kCell = 12;
constexpr int kCellsPerRow = 10;
constexpr int kMaxCells = 64; // beyond this, occupancy is a bar with numbers

QColor withAlpha(QColor c, int alpha) {
    c.setAlpha(alpha);
    return c;
}

QFont font(double pointSize, bool bold = false) {
    QFont f;
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

// Occupancy as cells when there are few enough to count, else as a bar; returns the height used.
double drawCells(QPainter* p, QPointF at, double width, int used, int total, int waiting,
                 const QColor& usedColor) {
    if (total <= 0) return 0;
    if (total <= kMaxCells) {
        const int perRow = std::min(kCellsPerRow, static_cast<int>(width / kCell));
        for (int i = 0; i < total; ++i) {
            const QRectF cell(at.x() + (i % perRow) * kCell, at.y() + (i / perRow) * kCell, kCell - 2,
                              kCell - 2);
            p->setPen(Qt::NoPen);
            p->setBrush(i < used ? usedColor : activeTheme().free);
            p->drawRect(cell);
        }
        const int rows = (total + perRow - 1) / perRow;
        double h = rows * kCell;
        if (waiting > 0) { // waiters as hollow cells after the slots, up to a row
            const int shown = std::min(waiting, perRow);
            for (int i = 0; i < shown; ++i) {
                p->setPen(QPen(activeTheme().queued, 1.5));
                p->setBrush(Qt::NoBrush);
                p->drawRect(QRectF(at.x() + i * kCell, at.y() + h + 1, kCell - 3, kCell - 3));
            }
            h += kCell + 1;
        }
        return h;
    }
    const QRectF bar(at.x(), at.y(), width, kCell);
    p->setPen(Qt::NoPen);
    p->setBrush(activeTheme().free);
    p->drawRect(bar);
    p->setBrush(usedColor);
    p->drawRect(QRectF(bar.topLeft(), QSizeF(width * std::min(1.0, double(used) / total), kCell)));
    return kCell;
}

} // namespace

// ---- nodes ---------------------------------------------------------------------------------------

NodeItem::NodeItem(QString id, bool isClient)
    : m_id(std::move(id))
    , m_client(isClient) {
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
}

double NodeItem::heightFor(const Figures& f) const {
    double h = kTitleHeight + 6 + double(f.lines.size()) * kLineHeight + 6;
    if (!m_client && f.workers > 0) {
        const int rows = f.workers <= kMaxCells ? (f.workers + kCellsPerRow - 1) / kCellsPerRow : 1;
        h += rows * kCell + 6;
    }
    return h;
}

void NodeItem::setFigures(const Figures& figures) {
    const double h = heightFor(figures);
    if (h != m_height) {
        prepareGeometryChange();
        m_height = h;
    }
    m_figures = figures;
    update();
}

QRectF NodeItem::boundingRect() const {
    return QRectF(-3, -3, kWidth + 6, m_height + 6);
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    p->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, kWidth, m_height);
    const bool faulty = !m_figures.faultBadge.isEmpty();
    p->setPen(
        QPen(isSelected() ? activeTheme().selection : (faulty ? m_figures.faultColor : activeTheme().muted),
             isSelected() || faulty ? 3 : 1.2));
    p->setBrush(activeTheme().surface);
    p->drawRoundedRect(box, m_client ? 18 : 6, m_client ? 18 : 6);

    p->setPen(activeTheme().text);
    p->setFont(font(11.5, true));
    p->drawText(QRectF(10, 4, kWidth - 20, kTitleHeight), Qt::AlignVCenter | Qt::AlignLeft, m_figures.title);
    if (faulty) {
        p->setFont(font(8.5, true));
        const QFontMetricsF fm(p->font());
        const double w = fm.horizontalAdvance(m_figures.faultBadge) + 12;
        const QRectF badge(kWidth - w - 6, 6, w, 18);
        p->setPen(Qt::NoPen);
        p->setBrush(m_figures.faultColor);
        p->drawRoundedRect(badge, 4, 4);
        p->setPen(Qt::white);
        p->drawText(badge, Qt::AlignCenter, m_figures.faultBadge);
    }
    double y = kTitleHeight + 6;
    if (!m_client && m_figures.workers > 0)
        y += drawCells(p, QPointF(10, y), kWidth - 20, m_figures.busy, m_figures.workers, 0,
                       activeTheme().busy) +
             6;
    p->setPen(activeTheme().text);
    p->setFont(font(9.5));
    for (const QString& line : m_figures.lines) {
        p->drawText(QRectF(10, y, kWidth - 20, kLineHeight), Qt::AlignVCenter | Qt::AlignLeft, line);
        y += kLineHeight;
    }
}

// ---- edges ---------------------------------------------------------------------------------------

EdgeItem::EdgeItem(QString id, NodeItem* from, NodeItem* to)
    : m_id(std::move(id))
    , m_from(from)
    , m_to(to) {
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(-1);
    updateGeometry();
}

void EdgeItem::updateGeometry() {
    prepareGeometryChange();
    m_a = m_from->outAnchor();
    m_b = m_to->inAnchor();
}

void EdgeItem::setFigures(const Figures& figures) {
    m_figures = figures;
    update();
}

QPointF EdgeItem::pointAt(double fraction) const {
    return m_a + (m_b - m_a) * fraction;
}

QRectF EdgeItem::boundingRect() const {
    return QRectF(m_a, m_b).normalized().adjusted(-130, -170, 130, 90); // the badge stack and the labels
}

QPainterPath EdgeItem::shape() const {
    QPainterPath path;
    const QPointF badge = pointAt(stopFraction());
    path.addRect(QRectF(badge.x() - 60, badge.y() - 40, 150, 80)); // the badges
    QPainterPathStroker stroker;
    stroker.setWidth(14);
    QPainterPath line(m_a);
    line.lineTo(m_b);
    return path.united(stroker.createStroke(line));
}

void EdgeItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    p->setRenderHint(QPainter::Antialiasing);
    const QColor lineColor = isSelected() ? activeTheme().selection : activeTheme().muted;
    p->setPen(QPen(lineColor, isSelected() ? 3 : 1.6));
    p->drawLine(m_a, m_b);
    // Arrow head at the callee.
    const QLineF line(m_a, m_b);
    const double angle = std::atan2(-line.dy(), line.dx());
    const QPointF tip = m_b;
    const QPointF left = tip - QPointF(std::sin(angle + M_PI / 3) * 10, std::cos(angle + M_PI / 3) * 10);
    const QPointF right =
        tip - QPointF(std::sin(angle + M_PI - M_PI / 3) * 10, std::cos(angle + M_PI - M_PI / 3) * 10);
    p->setBrush(lineColor);
    p->drawPolygon(QPolygonF({tip, left, right}));

    // Badges, stacked above the line at the layer point.
    const QPointF at = pointAt(stopFraction());
    double y = at.y() - 8;
    p->setFont(font(8.5, true));
    const QFontMetricsF fm(p->font());
    if (m_figures.hasBreaker) {
        const StyleEntry st = breakerStyle(m_figures.breaker);
        QString text = st.label;
        if (m_figures.failureRate >= 0)
            text += QStringLiteral("  %1% fail").arg(std::round(m_figures.failureRate * 100));
        if (m_figures.disabledLayers.contains(QStringLiteral("circuit_breaker")))
            text = QStringLiteral("breaker OFF");
        const double w = fm.horizontalAdvance(text) + 30;
        const QRectF badge(at.x() - w / 2, y - 22, w, 20);
        const bool off = m_figures.disabledLayers.contains(QStringLiteral("circuit_breaker"));
        p->setPen(QPen(off ? activeTheme().muted : st.outline, 1.2));
        p->setBrush(off ? activeTheme().free : st.fill);
        p->drawRoundedRect(badge, 5, 5);
        p->save();
        p->translate(badge.left() + 11, badge.center().y());
        p->setBrush(off ? activeTheme().muted : QColor(Qt::white));
        p->setPen(Qt::NoPen);
        p->drawPath(shapePath(off ? Shape::Square : st.shape, 10));
        p->restore();
        p->setPen(off ? activeTheme().text : QColor(Qt::white));
        p->drawText(badge.adjusted(20, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        y -= 24;
    }
    if (m_figures.hasBulkhead) {
        p->setFont(font(8));
        p->setPen(activeTheme().text);
        const QString text = QStringLiteral("bulkhead %1/%2%3")
                                 .arg(m_figures.bulkheadInUse)
                                 .arg(m_figures.bulkheadMax)
                                 .arg(m_figures.bulkheadQueued > 0
                                          ? QStringLiteral(" +%1 waiting").arg(m_figures.bulkheadQueued)
                                          : QString());
        const double cellsWidth = std::min(kCellsPerRow, std::max(1, m_figures.bulkheadMax)) * kCell;
        const double w = std::max(cellsWidth, QFontMetricsF(p->font()).horizontalAdvance(text)) + 8;
        const int rows = m_figures.bulkheadMax <= kMaxCells
                             ? (m_figures.bulkheadMax + kCellsPerRow - 1) / kCellsPerRow
                             : 1;
        const double h = 16 + rows * kCell + (m_figures.bulkheadQueued > 0 ? kCell + 1 : 0);
        const QRectF box(at.x() - w / 2, y - h - 2, w, h);
        p->setBrush(withAlpha(activeTheme().background, 230));
        p->setPen(QPen(activeTheme().muted, 0.8));
        p->drawRoundedRect(box, 3, 3);
        p->setPen(activeTheme().text);
        p->drawText(QRectF(box.left() + 4, box.top(), w - 8, 15), Qt::AlignVCenter | Qt::AlignLeft, text);
        drawCells(p, QPointF(box.left() + 4, box.top() + 15), w - 8, m_figures.bulkheadInUse,
                  m_figures.bulkheadMax, m_figures.bulkheadQueued, activeTheme().busy);
    }
    // Under the line, one figure per line so it fits between the nodes: in-flight calls, attempts per
    // call, switched-off layers.
    p->setFont(font(8));
    p->setPen(activeTheme().muted);
    QStringList below = m_figures.label.split(QStringLiteral(" · "), Qt::SkipEmptyParts);
    if (!m_figures.disabledLayers.isEmpty())
        below << QStringLiteral("off: ") + m_figures.disabledLayers.join(QStringLiteral(", "));
    const double width = std::max(100.0, QLineF(m_a, m_b).length() - 8);
    p->drawText(QRectF(at.x() - width / 2, at.y() + 4, width, 14.0 * double(below.size())),
                Qt::AlignHCenter | Qt::AlignTop, below.join(QLatin1Char('\n')));
}

// ---- particles -----------------------------------------------------------------------------------

void ParticleLayer::setBounds(const QRectF& r) {
    prepareGeometryChange();
    m_bounds = r;
}

bool ParticleLayer::advance(qint64 nowMs) {
    m_nowMs = nowMs;
    std::erase_if(m_particles,
                  [nowMs](const Particle& p) { return nowMs - p.bornMs > kFlightMs + kLingerMs; });
    update();
    return !m_particles.empty();
}

void ParticleLayer::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    p->setRenderHint(QPainter::Antialiasing);
    p->setFont(font(7, true));
    for (const Particle& particle : m_particles) {
        const double age = double(m_nowMs - particle.bornMs);
        if (age < 0) continue;
        const double end = particle.reachedCallee ? 0.97 : particle.edge->stopFraction();
        const double fraction = std::min(1.0, age / kFlightMs) * end;
        const QPointF at = particle.edge->pointAt(fraction);
        const StyleEntry st = outcomeStyle(particle.outcome);
        const double fade = age > kFlightMs ? 1.0 - (age - kFlightMs) / double(kLingerMs) : 1.0;
        p->save();
        p->setOpacity(std::clamp(fade, 0.15, 1.0));
        p->translate(at);
        p->setPen(QPen(st.outline, 1));
        p->setBrush(st.fill);
        p->drawPath(shapePath(st.shape, 9));
        if (particle.attempt > 1) { // a retry: its attempt number beside it
            p->setPen(activeTheme().text);
            p->drawText(QPointF(6, -5), QString::number(particle.attempt));
        }
        p->restore();
    }
}

} // namespace rl::ui
