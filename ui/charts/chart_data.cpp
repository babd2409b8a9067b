#include "ui/charts/chart_data.h"

#include "ui/event_text.h"
#include "ui/visual_style.h"

#include <QObject>

#include <algorithm>
#include <map>

namespace rl::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

double perSecond(std::int64_t count, const RunView& run) {
    return static_cast<double>(count) / toSeconds(run.bucketWidth);
}

// Outcomes stacked bottom up: answers first, then failures, then local rejections.
constexpr Outcome kStackOrder[] = {
    Outcome::Success,  Outcome::Degraded,    Outcome::Error, Outcome::Timeout,      Outcome::ClientError,
    Outcome::Rejected, Outcome::RateLimited, Outcome::Shed,  Outcome::BulkheadFull, Outcome::CircuitOpen};

SeriesLook outcomeLook(Outcome o) {
    return {SeriesLook::Colour::Outcome, static_cast<int>(o), 0};
}

SeriesLook ordinalLook(std::size_t i) {
    return {SeriesLook::Colour::Ordinal, static_cast<int>(i), static_cast<int>(i % 4)};
}

} // namespace

ChartSet::ChartSet(const RunView& run)
    : m_width(run.bucketWidth)
    , m_end(run.end) {
    const auto& sc = *run.scenario;
    m_scenarioName = q(sc.name);
    m_seed = sc.seed;
    using B = std::size_t;

    // Throughput by outcome, per client, and summed when there are several.
    auto throughput = [&](const QString& id, const QString& title, std::vector<std::size_t> clients) {
        Chart c{id, title, QObject::tr("answers (requests/s)"), ChartKind::StackedArea, {}, {}};
        std::vector<Extractor> ex;
        for (Outcome o : kStackOrder) {
            c.series.push_back({outcomeStyle(o).label, outcomeLook(o), {}});
            ex.push_back([clients, o](const RunView& r, B b) {
                std::int64_t n = 0;
                for (std::size_t i : clients)
                    n += r.clients[i][b].outcomes[o];
                return perSecond(n, r);
            });
        }
        add(std::move(c), std::move(ex));
    };
    std::vector<std::size_t> all;
    for (std::size_t i = 0; i < sc.clients.size(); ++i) {
        all.push_back(i);
        const QString name = q(sc.clients[i].name);
        throughput(QStringLiteral("throughput-") + name,
                   QObject::tr("Answers by outcome, client %1").arg(name), {i});
    }
    if (sc.clients.size() > 1)
        throughput(QStringLiteral("throughput-all"), QObject::tr("Answers by outcome, all clients"), all);

    // Latency percentiles per client.
    for (std::size_t i = 0; i < sc.clients.size(); ++i) {
        const QString name = q(sc.clients[i].name);
        Chart c{QStringLiteral("latency-") + name,
                QObject::tr("Latency of the answers, client %1").arg(name),
                QObject::tr("latency (ms)"),
                ChartKind::Lines,
                {},
                {}};
        std::vector<Extractor> ex;
        const std::pair<const char*, float sim::ClientBucket::*> percentiles[] = {
            {"p50", &sim::ClientBucket::p50Ms},
            {"p95", &sim::ClientBucket::p95Ms},
            {"p99", &sim::ClientBucket::p99Ms}};
        std::size_t k = 0;
        for (const auto& [label, field] : percentiles) {
            c.series.push_back({QString::fromLatin1(label), ordinalLook(k++), {}});
            ex.push_back([i, field](const RunView& r, B b) {
                const auto& x = r.clients[i][b];
                return x.outcomes.total() > 0 ? static_cast<double>(x.*field) : kNoValue;
            });
        }
        add(std::move(c), std::move(ex));
    }

    // Breaker states: bands (filled from the log by takeLog).
    {
        Chart c{QStringLiteral("breaker-states"),
                QObject::tr("Circuit breaker state"),
                QObject::tr("call"),
                ChartKind::StateBands,
                {},
                {}};
        std::size_t ci = 0;
        for (const auto& s : sc.services)
            for (const auto& call : s.calls) {
                if (call.circuitBreaker) {
                    m_breakerCalls.push_back(ci);
                    c.rows.push_back({q(run.callNames[ci]), {}});
                }
                ++ci;
            }
        if (!c.rows.empty()) add(std::move(c), {});
    }

    // Bulkhead occupancy, and the services' utilisation and queue.
    auto perCallLines = [&](const QString& id, const QString& title, const QString& yTitle,
                            const std::function<bool(const scenario::Call&)>& wanted,
                            const std::function<double(const RunView&, std::size_t, B)>& value) {
        Chart c{id, title, yTitle, ChartKind::Lines, {}, {}};
        std::vector<Extractor> ex;
        std::size_t ci = 0;
        for (const auto& s : sc.services)
            for (const auto& call : s.calls) {
                if (wanted(call)) {
                    c.series.push_back({q(run.callNames[ci]), ordinalLook(c.series.size()), {}});
                    ex.push_back([ci, value](const RunView& r, B b) { return value(r, ci, b); });
                }
                ++ci;
            }
        if (!c.series.empty()) add(std::move(c), std::move(ex));
    };
    perCallLines(
        QStringLiteral("bulkhead-occupancy"), QObject::tr("Bulkhead slots in use (mean per bucket)"),
        QObject::tr("slots in use"), [](const scenario::Call& c) { return c.bulkhead.has_value(); },
        [](const RunView& r, std::size_t ci, B b) {
            return r.callBulkheadSeconds[ci][b] / toSeconds(r.bucketWidth);
        });
    auto perService = [&](const QString& id, const QString& title, const QString& yTitle,
                          const std::function<double(const RunView&, std::size_t, B)>& value) {
        Chart c{id, title, yTitle, ChartKind::Lines, {}, {}};
        std::vector<Extractor> ex;
        for (std::size_t si = 0; si < sc.services.size(); ++si) {
            c.series.push_back({q(sc.services[si].name), ordinalLook(si), {}});
            ex.push_back([si, value](const RunView& r, B b) { return value(r, si, b); });
        }
        add(std::move(c), std::move(ex));
    };
    perService(QStringLiteral("service-utilisation"),
               QObject::tr("Service utilisation (busy workers / workers)"), QObject::tr("utilisation (%)"),
               [](const RunView& r, std::size_t si, B b) {
                   const double workers = r.services[si][b].workers;
                   return workers > 0
                              ? 100.0 * r.serviceBusySeconds[si][b] / toSeconds(r.bucketWidth) / workers
                              : 0.0;
               });
    perService(QStringLiteral("service-queue"), QObject::tr("Service queue (mean length per bucket)"),
               QObject::tr("requests waiting"), [](const RunView& r, std::size_t si, B b) {
                   return r.serviceQueueSeconds[si][b] / toSeconds(r.bucketWidth);
               });

    // Retry amplification per service call.
    perCallLines(
        QStringLiteral("retry-amplification"), QObject::tr("Retry amplification (attempts per call)"),
        QObject::tr("attempts per call"), [](const scenario::Call&) { return true; },
        [](const RunView& r, std::size_t ci, B b) {
            const auto& x = r.calls[ci][b];
            return x.calls > 0 ? static_cast<double>(x.attempts) / static_cast<double>(x.calls) : kNoValue;
        });

    // Rejections at the services' doors: only those a service can make.
    {
        Chart c{QStringLiteral("rejections"),
                QObject::tr("Rejected at the service (rate limited, shed, queue full)"),
                QObject::tr("rejections (requests/s)"),
                ChartKind::Lines,
                {},
                {}};
        std::vector<Extractor> ex;
        for (std::size_t si = 0; si < sc.services.size(); ++si) {
            const auto& s = sc.services[si];
            const QString name = q(s.name);
            const int dash = static_cast<int>(si % 4);
            if (s.ingress.rateLimiter) {
                c.series.push_back(
                    {QObject::tr("%1 rate limited").arg(name),
                     {SeriesLook::Colour::Outcome, static_cast<int>(Outcome::RateLimited), dash},
                     {}});
                ex.push_back(
                    [si](const RunView& r, B b) { return perSecond(r.services[si][b].rateLimited, r); });
            }
            if (s.ingress.loadShedder) {
                c.series.push_back({QObject::tr("%1 shed").arg(name),
                                    {SeriesLook::Colour::Outcome, static_cast<int>(Outcome::Shed), dash},
                                    {}});
                ex.push_back([si](const RunView& r, B b) { return perSecond(r.services[si][b].shed, r); });
            }
            if (s.queueCapacity) {
                c.series.push_back({QObject::tr("%1 queue full").arg(name),
                                    {SeriesLook::Colour::Outcome, static_cast<int>(Outcome::Rejected), dash},
                                    {}});
                ex.push_back(
                    [si](const RunView& r, B b) { return perSecond(r.services[si][b].rejected, r); });
            }
        }
        if (!c.series.empty()) add(std::move(c), std::move(ex));
    }

    // The same refusals as each client got them: a client is one tenant and one priority class, so
    // this is "rate limited per tenant, shed per class" (final answers, after the client's retries).
    const bool limits = std::any_of(sc.services.begin(), sc.services.end(), [](const scenario::Service& s) {
        return s.ingress.rateLimiter || s.ingress.loadShedder;
    });
    if (limits) {
        Chart c{QStringLiteral("refused-by-client"),
                QObject::tr("Refused answers per client (tenant, priority class)"),
                QObject::tr("refused answers (requests/s)"),
                ChartKind::Lines,
                {},
                {}};
        std::vector<Extractor> ex;
        for (std::size_t i = 0; i < sc.clients.size(); ++i) {
            const auto& client = sc.clients[i];
            const QString who =
                QObject::tr("%1 (%2, %3)")
                    .arg(q(client.name), client.tenant.empty() ? QObject::tr("no tenant") : q(client.tenant),
                         q(std::string(priorityName(client.priority))));
            for (Outcome o : {Outcome::RateLimited, Outcome::Shed}) {
                SeriesLook look = ordinalLook(i);
                look.dash = o == Outcome::RateLimited ? 0 : 1; // solid: rate limited, dashed: shed
                c.series.push_back({QObject::tr("%1 %2").arg(who, outcomeStyle(o).label), look, {}});
                ex.push_back(
                    [i, o](const RunView& r, B b) { return perSecond(r.clients[i][b].outcomes[o], r); });
            }
        }
        add(std::move(c), std::move(ex));
    }
    update(run, 0);
}

