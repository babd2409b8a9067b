#include "ui/inspector_panel.h"

#include "ui/event_text.h"
#include "ui/inspectors/breaker_view.h"
#include "ui/inspectors/capacity_views.h"
#include "ui/inspectors/retry_timeline_view.h"
#include "ui/run_model.h"
#include "ui/visual_style.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>

namespace rl::ui {

namespace {

QString row(const QString& name, const QString& value) {
    return QStringLiteral("<tr><td style='color:#555;padding-right:10px'>%1</td><td><b>%2</b></td></tr>")
        .arg(name, value);
}

// The retry budget's or throttle's state now, in words.
QString retryPolicyText(const RunModel& model, std::size_t call) {
    if (call >= model.snapshot().calls.size()) return {};
    const auto& cs = model.snapshot().calls[call];
    QStringList parts;
    if (cs.hasRetryBudget) {
        const auto& b = cs.retryBudget;
        parts << InspectorPanel::tr(
                     "Retry budget: %1 retries under way of at most %2 (for %3 active requests): "
                     "%4")
                     .arg(b.activeRetries)
                     .arg(b.limit)
                     .arg(b.activeRequests)
                     .arg(b.canRetry ? InspectorPanel::tr("retries allowed")
                                     : InspectorPanel::tr("retries refused"));
    }
    if (cs.hasRetryThrottle) {
        const auto& th = cs.retryThrottle;
        parts << InspectorPanel::tr("Retry throttle: %1 of %2 tokens; retries need more than %3: %4")
                     .arg(th.tokens, 0, 'f', 1)
                     .arg(th.maxTokens, 0, 'f', 0)
                     .arg(th.threshold, 0, 'f', 1)
                     .arg(th.canRetry ? InspectorPanel::tr("retries allowed")
                                      : InspectorPanel::tr("retries refused"));
    }
    return parts.join(QLatin1Char('\n'));
}

QString pct(double f) {
    return QString::number(f * 100, 'f', 1) + QLatin1Char('%');
}

} // namespace

InspectorPanel::InspectorPanel(QWidget* parent)
    : QWidget(parent)
    , m_body(new QLabel(this))
    , m_popOut(new QPushButton(tr("Open in a window"), this))
    , m_breaker(new BreakerView(this))
    , m_bulkhead(new BulkheadView(this))
    , m_service(new ServiceView(this))
    , m_limiter(new RateLimiterView(this))
    , m_shedder(new ShedderView(this))
    , m_retries(new RetryTimelineView(this)) {
    setObjectName(QStringLiteral("inspector"));
    m_body->setObjectName(QStringLiteral("inspectorBody"));
    m_body->setTextFormat(Qt::RichText);
    m_body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_body->setWordWrap(true);
    m_body->setMargin(8);
    m_popOut->setToolTip(tr("Keep this element's inspector open in its own window"));
    connect(m_popOut, &QPushButton::clicked, this, [this] { Q_EMIT popOutRequested(m_element); });
    auto* content = new QWidget(this);
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    for (QWidget* w : std::initializer_list<QWidget*>{m_breaker, m_bulkhead, m_retries, m_service, m_limiter,
                                                      m_shedder, m_body})
        column->addWidget(w);
    column->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_popOut, 0, Qt::AlignRight);
    layout->addWidget(scroll);
    m_textTimer.setSingleShot(true);
    connect(&m_textTimer, &QTimer::timeout, this, &InspectorPanel::refreshText);
    refresh();
}

void InspectorPanel::setModel(const RunModel* model) {
    m_model = model;
    refresh();
}

void InspectorPanel::select(const QString& element) {
    m_element = element;
    refreshViews();
    refreshText(); // a new selection shows its words at once, playing or not
}

QString InspectorPanel::text() const {
    QStringList parts;
    for (const InspectorView* v : std::initializer_list<const InspectorView*>{
             m_breaker, m_bulkhead, m_retries, m_service, m_limiter, m_shedder})
        if (!v->isHidden()) parts << v->describe();
    QTextDocument doc;
    doc.setHtml(m_body->text());
    parts << doc.toPlainText();
    return parts.join(QLatin1Char('\n'));
}

