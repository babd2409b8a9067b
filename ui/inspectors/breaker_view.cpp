#include "ui/inspectors/breaker_view.h"

#include "ui/event_text.h"
#include "ui/inspectors/inspector_painting.h"
#include "ui/visual_style.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace rl::ui {

namespace {

constexpr int kAnimationMs = 1500;

QString pct(double f) {
    return QString::number(std::round(f * 1000) / 10) + QLatin1Char('%');
}

QString seconds(Duration d) {
    return formatSeconds(TimePoint(d.count()));
}

// From `a` (share 0) to `b` (share 1).
QColor blend(const QColor& a, const QColor& b, double share) {
    auto mix = [&](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * share)); };
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

QString meaning(BreakerState s, const QString& callee) {
    switch (s) {
    case BreakerState::Closed:
        return QObject::tr("CLOSED: calls go through to %1; each outcome goes into the window below.")
            .arg(callee);
    case BreakerState::Open:
        return QObject::tr("OPEN: every call is rejected at once, without reaching %1, until the open period "
                           "ends. Callers get a fast error (or their fallback) and %1 gets time to recover.")
            .arg(callee);
    case BreakerState::HalfOpen:
        return QObject::tr("HALF-OPEN: a few trial calls probe %1; the others are still rejected. The trials "
                           "decide: back to CLOSED, or OPEN again.")
            .arg(callee);
    case BreakerState::ForcedOpen:
        return QObject::tr("FORCED OPEN (by hand): every call is rejected until someone changes it.");
    case BreakerState::Disabled:
        return QObject::tr("DISABLED (by hand): every call goes through; nothing is recorded.");
    case BreakerState::MetricsOnly:
        return QObject::tr("METRICS ONLY (by hand): outcomes are recorded and judged, but it never opens.");
    }
    return {};
}

struct Node {
    BreakerState state;
    QPointF centre;
};

QRectF nodeRect(const Node& n, const Theme& t) {
    const QSizeF size(100 * t.fontScale, 30 * t.fontScale);
    return QRectF(n.centre - QPointF(size.width() / 2, size.height() / 2), size);
}

void paintNode(QPainter& p, const Node& n, bool lit, const Theme& t) {
    const StyleEntry st = breakerStyle(n.state);
    const QRectF r = nodeRect(n, t);
    p.setPen(QPen(lit ? st.outline : t.muted, lit ? 2.5 : 1));
    p.setBrush(lit ? st.fill : t.surface);
    p.drawRoundedRect(r, 6, 6);
    // The state's shape beside its name: the meaning survives without colour.
    p.save();
    p.translate(r.left() + 12 * t.fontScale, r.center().y());
    p.setPen(QPen(lit ? Qt::white : st.fill, 1.5));
    p.setBrush(lit ? QColor(Qt::white) : st.fill);
    p.drawPath(shapePath(st.shape, 9 * t.fontScale));
    p.restore();
    p.setFont(themedFont(t, 8.5, lit));
    p.setPen(lit ? (n.state == BreakerState::HalfOpen ? QColor(Qt::black) : QColor(Qt::white)) : t.muted);
    p.drawText(r.adjusted(20 * t.fontScale, 0, 0, 0), Qt::AlignCenter, st.label);
}

