// `resilience-lab [SCENARIO]`: which arguments open the GUI (and on what), which go to a headless
// command, and which are refused before anything starts; and, without a display, that the scenario
// given is the one that runs headless.
#include "app/launch_args.h"
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

#include <variant>

using namespace rl::app;

namespace {

QString describe(const LaunchRequest& r) {
    if (const auto* g = std::get_if<GuiLaunch>(&r))
        return QStringLiteral("gui ") +
               (g->scenario ? QString::fromStdString(*g->scenario) : QStringLiteral("-"));
    if (std::holds_alternative<CliLaunch>(r)) return QStringLiteral("cli");
    return QStringLiteral("error ") + QString::fromStdString(std::get<LaunchError>(r).message);
}

struct Run {
    int exitCode;
    QString out, err;
};

Run runWithoutDisplay(const QStringList& args, const QString& workDir = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    p.setProcessEnvironment(env);
    if (!workDir.isEmpty()) p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(RL_EXECUTABLE), args);
    if (!p.waitForFinished(120000)) return {-1, {}, QStringLiteral("timed out")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestLaunchArgs : public QObject {
    Q_OBJECT

    rl::test::TempFiles m_files;
    std::string m_scenario; // an existing scenario file

private Q_SLOTS:
    void initTestCase() {
        m_scenario =
            m_files.write("tiny.json", rl::test::readFile(RL_SOURCE_DIR "/resources/scenarios/mm1.json"));
        QVERIFY(!m_scenario.empty());
    }

    void classifies_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected"); // a prefix of describe()
        QTest::newRow("nothing: the GUI") << QStringList{} << "gui -";
        QTest::newRow("a built-in for the GUI") << QStringList{"builtin:mm1"} << "gui builtin:mm1";
        QTest::newRow("a command") << QStringList{"scenarios"} << "cli";
        QTest::newRow("help") << QStringList{"--help"} << "cli";
        QTest::newRow("a command with options") << QStringList{"run", "builtin:mm1"} << "cli";
        QTest::newRow("a typo of a command goes to the CLI's did-you-mean")
            << QStringList{"scenario"} << "cli";
        QTest::newRow("missing file")
            << QStringList{"nothere.json"} << "error cannot open scenario file 'nothere.json': no such file";
        QTest::newRow("missing file in a folder")
            << QStringList{"no/such/dir/x"} << "error cannot open scenario file 'no/such/dir/x'";
        QTest::newRow("unknown built-in")
            << QStringList{"builtin:mm2"}
            << "error no built-in scenario named 'mm2'; did you mean 'builtin:mm1'?";
        QTest::newRow("a folder") << QStringList{"."} << "error '.' is a directory";
        QTest::newRow("--play with a built-in") << QStringList{"builtin:mm1", "--play"} << "gui builtin:mm1";
        QTest::newRow("--play first") << QStringList{"--play", "builtin:mm1"} << "gui builtin:mm1";
        QTest::newRow("--play with a missing file")
            << QStringList{"--play", "nothere.json"} << "error cannot open scenario file 'nothere.json'";
        QTest::newRow("--play after a command is the command's") << QStringList{"run", "--play"} << "cli";
    }

    void playIsKeptForTheGui() {
        const LaunchRequest r = classifyLaunchArgs({"builtin:mm1", "--play"});
        const auto* gui = std::get_if<GuiLaunch>(&r);
        QVERIFY(gui);
        QVERIFY(gui->play);
        const LaunchRequest plain = classifyLaunchArgs({"builtin:mm1"});
        QVERIFY(!std::get<GuiLaunch>(plain).play);
    }
    void classifies() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        std::vector<std::string> a;
        for (const auto& s : args)
            a.push_back(s.toStdString());
        const QString got = describe(classifyLaunchArgs(a));
        QVERIFY2(got.startsWith(expected), qPrintable(got));
    }

    void anExistingFileOpensInTheGui() {
        const LaunchRequest r = classifyLaunchArgs({m_scenario});
        const auto* gui = std::get_if<GuiLaunch>(&r);
        QVERIFY(gui);
        QCOMPARE(gui->scenario.value_or(""), m_scenario);
    }

    void withoutDisplayTheGivenScenarioRunsHeadless() {
        const Run r = runWithoutDisplay({QString::fromStdString(m_scenario)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("no display")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QString::fromStdString("Running '" + m_scenario + "' headless")),
                 qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QStringLiteral("M/M/1 at utilization 0.8")), qPrintable(r.out));
        const Run b = runWithoutDisplay({QStringLiteral("builtin:mm1")});
        QCOMPARE(b.exitCode, 0);
        QVERIFY2(b.out.startsWith(QStringLiteral("M/M/1 at utilization 0.8")), qPrintable(b.out));
    }

    void wrongArgumentsExitTwoWithoutRunning_data() {
        QTest::addColumn<QString>("arg");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file")
            << "nothere.json"
            << "resilience-lab: cannot open scenario file 'nothere.json': no such file";
        QTest::newRow("typo of scenarios")
            << "scenario"
            << "resilience-lab: unknown command 'scenario'; did you mean 'scenarios'?";
        QTest::newRow("typo of validate")
            << "validat"
            << "resilience-lab: unknown command 'validat'; did you mean 'validate'?";
        QTest::newRow("a built-in without its prefix")
            << "mm1"
            << "resilience-lab: unknown command 'mm1'; did you mean 'builtin:mm1'";
    }
    void wrongArgumentsExitTwoWithoutRunning() {
        QFETCH(QString, arg);
        QFETCH(QString, message);
        const Run r = runWithoutDisplay({arg});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("no display")), qPrintable(r.err));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
    }

    void aScenarioFileWithOptionsPointsAtRun() {
        const auto r = rl::test::runCli({m_scenario, "--seed", "3"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("to run that scenario file headless: resilience-lab run " + m_scenario) !=
                     std::string::npos,
                 r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestLaunchArgs)
#include "tst_launch_args.moc"