void InspectorPanel::refreshViews() {
    bool breaker = false, bulkhead = false, retries = false, service = false, limiter = false,
         shedder = false;
    if (m_model && m_element.startsWith(QLatin1String("call:"))) {
        const auto i = static_cast<std::size_t>(m_element.mid(5).toULongLong());
        if (const auto f = breakerFigure(*m_model, i)) {
            m_breaker->setFigure(*f);
            breaker = true;
        }
        if (const auto f = bulkheadFigure(*m_model, i)) {
            m_bulkhead->setFigure(*f);
            bulkhead = true;
        }
        if (i < m_model->calls().size()) {
            const auto& info = m_model->calls()[i];
            m_retries->setRows(QString::fromStdString(info.from + " -> " + info.to),
                               retryRows(*m_model, false, i, 12), retryPolicyText(*m_model, i));
            retries = true;
        }
    } else if (m_model && m_element.startsWith(QLatin1String("service:"))) {
        const auto& services = m_model->scenario().services;
        for (std::size_t i = 0; i < services.size() && i < m_model->snapshot().services.size(); ++i) {
            if (QString::fromStdString(services[i].name) != m_element.mid(8)) continue;
            m_service->setFigure(serviceFigure(*m_model, i));
            service = true;
            if (const auto f = rateLimiterFigure(*m_model, i)) {
                m_limiter->setFigure(*f);
                limiter = true;
            }
            if (const auto f = shedderFigure(*m_model, i)) {
                m_shedder->setFigure(*f);
                shedder = true;
            }
        }
    } else if (m_model && (m_element.startsWith(QLatin1String("client:")) ||
                           m_element.startsWith(QLatin1String("client-call:")))) {
        const auto& clients = m_model->scenario().clients;
        for (std::size_t i = 0; i < clients.size(); ++i) {
            const QString name = QString::fromStdString(clients[i].name);
            if (m_element != QStringLiteral("client:") + name &&
                m_element != QStringLiteral("client-call:") + QString::number(i))
                continue;
            m_retries->setRows(tr("client %1").arg(name), retryRows(*m_model, true, i, 12));
            retries = true;
        }
    }
    m_breaker->setVisible(breaker);
    m_bulkhead->setVisible(bulkhead);
    m_retries->setVisible(retries);
    m_service->setVisible(service);
    m_limiter->setVisible(limiter);
    m_shedder->setVisible(shedder);
    m_popOut->setEnabled(!m_element.isEmpty());
}

void InspectorPanel::refresh() {
    refreshViews();
    // While playing, the figures in words change every frame; nobody reads them at 60 per second and
    // laying out the rich text each time costs the GUI thread. The drawings above still move every frame.
    const bool playing = m_model && m_model->latest().playing;
    if (playing && m_textClock.isValid() && m_textClock.elapsed() < kTextIntervalMs) {
        if (!m_textTimer.isActive())
            m_textTimer.start(static_cast<int>(kTextIntervalMs - m_textClock.elapsed()));
        return;
    }
    refreshText();
}

void InspectorPanel::refreshText() {
    m_textTimer.stop();
    m_textClock.start();
    if (!m_model || m_element.isEmpty()) {
        m_body->setText(tr("<p style='color:#555'>Click a service, a client or a call on the canvas to see "
                           "its figures here.</p>"));
        return;
    }
    const auto& s = m_model->scenario();
    QString html;
    if (m_element.startsWith(QLatin1String("call:"))) {
        const auto i = static_cast<std::size_t>(m_element.mid(5).toULongLong());
        if (i < m_model->calls().size() && i < m_model->snapshot().calls.size()) html = callHtml(i);
    } else if (m_element.startsWith(QLatin1String("service:"))) {
        for (std::size_t i = 0; i < s.services.size(); ++i)
            if (QString::fromStdString(s.services[i].name) == m_element.mid(8) &&
                i < m_model->snapshot().services.size())
                html = serviceHtml(i);
    } else if (m_element.startsWith(QLatin1String("client:"))) {
        for (std::size_t i = 0; i < s.clients.size(); ++i)
            if (QString::fromStdString(s.clients[i].name) == m_element.mid(7)) html = clientHtml(i);
    } else if (m_element.startsWith(QLatin1String("client-call:"))) {
        const auto i = static_cast<std::size_t>(m_element.mid(12).toULongLong());
        if (i < s.clients.size()) html = clientHtml(i);
    }
    m_body->setText(html.isEmpty() ? tr("Nothing selected")
                                   : QStringLiteral("<p><b>%1</b></p>").arg(tr("Figures")) + html);
}