void ChartSet::add(Chart chart, std::vector<Extractor> extractors) {
    m_charts.push_back(std::move(chart));
    m_extractors.push_back(std::move(extractors));
}

const Chart* ChartSet::find(const QString& id) const {
    for (const auto& c : m_charts)
        if (c.id == id) return &c;
    return nullptr;
}

double ChartSet::bucketStartS(std::size_t bucket) const {
    return static_cast<double>(bucket) * toSeconds(m_width);
}

ChartSet ChartSet::assembled(std::vector<Chart> charts, std::vector<TimeWindow> windows,
                             std::vector<TimeMarker> markers, const ChartSet& timing) {
    ChartSet set;
    set.m_charts = std::move(charts);
    set.m_extractors.resize(set.m_charts.size()); // none: update() keeps the values given
    set.m_windows = std::move(windows);
    set.m_markers = std::move(markers);
    set.m_buckets = timing.m_buckets;
    set.m_width = timing.m_width;
    set.m_now = timing.m_now;
    set.m_end = timing.m_end;
    set.m_scenarioName = timing.m_scenarioName;
    set.m_seed = timing.m_seed;
    return set;
}

void ChartSet::update(const RunView& run, std::size_t fromBucket) {
    m_now = run.now;
    m_end = run.end;
    m_buckets = run.buckets;
    const std::size_t from = std::min(fromBucket, run.buckets);
    for (std::size_t c = 0; c < m_charts.size(); ++c) {
        auto& series = m_charts[c].series;
        for (std::size_t s = 0; s < std::min(series.size(), m_extractors[c].size()); ++s) {
            auto& values = series[s].values;
            values.resize(std::min(values.size(), from));
            for (std::size_t b = values.size(); b < run.buckets; ++b)
                values.push_back(m_extractors[c][s](run, b));
        }
    }
    takeLog(run);
}

