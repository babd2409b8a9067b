// The main window driven as a user would (offscreen), checked against the controller and against a
// fresh headless run of the same scenario + changes: what the window shows is what the simulation did.
#include "core/scenario/changes.h"
#include "core/scenario/scenario_json.h"
#include "core/sim/simulation.h"
#include "ui/changes_view.h"
#include "ui/event_log_view.h"
#include "ui/inspector_panel.h"
#include "ui/main_window.h"
#include "ui/parameter_editor.h"
#include "ui/parameters_panel.h"
#include "ui/simulation_controller.h"
#include "ui/topology_items.h"
#include "ui/topology_scene.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidgetItem>
#include <QUndoStack>
#include <QtTest>

using namespace rl;
using namespace rl::ui;

namespace {

// Waits until the run has stopped at `t` (after a seek, a run-until or a step).
bool stoppedAt(SimulationController* c, TimePoint t) {
    return c->waitFor([&] { return c->model().now() == t && !c->isPlaying(); });
}

bool seekAndWait(SimulationController* c, double seconds) {
    const TimePoint t = fromMillis(seconds * 1000);
    c->seek(t);
    return stoppedAt(c, t);
}

// What a fresh headless run of the window's scenario (with its changes) shows at time t.
struct Fresh {
    sim::Snapshot snapshot;
    std::vector<std::int64_t> requests, answered, success, attempts;
};
Fresh freshRun(const scenario::Scenario& s, TimePoint t) {
    sim::Simulation sim(s);
    sim.advanceTo(t);
    Fresh f;
    f.snapshot = sim.snapshot();
    for (const auto& b : sim.clientBuckets(0)) {
        f.requests.push_back(b.requests);
        f.answered.push_back(b.outcomes.total());
        f.success.push_back(b.outcomes[Outcome::Success]);
        f.attempts.push_back(b.attempts);
    }
    return f;
}

// The window's model equals the fresh run, bucket by bucket up to now and in the snapshot.
void compareWithFresh(const SimulationController* c) {
    const auto& model = c->model();
    const Fresh fresh = freshRun(c->scenarioWithChanges(), model.now());
    const auto& series = model.clientBuckets(0);
    QVERIFY(!series.empty());
    for (std::size_t b = 0; b < series.size(); ++b) {
        QCOMPARE(series[b].requests, fresh.requests[b]);
        QCOMPARE(series[b].outcomes.total(), fresh.answered[b]);
        QCOMPARE(series[b].outcomes[Outcome::Success], fresh.success[b]);
        QCOMPARE(series[b].attempts, fresh.attempts[b]);
    }
    const auto& a = model.snapshot();
    QCOMPARE(a.inflightRequests, fresh.snapshot.inflightRequests);
    for (std::size_t i = 0; i < a.calls.size(); ++i) {
        QCOMPARE(a.calls[i].breakerState, fresh.snapshot.calls[i].breakerState);
        QCOMPARE(a.calls[i].bulkheadInUse, fresh.snapshot.calls[i].bulkheadInUse);
        QCOMPARE(a.calls[i].inflight, fresh.snapshot.calls[i].inflight);
    }
    for (std::size_t i = 0; i < a.services.size(); ++i) {
        QCOMPARE(a.services[i].busy, fresh.snapshot.services[i].busy);
        QCOMPARE(a.services[i].queued, fresh.snapshot.services[i].queued);
    }
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theOutageOpensTheBreakerOnScreen() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(seekAndWait(c, 75)); // the middle of the outage
        QCOMPARE(static_cast<int>(c->model().snapshot().calls[0].breakerState),
                 static_cast<int>(BreakerState::Open));
        const EdgeItem* edge = w.scene()->edge(QStringLiteral("call:0"));
        QVERIFY(edge);
        QVERIFY(edge->figures().hasBreaker);
        QCOMPARE(static_cast<int>(edge->figures().breaker), static_cast<int>(BreakerState::Open));
        const NodeItem* payments = w.scene()->node(QStringLiteral("service:payments"));
        QCOMPARE(payments->figures().faultBadge, QStringLiteral("OUTAGE"));
        bool logged = false;
        for (int i = 0; i < w.eventLog()->visibleCount(); ++i)
            logged = logged || w.eventLog()->entryText(i).contains(
                                   QStringLiteral("checkout -> payments OPENED: failure rate"));
        QVERIFY2(logged, "the event log has the transition");
        // Clicking the call shows its state in the inspector.
        w.scene()->selectElement(QStringLiteral("call:0"));
        QVERIFY(w.inspector()->text().contains(QStringLiteral("OPEN")));
        QVERIFY(w.inspector()->text().contains(QStringLiteral("half-open in")));
        compareWithFresh(c);
    }