QString InspectorPanel::callHtml(std::size_t i) const {
    const auto& info = m_model->calls()[i];
    const auto& cs = m_model->snapshot().calls[i];
    const auto& spec = m_model->scenario().services[info.serviceIndex].calls[info.callIndex];
    QString h = QStringLiteral("<h3>%1 &rarr; %2</h3><table>")
                    .arg(QString::fromStdString(info.from).toHtmlEscaped(),
                         QString::fromStdString(info.to).toHtmlEscaped());
    if (cs.hasBreaker) {
        const auto state = static_cast<BreakerState>(cs.breakerState);
        const StyleEntry st = breakerStyle(state);
        h += row(tr("circuit breaker"),
                 QStringLiteral("<span style='background:%1;color:white;padding:2px'>&nbsp;%2&nbsp;</span>")
                     .arg(st.fill.name(), st.label));
        const auto& cfg = *spec.circuitBreaker;
        if (state == BreakerState::Open) {
            // Why it is open: the last transition of this call in the log.
            for (auto it = m_model->log().rbegin(); it != m_model->log().rend(); ++it)
                if (it->kind == sim::LogEvent::Kind::BreakerTransition && it->subject == i) {
                    h += row(tr("since"), formatSeconds(it->at) + QStringLiteral(": ") +
                                              describeEvent(*it, *m_model).section(QStringLiteral(": "), 1));
                    break;
                }
            const Duration left = cs.openUntil - m_model->now();
            h += row(tr("half-open in"),
                     left.count() > 0 ? formatSeconds(TimePoint(left.count())) : tr("the next call probes"));
        } else if (cs.failureRate >= 0) {
            h += row(tr("failure rate"),
                     tr("%1 (opens at %2)").arg(pct(cs.failureRate), pct(cfg.failureRateThreshold)));
        } else if (cfg.window != BreakerWindow::Consecutive) {
            h += row(tr("failure rate"),
                     tr("not judged yet: fewer than %1 calls in the window").arg(cfg.minimumCalls));
        }
    }
    if (cs.hasBulkhead)
        h += row(tr("bulkhead"), tr("%1 of %2 slots in use, %3 waiting")
                                     .arg(cs.bulkheadInUse)
                                     .arg(cs.bulkheadMax)
                                     .arg(cs.bulkheadQueued));
    h += row(tr("calls in flight"), QString::number(cs.inflight));
    const auto [recent, buckets] = RunModel::recent(m_model->callBuckets(i), 5);
    if (buckets > 0) {
        const double width = toSeconds(TimePoint(m_model->latest().bucketWidth.count()));
        h += QStringLiteral("</table><p><b>%1</b></p><table>")
                 .arg(tr("Last %1 s").arg(double(buckets) * width));
        h += row(tr("calls"), QString::number(recent.calls));
        h += row(tr("attempts that reached %1").arg(QString::fromStdString(info.to).toHtmlEscaped()),
                 QString::number(recent.attempts));
        h += row(tr("retries"), QString::number(recent.retries));
        const auto answered = recent.outcomes.total();
        for (std::size_t o = 0; o < kOutcomeCount; ++o) {
            const auto n = recent.outcomes.n[o];
            if (n == 0) continue;
            const StyleEntry ost = outcomeStyle(static_cast<Outcome>(o));
            h += row(
                QStringLiteral("<span style='color:%1'>&#9632;</span> %2").arg(ost.fill.name(), ost.label),
                tr("%1 (%2)").arg(n).arg(pct(double(n) / double(std::max<std::int64_t>(1, answered)))));
        }
    }
    return h + QStringLiteral("</table>");
}

