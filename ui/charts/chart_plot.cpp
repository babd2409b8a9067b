#include "ui/charts/chart_plot.h"

#include "ui/charts/chart_overlay.h"
#include "ui/theme.h"
#include "ui/visual_style.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace rl::ui {

namespace {

// Okabe-Ito, in an order where neighbours differ most; black (the theme's text) last.
const QColor kOrdinal[] = {QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
                           QColor(0xCC, 0x79, 0xA7), QColor(0x56, 0xB4, 0xE9), QColor(0xD5, 0x5E, 0x00),
                           QColor(0xF0, 0xE4, 0x42)};

Qt::PenStyle dashOf(int dash) {
    static constexpr Qt::PenStyle kStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
    return kStyles[static_cast<std::size_t>(std::abs(dash)) % 4];
}

// 1, 2, 2.5, 5 times a power of ten: the step of about five grid lines up to `top`.
double niceStep(double top) {
    const double raw = top / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

// Outcomes that share a colour (the blue family of local rejections) differ by fill pattern too.
Qt::BrushStyle areaPattern(Outcome o) {
    switch (o) {
    case Outcome::Shed:
    case Outcome::BulkheadFull:
        return Qt::Dense3Pattern;
    case Outcome::Rejected:
        return Qt::DiagCrossPattern;
    case Outcome::ClientError:
        return Qt::BDiagPattern;
    default:
        return Qt::SolidPattern;
    }
}

double timeStep(double endS) {
    return endS <= 60 ? 10 : endS <= 300 ? 30 : endS <= 1200 ? 120 : endS <= 3600 ? 600 : 1800;
}

} // namespace

QFont chartFont(const Theme& theme, double pointSize, bool bold) {
    QFont f = themedFont(theme, pointSize, bold);
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pointSizeF() * 96.0 / 72.0))));
    return f;
}

QColor seriesColour(const SeriesLook& look, const Theme& theme) {
    if (look.colour == SeriesLook::Colour::Outcome)
        return outcomeStyle(static_cast<Outcome>(look.index)).fill;
    const auto n = std::size(kOrdinal);
    const auto i = static_cast<std::size_t>(std::abs(look.index));
    if (i < n) {
        // The dark blue all but disappears on a dark ground: sky blue there.
        if (i == 0 && theme.id == ThemeId::Dark) return kOrdinal[4];
        return kOrdinal[i];
    }
    return i == n ? theme.text : kOrdinal[i % n];
}

ChartPlot::ChartPlot(QChart* chart, const ChartSet& set, std::size_t index, const Theme& theme,
                     int plotPixels, const std::optional<ChartMeta>& meta)
    : m_chart(chart)
    , m_set(&set)
    , m_index(index)
    , m_theme(&theme) {
    const auto runBuckets = static_cast<std::size_t>(std::max<std::int64_t>(
        1, (set.end().count() + set.bucketWidth().count() - 1) / set.bucketWidth().count()));
    m_k = ui::bucketsPerPoint(runBuckets, plotPixels);
    build(meta);
    sync(0);
    applyTheme(theme);
}

ChartPlot::~ChartPlot() = default; // the chart owns its series, axes and overlay

double ChartPlot::endS() const {
    return toSeconds(m_set->end());
}

std::vector<QLineSeries*> ChartPlot::lines() const {
    std::vector<QLineSeries*> out;
    for (const auto& l : m_lines)
        out.push_back(l.series);
    return out;
}

