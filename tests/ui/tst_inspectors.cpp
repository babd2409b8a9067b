// The inspectors, driven through the main window (offscreen) and checked against a fresh headless run
// stopped at the same instant: the breaker's state, cause and window cells, the bulkhead's slots and
// waiters, the limiters' token levels, the shedder's classes, the work nobody waits for, the retry
// timeline; and their exports.
#include "core/scenario/scenario_json.h"
#include "core/scenario/scenario_writer.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "ui/inspector_panel.h"
#include "ui/inspectors/breaker_view.h"
#include "ui/inspectors/capacity_views.h"
#include "ui/inspectors/retry_timeline_view.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"
#include "ui/theme.h"
#include "ui/topology_scene.h"
#include "ui/topology_view.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace rl;
using namespace rl::ui;

namespace {

scenario::Scenario builtin(std::string_view name) {
    return *scenario::parseScenario(std::string(findBuiltinScenario(name)->json)).scenario;
}

bool seekAndWait(SimulationController* c, TimePoint t) {
    c->seek(t);
    return c->waitFor([&] { return c->model().now() == t && !c->isPlaying(); });
}

sim::Snapshot freshAt(const scenario::Scenario& s, TimePoint t) {
    sim::Simulation sim(s);
    sim.advanceTo(t);
    return sim.snapshot();
}

// Opens a scenario in the window (written to a file first, as a user would have it).
bool open(MainWindow& w, const QTemporaryDir& dir, const scenario::Scenario& s) {
    const QString path = dir.filePath(QStringLiteral("scenario.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    f.write(QByteArray::fromStdString(scenario::saveScenarioText(s)));
    f.close();
    return w.openScenario(path);
}

TimePoint at(double seconds) {
    return fromMillis(seconds * 1000);
}

} // namespace

class TestInspectors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void breakerInspectorShowsOpenWithItsCause() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(seekAndWait(c, at(62)));
        w.inspector()->select(QStringLiteral("call:0"));
        const BreakerView* view = w.inspector()->breakerView();
        QVERIFY(view->isVisible());
        QCOMPARE(view->stateText(), QStringLiteral("OPEN"));
        QVERIFY2(view->causeText().contains(QStringLiteral("failure rate 50% >= 50% over the last 20 calls")),
                 qPrintable(view->causeText()));
        const auto fresh = freshAt(c->scenarioWithChanges(), at(62)).calls[0].breaker;
        QCOMPARE(view->figure().view.openUntil, fresh.openUntil);
        QCOMPARE(view->figure().view.rejected, fresh.rejected);
        QVERIFY(view->figure().cells.empty()); // nothing is judged while open
        // The trip is in the history with the same words as the event log.
        QCOMPARE(view->figure().history.size(), std::size_t{1});
        QCOMPARE(view->figure().history[0].to, BreakerState::Open);
        QVERIFY(w.inspector()->text().contains(QStringLiteral("Circuit breaker checkout -> payments: OPEN")));
    }

