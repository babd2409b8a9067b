// The charts' numbers are the run's numbers: a chart built from a headless Simulation holds the
// buckets of `run --out`'s timeseries.csv; the GUI's live charts (built frame by frame from the
// RunModel) equal the charts of a fresh headless run, series and plotted points; decimation keeps the
// extremes. Also prints what one frame's chart update costs on an hour-long run (no timing asserts).
#include "app/cli/command.h"
#include "core/scenario/scenario_json.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/chart_plot.h"
#include "ui/charts/chart_tile.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/decimate.h"
#include "ui/lesson_panel.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"
#include "ui/theme.h"

#include <QChart>
#include <QCheckBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <sstream>

using namespace rl;
using namespace rl::ui;

namespace {

scenario::Scenario builtin(const char* name, double durationS = 0) {
    const auto* b = findBuiltinScenario(name);
    auto loaded = scenario::parseScenario(std::string(b->json));
    if (durationS > 0) loaded.scenario->durationS = durationS;
    return *loaded.scenario;
}

// timeseries.csv as columns by name.
struct Csv {
    QStringList header;
    std::vector<QStringList> rows;
    int column(const QString& name) const { return static_cast<int>(header.indexOf(name)); }
    double at(std::size_t row, const QString& name) const { return rows[row][column(name)].toDouble(); }
};

Csv readCsv(const QString& path) {
    Csv csv;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return csv;
    csv.header = QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(','));
    while (!f.atEnd())
        csv.rows.push_back(QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(',')));
    return csv;
}

bool closeTo(double a, double b) { // the CSV keeps 6 significant digits
    return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b));
}

const ChartSeries& seriesNamed(const Chart& c, const QString& name) {
    for (const auto& s : c.series)
        if (s.name == name) return s;
    qFatal("no series %s in %s", qPrintable(name), qPrintable(c.id));
}

bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

} // namespace

class TestCharts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seriesHoldTheBucketsOfTimeseriesCsv() {
        // A headless `run --out` of payments-outage, seed 42, and the charts of the same run.
        QTemporaryDir dir;
        std::ostringstream out, err;
        const int code =
            cli::runCli({"run", "builtin:payments-outage", "--seed", "42", "--out", dir.path().toStdString()},
                        {out, err});
        QVERIFY2(code == 0, err.str().c_str());
        const Csv csv = readCsv(dir.filePath(QStringLiteral("timeseries.csv")));
        QVERIFY(!csv.rows.empty());

        sim::Simulation sim(builtin("payments-outage"));
        sim.runToEnd();
        const SimulationRunSource source(sim);
        const ChartSet charts(source.view());
        QCOMPARE(charts.buckets(), csv.rows.size());
        const double width = toSeconds(charts.bucketWidth());

        const Chart* throughput = charts.find(QStringLiteral("throughput-web"));
        const Chart* latency = charts.find(QStringLiteral("latency-web"));
        const Chart* bulkhead = charts.find(QStringLiteral("bulkhead-occupancy"));
        const Chart* utilisation = charts.find(QStringLiteral("service-utilisation"));
        const Chart* queue = charts.find(QStringLiteral("service-queue"));
        const Chart* states = charts.find(QStringLiteral("breaker-states"));
        QVERIFY(throughput && latency && bulkhead && utilisation && queue && states);
        QVERIFY(charts.find(QStringLiteral("retry-amplification")) &&
                charts.find(QStringLiteral("rejections")));
        QCOMPARE(states->rows.size(), std::size_t(1));

