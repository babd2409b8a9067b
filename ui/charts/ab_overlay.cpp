#include "ui/charts/ab_overlay.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <optional>

namespace rl::ui {

namespace {

// Okabe-Ito positions (see seriesColour): A cool (blue, bluish green, sky blue), B warm (vermillion,
// orange, reddish purple), so A's and B's lines never share a colour and each side reads as one family.
constexpr int kColoursA[] = {0, 2, 4};
constexpr int kColoursB[] = {5, 1, 3};
constexpr int kDashA = 0, kDashB = 1;

SeriesLook lookOf(bool sideA, std::size_t nth) {
    const auto i = nth % std::size(kColoursA);
    return {SeriesLook::Colour::Ordinal, sideA ? kColoursA[i] : kColoursB[i], sideA ? kDashA : kDashB};
}

std::vector<double> cut(std::vector<double> values, std::size_t buckets) {
    values.resize(std::min(values.size(), buckets));
    return values;
}

// Per bucket: the success and fallback answers' share of all answers, % (NaN: no answer).
std::vector<double> goodAnswersPercent(const Chart& throughput) {
    std::vector<double> good, all;
    for (const auto& s : throughput.series) {
        const auto o = static_cast<Outcome>(s.look.index);
        const bool isGood = o == Outcome::Success || o == Outcome::Degraded;
        good.resize(std::max(good.size(), s.values.size()), 0.0);
        all.resize(good.size(), 0.0);
        for (std::size_t b = 0; b < s.values.size(); ++b) {
            if (std::isnan(s.values[b])) continue;
            all[b] += s.values[b];
            if (isGood) good[b] += s.values[b];
        }
    }
    for (std::size_t b = 0; b < good.size(); ++b)
        good[b] = all[b] > 0 ? 100.0 * good[b] / all[b] : kNoValue;
    return good;
}

const ChartSeries* seriesNamed(const Chart& chart, const QString& name) {
    for (const auto& s : chart.series)
        if (s.name == name) return &s;
    return nullptr;
}

class OverlayBuilder {
public:
    OverlayBuilder(const ChartSet& a, const ChartSet& b, const QString& bLabel)
        : m_a(a)
        , m_b(b)
        , m_buckets(std::min(a.buckets(), b.buckets()))
        , m_shownTo(std::min(a.now(), b.now()))
        , m_nameA(QObject::tr("A: as given"))
        , m_nameB(QObject::tr("B: %1").arg(bLabel)) {}

    std::vector<Chart> charts() {
        std::vector<Chart> out;
        for (const Chart& throughputA : m_a.charts()) {
            if (!throughputA.id.startsWith(QLatin1String("throughput-")) ||
                throughputA.id == QLatin1String("throughput-all"))
                continue;
            const QString client = throughputA.id.mid(QStringLiteral("throughput-").size());
            if (auto c = goodAnswers(client)) out.push_back(std::move(*c));
            if (auto c = latencyP99(client)) out.push_back(std::move(*c));
        }
        if (auto c = amplification()) out.push_back(std::move(*c));
        if (auto c = breakerStates()) out.push_back(std::move(*c));
        return out;
    }

    std::vector<TimeWindow> windows() const {
        std::vector<TimeWindow> out;
        for (TimeWindow w : m_a.faultWindows())
            if (w.from < m_shownTo) {
                w.to = std::min(w.to, m_shownTo);
                out.push_back(std::move(w));
            }
        for (TimeWindow w : m_b.faultWindows()) { // the same faults, unless B had some of its own
            w.to = std::min(w.to, m_shownTo);
            const bool shared = std::any_of(out.begin(), out.end(), [&](const TimeWindow& x) {
                return x.from == w.from && x.to == w.to && x.label == w.label;
            });
            if (shared || w.from >= m_shownTo) continue;
            w.label = QObject::tr("B: %1").arg(w.label);
            out.push_back(std::move(w));
        }
        return out;
    }

    std::vector<TimeMarker> markers() const {
        std::vector<TimeMarker> out;
        for (const auto& [set, side] :
             {std::pair{&m_a, QStringLiteral("A")}, std::pair{&m_b, QStringLiteral("B")}})
            for (TimeMarker m : set->markers()) {
                if (m.at > m_shownTo) continue;
                m.label = side + QStringLiteral(": ") + m.label;
                m.shortLabel = side + QLatin1Char(' ') + m.shortLabel;
                out.push_back(std::move(m));
            }
        return out;
    }

private:
    // One line per side, from the same chart of each run.
    std::optional<Chart> sideBySide(const QString& id, const QString& sourceId,
                                    const std::function<std::vector<double>(const Chart&)>& values) const {
        const Chart* a = m_a.find(sourceId);
        const Chart* b = m_b.find(sourceId);
        if (!a || !b) return std::nullopt;
        Chart c{id, {}, {}, ChartKind::Lines, {}, {}};
        c.series.push_back({m_nameA, lookOf(true, 0), cut(values(*a), m_buckets)});
        c.series.push_back({m_nameB, lookOf(false, 0), cut(values(*b), m_buckets)});
        return c;
    }

