// Killing the app while it saves never leaves a truncated file: a child process (this binary, with
// --writer) saves a scenario and the autosave over and over through MainWindow::saveTo and
// AutosaveStore (both QSaveFile); the test kills it with SIGKILL at random moments, many times, and
// every time the files that exist must load whole.
#include "core/scenario/scenario_json.h"
#include "ui/autosave_store.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstring>

using namespace rl;

namespace {

// The child: saves forever (until killed).
int writeForever(const QString& folder) {
    ui::MainWindow w(nullptr, false);
    if (!w.openScenario(QStringLiteral("builtin:payments-outage"), nullptr, true)) return 3;
    ui::AutosaveStore store(folder);
    const QString file = QDir(folder).filePath(QStringLiteral("saved.json"));
    auto scenario = *scenario::parseScenario(std::string(R"({"format": "resilience-lab/scenario@1",
        "clients": [{"name": "c", "target": "s", "arrival": {"kind": "poisson", "rate_rps": 1}}],
        "services": [{"name": "s", "service_time": {"dist": "exponential", "mean_ms": 1}}]})"))
                         .scenario;
    scenario.description = std::string(200000, 'x'); // a large file: a long window to be killed in
    for (;;) {
        if (!w.saveTo(file)) return 4;
        if (!store.write(scenario, file)) return 5;
    }
}

} // namespace

class TestSaveKilled : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedMidSaveLeavesWholeFiles() {
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("saved.json"));
        QRandomGenerator rng(11);
        int kills = 0, filesChecked = 0;
        for (int i = 0; i < 25; ++i) {
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--writer"), dir.path()});
            QVERIFY(child.waitForStarted());
            // Let it get into its loop, then kill it at a random moment.
            QTest::qWait(300 + static_cast<int>(rng.bounded(200)));
            QVERIFY2(child.state() == QProcess::Running, qPrintable(child.readAllStandardError()));
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            child.waitForFinished();
            ++kills;
            if (QFile::exists(saved)) {
                const auto loaded = scenario::loadScenarioFile(saved.toStdString());
                QVERIFY2(loaded.scenario, loaded.diagnostics.toString().c_str());
                ++filesChecked;
            }
            if (QFile::exists(ui::AutosaveStore(dir.path()).path())) {
                QVERIFY(ui::AutosaveStore(dir.path()).read());
                ++filesChecked;
            }
        }
        QCOMPARE(kills, 25);
        QVERIFY(filesChecked >= 25); // the files were there to check
    }
};

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--writer") == 0) {
        QApplication app(argc, argv);
        return writeForever(QString::fromLocal8Bit(argv[2]));
    }
    QApplication app(argc, argv);
    TestSaveKilled test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_save_killed.moc"