void ChartPlot::build(const std::optional<ChartMeta>& meta) {
    const Chart& c = data();
    m_title = c.title;
    if (meta) {
        m_title = QStringLiteral("<b>%1</b><br><span style=\"font-size:small\">%2 &middot; seed %3 &middot; "
                                 "%4&ndash;%5 s simulated</span>")
                      .arg(c.title.toHtmlEscaped(), meta->scenario.toHtmlEscaped())
                      .arg(meta->seed)
                      .arg(meta->fromS)
                      .arg(meta->toS);
    }
    m_chart->setTitle(m_title);
    m_chart->setMargins(QMargins(6, 4, 10, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->legend()->setShowToolTips(true);

    m_x = new QValueAxis(m_chart);
    m_x->setRange(0, std::max(endS(), 1e-3));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_x->setTickInterval(timeStep(endS()));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_x->setTitleText(QObject::tr("simulated time (s)"));
    m_chart->addAxis(m_x, Qt::AlignBottom);

    if (c.kind == ChartKind::StateBands) {
        auto* y = new QCategoryAxis(m_chart);
        const auto rows = static_cast<double>(c.rows.size());
        y->setRange(0, rows);
        for (std::size_t i = 0; i < c.rows.size(); ++i) // row 0 on top
            y->append(c.rows[i].name, rows - static_cast<double>(i));
        y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
        y->setGridLineVisible(false);
        m_y = y;
        m_chart->addAxis(m_y, Qt::AlignLeft);
        // Legend entries for the states (the bands themselves are the overlay's).
        for (BreakerState s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen}) {
            auto* upper = new QLineSeries(m_chart);
            auto* area = new QAreaSeries(upper);
            upper->setParent(area);
            area->setName(breakerStyle(s).label);
            area->setColor(breakerStyle(s).fill);
            area->setBorderColor(breakerStyle(s).outline);
            if (s == BreakerState::Open) area->setBrush(QBrush(breakerStyle(s).fill));
            m_chart->addSeries(area);
            area->attachAxis(m_x);
            area->attachAxis(m_y);
        }
    } else {
        auto* y = new QValueAxis(m_chart);
        y->setRange(0, 1);
        y->setLabelFormat(QStringLiteral("%.4g"));
        y->setTitleText(c.yTitle);
        m_y = y;
        m_chart->addAxis(m_y, Qt::AlignLeft);
        for (std::size_t i = 0; i < c.series.size(); ++i) {
            auto* upper = new QLineSeries(m_chart);
            upper->setName(c.series[i].name);
            m_lines.push_back({upper, i, {}});
            if (c.kind == ChartKind::StackedArea) {
                QLineSeries* lower = nullptr;
                if (i > 0) lower = new QLineSeries(m_chart);
                m_lowers.push_back(lower);
                auto* area = new QAreaSeries(upper, lower);
                upper->setParent(area);
                if (lower) lower->setParent(area);
                area->setName(c.series[i].name);
                m_chart->addSeries(area);
                area->attachAxis(m_x);
                area->attachAxis(m_y);
            } else {
                m_chart->addSeries(upper);
                upper->attachAxis(m_x);
                upper->attachAxis(m_y);
            }
        }
        m_stack.resize(c.kind == ChartKind::StackedArea ? c.series.size() : 0);
        m_seen.assign(c.series.size(), false);
    }
    m_overlay = new ChartOverlay(m_chart, this);
    QObject::connect(m_chart, &QChart::plotAreaChanged, m_chart,
                     [overlay = m_overlay] { overlay->relayout(); });
}

void ChartPlot::syncLine(Line& line, const std::vector<double>& values, std::size_t fromGroup,
                         Decimation mode) {
    if (fromGroup > line.groupStarts.size()) fromGroup = line.groupStarts.size();
    const qsizetype keep =
        fromGroup < line.groupStarts.size() ? line.groupStarts[fromGroup] : line.series->count();
    line.groupStarts.resize(fromGroup);
    std::vector<qsizetype> starts;
    const QList<QPointF> fresh =
        decimate(values, toSeconds(m_set->bucketWidth()), m_k, fromGroup, mode, &starts);
    for (qsizetype s : starts)
        line.groupStarts.push_back(keep + s);
    // One replace, not removePoints and append: Qt Charts re-strokes the whole line (its hover shape)
    // for every point appended, which made each refresh quadratic in the points shown.
    QList<QPointF> points = line.series->points();
    points.resize(keep);
    points.append(fresh);
    line.series->replace(points);
}

void ChartPlot::updateStack(std::size_t fromBucket) {
    const Chart& c = data();
    for (std::size_t i = 0; i < m_stack.size(); ++i) {
        auto& sums = m_stack[i];
        const auto& values = c.series[i].values;
        sums.resize(std::min(sums.size(), fromBucket));
        for (std::size_t b = sums.size(); b < values.size(); ++b)
            sums.push_back((i > 0 ? m_stack[i - 1][b] : 0.0) + (std::isnan(values[b]) ? 0.0 : values[b]));
    }
}

void ChartPlot::sync(std::size_t fromBucket) {
    const Chart& c = data();
    if (c.kind == ChartKind::StateBands) {
        m_overlay->update();
        return;
    }
    const std::size_t fromGroup = fromBucket / m_k;
    if (fromBucket == 0) { // the run started over: the axis may shrink again
        m_top = 0;
        static_cast<QValueAxis*>(m_y)->setRange(0, 1);
    }
    if (c.kind == ChartKind::StackedArea) {
        updateStack(fromGroup * m_k);
        for (std::size_t i = 0; i < m_lines.size(); ++i) {
            syncLine(m_lines[i], m_stack[i], fromGroup, Decimation::Mean);
            if (m_lowers[i]) m_lowers[i]->replace(m_lines[i - 1].series->points());
        }
    } else {
        for (auto& line : m_lines)
            syncLine(line, c.series[line.source].values, fromGroup, Decimation::MinMax);
    }
    updateRange(fromGroup * m_k);
    updateLegend(fromGroup * m_k);
    m_overlay->update();
}

void ChartPlot::updateRange(std::size_t fromBucket) {
    const Chart& c = data();
    auto consider = [this, fromBucket](const std::vector<double>& values) {
        for (std::size_t b = fromBucket; b < values.size(); ++b)
            if (!std::isnan(values[b])) m_top = std::max(m_top, values[b]);
    };
    if (c.kind == ChartKind::StackedArea && !m_stack.empty())
        consider(m_stack.back());
    else
        for (const auto& s : c.series)
            consider(s.values);
    auto* y = static_cast<QValueAxis*>(m_y);
    const double want = m_top > 0 ? m_top * 1.05 : 1.0;
    if (want <= y->max()) return; // still fits (live charts only grow, so the axis does not jump)
    const double step = niceStep(want);
    const double top = std::ceil(want / step - 1e-9) * step;
    y->setRange(0, top);
    y->setTickCount(static_cast<int>(std::lround(top / step)) + 1);
    // As many decimals as the step needs, never an exponent ("12500", not "1.25e+04").
    int decimals = 0;
    while (decimals < 6 &&
           std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    y->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void ChartPlot::updateLegend(std::size_t fromBucket) {
    const Chart& c = data();
    const auto series = m_chart->series();
    bool changed = false;
    for (std::size_t i = 0; i < c.series.size() && i < static_cast<std::size_t>(series.size()); ++i) {
        if (m_seen[i] && m_shownOnce) continue;
        const auto& values = c.series[i].values;
        for (std::size_t b = m_shownOnce ? fromBucket : 0; b < values.size() && !m_seen[i]; ++b)
            m_seen[i] = !std::isnan(values[b]) && values[b] != 0;
        // Series that stayed at zero take no room in the legend (they appear when they rise).
        QAbstractSeries* shown = series[static_cast<qsizetype>(i)];
        for (QLegendMarker* marker : m_chart->legend()->markers(shown)) {
            changed = changed || marker->isVisible() != m_seen[i];
            marker->setVisible(m_seen[i]);
        }
        // An area of zeros is drawn as nothing, but filling its flat polygon still costs a repaint.
        if (c.kind == ChartKind::StackedArea) shown->setVisible(m_seen[i]);
    }
    m_shownOnce = true;
    // A marker shown again does not make the legend ask for room: without this, a live chart whose
    // series all started at zero kept a legend of no width.
    if (changed) m_chart->legend()->layout()->invalidate();
}

void ChartPlot::applyTheme(const Theme& theme) {
    m_theme = &theme;
    m_chart->setBackgroundBrush(theme.background);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setTitleFont(chartFont(theme, 11, true));
    m_chart->setTitleBrush(theme.text);
    for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(m_x), m_y}) {
        axis->setLabelsFont(chartFont(theme, 8.5));
        axis->setLabelsColor(theme.text);
        axis->setTitleFont(chartFont(theme, 9));
        axis->setTitleBrush(theme.muted);
        axis->setGridLineColor(theme.grid);
        axis->setLinePenColor(theme.muted);
        axis->setGridLinePen(QPen(theme.grid, theme.id == ThemeId::Projector ? 1.5 : 1));
    }
    m_chart->legend()->setFont(chartFont(theme, 9));
    m_chart->legend()->setLabelColor(theme.text);
    const Chart& c = data();
    if (c.kind != ChartKind::StateBands) {
        const auto all = m_chart->series();
        for (std::size_t i = 0; i < m_lines.size(); ++i) {
            const SeriesLook& look = c.series[i].look;
            const QColor colour = seriesColour(look, theme);
            if (c.kind == ChartKind::StackedArea) {
                auto* area = static_cast<QAreaSeries*>(all[static_cast<qsizetype>(i)]);
                area->setBrush(QBrush(colour, areaPattern(static_cast<Outcome>(look.index))));
                area->setBorderColor(outcomeStyle(static_cast<Outcome>(look.index)).outline);
                area->setPen(QPen(outcomeStyle(static_cast<Outcome>(look.index)).outline, 1));
            } else {
                QPen pen(colour, theme.lineWidth * (look.dash == 2 ? 1.25 : 1.0),
                         m_solidLines ? Qt::SolidLine : dashOf(look.dash));
                pen.setCapStyle(Qt::FlatCap);
                m_lines[i].series->setPen(pen);
            }
        }
    }
    m_overlay->update();
}

void ChartPlot::setSolidLines(bool solid) {
    m_solidLines = solid;
    applyTheme(*m_theme);
}

void ChartPlot::setCursor(std::optional<TimePoint> now) {
    if (now == m_cursor) return;
    m_cursor = now;
    m_overlay->update();
}

} // namespace rl::ui
