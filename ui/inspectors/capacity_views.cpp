#include "ui/inspectors/capacity_views.h"

#include "ui/event_text.h"
#include "ui/inspectors/inspector_painting.h"
#include "ui/visual_style.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace rl::ui {

namespace {

QString seconds(Duration d) {
    return formatSeconds(TimePoint(d.count()));
}

// Slots or workers as cells: in use, then free; waiters after a gap, as their own row.
QVector<Cell> slotCells(const Theme& t, std::int64_t inUse, std::int64_t total) {
    QVector<Cell> cells;
    for (std::int64_t i = 0; i < total; ++i)
        cells.push_back(i < inUse ? Cell{t.busy, false, false} : Cell{t.free, false, true});
    return cells;
}

constexpr std::int64_t kMostCells = 200; // a pool of 10,000 workers is drawn as a bar instead

double paintPool(QPainter& p, const Theme& t, double y, double width, std::int64_t inUse, std::int64_t total,
                 const QColor& colour) {
    if (total <= kMostCells)
        return paintCells(p, t, 0, y, width, slotCells(t, inUse, total), 25, 11 * t.fontScale);
    const QRectF bar(0, y, width, 12 * t.fontScale);
    p.setPen(QPen(t.grid, 1));
    p.setBrush(t.free);
    p.drawRect(bar);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRect(QRectF(bar.topLeft(), QSizeF(bar.width() * double(inUse) / double(total), bar.height())));
    return bar.bottom() + 4;
}

double paintBar(QPainter& p, const Theme& t, double x, double y, double width, double fraction,
                const QColor& colour, double height) {
    const QRectF bar(x, y, width, height);
    p.setPen(QPen(t.grid, 1));
    p.setBrush(t.free);
    p.drawRect(bar);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRect(QRectF(bar.topLeft(), QSizeF(bar.width() * std::clamp(fraction, 0.0, 1.0), bar.height())));
    return bar.bottom() + 4;
}

} // namespace

// ---- Bulkhead ----

BulkheadView::BulkheadView(QWidget* parent)
    : InspectorView(parent) {
    setObjectName(QStringLiteral("bulkheadView"));
}

void BulkheadView::setFigure(const BulkheadFigure& figure) {
    m_figure = figure;
    contentChanged();
}

QString BulkheadView::describe() const {
    const auto& v = m_figure.view;
    return tr("Bulkhead %1: %2 of %3 slots in use, %4 waiting, %5 rejected")
        .arg(m_figure.call)
        .arg(v.inUse)
        .arg(v.maxConcurrent)
        .arg(v.queued)
        .arg(v.rejected);
}

double BulkheadView::paintContent(QPainter& p, double width, const Theme& t) const {
    const auto& v = m_figure.view;
    double y = paintSectionTitle(p, t, 0, 0, width, tr("Bulkhead"));
    y = paintText(p, t, 0, y, width, m_figure.call, false, 9);
    y = paintText(p, t, 0, y, width,
                  v.maxQueue > 0
                      ? tr("At most %1 calls at once; a call that finds every slot taken waits in line "
                           "(at most %2 waiting) or is rejected when the line is full.")
                            .arg(v.maxConcurrent)
                            .arg(v.maxQueue)
                      : tr("At most %1 calls at once; a call that finds every slot taken is rejected at "
                           "once (no waiting line).")
                            .arg(v.maxConcurrent),
                  true, 8.5);
    y = paintText(p, t, 0, y, width, tr("Slots: %1 of %2 in use").arg(v.inUse).arg(v.maxConcurrent));
    y = paintPool(p, t, y, width, v.inUse, v.maxConcurrent, t.busy);
    if (v.maxQueue > 0) {
        y = paintText(p, t, 0, y, width, tr("Waiting line: %1 of %2").arg(v.queued).arg(v.maxQueue));
        QVector<Cell> waiters;
        for (std::int32_t i = 0; i < std::min<std::int32_t>(v.maxQueue, kMostCells); ++i)
            waiters.push_back(i < v.queued ? Cell{t.queued, false, false} : Cell{t.free, false, true});
        y = paintCells(p, t, 0, y, width, waiters, 25, 11 * t.fontScale);
        if (m_figure.maxWait != kNoLimit) {
            const double share = double(m_figure.oldestWait.count()) / double(m_figure.maxWait.count());
            y = paintText(
                p, t, 0, y, width,
                v.queued > 0
                    ? tr("Oldest waiter: %1 of at most %2")
                          .arg(seconds(m_figure.oldestWait), seconds(m_figure.maxWait))
                    : tr("Nobody waiting (a waiter gives up after %1)").arg(seconds(m_figure.maxWait)));
            y = paintBar(p, t, 0, y, width, v.queued > 0 ? share : 0, t.queued, 8 * t.fontScale);
        }
    }
    return paintText(p, t, 0, y + 4, width,
                     tr("So far: %1 granted, %2 rejected (full), %3 gave up waiting")
                         .arg(v.acquired)
                         .arg(v.rejected)
                         .arg(v.expired));
}