    void runUntilTheBreakerOpensStopsOnTheTransition() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(c->waitFor([&] { return c->model().end().count() > 0; }));
        RunUntil u;
        u.kind = RunUntil::Kind::BreakerOpens;
        c->runUntil(u);
        QVERIFY(c->waitFor([&] {
            return !c->model().log().empty() && !c->isPlaying() &&
                   c->model().log().back().kind == sim::LogEvent::Kind::BreakerTransition;
        }));
        const auto& last = c->model().log().back();
        QCOMPARE(last.to, static_cast<std::uint8_t>(BreakerState::Open));
        QCOMPARE(c->model().now(), last.at); // exactly at the moment it opened
        QCOMPARE(static_cast<int>(c->model().snapshot().calls[0].breakerState),
                 static_cast<int>(BreakerState::Open));
    }

    void aSliderChangeAppliesNowAndIsRecorded() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(seekAndWait(c, 40));
        const QString path = QStringLiteral("services[0].calls[0].retry.max_attempts");
        ParameterEditor* editor = w.parameters()->editor(path);
        QVERIFY(editor);
        QCOMPARE(editor->spinBox()->value(), 2.0);
        editor->commitValue(4); // as a user typing 4
        QVERIFY(c->waitFor([&] { return c->model().changes().size() == 1; }));
        const auto& change = c->model().changes()[0];
        QCOMPARE(scenario::changeTime(change), fromMillis(40000));
        QCOMPARE(change.set.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(change.set[0].first), path);
        QCOMPARE(QString::fromStdString(change.set[0].second), QStringLiteral("4"));
        QCOMPARE(w.changesView()->rowCountShown(), 1);
        QVERIFY(w.changesView()->rowText(0).startsWith(
            QStringLiteral("40.0 s | checkout -> payments: retry max attempts = 4")));
        QVERIFY(w.isModified());
        // The simulation's next decisions use it: through the outage, as a fresh run with the change.
        QVERIFY(seekAndWait(c, 80));
        compareWithFresh(c);
        // Undo is a new change at the current time, back to 2; the first one stays in the history.
        c->undoStack()->undo();
        QVERIFY(c->waitFor([&] { return c->model().changes().size() == 2; }));
        QCOMPARE(QString::fromStdString(c->model().changes()[1].set[0].second), QStringLiteral("2"));
        QCOMPARE(scenario::changeTime(c->model().changes()[1]), fromMillis(80000));
        QVERIFY(c->waitFor([&] { return editor->spinBox()->value() == 2.0; }));
    }

    void seekingLandsWhereAFreshRunDoes() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(seekAndWait(c, 30));
        scenario::Change change;
        change.set.emplace_back("services[1].workers", "20");
        c->applyChange(change, QStringLiteral("workers"));
        QVERIFY(c->waitFor([&] { return c->model().changes().size() == 1; }));
        for (double t : {100.0, 12.5, 64.3, 150.0, 30.0, 0.0, 179.0}) {
            QVERIFY2(seekAndWait(c, t), qPrintable(QString::number(t)));
            compareWithFresh(c);
        }
        // Before the change it is ahead, and says so.
        QVERIFY(seekAndWait(c, 10));
        QVERIFY(w.changesView()->rowText(0).contains(QStringLiteral("ahead")));
    }

    void saveAndReopenKeepTheChanges() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("outage.json"));
        std::string saved;
        {
            MainWindow w(nullptr, false);
            QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
            auto* c = w.controller();
            QVERIFY(seekAndWait(c, 50));
            scenario::Change change;
            change.set.emplace_back("services[0].calls[0].circuit_breaker.failure_rate_threshold", "0.3");
            c->applyChange(change, QStringLiteral("threshold"));
            QVERIFY(c->waitFor([&] { return c->model().changes().size() == 1; }));
            QString error;
            QVERIFY2(w.saveTo(file, &error), qPrintable(error));
            QVERIFY(!w.isModified());
            saved = scenario::saveScenarioText(c->scenarioWithChanges());
        }
        MainWindow again(nullptr, false);
        QVERIFY(again.openScenario(file));
        QCOMPARE(
            QString::fromStdString(scenario::saveScenarioText(again.controller()->scenarioWithChanges())),
            QString::fromStdString(saved));
        QVERIFY(
            again.controller()->waitFor([&] { return again.controller()->model().changes().size() == 1; }));
        QCOMPARE(again.controller()->model().changes()[0].atS, 50.0);
    }

    void saveAsElsewhereKeepsReplayLogsFound() {
        // A course folder: course/lesson.json replays course/logs/incident.csv, named relative to it.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("course/logs")));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("copies")));
        const auto write = [&](const char* name, const char* text) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            return f.open(QIODevice::WriteOnly) && f.write(text) == qint64(qstrlen(text));
        };
        QVERIFY(write("course/logs/incident.csv", "timestamp,latency_ms,status\n0,5,200\n1,7,503\n"));
        QVERIFY(
            write("course/lesson.json",
                  "{\"format\": \"resilience-lab/scenario@1\", \"name\": \"Replay\", \"duration_s\": 10, "
                  "\"clients\": [{\"name\": \"web\", \"target\": \"payments\", \"arrival\": {\"kind\": "
                  "\"poisson\", \"rate_rps\": 5}}], \"services\": [{\"name\": \"payments\", \"workers\": 4, "
                  "\"service_time\": {\"dist\": \"exponential\", \"mean_ms\": 40}, "
                  "\"replay\": {\"file\": \"logs/incident.csv\"}}]}"));
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(dir.filePath(QStringLiteral("course/lesson.json"))));

        // Save As into a sibling folder: the copy names the same log from there.
        const QString copy = dir.filePath(QStringLiteral("copies/lesson.json"));
        QString error;
        QVERIFY2(w.saveTo(copy, &error), qPrintable(error));
        QVERIFY(!w.isModified());
        const auto replayFile = [&] {
            const auto loaded = scenario::loadScenarioFile(copy.toStdString());
            if (!loaded.scenario || !loaded.scenario->services[0].replay->log)
                return QString::fromStdString(loaded.diagnostics.toString());
            return QString::fromStdString(loaded.scenario->services[0].replay->file);
        };
        QCOMPARE(replayFile(), QStringLiteral("../course/logs/incident.csv"));

        // Saved again where it now lives: the name stays right (not rebased twice, not reverted).
        QVERIFY2(w.saveTo(copy, &error), qPrintable(error));
        QCOMPARE(replayFile(), QStringLiteral("../course/logs/incident.csv"));
        QCOMPARE(w.controller()->scenarioWithChanges().services[0].replay->file,
                 std::string("../course/logs/incident.csv"));
    }

    void aBrokenFileIsRefusedAndTheScenarioStays() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("broken.json"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"format": "resilience-lab/scenario@1", "name": "broken", "duration_s": 10,
                        "clients": [{"name": "c", "target": "s", "arrival": {"kind": "poisson", "rate_rps": 1}}],
                        "services": [{"name": "s", "workers": 0, "service_time": {"dist": "exponential", "mean_ms": 1}}]})");
        }
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        QString problems;
        QVERIFY(!w.openScenario(file, &problems, true));
        QVERIFY2(problems.contains(QStringLiteral("services[0].workers: must be in [1, 1000000], got 0")),
                 qPrintable(problems));
        QCOMPARE(w.controller()->model().scenario().name,
                 std::string("Payments outage behind a circuit breaker"));
        QVERIFY(!w.openScenario(dir.filePath(QStringLiteral("missing.json")), &problems, true));
        QVERIFY2(problems.contains(QStringLiteral("missing.json")), qPrintable(problems));
    }

    void switchingTheBreakerOffMidRunLeaksNothing() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(seekAndWait(c, 70));
        QTreeWidgetItem* breaker =
            w.parameters()->layerSwitch(QStringLiteral("services[0].calls[0].circuit_breaker"));
        QVERIFY(breaker);
        QCOMPARE(breaker->checkState(0), Qt::Checked);
        breaker->setCheckState(0, Qt::Unchecked); // as a click on the check box
        QVERIFY(c->waitFor([&] { return c->model().changes().size() == 1; }));
        QCOMPARE(c->model().changes()[0].layers.size(), std::size_t{1});
        QCOMPARE(c->model().changes()[0].layers[0].second, false);
        QVERIFY(seekAndWait(c, 180)); // to the end
        compareWithFresh(c);
        // Every request answered or in flight; no slot held beyond the bulkhead's size.
        std::int64_t requests = 0, answered = 0;
        for (const auto& b : c->model().clientBuckets(0)) {
            requests += b.requests;
            answered += b.outcomes.total();
        }
        QCOMPARE(requests - answered, c->model().snapshot().inflightRequests);
        QVERIFY(c->model().snapshot().calls[0].bulkheadInUse <= c->model().snapshot().calls[0].bulkheadMax);
        QVERIFY(w.scene()
                    ->edge(QStringLiteral("call:0"))
                    ->figures()
                    .disabledLayers.contains(QStringLiteral("circuit_breaker")));
    }

    void transportPlaysStepsAndRestarts() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(c->waitFor([&] { return c->model().end().count() > 0; }));
        // Space plays (the action's shortcut), at 10x.
        auto* speed = w.findChild<QComboBox*>(QStringLiteral("speed"));
        QVERIFY(speed);
        speed->setCurrentIndex(speed->findData(10.0));
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(c->waitFor([&] { return c->isPlaying() && c->model().now() > fromMillis(3000); }));
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(c->waitFor([&] { return !c->isPlaying(); }));
        const TimePoint paused = c->model().now();
        QTest::qWait(200);
        QCOMPARE(c->model().now(), paused); // paused means paused
        // Right: one event, no more.
        const auto events = c->model().latest().eventsProcessed;
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(c->waitFor([&] { return c->model().latest().eventsProcessed == events + 1; }));
        // Shift+Right: to the end of the bucket.
        QTest::keyClick(&w, Qt::Key_Right, Qt::ShiftModifier);
        QVERIFY(c->waitFor(
            [&] { return c->model().now().count() % seconds(1).count() == 0 && c->model().now() > paused; }));
        // Home: back to 0.
        QTest::keyClick(&w, Qt::Key_Home);
        QVERIFY(c->waitFor([&] { return c->model().now() == TimePoint{0}; }));
        QCOMPARE(c->model().log().size(), std::size_t{0});
    }

    void loopStartsTheRunAgainAtItsEnd() {
        MainWindow w(nullptr, false);
        w.show();
        QVERIFY(w.openScenario(QStringLiteral("builtin:mm1")));
        auto* c = w.controller();
        QVERIFY(c->waitFor([&] { return c->model().end().count() > 0; }));
        c->setSpeed(0);
        QTest::keyClick(&w, Qt::Key_L); // the Loop action's shortcut
        QVERIFY(c->loops());
        c->play();
        // Two ends reached, and after each the run went back to 0 and played on, with the same numbers.
        QVERIFY(c->waitFor([&] { return c->loopsDone() >= 2; }));
        QVERIFY(c->waitFor([&] { return c->isPlaying() && !c->model().latest().finished; }));
        // Loop off: the next end stops there.
        QTest::keyClick(&w, Qt::Key_L);
        QVERIFY(!c->loops());
        QVERIFY(c->waitFor([&] { return c->model().latest().finished && !c->isPlaying(); }));
        const int loops = c->loopsDone();
        QTest::qWait(300);
        QVERIFY(!c->isPlaying());
        QCOMPARE(c->loopsDone(), loops);
        compareWithFresh(c); // the last pass equals a fresh run
    }

    void killAndRestoreByHand() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        QVERIFY(seekAndWait(c, 20));
        auto* kill = w.findChild<QPushButton*>(QStringLiteral("kill:payments"));
        QVERIFY(kill);
        kill->click();
        QVERIFY(c->waitFor([&] { return c->model().faults().size() == 2; }));
        QCOMPARE(w.scene()->node(QStringLiteral("service:payments"))->figures().faultBadge,
                 QStringLiteral("OUTAGE"));
        QVERIFY(seekAndWait(c, 25));
        w.findChild<QPushButton*>(QStringLiteral("restore:payments"))->click();
        QVERIFY(c->waitFor([&] { return c->model().changes().size() == 2; }));
        QVERIFY(c->waitFor([&] {
            return w.scene()->node(QStringLiteral("service:payments"))->figures().faultBadge.isEmpty();
        }));
        QVERIFY(seekAndWait(c, 40));
        compareWithFresh(c);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