// An arrow from the edge of one node box towards another, bent by `bend` (pixels, sideways), with a
// label beside its middle. Returns the path (for the travelling dot).
QPainterPath paintArrow(QPainter& p, const QRectF& from, const QRectF& to, double bend, const QString& label,
                        bool glow, const QColor& glowColour, const Theme& t) {
    const QLineF centres(from.center(), to.center());
    auto edgePoint = [](const QRectF& r, QPointF towards) {
        const QPointF c = r.center();
        const QPointF d = towards - c;
        const double sx = d.x() != 0 ? (r.width() / 2) / std::abs(d.x()) : 1e9;
        const double sy = d.y() != 0 ? (r.height() / 2) / std::abs(d.y()) : 1e9;
        return c + d * std::min(sx, sy);
    };
    const QPointF normal = QPointF(-centres.dy(), centres.dx()) / std::max(1.0, centres.length());
    const QPointF control = centres.center() + normal * bend;
    const QPointF a = edgePoint(from, control), b = edgePoint(to, control);
    QPainterPath path(a);
    path.quadTo(control, b);
    const QColor colour = glow ? glowColour : t.muted;
    p.setPen(QPen(colour, glow ? 3.5 * t.lineWidth / 2 : 1.2 * t.lineWidth / 2));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    // Arrow head along the curve's end tangent.
    const QLineF tail(control, b);
    const double angle = std::atan2(-tail.dy(), tail.dx());
    const double head = 8 * t.fontScale;
    QPolygonF tip;
    tip << b << b - QPointF(std::cos(angle - 0.45) * head, -std::sin(angle - 0.45) * head)
        << b - QPointF(std::cos(angle + 0.45) * head, -std::sin(angle + 0.45) * head);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPolygon(tip);
    // Label at the curve's middle, pushed outwards.
    p.setFont(themedFont(t, 7.5, glow));
    p.setPen(glow ? t.text : t.muted);
    const QPointF mid = path.pointAtPercent(0.5) + normal * (bend >= 0 ? 10 : -10) * t.fontScale;
    const QRectF box(mid.x() - 80 * t.fontScale, mid.y() - 9 * t.fontScale, 160 * t.fontScale,
                     18 * t.fontScale);
    p.drawText(box, Qt::AlignCenter, label);
    return path;
}

} // namespace

BreakerView::BreakerView(QWidget* parent)
    : InspectorView(parent) {
    setObjectName(QStringLiteral("breakerView"));
    m_animationTimer.setInterval(33);
    connect(&m_animationTimer, &QTimer::timeout, this, [this] {
        if (m_animationClock.elapsed() > kAnimationMs) m_animationTimer.stop();
        update();
    });
}

void BreakerView::setFigure(const BreakerFigure& figure) {
    const bool newTransition = !figure.history.empty() &&
                               (!m_hasFigure || m_figure.history.empty() ||
                                m_figure.history.back().at != figure.history.back().at) &&
                               figure.now - figure.history.back().at < std::chrono::seconds(5);
    m_figure = figure;
    m_hasFigure = true;
    if (newTransition) {
        m_animated = figure.history.back();
        m_animationClock.start();
        m_animationTimer.start();
    }
    contentChanged();
}

QString BreakerView::stateText() const {
    return m_hasFigure ? breakerStyle(m_figure.view.state).label : QString();
}

QString BreakerView::causeText() const {
    if (!m_hasFigure || m_figure.history.empty()) return {};
    const auto& last = m_figure.history.back();
    return tr("%1 since %2: %3").arg(breakerStyle(last.to).label, formatSeconds(last.at), last.cause);
}

QString BreakerView::describe() const {
    if (!m_hasFigure) return {};
    const auto& v = m_figure.view;
    QStringList lines{tr("Circuit breaker %1: %2").arg(m_figure.call, stateText())};
    if (!causeText().isEmpty()) lines << causeText();
    lines << tr("window: %1 calls, %2 failed, %3 slow")
                 .arg(v.bufferedCalls)
                 .arg(v.failedCalls)
                 .arg(v.slowCalls);
    return lines.join(QLatin1Char('\n'));
}

double BreakerView::paintContent(QPainter& p, double width, const Theme& t) const {
    if (!m_hasFigure) return 0;
    double y = paintSectionTitle(p, t, 0, 0, width, tr("Circuit breaker"));
    y = paintText(p, t, 0, y, width, m_figure.call, false, 9);
    y = paintDiagram(p, y, width, t);
    y = paintWindow(p, y, width, t);
    y = paintGauges(p, y, width, t);
    y = paintOpenPeriod(p, y, width, t);
    return paintHistory(p, y, width, t);
}