    void windowCellsMatchTheBreakersOwnCounts() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("call:0"));
        // Just before the trip the window holds failures; at 50 s it is all successes.
        for (double t : {50.0, 60.02}) {
            QVERIFY(seekAndWait(c, at(t)));
            const auto fresh = freshAt(c->scenarioWithChanges(), at(t)).calls[0];
            const auto& figure = w.inspector()->breakerView()->figure();
            QCOMPARE(figure.view.state, BreakerState::Closed);
            QCOMPARE(figure.cells, fresh.breakerCells);
            QCOMPARE(figure.view.bufferedCalls, fresh.breaker.bufferedCalls);
            QCOMPARE(figure.view.failedCalls, fresh.breaker.failedCalls);
            QCOMPARE(figure.cells.size(), std::size_t{20});
            std::int32_t failures = 0;
            for (const auto& cell : figure.cells)
                failures += cell.failures;
            QCOMPARE(failures, fresh.breaker.failedCalls);
            if (t > 60) QVERIFY(failures > 0);
        }
    }

    void halfOpenShowsTheTrialBudget() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("call:0"));
        QVERIFY(seekAndWait(c, at(120.07))); // the breaker probed at 120.06 s
        const auto fresh = freshAt(c->scenarioWithChanges(), at(120.07)).calls[0].breaker;
        const BreakerView* view = w.inspector()->breakerView();
        QCOMPARE(view->stateText(), QStringLiteral("HALF-OPEN"));
        QCOMPARE(view->figure().view.halfOpenInFlight, fresh.halfOpenInFlight);
        QCOMPARE(view->figure().view.halfOpenPermitsLeft, fresh.halfOpenPermitsLeft);
        QVERIFY(view->figure().view.halfOpenInFlight > 0);
    }

    void bulkheadCellsEqualThePrimitive() {
        // A bulkhead with a waiting line, so both slots and waiters show.
        auto s = builtin("payments-outage");
        s.services[0].calls[0].bulkhead->maxConcurrent = 4;
        s.services[0].calls[0].bulkhead->maxQueue = 10;
        s.services[0].calls[0].bulkhead->maxWait = fromMillis(200);
        QTemporaryDir dir;
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(open(w, dir, s));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("call:0"));
        bool sawWaiters = false;
        for (double t : {20.0, 30.5, 45.25, 59.9}) {
            QVERIFY(seekAndWait(c, at(t)));
            const auto fresh = freshAt(c->scenarioWithChanges(), at(t)).calls[0];
            const auto& figure = w.inspector()->bulkheadView()->figure();
            QVERIFY(w.inspector()->bulkheadView()->isVisible());
            QCOMPARE(figure.view.inUse, fresh.bulkhead.inUse);
            QCOMPARE(figure.view.queued, fresh.bulkhead.queued);
            QCOMPARE(figure.view.rejected, fresh.bulkhead.rejected);
            QCOMPARE(figure.oldestWait, fresh.bulkheadOldestWait);
            QCOMPARE(figure.maxWait, fromMillis(200));
            sawWaiters |= figure.view.queued > 0;
        }
        QVERIFY(sawWaiters);
    }

    void tokenLevelsEqualTheLimiters() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:rate-limit-tenants")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("service:api"));
        for (double t : {10.0, 30.123}) {
            QVERIFY(seekAndWait(c, at(t)));
            const auto fresh = freshAt(c->scenarioWithChanges(), at(t)).services[0];
            const auto& figure = w.inspector()->rateLimiterView()->figure();
            QVERIFY(w.inspector()->rateLimiterView()->isVisible());
            QCOMPARE(figure.tenants.size(), fresh.tenants.size());
            for (std::size_t i = 0; i < figure.tenants.size(); ++i) {
                QCOMPARE(figure.tenants[i].name, QString::fromStdString(fresh.tenants[i].tenant));
                QCOMPARE(figure.tenants[i].view.tokens, fresh.tenants[i].view.tokens);
                QCOMPARE(figure.tenants[i].view.rejected, fresh.tenants[i].view.rejected);
            }
            QCOMPARE(figure.lastRetryAfter, fresh.lastRetryAfter);
            // The loud tenant is the one throttled.
            QVERIFY(figure.tenants[0].view.rejected > 0);
            QCOMPARE(figure.tenants[1].view.rejected, 0);
        }
    }

    void shedderAndServiceEqualTheSimulation() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:load-shedding")));
        auto* c = w.controller();
        const auto& spec = c->model().scenario().services;
        const QString name = QString::fromStdString(spec[0].name);
        w.inspector()->select(QStringLiteral("service:") + name);
        QVERIFY(seekAndWait(c, at(70)));
        const auto fresh = freshAt(c->scenarioWithChanges(), at(70)).services[0];
        QVERIFY(w.inspector()->serviceView()->isVisible());
        QCOMPARE(w.inspector()->serviceView()->figure().busy, fresh.busy);
        QCOMPARE(w.inspector()->serviceView()->figure().queued, fresh.queued);
        QCOMPARE(w.inspector()->serviceView()->figure().abandoned, fresh.abandoned);
        QVERIFY(fresh.hasShedder);
        {
            const auto& v = w.inspector()->shedderView()->figure().view;
            QCOMPARE(v.inflight, fresh.shedder.inflight);
            QCOMPARE(v.shed, fresh.shedder.shed);
            QCOMPARE(v.shedAt, fresh.shedder.shedAt);
        }
    }

    void abandonedWorkMatchesTheSimulation() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:metastable")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("service:database"));
        QVERIFY(seekAndWait(c, at(90)));
        const auto fresh = freshAt(c->scenarioWithChanges(), at(90)).services[0];
        const auto& figure = w.inspector()->serviceView()->figure();
        QCOMPARE(figure.abandoned, fresh.abandoned);
        QVERIFY(figure.abandoned > 0);
    }

    void readyMeansANewRequestWouldBeTaken() {
        // payments in incident-replay has no waiting room (queue_capacity 0): with free workers it is
        // ready, though its queue "0 of 0" is full; the inspector also names the log it replays.
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:incident-replay")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("service:payments"));
        QVERIFY(seekAndWait(c, at(90)));
        const auto& figure = w.inspector()->serviceView()->figure();
        QCOMPARE(figure.queueCapacity, std::optional<std::int64_t>(0));
        QVERIFY(figure.busy < figure.workers);
        QVERIFY(figure.live && figure.ready);
        QVERIFY2(w.inspector()->text().contains(QStringLiteral("builtin-data:payments-incident.csv")),
                 qPrintable(w.inspector()->text()));
    }

    void retryTimelineRowsAreWholeRequestsInOrder() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:retry-storm")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("call:0"));
        // Sampled attempts arrive while the run plays (a seek replays without them).
        c->setSpeed(0);
        RunUntil until;
        until.time = at(75);
        c->runUntil(until);
        QVERIFY(c->waitFor([&] { return c->model().now() == at(75) && !c->isPlaying(); }));
        w.inspector()->refresh();
        const auto& rows = w.inspector()->retryTimelineView()->rows();
        QVERIFY(!rows.empty());
        bool sawRetry = false;
        for (const auto& row : rows) {
            for (std::size_t k = 0; k < row.attempts.size(); ++k) {
                QCOMPARE(row.attempts[k].attempt, static_cast<std::uint16_t>(k + 1));
                QCOMPARE(row.attempts[k].request, row.request);
                if (k > 0) QVERIFY(row.attempts[k].start >= row.attempts[k - 1].end); // backoff >= 0
            }
            sawRetry |= row.attempts.size() > 1;
        }
        QVERIFY2(sawRetry, "the outage makes some requests retry");
    }

    void openInAWindowKeepsItsElement() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        w.inspector()->select(QStringLiteral("call:0"));
        QTest::mouseClick(w.inspector()->findChild<QPushButton*>(), Qt::LeftButton);
        QCOMPARE(w.pinnedInspectors().size(), 1);
        InspectorPanel* pinned = w.pinnedInspectors().front();
        QVERIFY(pinned->isVisible());
        // The main inspector follows the selection; the pinned one stays on the breaker and keeps up.
        w.inspector()->select(QStringLiteral("service:payments"));
        QVERIFY(seekAndWait(c, at(62)));
        QCOMPARE(pinned->selected(), QStringLiteral("call:0"));
        QCOMPARE(pinned->breakerView()->stateText(), QStringLiteral("OPEN"));
        QVERIFY(w.inspector()->breakerView()->isHidden());
        // Another scenario closes it: its element belonged to the old one.
        QVERIFY(w.openScenario(QStringLiteral("builtin:mm1")));
        QTRY_COMPARE(w.pinnedInspectors().size(), 0);
    }

    void themesSwitchLiveEverywhere() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        QVERIFY(seekAndWait(w.controller(), at(62)));
        w.inspector()->select(QStringLiteral("call:0"));
        auto* dark = w.findChild<QAction*>(QStringLiteral("theme-dark"));
        QVERIFY(dark);
        dark->trigger();
        QCOMPARE(activeTheme().id, ThemeId::Dark);
        QCOMPARE(w.view()->backgroundBrush().color(), theme(ThemeId::Dark).background);
        QCOMPARE(QApplication::palette().color(QPalette::Base), theme(ThemeId::Dark).background);
        // The inspector paints in the new theme: its background pixel is the dark one.
        const QImage shown = w.inspector()->breakerView()->grab().toImage();
        QCOMPARE(shown.pixelColor(2, 2), theme(ThemeId::Dark).background);
        // Projector: larger type for every widget.
        const double normalPoint = QApplication::font().pointSizeF();
        w.findChild<QAction*>(QStringLiteral("theme-projector"))->trigger();
        QVERIFY(QApplication::font().pointSizeF() > normalPoint * 1.2);
        w.findChild<QAction*>(QStringLiteral("theme-light"))->trigger();
        QCOMPARE(QApplication::font().pointSizeF(), normalPoint);
        QCOMPARE(activeTheme().id, ThemeId::Light);
    }

    void inspectorsExportAsPngSvgAndPdf() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        QVERIFY(seekAndWait(w.controller(), at(62)));
        w.inspector()->select(QStringLiteral("call:0"));
        QTemporaryDir dir;
        if (qEnvironmentVariableIsSet("RL_KEEP_EXPORTS")) { // to look at them: RL_KEEP_EXPORTS=1
            dir.setAutoRemove(false);
            qInfo("exports kept in %s", qPrintable(dir.path()));
        }
        QString error;
        const QString png = dir.filePath(QStringLiteral("breaker.png"));
        QVERIFY2(w.inspector()->breakerView()->exportTo(png, theme(ThemeId::Projector), 192, &error),
                 qPrintable(error));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 2 * 360); // 192 dpi: twice the 96-dpi size
        const QString svg = dir.filePath(QStringLiteral("breaker.svg"));
        QVERIFY(w.inspector()->breakerView()->exportTo(svg, theme(ThemeId::Dark), 96, &error));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svgFile);
        bool sawSvg = false;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("svg"))
                sawSvg = true;
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);
        const QString pdf = dir.filePath(QStringLiteral("breaker.pdf"));
        QVERIFY(w.inspector()->breakerView()->exportTo(pdf, theme(ThemeId::Light), 96, &error));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdfFile.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        QVERIFY(!w.inspector()->breakerView()->exportTo(dir.filePath(QStringLiteral("x.gif")),
                                                        theme(ThemeId::Light), 96, &error));
        QVERIFY(error.contains(QStringLiteral("expected png, svg or pdf")));
        // The canvas too: the whole topology, drawn again at twice the size.
        const QString canvas = dir.filePath(QStringLiteral("canvas.png"));
        QVERIFY2(w.view()->exportTo(canvas, 192, &error), qPrintable(error));
        const QImage topology(canvas);
        QCOMPARE(topology.width(), qRound(w.scene()->sceneRect().width() * 2));
        QVERIFY(w.view()->exportTo(dir.filePath(QStringLiteral("canvas.pdf")), 96, &error));
    }
};

QTEST_MAIN(TestInspectors)
#include "tst_inspectors.moc"