// ---- Service ----

ServiceView::ServiceView(QWidget* parent)
    : InspectorView(parent) {
    setObjectName(QStringLiteral("serviceView"));
}

void ServiceView::setFigure(const ServiceFigure& figure) {
    m_figure = figure;
    contentChanged();
}

QString ServiceView::describe() const {
    const auto& f = m_figure;
    return tr("Service %1: %2 of %3 workers busy, %4 queued, %5 abandoned; live %6, ready %7")
        .arg(f.service)
        .arg(f.busy)
        .arg(f.workers)
        .arg(f.queued)
        .arg(f.abandoned)
        .arg(f.live ? tr("yes") : tr("no"), f.ready ? tr("yes") : tr("no"));
}

double ServiceView::paintContent(QPainter& p, double width, const Theme& t) const {
    const auto& f = m_figure;
    double y = paintSectionTitle(p, t, 0, 0, width, tr("Service"));
    y = paintText(p, t, 0, y, width, f.service, false, 9);
    // Health as three lamps: each with a word, never colour alone.
    struct Lamp {
        QString name;
        bool good;
        QString good_, bad;
    };
    const Lamp lamps[] = {{tr("live"), f.live, tr("yes"), tr("no: outage")},
                          {tr("ready"), f.ready, tr("yes"), f.live ? tr("no: full") : tr("no")},
                          {tr("degraded"), !f.degraded, tr("no"), tr("yes: brownout")}};
    const double lampW = width / 3;
    p.setFont(themedFont(t, 8.5));
    for (int i = 0; i < 3; ++i) {
        const QColor c = lamps[i].good ? outcomeStyle(Outcome::Success).fill : t.fault;
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(QPointF(i * lampW + 7, y + 8 * t.fontScale), 5 * t.fontScale, 5 * t.fontScale);
        p.setPen(t.text);
        p.drawText(QRectF(i * lampW + 16, y, lampW - 16, 16 * t.fontScale), Qt::AlignVCenter | Qt::AlignLeft,
                   lamps[i].name + QStringLiteral(": ") + (lamps[i].good ? lamps[i].good_ : lamps[i].bad));
    }
    y += 18 * t.fontScale;
    y = paintText(
        p, t, 0, y, width,
        tr("Health here is read from the faults and the queue (the scenario has no health checks)."), true,
        8);
    if (!f.faultText.isEmpty()) y = paintText(p, t, 0, y, width, tr("Active fault: %1").arg(f.faultText));
    y = paintText(p, t, 0, y + 2, width,
                  tr("Workers: %1 of %2 busy (utilisation %3%)")
                      .arg(f.busy)
                      .arg(f.workers)
                      .arg(std::round(f.utilisation * 100)));
    y = paintPool(p, t, y, width, f.busy, f.workers, t.busy);
    if (f.queueCapacity) {
        y = paintText(p, t, 0, y, width, tr("Queue: %1 of %2").arg(f.queued).arg(*f.queueCapacity));
        if (*f.queueCapacity > 0)
            y = paintBar(p, t, 0, y, width, double(f.queued) / double(*f.queueCapacity), t.queued,
                         10 * t.fontScale);
    } else {
        y = paintText(p, t, 0, y, width, tr("Queue: %1 waiting (no limit)").arg(f.queued));
    }
    y = paintText(p, t, 0, y + 2, width,
                  tr("Abandoned work: %1 of the jobs queued or in work are for callers that already gave up "
                     "(timed out). Nobody will read their answers.")
                      .arg(f.abandoned));
    if (f.busy + f.queued > 0)
        y = paintBar(p, t, 0, y, width, double(f.abandoned) / double(f.busy + f.queued), t.fault,
                     8 * t.fontScale);
    return y;
}