double BreakerView::paintDiagram(QPainter& p, double y, double width, const Theme& t) const {
    const auto& cfg = m_figure.config;
    const double s = t.fontScale;
    const double h = 150 * s;
    const Node closed{BreakerState::Closed, {std::max(55 * s, width * 0.2), y + 28 * s}};
    const Node open{BreakerState::Open, {width - std::max(55 * s, width * 0.2), y + 28 * s}};
    const Node half{BreakerState::HalfOpen, {width / 2, y + h - 22 * s}};
    const BreakerState now = m_figure.view.state;

    const double progress =
        m_animated && m_animationClock.isValid()
            ? std::min(1.0, static_cast<double>(m_animationClock.elapsed()) / kAnimationMs)
            : 1.0;
    const bool animating = m_animated && progress < 1.0;
    auto glows = [&](BreakerState from, BreakerState to) {
        return animating && m_animated->from == from && m_animated->to == to;
    };
    const QString trip = cfg.window == BreakerWindow::Consecutive
                             ? tr("%1 failures in a row").arg(cfg.failureThreshold)
                             : tr("failure rate >= %1").arg(pct(cfg.failureRateThreshold));
    struct Arrow {
        const Node &a, &b;
        double bend;
        QString label;
    };
    const Arrow arrows[] = {
        {closed, open, -14 * s, trip},
        {open, half, -18 * s, tr("after %1").arg(seconds(m_figure.view.currentOpenDuration))},
        {half, open, -18 * s, tr("a trial fails")},
        {half, closed, -18 * s, tr("%1 trials pass").arg(cfg.halfOpenCalls)},
    };
    for (const auto& a : arrows) {
        const bool glow = glows(a.a.state, a.b.state);
        const QPainterPath path = paintArrow(p, nodeRect(a.a, t), nodeRect(a.b, t), a.bend, a.label, glow,
                                             breakerStyle(a.b.state).fill, t);
        if (glow) { // the transition happening: a dot runs from the old state to the new one
            p.setPen(QPen(t.text, 1));
            p.setBrush(breakerStyle(a.b.state).fill);
            p.drawEllipse(path.pointAtPercent(progress), 5 * s, 5 * s);
        }
    }
    for (const Node& n : {closed, open, half})
        paintNode(p, n, n.state == now, t);
    y += h + 4 * s;
    if (m_figure.usesManualStates) {
        const BreakerState manual[] = {BreakerState::ForcedOpen, BreakerState::Disabled,
                                       BreakerState::MetricsOnly};
        const double step = width / 3;
        for (int i = 0; i < 3; ++i)
            paintNode(p, Node{manual[i], {step * i + step / 2, y + 16 * s}}, manual[i] == now, t);
        y += 36 * s;
    }
    y = paintText(p, t, 0, y, width, meaning(now, m_figure.call.section(QStringLiteral(" -> "), 1)));
    if (!m_figure.history.empty()) y = paintText(p, t, 0, y, width, causeText(), false, 9);
    return y;
}

