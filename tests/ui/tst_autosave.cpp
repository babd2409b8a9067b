// No work lost: unsaved changes go to the autosave, a new window (after a crash) restores them as
// unsaved work, and saving or discarding clears it. Runs with QStandardPaths' test mode, so the user's
// own autosave is never touched.
#include "core/scenario/scenario_json.h"
#include "ui/autosave_store.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace rl;
using namespace rl::ui;

class TestAutosave : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        AutosaveStore().clear();
    }

    void unsavedChangesSurviveACrash() {
        {
            MainWindow w(nullptr, true);
            QVERIFY(!w.hasAutosave());
            QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
            auto* c = w.controller();
            w.autosaveNow(); // nothing unsaved yet: nothing written
            QVERIFY(!QFile::exists(w.autosave().path()));
            c->seek(fromMillis(30000));
            QVERIFY(c->waitFor([&] { return c->model().now() == fromMillis(30000) && !c->isPlaying(); }));
            scenario::Change change;
            change.set.emplace_back("services[1].workers", "7");
            c->applyChange(change, QStringLiteral("workers"));
            QVERIFY(c->waitFor([&] { return c->model().changes().size() == 1; }));
            w.autosaveNow();
            QVERIFY(QFile::exists(w.autosave().path()));
            // The window is destroyed without closing: as a crash would leave things.
        }
        MainWindow again(nullptr, true);
        QVERIFY(again.hasAutosave());
        QVERIFY(again.restoreAutosave());
        const auto s = again.controller()->scenarioWithChanges();
        QCOMPARE(s.name, std::string("Payments outage behind a circuit breaker"));
        QCOMPARE(s.changes.size(), std::size_t{1});
        QCOMPARE(s.changes[0].set[0].second, std::string("7"));
        QVERIFY(again.isModified()); // restored work is unsaved until saved
        QTemporaryDir dir;
        QVERIFY(again.saveTo(dir.filePath(QStringLiteral("kept.json"))));
        QVERIFY(!again.hasAutosave()); // saved: nothing left to restore
        QVERIFY(!again.isModified());
    }

    void aDamagedAutosaveIsNotOffered() {
        AutosaveStore store;
        const auto valid = scenario::parseScenario(
            R"({"format": "resilience-lab/scenario@1", "clients": [{"name": "c", "target": "s",
                "arrival": {"kind": "poisson", "rate_rps": 1}}], "services": [{"name": "s",
                "service_time": {"dist": "exponential", "mean_ms": 1}}]})");
        QVERIFY(valid.scenario);
        QVERIFY(store.write(*valid.scenario, QString()));
        QVERIFY(store.read());
        QFile f(store.path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"resilience-lab/autosave@1\", \"scenario\": {\"form");
        f.close();
        QVERIFY(!store.read());
        store.clear();
        QVERIFY(!QFile::exists(store.path()));
    }
};

QTEST_MAIN(TestAutosave)
#include "tst_autosave.moc"
