#include "ui/topology_scene.h"

#include "ui/theme.h"
#include "ui/topology_items.h"

#include <QTimer>

#include <algorithm>
#include <map>

namespace rl::ui {

namespace {

constexpr double kColumnWidth = 350;
constexpr double kRowHeight = 190;
constexpr std::size_t kMaxParticles = 1500;
constexpr std::size_t kRecentBuckets = 5; // "last 5 s" figures, in buckets

const char* kLayerKeys[] = {"fallback", "retry", "circuit_breaker", "bulkhead", "timeout"};

// Longest call path from a client to each service: its column.
std::vector<int> serviceDepths(const scenario::Scenario& s) {
    std::vector<int> depth(s.services.size(), 0);
    auto indexOf = [&](const std::string& name) {
        for (std::size_t i = 0; i < s.services.size(); ++i)
            if (s.services[i].name == name) return static_cast<int>(i);
        return -1;
    };
    for (const auto& c : s.clients)
        if (int i = indexOf(c.target); i >= 0) depth[static_cast<std::size_t>(i)] = 1;
    // The call graph has no cycles (the loader checks), so |services| rounds settle every depth.
    for (std::size_t round = 0; round < s.services.size(); ++round)
        for (std::size_t i = 0; i < s.services.size(); ++i)
            for (const auto& call : s.services[i].calls)
                if (int j = indexOf(call.to); j >= 0)
                    depth[static_cast<std::size_t>(j)] =
                        std::max(depth[static_cast<std::size_t>(j)], std::max(depth[i], 1) + 1);
    for (auto& d : depth)
        d = std::max(d, 1);
    return depth;
}

struct ActiveFault {
    QString badge;
    QColor color;
};

// The faults active now per target service, from the log (scheduled and by-hand alike).
std::map<std::string, ActiveFault> activeFaults(const RunModel& model) {
    std::map<std::size_t, bool> on;
    for (const auto& e : model.log()) {
        if (e.kind == sim::LogEvent::Kind::FaultStart) on[e.subject] = true;
        if (e.kind == sim::LogEvent::Kind::FaultEnd) on[e.subject] = false;
    }
    std::map<std::string, ActiveFault> out;
    for (const auto& [index, active] : on) {
        if (!active || index >= model.faults().size()) continue;
        const auto& f = model.faults()[index];
        ActiveFault a;
        switch (f.kind) {
        case scenario::FaultKind::Outage:
            a = {f.mode == scenario::OutageMode::Hang ? QStringLiteral("OUTAGE (HANG)")
                                                      : QStringLiteral("OUTAGE"),
                 activeTheme().fault};
            break;
        case scenario::FaultKind::Latency:
            a = {QStringLiteral("BROWNOUT x%1").arg(f.multiplier), activeTheme().brownout};
            break;
        case scenario::FaultKind::Errors:
            a = {QStringLiteral("ERRORS %1%").arg(f.errorRate * 100), activeTheme().brownout};
            break;
        case scenario::FaultKind::Capacity:
            a = {QStringLiteral("CAPACITY %1").arg(f.workers), activeTheme().brownout};
            break;
        }
        auto& slot = out[f.target];
        slot.badge = slot.badge.isEmpty() ? a.badge : slot.badge + QStringLiteral(" + ") + a.badge;
        if (!slot.color.isValid() || a.color == activeTheme().fault) slot.color = a.color;
    }
    return out;
}

// A figure of the last complete buckets' sum.
template <typename Bucket, typename F> double recentSum(const std::vector<Bucket>& series, F value) {
    return value(RunModel::recent(series, kRecentBuckets).first);
}

} // namespace

TopologyScene::TopologyScene(QObject* parent)
    : QGraphicsScene(parent)
    , m_animation(new QTimer(this)) {
    m_animation->setInterval(16);
    connect(m_animation, &QTimer::timeout, this, &TopologyScene::animate);
    connect(this, &QGraphicsScene::selectionChanged, this,
            [this] { Q_EMIT elementSelected(selectedElement()); });
    m_clock.start();
}

void TopologyScene::rebuild(const scenario::Scenario& s) {
    clear(); // deletes every item
    m_nodes.clear();
    m_edges.clear();
    m_particles = nullptr;

    const auto depth = serviceDepths(s);
    int columns = 1;
    for (int d : depth)
        columns = std::max(columns, d + 1);
    std::vector<std::vector<NodeItem*>> column(static_cast<std::size_t>(columns));
    for (const auto& c : s.clients) {
        auto* item = new NodeItem(QStringLiteral("client:") + QString::fromStdString(c.name), true);
        column[0].push_back(item);
        m_nodes.insert(item->id(), item);
    }
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        auto* item =
            new NodeItem(QStringLiteral("service:") + QString::fromStdString(s.services[i].name), false);
        column[static_cast<std::size_t>(depth[i])].push_back(item);
        m_nodes.insert(item->id(), item);
    }
    double tallest = 0;
    for (const auto& col : column)
        tallest = std::max(tallest, double(col.size()) * kRowHeight);
    for (std::size_t c = 0; c < column.size(); ++c) {
        const double top = (tallest - double(column[c].size()) * kRowHeight) / 2;
        for (std::size_t r = 0; r < column[c].size(); ++r) {
            column[c][r]->setPos(double(c) * kColumnWidth, top + double(r) * kRowHeight);
            addItem(column[c][r]);
        }
    }
    // Sizes come with the first figures; place edges after that (updateFrom keeps them in place).
    auto nodeOf = [&](const std::string& prefix, const std::string& name) {
        return m_nodes.value(QString::fromStdString(prefix + name));
    };
    for (std::size_t c = 0; c < s.clients.size(); ++c) {
        auto* edge =
            new EdgeItem(QStringLiteral("client-call:%1").arg(c), nodeOf("client:", s.clients[c].name),
                         nodeOf("service:", s.clients[c].target));
        addItem(edge);
        m_edges.insert(edge->id(), edge);
    }
    int callIndex = 0;
    for (const auto& svc : s.services)
        for (const auto& call : svc.calls) {
            auto* edge = new EdgeItem(QStringLiteral("call:%1").arg(callIndex++),
                                      nodeOf("service:", svc.name), nodeOf("service:", call.to));
            addItem(edge);
            m_edges.insert(edge->id(), edge);
        }
    m_particles = new ParticleLayer;
    m_particles->setZValue(10);
    addItem(m_particles);
    const QRectF bounds = itemsBoundingRect().adjusted(-60, -90, 60, 60);
    m_particles->setBounds(bounds);
    setSceneRect(bounds);
}