// ---- Rate limiter ----

RateLimiterView::RateLimiterView(QWidget* parent)
    : InspectorView(parent) {
    setObjectName(QStringLiteral("rateLimiterView"));
}

void RateLimiterView::setFigure(const RateLimiterFigure& figure) {
    m_figure = figure;
    contentChanged();
}

QString RateLimiterView::describe() const {
    QStringList lines{tr("Rate limiter %1: %2 rejected").arg(m_figure.service).arg(m_figure.rejected)};
    for (const auto& tenant : m_figure.tenants)
        lines << tr("%1: %2 of %3 left, %4 rejected")
                     .arg(tenant.name.isEmpty() ? tr("everyone") : tenant.name)
                     .arg(tenant.view.tokens, 0, 'f', 1)
                     .arg(tenant.view.capacity)
                     .arg(tenant.view.rejected);
    return lines.join(QLatin1Char('\n'));
}

double RateLimiterView::paintContent(QPainter& p, double width, const Theme& t) const {
    const auto& f = m_figure;
    const auto& cfg = f.config;
    const bool bucket = cfg.kind == RateLimiterKind::TokenBucket;
    double y = paintSectionTitle(p, t, 0, 0, width, tr("Rate limiter"));
    y = paintText(p, t, 0, y, width, f.service, false, 9);
    y = paintText(p, t, 0, y, width,
                  bucket
                      ? tr("Token bucket: fills at %1 tokens/s up to a brim of %2 (the burst); each request "
                           "takes a token, and finds none: 429 with a Retry-After.")
                            .arg(cfg.ratePerSecond)
                            .arg(cfg.burst)
                      : tr("At most %1 requests per %2 window; the window's count against the limit.")
                            .arg(cfg.limit)
                            .arg(seconds(cfg.window)),
                  true, 8.5);
    y = paintText(p, t, 0, y, width,
                  cfg.per == RateLimitScope::Tenant ? tr("One limit per tenant:")
                                                    : tr("One limit shared by everyone:"));
    const QColor throttled = outcomeStyle(Outcome::RateLimited).fill;
    const double nameW = std::min(110.0 * t.fontScale, width * 0.3);
    const double bucketW = 34 * t.fontScale, bucketH = 40 * t.fontScale;
    for (const auto& tenant : f.tenants) {
        const auto& v = tenant.view;
        const double level =
            bucket ? v.tokens / std::max(1.0, v.capacity) : double(v.windowCount) / std::max(1.0, v.capacity);
        const double rowTop = y + 2;
        p.setFont(themedFont(t, 9, true));
        p.setPen(t.text);
        p.drawText(QRectF(0, rowTop, nameW, bucketH), Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap,
                   tenant.name.isEmpty() ? tr("everyone") : tenant.name);
        // The bucket: an open vessel, filled to its level; the brim is the burst.
        const QRectF vessel(nameW, rowTop, bucketW, bucketH);
        const bool empty = bucket && v.tokens < 1;
        p.setPen(Qt::NoPen);
        p.setBrush(empty ? throttled.lighter(130) : t.busy);
        p.drawRect(QRectF(vessel.left(), vessel.bottom() - vessel.height() * std::clamp(level, 0.0, 1.0),
                          vessel.width(), vessel.height() * std::clamp(level, 0.0, 1.0)));
        p.setPen(QPen(t.text, std::max(1.5, t.lineWidth * 0.75)));
        p.drawLine(vessel.topLeft(), vessel.bottomLeft());
        p.drawLine(vessel.bottomLeft(), vessel.bottomRight());
        p.drawLine(vessel.bottomRight(), vessel.topRight());
        const QString level_ = bucket ? tr("%1 of %2 tokens").arg(v.tokens, 0, 'f', 1).arg(v.capacity)
                                      : tr("%1 of %2 in this window").arg(v.windowCount).arg(v.capacity);
        const double total = double(v.permitted + v.rejected);
        const QString share =
            total > 0 ? tr("%1% refused").arg(std::round(100.0 * static_cast<double>(v.rejected) / total))
                      : QString();
        paintText(p, t, nameW + bucketW + 8, rowTop, width - nameW - bucketW - 8,
                  tr("%1\n%2 admitted, %3 refused %4")
                      .arg(level_)
                      .arg(v.permitted)
                      .arg(v.rejected)
                      .arg(share.isEmpty() ? QString() : QStringLiteral("(") + share + QLatin1Char(')')),
                  false, 8.5);
        y = rowTop + bucketH + 6;
    }
    if (f.lastRejectedAt.count() >= 0)
        y = paintText(p, t, 0, y, width,
                      tr("Last 429 at %1, with Retry-After %2")
                          .arg(formatSeconds(f.lastRejectedAt), seconds(f.lastRetryAfter)));
    else
        y = paintText(p, t, 0, y, width, tr("No request refused yet."), true);
    return y;
}