void ChartSet::takeLog(const RunView& run) {
    m_windows.clear();
    m_markers.clear();
    Chart* bands = nullptr;
    for (auto& c : m_charts)
        if (c.kind == ChartKind::StateBands) bands = &c;
    std::vector<BreakerState> state(run.callNames.size(), BreakerState::Closed);
    std::vector<TimePoint> since(run.callNames.size(), TimePoint{0});
    if (bands)
        for (auto& row : bands->rows)
            row.segments.clear();
    auto rowOf = [&](std::size_t call) -> StateRow* {
        if (!bands) return nullptr;
        for (std::size_t i = 0; i < m_breakerCalls.size(); ++i)
            if (m_breakerCalls[i] == call) return &bands->rows[i];
        return nullptr;
    };
    std::map<std::uint32_t, TimePoint> started; // open fault windows
    auto window = [&](std::uint32_t fault, TimePoint from, TimePoint to) {
        if (fault >= run.faults.size()) return;
        const auto& f = run.faults[fault];
        const bool outage = f.kind == scenario::FaultKind::Outage;
        static const char* const kKinds[] = {"outage", "latency", "errors", "capacity"};
        m_windows.push_back(
            {from, to, outage,
             q(f.target) + QLatin1Char(' ') + QLatin1String(kKinds[static_cast<std::size_t>(f.kind)])});
    };
    for (const auto& e : run.log) {
        switch (e.kind) {
        case sim::LogEvent::Kind::BreakerTransition: {
            if (e.subject >= state.size()) break;
            const auto to = static_cast<BreakerState>(e.to);
            if (StateRow* row = rowOf(e.subject); row && e.at > since[e.subject])
                row->segments.push_back({since[e.subject], e.at, state[e.subject]});
            state[e.subject] = to;
            since[e.subject] = e.at;
            const auto from = static_cast<BreakerState>(e.from);
            const bool probe =
                to == BreakerState::HalfOpen || (from == BreakerState::HalfOpen && to == BreakerState::Open);
            m_markers.push_back({TimeMarker::Kind::Breaker, e.at, to,
                                 q(run.callNames[e.subject]) + QLatin1Char(' ') + breakerStyle(to).label,
                                 breakerStyle(to).label, !probe});
            break;
        }
        case sim::LogEvent::Kind::FaultStart:
            started[e.subject] = e.at;
            break;
        case sim::LogEvent::Kind::FaultEnd:
            if (auto it = started.find(e.subject); it != started.end()) {
                window(e.subject, it->second, e.at);
                started.erase(it);
            }
            break;
        case sim::LogEvent::Kind::Change:
            if (e.subject < run.changes.size())
                m_markers.push_back({TimeMarker::Kind::Change, e.at, BreakerState::Closed,
                                     describeChange(run.changes[e.subject], *run.scenario),
                                     QObject::tr("change"), true});
            break;
        }
    }
    for (const auto& [fault, from] : started)
        window(fault, from, run.now);
    std::sort(m_windows.begin(), m_windows.end(),
              [](const TimeWindow& a, const TimeWindow& b) { return a.from < b.from; });
    for (std::size_t i = 0; i < m_breakerCalls.size(); ++i) {
        const std::size_t ci = m_breakerCalls[i];
        if (run.now > since[ci]) bands->rows[i].segments.push_back({since[ci], run.now, state[ci]});
    }
}

} // namespace rl::ui
