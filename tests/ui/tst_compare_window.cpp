// Compare A / B in the window: A and B run in lock step (always at the same simulated time), on the same
// arrivals; the table shows B without the breaker and fallback failing where A degrades; B's own
// changes leave A alone. The overlay charts hold A's and B's own chart values (those of a fresh
// headless run of each side), differ where the lesson says, and start over on a seek.
#include "core/sim/run_compare.h"
#include "core/sim/simulation.h"
#include "ui/charts/chart_tile.h"
#include "ui/charts/run_view.h"
#include "ui/compare_charts.h"
#include "ui/compare_window.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"
#include "ui/theme.h"

#include <QLineSeries>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace rl;
using namespace rl::ui;

namespace {

double cell(const CompareWindow* w, const QString& measure, int column) {
    for (const QString& row : w->differenceRows())
        if (row.startsWith(measure + QLatin1Char('|')))
            return row.split(QLatin1Char('|')).at(column).toDouble();
    return -1;
}

bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

const ChartSeries* seriesNamed(const Chart* c, const QString& name) {
    if (!c) return nullptr;
    for (const auto& s : c->series)
        if (s.name == name) return &s;
    return nullptr;
}

// A side run again headless to the same instant, and its charts.
struct HeadlessRun {
    explicit HeadlessRun(const SimulationController* c)
        : sim(c->scenarioWithChanges()) {
        sim.advanceTo(c->model().now());
        source = std::make_unique<SimulationRunSource>(sim);
        charts = ChartSet(source->view());
    }
    // Success and fallback answers of client 0, % of its answers, per bucket (NaN: none).
    std::vector<double> goodAnswersPercent() const {
        std::vector<double> out;
        for (std::size_t b = 0; b < charts.buckets(); ++b) {
            const auto& o = sim.clientBuckets(0)[b].outcomes;
            const auto good = o[Outcome::Success] + o[Outcome::Degraded];
            out.push_back(o.total() > 0 ? 100.0 * static_cast<double>(good) / static_cast<double>(o.total())
                                        : std::nan(""));
        }
        return out;
    }
    sim::Simulation sim;
    std::unique_ptr<SimulationRunSource> source;
    ChartSet charts;
};

bool closeValues(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::abs(a[i] - b[i]) < 1e-9 || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

double maxOf(const std::vector<double>& v, std::size_t from, std::size_t to) {
    double m = 0;
    for (std::size_t i = from; i < to && i < v.size(); ++i)
        if (!std::isnan(v[i])) m = std::max(m, v[i]);
    return m;
}

double meanOf(const std::vector<double>& v, std::size_t from, std::size_t to) {
    double sum = 0;
    int n = 0;
    for (std::size_t i = from; i < to && i < v.size(); ++i)
        if (!std::isnan(v[i])) {
            sum += v[i];
            ++n;
        }
    return n > 0 ? sum / n : std::nan("");
}

// Opens the lesson's Compare A / B and plays both sides in lock step to `seconds`.
CompareWindow* compareAt(MainWindow& w, const QString& lesson, double seconds) {
    if (!w.openScenario(lesson)) return nullptr;
    CompareWindow* cw = w.openCompare();
    if (!cw) return nullptr;
    auto* a = cw->controllerA();
    auto* b = cw->controllerB();
    if (!a->waitFor([&] { return a->model().end().count() > 0 && b->model().end().count() > 0; }))
        return nullptr;
    cw->setSpeed(100);
    cw->play();
    if (!a->waitFor([&] { return a->model().now() >= fromMillis(seconds * 1000); }, 120000)) return nullptr;
    cw->pause();
    if (!a->waitFor(
            [&] { return !a->isPlaying() && !b->isPlaying() && a->model().now() == b->model().now(); }))
        return nullptr;
    cw->charts()->flush();
    return cw;
}

} // namespace

class TestCompareWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aAndBRunInLockStepOnTheSameArrivals() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        CompareWindow* cw = w.openCompare();
        QVERIFY(cw);
        auto* a = cw->controllerA();
        auto* b = cw->controllerB();
        QVERIFY(a->waitFor([&] { return a->model().end().count() > 0 && b->model().end().count() > 0; }));
        // The lesson's B side: no breaker, no fallback.
        QVERIFY(!b->model().scenario().services[0].calls[0].circuitBreaker);
        QVERIFY(a->model().scenario().services[0].calls[0].circuitBreaker);
        cw->setSpeed(100);
        cw->play();
        QVERIFY(a->waitFor([&] { return a->model().now() >= fromMillis(100'000); }, 120000));
        cw->pause();
        QVERIFY(a->waitFor([&] { return !a->isPlaying() && !b->isPlaying(); }));
        // Lock step: the same instant on both sides, and the same requests sent.
        QCOMPARE(a->model().now(), b->model().now());
        QVERIFY(cell(cw, QStringLiteral("requests sent"), 1) > 10000);
        QCOMPARE(cell(cw, QStringLiteral("requests sent"), 1), cell(cw, QStringLiteral("requests sent"), 2));
        // During the outage A degrades (fallback) where B fails.
        QVERIFY(cell(cw, QStringLiteral("degraded (fallback) %"), 1) > 10);
        QCOMPARE(cell(cw, QStringLiteral("degraded (fallback) %"), 2), 0.0);
        QVERIFY(cell(cw, QStringLiteral("failed % of answers"), 2) >
                cell(cw, QStringLiteral("failed % of answers"), 1) + 10);
        cw->close();
    }

    void overlayChartsHoldEachSidesOwnValues() {
        // retry-storm: inventory is down from 60 s to 120 s; A retries at every hop (3 attempts per
        // call), B only at the edge.
        MainWindow w(nullptr, false);
        CompareWindow* cw = compareAt(w, QStringLiteral("builtin:retry-storm"), 100);
        QVERIFY(cw);
        const HeadlessRun a(cw->controllerA()), b(cw->controllerB());
        const ChartSet& overlay = cw->charts()->overlay();
        QCOMPARE(overlay.buckets(), a.charts.buckets());
        QCOMPARE(overlay.buckets(), b.charts.buckets());
        QCOMPARE(overlay.now(), cw->controllerA()->model().now());

        // Latency p99: A's line is A's chart, B's is B's.
        const Chart* p99 = overlay.find(QStringLiteral("ab-latency-p99-web"));
        QVERIFY(p99);
        QCOMPARE(p99->series.size(), std::size_t(2));
        QVERIFY(p99->series[0].name.startsWith(QLatin1String("A: ")));
        QCOMPARE(p99->series[1].name, QStringLiteral("B: retrying only at the edge (client)"));
        QVERIFY(sameValues(
            p99->series[0].values,
            seriesNamed(a.charts.find(QStringLiteral("latency-web")), QStringLiteral("p99"))->values));
        QVERIFY(sameValues(
            p99->series[1].values,
            seriesNamed(b.charts.find(QStringLiteral("latency-web")), QStringLiteral("p99"))->values));

        // Good answers: each side's success and fallback share of its answers, bucket by bucket.
        const Chart* good = overlay.find(QStringLiteral("ab-good-answers-web"));
        QVERIFY(good);
        QVERIFY(closeValues(good->series[0].values, a.goodAnswersPercent()));
        QVERIFY(closeValues(good->series[1].values, b.goodAnswersPercent()));

        // Retry amplification per call, each side's own.
        const Chart* amp = overlay.find(QStringLiteral("ab-retry-amplification"));
        QVERIFY(amp);
        const Chart* ampA = a.charts.find(QStringLiteral("retry-amplification"));
        const Chart* ampB = b.charts.find(QStringLiteral("retry-amplification"));
        for (const QString& call :
             {QStringLiteral("frontend -> orders"), QStringLiteral("orders -> inventory")}) {
            const ChartSeries* inA = seriesNamed(amp, QStringLiteral("A: ") + call);
            const ChartSeries* inB = seriesNamed(amp, QStringLiteral("B: ") + call);
            QVERIFY2(inA && inB, qPrintable(call));
            QVERIFY(sameValues(inA->values, seriesNamed(ampA, call)->values));
            QVERIFY(sameValues(inB->values, seriesNamed(ampB, call)->values));
        }
        // The lesson: during the outage A's inner hop makes 3 attempts per call, B's one.
        const auto& innerA = seriesNamed(amp, QStringLiteral("A: orders -> inventory"))->values;
        const auto& innerB = seriesNamed(amp, QStringLiteral("B: orders -> inventory"))->values;
        QVERIFY(maxOf(innerA, 65, 100) > 2.5);
        QVERIFY(maxOf(innerB, 65, 100) <= 1.0);
        QVERIFY(maxOf(innerA, 5, 55) < 1.1); // before the outage A and B look alike

        // The tiles draw those values: A's and B's lines both have points up to now.
        ChartTile* p99Tile = nullptr;
        for (ChartTile* t : cw->charts()->tiles())
            if (t->data().id == QLatin1String("ab-latency-p99-web")) p99Tile = t;
        QVERIFY(p99Tile);
        const auto lines = p99Tile->plot().lines();
        QCOMPARE(lines.size(), std::size_t(2));
        for (QLineSeries* line : lines) {
            QVERIFY(line->count() > 50);
            QVERIFY(line->points().last().x() >= 90);
        }
        // A's line is the wider one (live tiles draw both solid).
        QVERIFY(lines[0]->pen().widthF() > lines[1]->pen().widthF());

        // A seek starts the charts over from there.
        cw->seek(fromMillis(20'000));
        auto* ca = cw->controllerA();
        QVERIFY(ca->waitFor([&] {
            return ca->model().now() == fromMillis(20'000) &&
                   cw->controllerB()->model().now() == fromMillis(20'000);
        }));
        cw->charts()->flush();
        QVERIFY(cw->charts()->overlay().buckets() <= 21);
        for (QLineSeries* line : p99Tile->plot().lines())
            QVERIFY(line->count() == 0 || line->points().last().x() <= 21);
        cw->close();
    }

    void overlayShowsTheFallbackKeepingAUpAndTheLatencyRows() {
        // payments-outage: payments is down from 60 s to 120 s; A's breaker and fallback answer,
        // B (neither) fails.
        MainWindow w(nullptr, false);
        CompareWindow* cw = compareAt(w, QStringLiteral("builtin:payments-outage"), 110);
        QVERIFY(cw);
        const HeadlessRun a(cw->controllerA()), b(cw->controllerB());
        const ChartSet& overlay = cw->charts()->overlay();
        const Chart* good = overlay.find(QStringLiteral("ab-good-answers-web"));
        QVERIFY(good);
        QVERIFY(closeValues(good->series[0].values, a.goodAnswersPercent()));
        QVERIFY(closeValues(good->series[1].values, b.goodAnswersPercent()));
        const double goodA = meanOf(good->series[0].values, 70, 110);
        const double goodB = meanOf(good->series[1].values, 70, 110);
        QVERIFY2(goodA > goodB + 30, qPrintable(QStringLiteral("A %1 B %2").arg(goodA).arg(goodB)));
        // A has a breaker, B none: A's row only.
        const Chart* states = overlay.find(QStringLiteral("ab-breaker-states"));
        QVERIFY(states);
        QCOMPARE(states->rows.size(), std::size_t(1));
        QCOMPARE(states->rows[0].name, QStringLiteral("A: checkout -> payments"));
        QVERIFY(std::any_of(states->rows[0].segments.begin(), states->rows[0].segments.end(),
                            [](const StateSegment& s) { return s.state == BreakerState::Open; }));

        // The table's latency rows are the whole run's so far, as `run --compare` computes them.
        const auto rows = sim::compareRuns(a.sim, b.sim);
        for (const auto& row : rows) {
            if (row.key != "p50_ms" && row.key != "p99_ms") continue;
            const QString label = QString::fromStdString(row.label);
            QVERIFY2(std::abs(cell(cw, label, 1) - row.a) <= 0.051, qPrintable(label));
            QVERIFY2(std::abs(cell(cw, label, 2) - row.b) <= 0.051, qPrintable(label));
        }
        QVERIFY(cell(cw, QStringLiteral("latency p95 ms"), 1) > 0);
        QVERIFY(cell(cw, QStringLiteral("latency p95 ms"), 1) >=
                cell(cw, QStringLiteral("latency p50 ms"), 1));
        QVERIFY(cell(cw, QStringLiteral("latency p99 ms"), 1) >=
                cell(cw, QStringLiteral("latency p95 ms"), 1));
        cw->close();
    }

    void windowReadsAtProjectorSize() {
        // The window at 1600 x 1000 in the light and projector themes; with RL_SCREENSHOT_DIR set the
        // pictures are saved there to look at.
        MainWindow w(nullptr, false);
        CompareWindow* cw = compareAt(w, QStringLiteral("builtin:payments-outage"), 100);
        QVERIFY(cw);
        cw->resize(1600, 1000);
        cw->show();
        for (const ThemeId id : {ThemeId::Light, ThemeId::Projector}) {
            setActiveTheme(id);
            QCoreApplication::processEvents();
            QTest::qWait(200); // the font change re-lays out the window over several event passes
            cw->charts()->flush();
            QVERIFY(!cw->charts()->tiles().empty());
            for (ChartTile* tile : cw->charts()->tiles()) // every chart is on screen, none squeezed
                QVERIFY(tile->width() >= 300 && tile->height() >= 250);
            const QPixmap shot = cw->grab();
            QCOMPARE(shot.size(), QSize(1600, 1000));
            if (const QByteArray dir = qgetenv("RL_SCREENSHOT_DIR"); !dir.isEmpty())
                QVERIFY(shot.save(QString::fromLocal8Bit(dir) + QStringLiteral("/compare-%1.png")
                                                                    .arg(id == ThemeId::Light
                                                                             ? QStringLiteral("light")
                                                                             : QStringLiteral("projector"))));
        }
        setActiveTheme(ThemeId::Light);
        cw->close();
    }

    void bsChangesLeaveAAlone() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:mm1")));
        CompareWindow* cw = w.openCompare(); // mm1's B side: 90 requests/s
        QVERIFY(cw);
        auto* a = cw->controllerA();
        auto* b = cw->controllerB();
        QVERIFY(a->waitFor([&] { return a->model().end().count() > 0 && b->model().end().count() > 0; }));
        scenario::Change change;
        change.set.emplace_back("services[0].workers", "3");
        b->applyChange(change, QStringLiteral("3 workers"));
        QVERIFY(b->waitFor([&] { return b->model().changes().size() == 1; }));
        QCOMPARE(a->model().changes().size(), std::size_t{0});
        cw->seek(fromMillis(30'000));
        QVERIFY(a->waitFor([&] {
            return a->model().now() == fromMillis(30'000) && b->model().now() == fromMillis(30'000);
        }));
        QCOMPARE(b->model().snapshot().services[0].workers, 3);
        QCOMPARE(a->model().snapshot().services[0].workers, 1);
        cw->close();
    }
};

QTEST_MAIN(TestCompareWindow)
#include "tst_compare_window.moc"