double BreakerView::paintWindow(QPainter& p, double y, double width, const Theme& t) const {
    const auto& cfg = m_figure.config;
    const auto& v = m_figure.view;
    const BreakerState state = v.state;
    const bool trials = state == BreakerState::HalfOpen;
    y = paintSectionTitle(p, t, 0, y + 4, width, trials ? tr("Trial calls") : tr("Window"));
    const QColor ok = outcomeStyle(Outcome::Success).fill, bad = outcomeStyle(Outcome::Error).fill;
    if (trials) {
        // The budget: passed, failed, in flight, not sent yet.
        QVector<Cell> cells;
        const int passed = v.bufferedCalls - v.failedCalls;
        for (int i = 0; i < passed; ++i)
            cells.push_back({ok, false, false});
        for (int i = 0; i < v.failedCalls; ++i)
            cells.push_back({bad, false, false});
        for (int i = 0; i < v.halfOpenInFlight; ++i)
            cells.push_back({t.busy, false, false});
        while (cells.size() < cfg.halfOpenCalls)
            cells.push_back({t.free, false, true});
        y = paintText(p, t, 0, y, width,
                      tr("%1 trial calls allowed: %2 passed, %3 failed, %4 in flight, %5 left to send")
                          .arg(cfg.halfOpenCalls)
                          .arg(passed)
                          .arg(v.failedCalls)
                          .arg(v.halfOpenInFlight)
                          .arg(std::max(0, v.halfOpenPermitsLeft)));
        return paintCells(p, t, 0, y + 2, width, cells, 20, 14 * t.fontScale);
    }
    if (state == BreakerState::Open || state == BreakerState::ForcedOpen || state == BreakerState::Disabled) {
        return paintText(p, t, 0, y, width,
                         state == BreakerState::Disabled
                             ? tr("Nothing is recorded while disabled.")
                             : tr("Empty while open: no call goes through, so there is nothing to judge. "
                                  "It fills again after the trials close the circuit."),
                         true);
    }
    if (cfg.window == BreakerWindow::Consecutive) {
        QVector<Cell> cells;
        for (int i = 0; i < cfg.failureThreshold; ++i)
            cells.push_back(i < v.consecutiveFailures ? Cell{bad, false, false} : Cell{t.free, false, true});
        y = paintText(p, t, 0, y, width,
                      tr("%1 failures in a row; it opens at %2 (a success starts the count again)")
                          .arg(v.consecutiveFailures)
                          .arg(cfg.failureThreshold));
        return paintCells(p, t, 0, y + 2, width, cells, 20, 14 * t.fontScale);
    }
    const bool count = cfg.window == BreakerWindow::Count;
    y = paintText(p, t, 0, y, width,
                  count
                      ? tr("The last %1 calls (oldest first): %2 in the window, %3 failed, %4 slow")
                            .arg(cfg.windowSize)
                            .arg(v.bufferedCalls)
                            .arg(v.failedCalls)
                            .arg(v.slowCalls)
                      : tr("The last %1 s, one cell per second (oldest first): %2 calls, %3 failed, %4 slow")
                            .arg(cfg.windowSize)
                            .arg(v.bufferedCalls)
                            .arg(v.failedCalls)
                            .arg(v.slowCalls));
    QVector<Cell> cells;
    constexpr std::size_t kMostCells = 300; // a window of 10,000 calls shows its newest 300
    const std::size_t first = m_figure.cells.size() > kMostCells ? m_figure.cells.size() - kMostCells : 0;
    for (std::size_t i = first; i < m_figure.cells.size(); ++i) {
        const WindowTotals& c = m_figure.cells[i];
        if (c.calls == 0) {
            cells.push_back({t.free, false, true});
            continue;
        }
        // A second with some failures: between the success and failure colours, by their share.
        const double share = double(c.failures) / c.calls;
        QColor fill = c.failures == 0 ? ok : bad;
        if (c.failures > 0 && share < 1) fill = blend(ok, bad, share);
        cells.push_back({fill, c.slow > 0, false});
    }
    if (count)
        while (cells.size() < std::min<int>(cfg.windowSize, kMostCells))
            cells.push_back({t.free, false, true}); // room the window has not filled yet
    y = paintCells(p, t, 0, y + 2, width, cells, count ? 20 : 30, 12 * t.fontScale);
    QString legend =
        tr("green: success, red: failure, dark corner: slow (longer than %1)").arg(seconds(cfg.slowCall));
    if (first > 0) legend += tr("; newest %1 of %2 shown").arg(kMostCells).arg(m_figure.cells.size());
    return paintText(p, t, 0, y, width, legend, true, 8);
}