    std::optional<Chart> goodAnswers(const QString& client) const {
        auto c = sideBySide(QStringLiteral("ab-good-answers-") + client,
                            QStringLiteral("throughput-") + client, goodAnswersPercent);
        if (!c) return c;
        c->title = QObject::tr("Good answers, client %1").arg(client);
        c->yTitle = QObject::tr("success + fallback (%)");
        return c;
    }

    std::optional<Chart> latencyP99(const QString& client) const {
        auto c = sideBySide(QStringLiteral("ab-latency-p99-") + client, QStringLiteral("latency-") + client,
                            [](const Chart& latency) {
                                const ChartSeries* p99 = seriesNamed(latency, QStringLiteral("p99"));
                                return p99 ? p99->values : std::vector<double>{};
                            });
        if (!c) return c;
        c->title = QObject::tr("Latency p99, client %1").arg(client);
        c->yTitle = QObject::tr("p99 (ms)");
        return c;
    }

    // Every call's line for A, then for B (the calls B also has).
    std::optional<Chart> amplification() const {
        const Chart* a = m_a.find(QStringLiteral("retry-amplification"));
        const Chart* b = m_b.find(QStringLiteral("retry-amplification"));
        if (!a || !b) return std::nullopt;
        Chart c{QStringLiteral("ab-retry-amplification"),
                QObject::tr("Retry amplification"),
                a->yTitle,
                ChartKind::Lines,
                {},
                {}};
        std::size_t nth = 0;
        for (const auto& s : a->series)
            c.series.push_back(
                {QStringLiteral("A: ") + s.name, lookOf(true, nth++), cut(s.values, m_buckets)});
        nth = 0;
        for (const auto& s : a->series)
            if (const ChartSeries* inB = seriesNamed(*b, s.name))
                c.series.push_back(
                    {QStringLiteral("B: ") + s.name, lookOf(false, nth++), cut(inB->values, m_buckets)});
        return c;
    }

    // Each call's A row above its B row; a side without a breaker on that call has no row.
    std::optional<Chart> breakerStates() const {
        const Chart* a = m_a.find(QStringLiteral("breaker-states"));
        const Chart* b = m_b.find(QStringLiteral("breaker-states"));
        if (!a && !b) return std::nullopt;
        const TimePoint shownTo = m_shownTo;
        Chart c{QStringLiteral("ab-breaker-states"),
                QObject::tr("Circuit breaker state"),
                QObject::tr("call"),
                ChartKind::StateBands,
                {},
                {}};
        auto add = [&](const QString& side, const StateRow& row) {
            StateRow shown{side + QStringLiteral(": ") + row.name, {}};
            for (StateSegment s : row.segments)
                if (s.from < shownTo) {
                    s.to = std::min(s.to, shownTo);
                    shown.segments.push_back(s);
                }
            c.rows.push_back(std::move(shown));
        };
        std::vector<QString> names;
        for (const Chart* side : {a, b})
            if (side)
                for (const auto& row : side->rows)
                    if (std::find(names.begin(), names.end(), row.name) == names.end())
                        names.push_back(row.name);
        for (const QString& name : names)
            for (const auto& [side, letter] :
                 {std::pair{a, QStringLiteral("A")}, std::pair{b, QStringLiteral("B")}})
                if (side)
                    for (const auto& row : side->rows)
                        if (row.name == name) add(letter, row);
        return c;
    }

    const ChartSet& m_a;
    const ChartSet& m_b;
    std::size_t m_buckets;
    TimePoint m_shownTo; // the instant both runs have reached
    QString m_nameA, m_nameB;
};

} // namespace

bool isSideA(const ChartSeries& series) {
    return series.look.dash == kDashA;
}

ChartSet abOverlay(const ChartSet& a, const ChartSet& b, const QString& bLabel) {
    OverlayBuilder builder(a, b, bLabel);
    // The side that is behind gives the time shown (its "now" is the instant both have reached).
    const ChartSet& timing = b.now() < a.now() ? b : a;
    return ChartSet::assembled(builder.charts(), builder.windows(), builder.markers(), timing);
}

} // namespace rl::ui
