#include "ui/report/training_report.h"

#include "core/scenario/changes.h"
#include "core/scenario/parameter_table.h"
#include "core/scenario/scenario_schema.h"
#include "core/sim/run_compare.h"
#include "core/sim/simulation.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/run_view.h"
#include "ui/event_text.h"
#include "ui/frame_fill.h"
#include "ui/run_model.h"
#include "ui/topology_scene.h"

#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <cmath>

namespace rl::ui {

namespace {

// A4 landscape laid out at 96 px per inch (the PDF's resolution: point sizes then mean what they say).
constexpr double kPageW = 11.69 * 96, kPageH = 8.27 * 96, kMargin = 48;
const QRectF kBody(kMargin, kMargin + 34, kPageW - 2 * kMargin, kPageH - 2 * kMargin - 34 - 24);

constexpr int kLeft = Qt::AlignLeft | Qt::AlignVCenter, kRight = Qt::AlignRight | Qt::AlignVCenter;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString number(double v, bool integer) {
    if (integer) return QString::number(static_cast<long long>(std::llround(v)));
    return QString::number(v, 'f', std::abs(v) >= 100 ? 0 : (std::abs(v) >= 10 ? 1 : 2));
}

// Everything a page needs, built once from the run.
struct Report {
    const sim::Simulation& a;
    const sim::Simulation* b;
    QString bLabel;
    const Theme& theme;
    RunModel model;
    ChartSet charts;
    std::vector<sim::ComparedMetric> metrics;
    QStringList eventLines;

    Report(const sim::Simulation& runA, const sim::Simulation* runB, const QString& label, const Theme& t)
        : a(runA)
        , b(runB)
        , bLabel(label)
        , theme(t) {
        model.clear(a.scenario());
        model.apply(wholeRunFrame(a));
        charts = ChartSet(runViewOf(model));
        metrics = sim::compareRuns(a, b ? *b : a);
        for (const auto& e : model.log())
            eventLines << formatSeconds(e.at) + QStringLiteral("  ") + describeEvent(e, model);
    }
    QString title() const {
        const auto& s = model.scenario();
        return s.lesson ? qs(s.lesson->title) : qs(s.name);
    }
    QString subtitle() const {
        const auto& s = model.scenario();
        return QObject::tr("%1 \u00B7 seed %2 \u00B7 0\u2013%3 simulated")
            .arg(qs(s.name))
            .arg(s.seed)
            .arg(formatSeconds(model.now()));
    }
    static constexpr int kEventLinesPerPage = 34;
    int chartPages() const { return static_cast<int>((charts.charts().size() + 1) / 2); }
    int eventPages() const {
        return std::max(1,
                        static_cast<int>((eventLines.size() + kEventLinesPerPage - 1) / kEventLinesPerPage));
    }
    int pages() const { return 3 + chartPages() + eventPages(); }
};

class PageWriter {
public:
    PageWriter(QPdfWriter& pdf, QPainter& p, const Report& r)
        : m_pdf(pdf)
        , m_p(p)
        , m_r(r) {}