QString InspectorPanel::serviceHtml(std::size_t i) const {
    const auto& svc = m_model->scenario().services[i];
    const auto& st = m_model->snapshot().services[i];
    QString h = QStringLiteral("<h3>%1</h3><table>").arg(QString::fromStdString(svc.name).toHtmlEscaped());
    if (st.outage || st.hang)
        h += row(tr("fault"), st.hang ? tr("outage: calls hang") : tr("outage: calls fail at once"));
    h += row(tr("workers busy"), tr("%1 of %2 (%3)")
                                     .arg(st.busy)
                                     .arg(st.workers)
                                     .arg(pct(st.workers > 0 ? double(st.busy) / st.workers : 0)));
    h += row(tr("queue"), svc.queueCapacity ? tr("%1 of %2").arg(st.queued).arg(*svc.queueCapacity)
                                            : tr("%1 (unbounded)").arg(st.queued));
    h += row(tr("requests admitted, not answered"), QString::number(st.inflight));
    if (svc.replay)
        h += row(tr("replays"),
                 tr("%1, window %2 s, log time %3 s now")
                     .arg(QString::fromStdString(svc.replay->file).toHtmlEscaped())
                     .arg(svc.replay->windowS)
                     .arg(svc.replay->startS + toSeconds(m_model->now()) * svc.replay->timeScale, 0, 'f', 1));
    if (st.hasRateLimiter)
        h += row(tr("rate limiter"),
                 tr("%1 rejected so far").arg(st.rateLimited) +
                     (st.tokens >= 0 ? tr(", %1 tokens now").arg(st.tokens, 0, 'f', 1) : QString()));
    if (st.hasShedder) h += row(tr("load shedder"), tr("%1 shed so far").arg(st.shed));
    const auto recentService = RunModel::recent(m_model->serviceBuckets(i), 5).first;
    if (recentService.arrivals > 0)
        h += row(tr("last 5 buckets"),
                 tr("%1 arrivals, %2 errors").arg(recentService.arrivals).arg(recentService.errors));
    return h + QStringLiteral("</table>");
}

QString InspectorPanel::clientHtml(std::size_t i) const {
    const auto& c = m_model->scenario().clients[i];
    QString h =
        QStringLiteral("<h3>client %1</h3><table>").arg(QString::fromStdString(c.name).toHtmlEscaped());
    h += row(tr("sends to"), QString::fromStdString(c.target).toHtmlEscaped());
    if (m_model->bucketsKnown() > 0) {
        const auto& series = m_model->clientBuckets(i);
        sim::ClientBucket all;
        for (const auto& b : series)
            all += b;
        h += row(tr("requests so far"), QString::number(all.requests));
        const auto answered = all.outcomes.total();
        if (answered > 0) {
            for (std::size_t o = 0; o < kOutcomeCount; ++o) {
                const auto n = all.outcomes.n[o];
                if (n == 0) continue;
                const StyleEntry st = outcomeStyle(static_cast<Outcome>(o));
                h += row(
                    QStringLiteral("<span style='color:%1'>&#9632;</span> %2").arg(st.fill.name(), st.label),
                    tr("%1 (%2)").arg(n).arg(pct(double(n) / double(answered))));
            }
            h += row(tr("attempts per request"),
                     QString::number(double(all.attempts) / double(std::max<std::int64_t>(1, all.requests)),
                                     'f', 2));
        }
        if (!series.empty() && series.size() >= 2) {
            const auto& last = series[series.size() - 2];
            h += row(tr("latency last bucket"),
                     tr("p50 %1 ms, p99 %2 ms").arg(last.p50Ms, 0, 'f', 1).arg(last.p99Ms, 0, 'f', 1));
        }
    }
    return h + QStringLiteral("</table>");
}

} // namespace rl::ui