// ---- Load shedder ----

ShedderView::ShedderView(QWidget* parent)
    : InspectorView(parent) {
    setObjectName(QStringLiteral("shedderView"));
}

void ShedderView::setFigure(const ShedderFigure& figure) {
    m_figure = figure;
    contentChanged();
}

QString ShedderView::describe() const {
    const auto& v = m_figure.view;
    QStringList lines{
        tr("Load shedder %1: %2 in flight of %3").arg(m_figure.service).arg(v.inflight).arg(v.maxInflight)};
    for (std::size_t c = 0; c < kPriorityCount; ++c)
        lines << tr("%1: shed at %2, %3 shed")
                     .arg(QString::fromLatin1(kPriorityNames[c]))
                     .arg(v.shedAt[c])
                     .arg(v.shed[c]);
    return lines.join(QLatin1Char('\n'));
}

double ShedderView::paintContent(QPainter& p, double width, const Theme& t) const {
    const auto& v = m_figure.view;
    double y = paintSectionTitle(p, t, 0, 0, width, tr("Load shedder"));
    y = paintText(p, t, 0, y, width, m_figure.service, false, 9);
    y = paintText(
        p, t, 0, y, width,
        tr("Requests in flight: %1. Each priority class is turned away once in-flight work reaches its "
           "mark: low first, critical last.")
            .arg(v.inflight),
        true, 8.5);
    const double scaleMax =
        std::max<double>({double(v.hardLimit), double(v.maxInflight), double(v.inflight), 1.0});
    const double nameW = 64 * t.fontScale;
    const double barW = width - nameW - 4;
    const QColor shedColour = outcomeStyle(Outcome::Shed).fill;
    for (std::size_t c = kPriorityCount; c-- > 0;) {
        const bool shedding = v.inflight >= v.shedAt[c];
        p.setFont(themedFont(t, 8.5, shedding));
        p.setPen(t.text);
        const double h = 14 * t.fontScale;
        p.drawText(QRectF(0, y, nameW, h), Qt::AlignVCenter | Qt::AlignLeft,
                   QString::fromLatin1(kPriorityNames[c]));
        const QRectF bar(nameW, y + 1, barW, h - 2);
        p.setPen(QPen(t.grid, 1));
        p.setBrush(t.free);
        p.drawRect(bar);
        p.setPen(Qt::NoPen);
        p.setBrush(shedding ? shedColour : t.busy);
        p.drawRect(
            QRectF(bar.topLeft(), QSizeF(bar.width() * std::min(1.0, v.inflight / scaleMax), bar.height())));
        const double mark = bar.left() + bar.width() * std::min(1.0, v.shedAt[c] / scaleMax);
        p.setPen(QPen(t.text, std::max(2.0, t.lineWidth)));
        p.drawLine(QPointF(mark, bar.top() - 2), QPointF(mark, bar.bottom() + 2));
        y += h + 2;
        y = paintText(p, t, nameW, y, barW,
                      tr("shed at %1 in flight%2; %3 admitted, %4 shed")
                          .arg(v.shedAt[c])
                          .arg(shedding ? tr(" (shedding now)") : QString())
                          .arg(v.admitted[c])
                          .arg(v.shed[c]),
                      !shedding, 8);
    }
    return y;
}

} // namespace rl::ui