    void begin(const QString& heading) {
        if (m_page > 0) m_pdf.newPage();
        ++m_page;
        const Theme& t = m_r.theme;
        m_p.fillRect(QRectF(0, 0, kPageW, kPageH), t.background);
        m_p.setPen(t.text);
        m_p.setFont(themedFont(t, 16, true));
        m_p.drawText(QRectF(kMargin, kMargin - 8, kPageW - 2 * kMargin, 30), Qt::AlignLeft | Qt::AlignVCenter,
                     heading);
        m_p.setPen(QPen(t.grid, 1));
        m_p.drawLine(QPointF(kMargin, kMargin + 24), QPointF(kPageW - kMargin, kMargin + 24));
        m_p.setFont(themedFont(t, 8));
        m_p.setPen(t.muted);
        m_p.drawText(QRectF(kMargin, kPageH - kMargin, kPageW - 2 * kMargin, 20),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     QObject::tr("Resilience Lab training report \u00B7 %1").arg(m_r.subtitle()));
        m_p.drawText(QRectF(kMargin, kPageH - kMargin, kPageW - 2 * kMargin, 20),
                     Qt::AlignRight | Qt::AlignVCenter,
                     QObject::tr("page %1 of %2").arg(m_page).arg(m_r.pages()));
        m_y = kBody.top();
    }
    // A wrapped paragraph in the body; returns false (and draws nothing) if it does not fit.
    void paragraph(const QString& text, double pointSize = 10.5, bool bold = false, bool muted = false,
                   double width = kBody.width(), double x = kBody.left()) {
        m_p.setFont(themedFont(m_r.theme, pointSize, bold));
        m_p.setPen(muted ? m_r.theme.muted : m_r.theme.text);
        const QRectF box = m_p.boundingRect(QRectF(x, m_y, width, 10000), Qt::TextWordWrap, text);
        m_p.drawText(QRectF(x, m_y, width, box.height()), Qt::TextWordWrap, text);
        m_y += box.height() + 6;
    }
    double y() const { return m_y; }
    void setY(double y) { m_y = y; }
    QPainter& painter() { return m_p; }

private:
    QPdfWriter& m_pdf;
    QPainter& m_p;
    const Report& m_r;
    int m_page = 0;
    double m_y = 0;
};

void pageLesson(PageWriter& w, const Report& r) {
    const auto& s = r.model.scenario();
    w.begin(r.title());
    w.paragraph(r.subtitle(), 10, false, true);
    w.paragraph(s.lesson ? qs(s.lesson->story) : qs(s.description));
    if (s.lesson && !s.lesson->watch.empty()) w.paragraph(QObject::tr("Watch: ") + qs(s.lesson->watch));
    if (s.lesson && !s.lesson->tryThis.empty()) w.paragraph(QObject::tr("Try: ") + qs(s.lesson->tryThis));
    w.setY(w.y() + 6);
    w.paragraph(
        r.b ? QObject::tr("Summary: A (as given) against B (%1), same seed and arrivals").arg(r.bLabel)
            : QObject::tr("Summary"),
        12, true);
    // The table: measure, A, and for a comparison B and the change.
    QPainter& p = w.painter();
    const Theme& t = r.theme;
    const double rowH = 19 * t.fontScale;
    const double col0 = kBody.left(), colW = 130 * t.fontScale, labelW = 300 * t.fontScale;
    p.setFont(themedFont(t, 9.5, true));
    p.setPen(t.text);
    QStringList heads{QObject::tr("measure"), QObject::tr("A")};
    if (r.b) heads << QObject::tr("B") << QObject::tr("B - A");
    double x = col0;
    for (int i = 0; i < heads.size(); ++i) {
        const double width = i == 0 ? labelW : colW;
        p.drawText(QRectF(x, w.y(), width, rowH), i == 0 ? kLeft : kRight, heads[i]);
        x += width;
    }
    double y = w.y() + rowH;
    p.setFont(themedFont(t, 9.5));
    bool shade = false;
    for (const auto& m : r.metrics) {
        if (shade) p.fillRect(QRectF(col0, y, x - col0, rowH), t.surface);
        shade = !shade;
        p.setPen(t.text);
        QStringList cells{qs(m.label), number(m.a, m.integer)};
        if (r.b) {
            const double d = m.delta();
            cells << number(m.b, m.integer)
                  << (d > 0 ? QStringLiteral("+") : QString()) + number(d, m.integer);
        }
        double cx = col0;
        for (int i = 0; i < cells.size(); ++i) {
            const double width = i == 0 ? labelW : colW;
            p.drawText(QRectF(cx, y, width - 4, rowH), i == 0 ? kLeft : kRight, cells[i]);
            cx += width;
        }
        y += rowH;
    }
}

void pageSetup(PageWriter& w, const Report& r) {
    const auto& s = r.model.scenario();
    w.begin(QObject::tr("The setup"));
    // The topology at the end of the run, as the canvas draws it.
    TopologyScene scene;
    scene.rebuild(s);
    scene.updateFrom(r.model, {}, [](const QString&) { return true; });
    const QRectF source = scene.sceneRect();
    const QRectF target(kBody.left(), w.y(), kBody.width(), kBody.height() * 0.5);
    scene.render(&w.painter(), target, source, Qt::KeepAspectRatio);
    w.setY(target.bottom() + 10);
    const double half = kBody.width() / 2 - 10;
    const double top = w.y();
    w.paragraph(QObject::tr("Guided steps"), 11, true, false, half);
    if (s.lesson && !s.lesson->steps.empty()) {
        for (const auto& step : s.lesson->steps)
            w.paragraph(
                formatSeconds(fromMillis(step.atS * 1000)) + QStringLiteral("  ") + qs(step.note) +
                    (step.question.empty() ? QString() : QObject::tr(" Predict: ") + qs(step.question)),
                8.5, false, false, half);
    } else {
        w.paragraph(QObject::tr("None."), 8.5, false, true, half);
    }
    w.setY(top);
    const double right = kBody.left() + half + 20;
    w.paragraph(QObject::tr("Changes during the run"), 11, true, false, half, right);
    if (r.model.changes().empty()) w.paragraph(QObject::tr("None."), 8.5, false, true, half, right);
    for (const auto& c : r.model.changes())
        w.paragraph(formatSeconds(scenario::changeTime(c)) + QStringLiteral("  ") + describeChange(c, s), 8.5,
                    false, false, half, right);
    w.paragraph(QObject::tr("Faults"), 11, true, false, half, right);
    if (r.model.faults().empty()) w.paragraph(QObject::tr("None."), 8.5, false, true, half, right);
    for (const auto& f : r.model.faults())
        w.paragraph(
            QObject::tr("%1: %2 from %3 to %4")
                .arg(qs(f.target), qs(std::string(scenario::faultKindName(f.kind))))
                .arg(formatSeconds(fromMillis(f.fromS * 1000)), formatSeconds(fromMillis(f.toS * 1000))),
            8.5, false, false, half, right);
}

void pageParameters(PageWriter& w, const Report& r) {
    w.begin(QObject::tr("Parameters at the start"));
    const auto params = scenario::tunableParameters(r.model.scenario());
    // Three columns of "owner: key = value" lines.
    QPainter& p = w.painter();
    p.setFont(themedFont(r.theme, 7.5));
    p.setPen(r.theme.text);
    const double colW = kBody.width() / 3;
    const double lineH = QFontMetricsF(p.font()).height() + 1;
    const int perColumn = static_cast<int>(kBody.height() / lineH);
    int shown = 0;
    for (const auto& t : params) {
        if (shown >= perColumn * 3) break;
        const QString value = t.spec && !t.choice.empty() ? qs(t.choice)
                              : t.value                   ? QString::number(*t.value, 'g', 6)
                                                          : QObject::tr("none");
        const QString line =
            QStringLiteral("%1 %2 %3 = %4")
                .arg(qs(t.group), qs(t.layer), t.spec ? qs(std::string(t.spec->key)) : QString(), value)
                .simplified();
        const double x = kBody.left() + colW * (shown / perColumn);
        const double y = kBody.top() + lineH * (shown % perColumn);
        p.drawText(QRectF(x, y, colW - 8, lineH), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(line, Qt::ElideRight, colW - 8));
        ++shown;
    }
}

void pagesCharts(PageWriter& w, const Report& r) {
    const ChartMeta meta = chartMeta(r.charts);
    const auto& all = r.charts.charts();
    for (std::size_t i = 0; i < all.size(); i += 2) {
        w.begin(QObject::tr("Charts (%1 of %2)").arg(i / 2 + 1).arg(r.chartPages()));
        const double h = (kBody.height() - 10) / 2;
        for (std::size_t k = i; k < std::min(all.size(), i + 2); ++k) {
            const QRectF slot(kBody.left(), kBody.top() + static_cast<double>(k - i) * (h + 10),
                              kBody.width(), h);
            // Laid out at the slot's own size (the page is at 96 dpi): the whole width, readable text.
            renderChart(w.painter(), slot, r.charts, k, r.theme, meta, slot.size());
        }
    }
}

void pagesEvents(PageWriter& w, const Report& r) {
    for (int page = 0; page < r.eventPages(); ++page) {
        w.begin(QObject::tr("Breaker transitions and faults"));
        if (r.eventLines.isEmpty())
            w.paragraph(QObject::tr("Nothing happened: no transition, no fault."), 10, false, true);
        for (int i = page * Report::kEventLinesPerPage;
             i <
             std::min<int>(static_cast<int>(r.eventLines.size()), (page + 1) * Report::kEventLinesPerPage);
             ++i)
            w.paragraph(r.eventLines[i], 8.5);
    }
}

} // namespace

int trainingReportPages(const sim::Simulation& a, const sim::Simulation* b) {
    return Report(a, b, QString(), theme(ThemeId::Light)).pages();
}

bool writeTrainingReport(const QString& path, const sim::Simulation& a, const sim::Simulation* b,
                         const QString& bLabel, const Theme& theme, QString* error) {
    const Report report(a, b, bLabel, theme);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = file.errorString();
        return false;
    }
    QPdfWriter pdf(&file);
    pdf.setTitle(report.title());
    pdf.setCreator(QStringLiteral("Resilience Lab"));
    pdf.setResolution(96);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageOrientation(QPageLayout::Landscape);
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter;
    if (!painter.begin(&pdf)) {
        file.cancelWriting();
        if (error) *error = QObject::tr("could not start the PDF");
        return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    PageWriter w(pdf, painter, report);
    pageLesson(w, report);
    pageSetup(w, report);
    pageParameters(w, report);
    pagesCharts(w, report);
    pagesEvents(w, report);
    painter.end();
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace rl::ui