void TopologyScene::updateFrom(const RunModel& model, const std::vector<sim::AttemptTrace>& attempts,
                               const std::function<bool(const QString&)>& layerOn) {
    const auto& s = model.scenario();
    const auto& snap = model.snapshot();
    const double width =
        model.latest().bucketWidth.count() > 0 ? toSeconds(TimePoint(model.latest().bucketWidth.count())) : 1;
    const auto faults = activeFaults(model);
    for (std::size_t c = 0; c < s.clients.size(); ++c) {
        NodeItem* item = m_nodes.value(QStringLiteral("client:") + QString::fromStdString(s.clients[c].name));
        if (!item) continue;
        NodeItem::Figures f;
        f.title = QStringLiteral("client %1").arg(QString::fromStdString(s.clients[c].name));
        if (model.bucketsKnown() > 0) {
            const auto& series = model.clientBuckets(c);
            const std::size_t n =
                std::min<std::size_t>(kRecentBuckets, series.empty() ? 0 : series.size() - 1);
            const double requests = recentSum(series, [](const auto& b) { return double(b.requests); });
            const double attemptsSent = recentSum(series, [](const auto& b) { return double(b.attempts); });
            if (s.clients[c].arrival == scenario::ArrivalKind::Batch) // all at once: no rate to show
                f.lines << QStringLiteral("sends %1 requests at %2 s")
                               .arg(s.clients[c].batch.count)
                               .arg(s.clients[c].batch.atS);
            else if (n > 0)
                f.lines
                    << QStringLiteral("sends %1 requests/s").arg(requests / (double(n) * width), 0, 'f', 0);
            else
                f.lines << QStringLiteral("sends %1 requests/s").arg(s.clients[c].rateRps);
            const double answered =
                recentSum(series, [](const auto& b) { return double(b.outcomes.total()); });
            const double ok =
                recentSum(series, [](const auto& b) { return double(b.outcomes[Outcome::Success]); });
            const double fallback =
                recentSum(series, [](const auto& b) { return double(b.outcomes[Outcome::Degraded]); });
            if (answered > 0)
                f.lines << QStringLiteral("OK %1% · fallback %2%")
                               .arg(100 * ok / answered, 0, 'f', 1)
                               .arg(100 * fallback / answered, 0, 'f', 1);
            else
                f.lines << QStringLiteral("no answers yet");

            if (requests > 0)
                f.lines << QStringLiteral("%1 attempts per request").arg(attemptsSent / requests, 0, 'f', 2);
        }
        item->setFigures(f);
        item->setToolTip(f.title + QStringLiteral("\n") + f.lines.join(QStringLiteral("\n")));
    }
    for (std::size_t i = 0; i < s.services.size() && i < snap.services.size(); ++i) {
        const auto& svc = s.services[i];
        const auto& st = snap.services[i];
        NodeItem* item = m_nodes.value(QStringLiteral("service:") + QString::fromStdString(svc.name));
        if (!item) continue;
        NodeItem::Figures f;
        f.title = QString::fromStdString(svc.name);
        f.workers = st.workers;
        f.busy = st.busy;
        f.queued = st.queued;
        f.lines << QStringLiteral("workers busy %1 of %2").arg(st.busy).arg(st.workers);
        f.lines << (svc.queueCapacity
                        ? QStringLiteral("queue %1 of %2").arg(st.queued).arg(*svc.queueCapacity)
                        : QStringLiteral("queue %1 (unbounded)").arg(st.queued));
        if (st.hasRateLimiter)
            f.lines << (st.tokens >= 0 ? QStringLiteral("rate limiter: %1 tokens, %2 limited")
                                             .arg(st.tokens, 0, 'f', 1)
                                             .arg(st.rateLimited)
                                       : QStringLiteral("rate limiter: %1 limited").arg(st.rateLimited));
        if (st.hasShedder)
            f.lines << QStringLiteral("load shedder: %1 in flight, %2 shed").arg(st.inflight).arg(st.shed);
        if (svc.replay) { // a recorded log drives this service (the inspector names the file)
            const double logS = svc.replay->startS + toSeconds(model.now()) * svc.replay->timeScale;
            f.lines << QStringLiteral("replays a recorded log");
            f.lines << QStringLiteral("at log time %1 s").arg(logS, 0, 'f', 0);
        }
        if (svc.concurrencyControl == scenario::ConcurrencyControl::Optimistic) {
            // Writes committed, and errors: the writes that lost a race (and error_rate's, if it has one).
            const auto sum = sim::total(model.serviceBuckets(i));
            f.lines << QStringLiteral("%1 ok · %2 conflicts") // short: the node is narrow
                           .arg(sum.completed - sum.errors)
                           .arg(sum.errors);
        }
        if (const auto it = faults.find(svc.name); it != faults.end()) {
            f.faultBadge = it->second.badge;
            f.faultColor = it->second.color;
        }
        item->setFigures(f);
        item->setToolTip(f.title +
                         (f.faultBadge.isEmpty() ? QString() : QStringLiteral(" (") + f.faultBadge + ')') +
                         QStringLiteral("\n") + f.lines.join(QStringLiteral("\n")));
    }
    for (auto* edge : std::as_const(m_edges))
        edge->updateGeometry();
    for (std::size_t i = 0; i < snap.calls.size() && i < model.calls().size(); ++i) {
        EdgeItem* edge = m_edges.value(QStringLiteral("call:%1").arg(i));
        if (!edge) continue;
        const auto& cs = snap.calls[i];
        const auto& info = model.calls()[i];
        EdgeItem::Figures f;
        f.hasBreaker = cs.hasBreaker;
        f.breaker = static_cast<BreakerState>(cs.breakerState);
        f.failureRate = cs.failureRate;
        f.hasBulkhead = cs.hasBulkhead;
        f.bulkheadInUse = cs.bulkheadInUse;
        f.bulkheadMax = cs.bulkheadMax;
        f.bulkheadQueued = cs.bulkheadQueued;
        f.inflight = cs.inflight;
        const QString base =
            QStringLiteral("services[%1].calls[%2].").arg(info.serviceIndex).arg(info.callIndex);
        for (const char* layer : kLayerKeys)
            if (!layerOn(base + QLatin1String(layer))) f.disabledLayers << QString::fromLatin1(layer);
        const auto& series = model.callBuckets(i);
        const double calls = recentSum(series, [](const auto& b) { return double(b.calls); });
        const double tries = recentSum(series, [](const auto& b) { return double(b.attempts); });
        f.label = QStringLiteral("%1 in flight").arg(cs.inflight);
        if (calls > 0) f.label += QStringLiteral(" · %1 attempts/call").arg(tries / calls, 0, 'f', 2);
        edge->setFigures(f);
        QString tip = QStringLiteral("%1 -> %2\n")
                          .arg(QString::fromStdString(info.from), QString::fromStdString(info.to));
        if (cs.hasBreaker)
            tip += QStringLiteral("breaker %1, failure rate %2\n")
                       .arg(breakerStyle(f.breaker).label,
                            cs.failureRate < 0 ? QStringLiteral("not judged yet (below minimum calls)")
                                               : QStringLiteral("%1%").arg(cs.failureRate * 100, 0, 'f', 1));
        if (cs.hasBulkhead)
            tip += QStringLiteral("bulkhead %1 of %2 slots in use, %3 waiting\n")
                       .arg(cs.bulkheadInUse)
                       .arg(cs.bulkheadMax)
                       .arg(cs.bulkheadQueued);
        tip += f.label;
        edge->setToolTip(tip);
    }
    for (std::size_t c = 0; c < s.clients.size(); ++c) {
        EdgeItem* edge = m_edges.value(QStringLiteral("client-call:%1").arg(c));
        if (!edge) continue;
        EdgeItem::Figures f;
        for (const char* layer : {"retry", "timeout"})
            if (!layerOn(QStringLiteral("clients[%1].").arg(c) + QLatin1String(layer)))
                f.disabledLayers << QString::fromLatin1(layer);
        edge->setFigures(f);
    }

    // Particles: spread over the time since the last frame, in the order they happened.
    if (!m_particles) return;
    const qint64 nowMs = m_clock.elapsed();
    const std::size_t room = kMaxParticles > m_particles->count() ? kMaxParticles - m_particles->count() : 0;
    const std::size_t take = std::min(room, attempts.size());
    for (std::size_t k = 0; k < take; ++k) {
        const auto& a = attempts[k];
        EdgeItem* edge = m_edges.value(a.fromClient ? QStringLiteral("client-call:%1").arg(a.call)
                                                    : QStringLiteral("call:%1").arg(a.call));
        if (!edge) continue;
        ParticleLayer::Particle p;
        p.edge = edge;
        p.outcome = a.outcome;
        p.reachedCallee = a.reachedCallee;
        p.attempt = a.attempt;
        p.bornMs = nowMs + static_cast<qint64>(16.0 * double(k) / double(std::max<std::size_t>(1, take)));
        m_particles->add(p);
    }
    if (m_particles->count() > 0 && !m_animation->isActive()) m_animation->start();
}

void TopologyScene::animate() {
    if (!m_particles || !m_particles->advance(m_clock.elapsed())) m_animation->stop();
}

void TopologyScene::clearParticles() {
    if (m_particles) m_particles->clear();
}

std::size_t TopologyScene::particleCount() const {
    return m_particles ? m_particles->count() : 0;
}

QString TopologyScene::selectedElement() const {
    for (QGraphicsItem* item : selectedItems()) {
        if (auto* n = dynamic_cast<NodeItem*>(item)) return n->id();
        if (auto* e = dynamic_cast<EdgeItem*>(item)) return e->id();
    }
    return {};
}

void TopologyScene::selectElement(const QString& id) {
    clearSelection();
    if (auto* n = m_nodes.value(id)) n->setSelected(true);
    if (auto* e = m_edges.value(id)) e->setSelected(true);
}

} // namespace rl::ui