double BreakerView::paintGauges(QPainter& p, double y, double width, const Theme& t) const {
    const auto& cfg = m_figure.config;
    const auto& v = m_figure.view;
    if (cfg.window == BreakerWindow::Consecutive) return y;
    if (v.state != BreakerState::Closed && v.state != BreakerState::MetricsOnly &&
        v.state != BreakerState::HalfOpen)
        return y;
    y = paintSectionTitle(p, t, 0, y + 4, width, tr("Thresholds"));
    const bool judged = v.failureRate >= 0;
    const std::int32_t needed =
        v.state == BreakerState::HalfOpen ? std::min(cfg.minimumCalls, cfg.halfOpenCalls) : v.minimumCalls;
    const QString notYet =
        tr("not judged until %1 calls are in (minimum calls); %2 so far").arg(needed).arg(v.bufferedCalls);
    y = paintGauge(
        p, t, 0, y, width, v.failureRate, cfg.failureRateThreshold, judged, outcomeStyle(Outcome::Error).fill,
        judged ? tr("Failure rate %1; opens at %2").arg(pct(v.failureRate), pct(cfg.failureRateThreshold))
               : tr("Failure rate: %1").arg(notYet));
    if (cfg.slowCall != kNoLimit && (cfg.slowCallRateThreshold < 1.0 || v.slowCalls > 0)) {
        const bool slowJudged = v.slowCallRate >= 0;
        y = paintGauge(
            p, t, 0, y, width, v.slowCallRate, cfg.slowCallRateThreshold, slowJudged,
            outcomeStyle(Outcome::Timeout).fill,
            slowJudged ? tr("Slow-call rate %1 (calls over %2); opens at %3")
                             .arg(pct(v.slowCallRate), seconds(cfg.slowCall), pct(cfg.slowCallRateThreshold))
                       : tr("Slow-call rate: %1").arg(notYet));
    }
    return y;
}

double BreakerView::paintOpenPeriod(QPainter& p, double y, double width, const Theme& t) const {
    const auto& v = m_figure.view;
    y = paintSectionTitle(p, t, 0, y + 4, width, tr("Open period"));
    if (v.state != BreakerState::Open) {
        const double grow = m_figure.config.openDurationMultiplier;
        QString text = tr("A trip opens the circuit for %1.").arg(seconds(v.currentOpenDuration));
        if (grow > 1)
            text +=
                tr(" Each trip straight from HALF-OPEN multiplies it by %1 (up to the maximum).").arg(grow);
        text += tr(" Trips so far: %1; calls rejected so far: %2.").arg(v.trips).arg(v.rejected);
        return paintText(p, t, 0, y, width, text, true);
    }
    const Duration total = v.currentOpenDuration;
    const Duration left = std::max(Duration(0), v.openUntil - m_figure.now);
    const double done = total.count() > 0 ? 1.0 - double(left.count()) / double(total.count()) : 1.0;
    y = paintText(p, t, 0, y, width,
                  left.count() > 0 ? tr("Half-open in %1 (open for %2); %3 calls rejected so far")
                                         .arg(seconds(left), seconds(total))
                                         .arg(v.rejected)
                                   : tr("The open period is over: the next call becomes the first trial"));
    const QRectF bar(0, y, width, 10 * t.fontScale);
    p.setPen(QPen(t.grid, 1));
    p.setBrush(t.free);
    p.drawRect(bar);
    p.setPen(Qt::NoPen);
    p.setBrush(breakerStyle(BreakerState::Open).fill);
    p.drawRect(QRectF(bar.topLeft(), QSizeF(bar.width() * std::clamp(done, 0.0, 1.0), bar.height())));
    return bar.bottom() + 6;
}

double BreakerView::paintHistory(QPainter& p, double y, double width, const Theme& t) const {
    y = paintSectionTitle(p, t, 0, y + 4, width, tr("Transitions"));
    if (m_figure.history.empty()) return paintText(p, t, 0, y, width, tr("None yet."), true);
    for (auto it = m_figure.history.rbegin(); it != m_figure.history.rend(); ++it) {
        const StyleEntry to = breakerStyle(it->to);
        p.setPen(Qt::NoPen);
        p.setBrush(to.fill);
        const double lineH = 14 * t.fontScale;
        p.save();
        p.translate(6, y + lineH / 2);
        p.drawPath(shapePath(to.shape, 8 * t.fontScale));
        p.restore();
        y = paintText(p, t, 16 * t.fontScale, y, width - 16 * t.fontScale,
                      tr("%1  %2 -> %3  %4")
                          .arg(formatSeconds(it->at), breakerStyle(it->from).label, to.label, it->cause),
                      false, 8.5);
    }
    return y;
}

} // namespace rl::ui