        int opened = 0;
        for (std::size_t b = 0; b < csv.rows.size(); ++b) {
            QCOMPARE(csv.at(b, QStringLiteral("t_s")), charts.bucketStartS(b));
            // Answers per second, by outcome.
            QCOMPARE(seriesNamed(*throughput, QStringLiteral("success")).values[b],
                     csv.at(b, QStringLiteral("client.web.success")) / width);
            QCOMPARE(seriesNamed(*throughput, QStringLiteral("degraded (fallback)")).values[b],
                     csv.at(b, QStringLiteral("client.web.degraded")) / width);
            // Latency percentiles (none plotted in a bucket without answers).
            const double answered = csv.at(b, QStringLiteral("client.web.success")) +
                                    csv.at(b, QStringLiteral("client.web.degraded")) +
                                    csv.at(b, QStringLiteral("client.web.error")) +
                                    csv.at(b, QStringLiteral("client.web.timeout"));
            const double p99 = seriesNamed(*latency, QStringLiteral("p99")).values[b];
            if (answered > 0)
                QVERIFY2(closeTo(p99, csv.at(b, QStringLiteral("client.web.p99_ms"))),
                         qPrintable(QString::number(b)));
            // Time integrals: bulkhead slots, busy workers, queue.
            QVERIFY(closeTo(seriesNamed(*bulkhead, QStringLiteral("checkout -> payments")).values[b],
                            csv.at(b, QStringLiteral("call.checkout.payments.bulkhead_in_use"))));
            QVERIFY(closeTo(seriesNamed(*utilisation, QStringLiteral("checkout")).values[b],
                            100 * csv.at(b, QStringLiteral("service.checkout.busy")) /
                                csv.at(b, QStringLiteral("service.checkout.workers"))));
            QVERIFY(closeTo(seriesNamed(*queue, QStringLiteral("checkout")).values[b],
                            csv.at(b, QStringLiteral("service.checkout.queue"))));
            // The band's state at the end of the bucket is the CSV's breaker_state.
            const TimePoint lastInstant((static_cast<std::int64_t>(b) + 1) * charts.bucketWidth().count() -
                                        1);
            QString state;
            for (const auto& s : states->rows[0].segments)
                if (s.from <= lastInstant && lastInstant < s.to)
                    state = QString::fromUtf8(breakerStateName(s.state).data());
            QCOMPARE(state, csv.rows[b][csv.column(QStringLiteral("call.checkout.payments.breaker_state"))]);
            opened += state == QLatin1String("open");
        }
        QVERIFY(opened > 0); // the outage opened the breaker: the comparison saw more than CLOSED
        // The fault window is the scenario's outage, 60 s to 120 s.
        QCOMPARE(charts.faultWindows().size(), std::size_t(1));
        QCOMPARE(toSeconds(charts.faultWindows()[0].from), 60.0);
        QCOMPARE(toSeconds(charts.faultWindows()[0].to), 120.0);
    }

    void refusalsPerClientAreTheTenantsAndClasses() {
        // Per-tenant rate limiting: the loud tenant's refused answers per second are its own bucket
        // counts; the quiet tenants have none.
        sim::Simulation sim(builtin("rate-limit-tenants"));
        sim.runToEnd();
        const SimulationRunSource source(sim);
        const ChartSet charts(source.view());
        const Chart* refused = charts.find(QStringLiteral("refused-by-client"));
        QVERIFY(refused);
        const double width = toSeconds(TimePoint(sim.bucketWidth().count()));
        const auto& loud =
            seriesNamed(*refused, QStringLiteral("importer (bulk-importer, low) rate limited"));
        const auto& quiet = seriesNamed(*refused, QStringLiteral("acme (acme, normal) rate limited"));
        double total = 0;
        for (std::size_t b = 0; b < sim.bucketCount(); ++b) {
            QCOMPARE(loud.values[b], double(sim.clientBuckets(0)[b].outcomes[Outcome::RateLimited]) / width);
            QCOMPARE(quiet.values[b], 0.0);
            total += loud.values[b];
        }
        QVERIFY(total > 1000);
        // No limiter, no shedder: no such chart.
        sim::Simulation plain(builtin("mm1"));
        plain.runToEnd();
        const SimulationRunSource plainSource(plain);
        QVERIFY(!ChartSet(plainSource.view()).find(QStringLiteral("refused-by-client")));
    }

    void liveChartsEqualTheChartsOfAHeadlessRun() {
        // The window builds its charts from frames: a seek (a reset frame) to 50 s, then play to the end
        // at full speed (frames that add buckets). The result equals a fresh headless run's charts.
        MainWindow window(nullptr, false);
        window.resize(1400, 900);
        QVERIFY(window.openScenario(QStringLiteral("builtin:payments-outage"), nullptr, true));
        auto* c = window.controller();
        c->seek(fromMillis(50'000));
        QVERIFY(c->waitFor([&] { return c->model().now() == fromMillis(50'000) && !c->isPlaying(); }));
        window.lesson()->pauseAtStops()->setChecked(false); // the lesson would stop play at 120 s
        c->setSpeed(0);
        c->play();
        QVERIFY(c->waitFor([&] { return c->model().latest().finished && !c->isPlaying(); }));
        ChartsPanel* panel = window.charts();
        panel->flush();

        sim::Simulation sim(c->scenarioWithChanges());
        sim.runToEnd();
        const SimulationRunSource source(sim);
        const ChartSet fresh(source.view());
        const ChartSet& live = panel->charts();
        QCOMPARE(live.charts().size(), fresh.charts().size());
        QCOMPARE(live.buckets(), fresh.buckets());
        for (std::size_t i = 0; i < fresh.charts().size(); ++i) {
            const Chart& a = live.charts()[i];
            const Chart& b = fresh.charts()[i];
            QCOMPARE(a.id, b.id);
            QCOMPARE(a.series.size(), b.series.size());
            for (std::size_t s = 0; s < a.series.size(); ++s)
                QVERIFY2(sameValues(a.series[s].values, b.series[s].values),
                         qPrintable(a.id + QLatin1Char(' ') + a.series[s].name));
            QCOMPARE(a.rows.size(), b.rows.size());
            for (std::size_t r = 0; r < a.rows.size(); ++r)
                QVERIFY(a.rows[r].segments == b.rows[r].segments);
        }
        QCOMPARE(live.markers().size(), fresh.markers().size());
        QCOMPARE(live.faultWindows().size(), fresh.faultWindows().size());

        // The tiles' points, appended frame by frame, are those of a chart drawn at once.
        QCOMPARE(panel->tiles().size(), fresh.charts().size());
        for (ChartTile* tile : panel->tiles()) {
            QChart chart;
            ChartPlot whole(&chart, fresh, tile->plot().index(), activeTheme(), 800);
            const auto liveLines = tile->plot().lines();
            const auto wholeLines = whole.lines();
            QCOMPARE(liveLines.size(), wholeLines.size());
            for (std::size_t l = 0; l < liveLines.size(); ++l)
                QCOMPARE(liveLines[l]->points(), wholeLines[l]->points());
        }
    }

    void liveTilesDrawSolidLinesAndSkipEmptyAreas() {
        // Dashes are stroked in software (tens of ms per repaint of a full chart), so live tiles draw
        // solid lines; an export keeps the dash patterns. An outcome that never happened has no area.
        MainWindow window(nullptr, false);
        window.resize(1400, 900);
        QVERIFY(window.openScenario(QStringLiteral("builtin:payments-outage"), nullptr, true));
        window.show(); // laid out before any value comes: every legend entry hidden then
        window.findChild<QDockWidget*>(QStringLiteral("chartsDock"))->raise();
        QCoreApplication::processEvents();
        auto* c = window.controller();
        c->seek(fromMillis(150'000));
        QVERIFY(c->waitFor([&] { return c->model().now() == fromMillis(150'000) && !c->isPlaying(); }));
        window.charts()->flush();
        ChartTile* latency = nullptr;
        ChartTile* throughput = nullptr;
        for (ChartTile* t : window.charts()->tiles()) {
            if (t->data().id == QLatin1String("latency-web")) latency = t;
            if (t->data().id == QLatin1String("throughput-web")) throughput = t;
        }
        QVERIFY(latency && throughput);
        // The tile was made before any value came (all markers hidden); once they show, the legend
        // takes its room right of the plot.
        QCoreApplication::processEvents();
        const QLegend* legend = latency->chart()->legend();
        for (QLegendMarker* m : legend->markers())
            QVERIFY(m->isVisible());
        // ... and draws its entries there (the geometry alone was right while the entries were not drawn).
        const QImage picture = latency->grab().toImage();
        const QRect legendInView =
            latency->mapFromScene(latency->chart()->mapToScene(legend->geometry())).boundingRect();
        const QColor p50 = latency->plot().lines()[0]->pen().color();
        int p50Pixels = 0;
        for (int y = legendInView.top(); y <= legendInView.bottom() && y < picture.height(); ++y)
            for (int x = legendInView.left(); x <= legendInView.right() && x < picture.width(); ++x)
                p50Pixels += picture.pixelColor(x, y) == p50;
        QVERIFY2(p50Pixels >= 20,
                 qPrintable(QStringLiteral("%1 pixels of p50's colour in the legend").arg(p50Pixels)));
        QVERIFY2(legend->geometry().width() > 30 &&
                     legend->geometry().left() >= latency->chart()->plotArea().right(),
                 qPrintable(QStringLiteral("legend at x %1, %2 wide; plot ends at %3")
                                .arg(legend->geometry().left())
                                .arg(legend->geometry().width())
                                .arg(latency->chart()->plotArea().right())));
        QChart exported;
        ChartPlot print(&exported, window.charts()->charts(), latency->plot().index(), activeTheme(), 800);
        const auto live = latency->plot().lines();
        const auto printed = print.lines();
        QCOMPARE(live.size(), std::size_t{3}); // p50, p95, p99
        for (std::size_t i = 0; i < live.size(); ++i)
            QCOMPARE(live[i]->pen().style(), Qt::SolidLine);
        QCOMPARE(printed[0]->pen().style(), Qt::SolidLine);
        QCOMPARE(printed[1]->pen().style(), Qt::DashLine);
        QCOMPARE(printed[2]->pen().style(), Qt::DotLine);

        const Chart& data = throughput->data();
        const auto areas = throughput->chart()->series();
        QCOMPARE(static_cast<std::size_t>(areas.size()), data.series.size());
        int hidden = 0, shown = 0;
        for (std::size_t i = 0; i < data.series.size(); ++i) {
            const auto& v = data.series[i].values;
            const bool happened = std::any_of(v.begin(), v.end(), [](double x) { return x > 0; });
            QCOMPARE(areas[static_cast<qsizetype>(i)]->isVisible(), happened);
            (happened ? shown : hidden) += 1;
        }
        QVERIFY(shown >= 2 && hidden >= 1); // successes and fallbacks or errors; some outcome never
    }

    void hoverTellsTheValuesAndAClickSeeks() {
        MainWindow window(nullptr, false);
        window.resize(1400, 900);
        QVERIFY(window.openScenario(QStringLiteral("builtin:payments-outage"), nullptr, true));
        window.show();
        auto* c = window.controller();
        c->seek(fromMillis(90'000));
        QVERIFY(c->waitFor([&] { return c->model().now() == fromMillis(90'000) && !c->isPlaying(); }));
        window.charts()->flush();
        ChartTile* tile = nullptr;
        for (ChartTile* t : window.charts()->tiles())
            if (t->data().id == QLatin1String("breaker-states")) tile = t;
        QVERIFY(tile);
        ChartTile* throughput = window.charts()->tiles().front();
        QCOMPARE(throughput->data().id, QStringLiteral("throughput-web"));
        // After the seek (a reset frame) the tiles hold the 90 s so far: the success area reaches 89 s.
        const auto lines = throughput->plot().lines();
        QVERIFY(!lines.empty() && lines.front()->count() > 0);
        QVERIFY(lines.front()->points().back().x() >= 89);
        // At 65 s the outage is on and the breaker open (it opens a second or so after 60 s).
        const QString text = tile->describe(fromMillis(65'000));
        QVERIFY2(text.contains(QLatin1String("OPEN")) && text.contains(QLatin1String("payments outage")),
                 qPrintable(text));
        // A click in the plot seeks to the time under the mouse.
        const QRectF plot =
            tile->mapFromScene(tile->chart()->mapToScene(tile->chart()->plotArea())).boundingRect();
        const QPoint at(static_cast<int>(plot.left() + plot.width() / 4),
                        static_cast<int>(plot.center().y()));
        const TimePoint expected = tile->timeAt(at.x());
        QVERIFY(std::abs(toSeconds(expected) - 45.0) < 2.0);
        QTest::mouseClick(tile->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(c->waitFor([&] { return c->model().now() == expected && !c->isPlaying(); }));
    }

    void decimationKeepsMinAndMax() {
        // 1000 buckets of a slow wave with one spike up and one down; 10 buckets a point.
        std::vector<double> values(1000);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = 50 + 10 * std::sin(static_cast<double>(i) / 50);
        values[437] = 900;
        values[438] = std::nan("");
        values[771] = -40;
        QCOMPARE(bucketsPerPoint(3600, 800), std::size_t(5));
        QCOMPARE(bucketsPerPoint(100, 800), std::size_t(1));
        const std::size_t k = 10;
        std::vector<qsizetype> starts;
        const QList<QPointF> points = decimate(values, 1.0, k, 0, Decimation::MinMax, &starts);
        QCOMPARE(starts.size(), std::size_t(100));
        QVERIFY(points.size() <= 200);
        for (std::size_t g = 0; g < 100; ++g) {
            double lo = 1e9, hi = -1e9;
            for (std::size_t b = g * k; b < (g + 1) * k; ++b)
                if (!std::isnan(values[b])) lo = std::min(lo, values[b]), hi = std::max(hi, values[b]);
            const qsizetype end = g + 1 < starts.size() ? starts[g + 1] : points.size();
            double plo = 1e9, phi = -1e9;
            for (qsizetype p = starts[g]; p < end; ++p)
                plo = std::min(plo, points[p].y()), phi = std::max(phi, points[p].y());
            QCOMPARE(plo, lo);
            QCOMPARE(phi, hi);
        }
        // The spikes stay at their own time.
        QVERIFY(points.contains(QPointF(437, 900)));
        QVERIFY(points.contains(QPointF(771, -40)));
        // Mean keeps the rate: the mean of the points is the mean of the groups.
        const QList<QPointF> means = decimate(std::vector<double>(1000, 3.5), 1.0, k, 0, Decimation::Mean);
        QCOMPARE(means.size(), 100);
        for (const QPointF& p : means)
            QCOMPARE(p.y(), 3.5);
        // Redoing from a group gives the same points as doing it all.
        const QList<QPointF> tail = decimate(values, 1.0, k, 43, Decimation::MinMax);
        QCOMPARE(tail, points.mid(starts[43]));
    }

    void anHourLongRunAt1000xKeepsUp() {
        // What the dock does per frame at 1000x (60 frames a second: 16 one-second buckets each) on
        // an hour-long run: take the new buckets into the ChartSet, and sync every plot. Measured and
        // printed, not asserted; asserted: the plots stay near the pixel width.
        sim::Simulation sim(builtin("payments-outage", 3600));
        sim.runToEnd();
        const SimulationRunSource source(sim);
        const RunView whole = source.view();
        auto upTo = [&](std::size_t buckets) {
            RunView v = whole;
            v.buckets = buckets;
            v.now = TimePoint(static_cast<std::int64_t>(buckets) * v.bucketWidth.count());
            std::size_t n = 0;
            while (n < v.log.size() && v.log[n].at < v.now)
                ++n;
            v.log = v.log.first(n);
            return v;
        };
        ChartSet set(upTo(1));
        std::vector<std::unique_ptr<QChart>> charts;
        std::vector<std::unique_ptr<ChartPlot>> plots;
        for (std::size_t i = 0; i < set.charts().size(); ++i) {
            charts.push_back(std::make_unique<QChart>());
            plots.push_back(std::make_unique<ChartPlot>(charts.back().get(), set, i, activeTheme(), 800));
        }
        QElapsedTimer timer;
        qint64 worstNs = 0, totalNs = 0;
        int frames = 0;
        for (std::size_t b = 16; b <= whole.buckets; b += 16) {
            timer.start();
            set.update(upTo(b), b - 17); // the bucket in progress comes again
            for (auto& p : plots)
                p->sync(b - 17);
            const qint64 ns = timer.nsecsElapsed();
            worstNs = std::max(worstNs, ns);
            totalNs += ns;
            ++frames;
        }
        qint64 points = 0;
        for (auto& p : plots)
            for (QLineSeries* l : p->lines()) {
                QVERIFY(l->count() <= 2 * 720 + 2);
                points += l->count();
            }
        // Drawing every chart once at the dock's size, with the hour in it.
        timer.start();
        QImage image(700, 300, QImage::Format_ARGB32_Premultiplied);
        for (std::size_t i = 0; i < set.charts().size(); ++i) {
            QPainter painter(&image);
            renderChart(painter, QRectF(0, 0, 700, 300), set, i, activeTheme(), chartMeta(set));
        }
        const qint64 drawNs = timer.nsecsElapsed();
        qInfo("hour-long run, %zu charts, %lld points plotted: %d frames, mean %.2f ms, worst %.2f ms per "
              "frame; "
              "drawing all charts once %.1f ms",
              set.charts().size(), static_cast<long long>(points), frames,
              static_cast<double>(totalNs) / 1e6 / frames, static_cast<double>(worstNs) / 1e6,
              static_cast<double>(drawNs) / 1e6);
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
