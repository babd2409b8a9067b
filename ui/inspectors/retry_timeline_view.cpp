#include "ui/inspectors/retry_timeline_view.h"

#include "core/scenario/scenario_schema.h"
#include "ui/inspectors/inspector_painting.h"
#include "ui/visual_style.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace rl::ui {

namespace {

double msBetween(TimePoint a, TimePoint b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// A round step for the axis: 1, 2 or 5 times a power of ten, about `span / 4`.
double niceStep(double span) {
    const double raw = std::max(span / 4, 1e-3);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

QString layerWords(scenario::PolicyLayer layer) {
    switch (layer) {
    case scenario::PolicyLayer::CircuitBreaker:
        return QObject::tr("breaker");
    case scenario::PolicyLayer::Bulkhead:
        return QObject::tr("bulkhead");
    case scenario::PolicyLayer::Retry:
        return QObject::tr("retry refused (budget)");
    default:
        return QString::fromLatin1(scenario::policyLayerName(layer).data(),
                                   static_cast<qsizetype>(scenario::policyLayerName(layer).size()));
    }
}

} // namespace

RetryTimelineView::RetryTimelineView(QWidget* parent)
    : InspectorView(parent) {
    setObjectName(QStringLiteral("retryTimelineView"));
}

void RetryTimelineView::setRows(const QString& title, std::vector<RetryRow> rows, const QString& policy) {
    m_title = title;
    m_policy = policy;
    m_rows = std::move(rows);
    contentChanged();
}

QString RetryTimelineView::describe() const {
    QStringList lines{tr("Retry timeline %1: %2 requests").arg(m_title).arg(m_rows.size())};
    for (const auto& r : m_rows) {
        QStringList parts;
        for (const auto& a : r.attempts)
            parts << tr("#%1 %2").arg(a.attempt).arg(outcomeStyle(a.outcome).label);
        lines << tr("request %1: %2").arg(r.request).arg(parts.join(QStringLiteral(", ")));
    }
    return lines.join(QLatin1Char('\n'));
}

double RetryTimelineView::paintContent(QPainter& p, double width, const Theme& t) const {
    double y = paintSectionTitle(p, t, 0, 0, width, tr("Retry timeline"));
    y = paintText(p, t, 0, y, width, m_title, false, 9);
    if (!m_policy.isEmpty()) y = paintText(p, t, 0, y, width, m_policy, false, 8.5);
    if (m_rows.empty())
        return paintText(
            p, t, 0, y, width,
            tr("No sampled request has passed here yet. One request in N is sampled; its attempts "
               "appear here once they end."),
            true);
    y = paintText(
        p, t, 0, y, width,
        tr("The last %1 sampled requests, newest at the bottom. Each bar is an attempt (time runs right, "
           "from the request's first try); the gaps between bars are the backoff.")
            .arg(m_rows.size()),
        true, 8);
    double span = 1;
    for (const auto& r : m_rows)
        span = std::max(span, msBetween(r.attempts.front().start, r.attempts.back().end));
    const double s = t.fontScale;
    const double labelW = 28 * s, rowH = 16 * s;
    const double plotW = width - labelW - 4;
    auto xOf = [&](double ms) { return labelW + plotW * ms / span; };
    for (const auto& r : m_rows) {
        const TimePoint origin = r.attempts.front().start;
        p.setFont(themedFont(t, 7.5));
        p.setPen(t.muted);
        p.drawText(QRectF(0, y, labelW - 2, rowH), Qt::AlignVCenter | Qt::AlignRight,
                   QString::number(r.attempts.size()) + QStringLiteral("x"));
        p.setPen(QPen(t.grid, 1, Qt::DotLine));
        p.drawLine(QPointF(labelW, y + rowH / 2), QPointF(width, y + rowH / 2));
        for (std::size_t i = 0; i < r.attempts.size(); ++i) {
            const auto& a = r.attempts[i];
            const StyleEntry st = outcomeStyle(a.outcome);
            const double x0 = xOf(msBetween(origin, a.start));
            const double x1 = std::max(x0 + (a.retryRefused ? rowH - 4 : 3), xOf(msBetween(origin, a.end)));
            const QRectF bar(x0, y + 2, x1 - x0, rowH - 4);
            if (i > 0) { // the backoff before this attempt, to scale
                const double gapStart = xOf(msBetween(origin, r.attempts[i - 1].end));
                p.setPen(QPen(t.text, 1, Qt::DashLine));
                p.drawLine(QPointF(gapStart, y + rowH / 2), QPointF(x0, y + rowH / 2));
            }
            p.setPen(QPen(st.outline, 1));
            p.setBrush(a.reachedCallee ? st.fill : t.surface);
            p.drawRect(bar);
            if (!a.reachedCallee) { // refused before it left: a cross and the layer's name
                p.setPen(QPen(st.fill, 2));
                p.drawLine(bar.topLeft(), bar.bottomRight());
                p.drawLine(bar.bottomLeft(), bar.topRight());
                p.setFont(themedFont(t, 7));
                p.setPen(t.text);
                p.drawText(QRectF(bar.right() + 2, y, 80 * s, rowH), Qt::AlignVCenter | Qt::AlignLeft,
                           layerWords(a.stoppedAt));
            } else if (bar.width() > 16 * s) {
                p.setFont(themedFont(t, 7));
                p.setPen(a.outcome == Outcome::Degraded || a.outcome == Outcome::Timeout ? QColor(Qt::black)
                                                                                         : QColor(Qt::white));
                p.drawText(bar, Qt::AlignCenter, QString::number(a.attempt));
            }
        }
        y += rowH;
    }
    // The axis, in ms from each request's first try.
    p.setPen(QPen(t.muted, 1));
    p.drawLine(QPointF(labelW, y + 2), QPointF(width, y + 2));
    p.setFont(themedFont(t, 7.5));
    const double step = niceStep(span);
    for (double ms = 0; ms <= span + 1e-9; ms += step) {
        const double x = xOf(ms);
        p.drawLine(QPointF(x, y + 2), QPointF(x, y + 6));
        p.drawText(QRectF(x - 40, y + 6, 80, 14 * s), Qt::AlignHCenter | Qt::AlignTop,
                   ms >= 1000 ? QString::number(ms / 1000, 'g', 3) + QStringLiteral(" s")
                              : QString::number(ms, 'g', 3) + QStringLiteral(" ms"));
    }
    y += 22 * s;
    // Legend: the outcomes present.
    QStringList seen;
    for (const auto& r : m_rows)
        for (const auto& a : r.attempts) {
            const QString label = outcomeStyle(a.outcome).label;
            if (!seen.contains(label)) seen << label;
        }
    return paintText(
        p, t, 0, y, width,
        tr("Colours: %1; a crossed box was refused before it left.").arg(seen.join(QStringLiteral(", "))),
        true, 8);
}

} // namespace rl::ui
