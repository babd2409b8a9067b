#include "ui/timeline_scrubber.h"

#include "ui/event_text.h"
#include "ui/run_model.h"
#include "ui/theme.h"
#include "ui/visual_style.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <map>

namespace rl::ui {

namespace {
constexpr qint64 kSeekEveryMs = 150;
}

TimelineScrubber::TimelineScrubber(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("timelineScrubber"));
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("The run's time line: click or drag to go to a time. Shaded: faults. Ticks: breaker "
                  "transitions (coloured by the new state) and changes (purple)."));
    m_sinceSeek.start();
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, qOverload<>(&QWidget::update));
}

void TimelineScrubber::setModel(const RunModel* model) {
    m_model = model;
    update();
}

void TimelineScrubber::refresh() {
    update();
}

QRectF TimelineScrubber::track() const {
    return QRectF(10, 6, width() - 20, height() - 24);
}

TimePoint TimelineScrubber::timeAt(double x) const {
    if (!m_model || m_model->end().count() <= 0) return TimePoint{0};
    const QRectF r = track();
    const double f = std::clamp((x - r.left()) / r.width(), 0.0, 1.0);
    return TimePoint(static_cast<std::int64_t>(f * static_cast<double>(m_model->end().count())));
}

double TimelineScrubber::xOf(TimePoint t) const {
    const QRectF r = track();
    if (!m_model || m_model->end().count() <= 0) return r.left();
    return r.left() +
           r.width() * static_cast<double>(t.count()) / static_cast<double>(m_model->end().count());
}

void TimelineScrubber::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = track();
    p.fillRect(r, activeTheme().surface);
    if (!m_model || m_model->end().count() <= 0) return;

    // Fault windows: a start until its end (or the end of the run if none was logged yet, using the
    // scheduled end for scenario faults).
    std::map<std::uint32_t, TimePoint> started;
    auto band = [&](TimePoint from, TimePoint to, const scenario::Fault& f) {
        const QColor c = f.kind == scenario::FaultKind::Outage ? activeTheme().fault : activeTheme().brownout;
        QColor fill = c;
        fill.setAlpha(70);
        p.fillRect(QRectF(QPointF(xOf(from), r.top()), QPointF(xOf(to), r.bottom())), fill);
        p.setPen(QPen(c, 1));
        p.drawLine(QPointF(xOf(from), r.top()), QPointF(xOf(from), r.bottom()));
    };
    for (const auto& e : m_model->log()) {
        if (e.kind == sim::LogEvent::Kind::FaultStart) started[e.subject] = e.at;
        if (e.kind == sim::LogEvent::Kind::FaultEnd && started.contains(e.subject) &&
            e.subject < m_model->faults().size()) {
            band(started[e.subject], e.at, m_model->faults()[e.subject]);
            started.erase(e.subject);
        }
    }
    for (const auto& [index, from] : started)
        if (index < m_model->faults().size()) band(from, m_model->now(), m_model->faults()[index]);
    // Scheduled faults not reached yet: outlined, so a trainer sees what is coming.
    for (std::size_t i = 0; i < m_model->scenario().faults.size(); ++i) {
        const auto& f = m_model->scenario().faults[i];
        const TimePoint from = fromMillis(f.fromS * 1000);
        if (from <= m_model->now()) continue;
        p.setPen(QPen(activeTheme().fault, 1, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(
            QRectF(QPointF(xOf(from), r.top() + 1), QPointF(xOf(fromMillis(f.toS * 1000)), r.bottom() - 1)));
    }
    // Ticks: breaker transitions and changes.
    for (const auto& e : m_model->log()) {
        const double x = xOf(e.at);
        if (e.kind == sim::LogEvent::Kind::BreakerTransition) {
            p.setPen(QPen(breakerStyle(static_cast<BreakerState>(e.to)).fill, 2));
            p.drawLine(QPointF(x, r.bottom() - 9), QPointF(x, r.bottom()));
        } else if (e.kind == sim::LogEvent::Kind::Change) {
            p.setPen(QPen(activeTheme().selection, 2));
            p.drawLine(QPointF(x, r.top()), QPointF(x, r.top() + 9));
        }
    }
    // Time labels and the cursor.
    p.setPen(activeTheme().muted);
    QFont f = font();
    f.setPointSizeF(8);
    p.setFont(f);
    const double endS = toSeconds(m_model->end());
    const double step = endS <= 60 ? 10 : endS <= 300 ? 30 : endS <= 1200 ? 120 : endS <= 3600 ? 300 : 900;
    for (double t = 0; t <= endS + 1e-9; t += step) {
        const double x = xOf(fromMillis(t * 1000));
        p.drawLine(QPointF(x, r.bottom()), QPointF(x, r.bottom() + 3));
        p.drawText(QRectF(x - 30, r.bottom() + 3, 60, 14), Qt::AlignHCenter | Qt::AlignTop,
                   QString::number(t) + QStringLiteral(" s"));
    }
    const double now = xOf(m_dragging ? m_dragTime : m_model->now());
    p.setPen(QPen(activeTheme().text, 2));
    p.drawLine(QPointF(now, r.top() - 4), QPointF(now, r.bottom() + 2));
    p.setBrush(activeTheme().text);
    p.drawPolygon(
        QPolygonF({QPointF(now - 5, r.top() - 5), QPointF(now + 5, r.top() - 5), QPointF(now, r.top() + 1)}));
}

void TimelineScrubber::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_model) return;
    m_dragging = true;
    m_dragTime = timeAt(event->position().x());
    update();
}

void TimelineScrubber::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging) return;
    m_dragTime = timeAt(event->position().x());
    if (m_sinceSeek.elapsed() >= kSeekEveryMs) {
        m_sinceSeek.restart();
        Q_EMIT seekRequested(m_dragTime);
    }
    update();
}

void TimelineScrubber::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging) return;
    m_dragging = false;
    m_dragTime = timeAt(event->position().x());
    m_sinceSeek.restart();
    Q_EMIT seekRequested(m_dragTime);
    update();
}

} // namespace rl::ui
