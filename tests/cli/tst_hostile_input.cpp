// Files users did not write: JSON nested 100,000 deep in a scenario file, a --set value, a --config and
// a trace line. The executable once died with a segmentation fault (exit 139) on the scenario file;
// each must exit 2 with a message naming the place and the limit. Run as a child process, so a crash
// shows as a crash and not as a dead test.
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

namespace {

struct Result {
    QProcess::ExitStatus status;
    int exitCode;
    QString out, err;
};

Result runApp(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(RL_EXECUTABLE), args);
    if (!p.waitForFinished(120000)) return {QProcess::CrashExit, -1, {}, QStringLiteral("timed out")};
    return {p.exitStatus(), p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

} // namespace

class HostileInput : public QObject {
    Q_OBJECT
    rl::test::TempFiles m_files;

private Q_SLOTS:
    void validateRefusesAnArrayNested100000Deep() {
        const std::string path = m_files.write("deep.json", nested(100'000) + "\n");
        const Result r = runApp({"validate", QString::fromStdString(path)});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QString::fromStdString(path + ": line 1, column 101: nesting deeper than 100 levels of "
                                               "arrays and objects; a scenario needs fewer than 10\n"));
        QCOMPARE(r.out, QString());
    }

    void runRefusesADeepSetValue() {
        const Result r =
            runApp({"run", "builtin:mm1", "--set", QString::fromStdString("name=" + nested(60'000))});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("resilience-lab run: --set: name: value at column 101: nesting deeper "
                                       "than 100 levels of arrays and objects\n"));
    }

    void primitiveRefusesADeepTraceLine() {
        const std::string trace = m_files.write(
            "deep.jsonl", "{\"t_ms\": 0, \"op\": \"acquire\", \"id\": 1}\n{\"t_ms\": 1, \"op\": " +
                              nested(100'000) + "}\n");
        const Result r = runApp({"primitive", "bulkhead", "--config", "{\"max_concurrent\": 1}", "--trace",
                                 QString::fromStdString(trace)});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QString::fromStdString("resilience-lab primitive: " + trace +
                                               ":2: column 118: nesting deeper than 100 levels of arrays "
                                               "and objects\n"));
        QVERIFY2(r.out.startsWith("{\"t_ms\":0,"), qPrintable(r.out)); // the good first line was answered
    }

    void primitiveRefusesADeepConfig() {
        const std::string config = m_files.write("deep.config.json", "{\"x\": " + nested(100'000) + "}");
        const std::string trace = m_files.write("one.jsonl", "{\"t_ms\": 0, \"op\": \"acquire\"}\n");
        const Result r = runApp({"primitive", "bulkhead", "--config", QString::fromStdString(config),
                                 "--trace", QString::fromStdString(trace)});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QString::fromStdString("resilience-lab primitive: " + config +
                                               ": line 1, column 106: nesting deeper than 100 levels of "
                                               "arrays and objects\n"));
    }

    void numbersTooLargeForADoubleExitTwo() {
        // Found by fuzzing: 1e400 made nlohmann throw an exception nobody caught (abort, exit 134).
        const std::string scenario = m_files.write("big.json", "{\"seed\": 1e400}\n");
        Result r = runApp({"validate", QString::fromStdString(scenario)});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QString::fromStdString(scenario + ": line 1, column 10: not valid JSON: number 1e400 is "
                                                   "out of range for a double\n"));
        const std::string trace = m_files.write("big.jsonl", "{\"t_ms\": 1e400, \"op\": \"acquire\"}\n");
        r = runApp({"primitive", "bulkhead", "--trace", QString::fromStdString(trace)});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QString::fromStdString("resilience-lab primitive: " + trace +
                                                         ":1: column 10: not valid JSON")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("number 1e400 is out of range for a double"), qPrintable(r.err));
    }

    void textThatIsNotUtf8ExitsTwo() {
        // --set with bytes that are neither JSON nor UTF-8, and validate --json reporting a path that is
        // not UTF-8: both once ended in an uncaught exception from nlohmann's dump. The raw bytes cannot
        // be passed through QStringList (it encodes as UTF-8), so a shell's printf makes them.
        auto shell = [](const QString& args) {
            QProcess p;
            p.start("/bin/sh", {"-c", "\"" RL_EXECUTABLE "\" " + args});
            p.waitForFinished(60000);
            return Result{p.exitStatus(), p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                          QString::fromUtf8(p.readAllStandardError())};
        };
        Result r = shell("run builtin:mm1 --set \"$(printf 'name=caf\\351')\"");
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QStringLiteral("resilience-lab run: --set: name: the value is not valid UTF-8 text at "
                                "byte 4 (nor JSON)\n"));
        r = shell("validate builtin:mm1 --json --set \"$(printf '\\265')=1\"");
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.startsWith(QString::fromUtf8("{\"valid\":false,\"problems\":[{\"file\":\"--set\","
                                                    "\"path\":\"\xef\xbf\xbd\"")),
                 qPrintable(r.out));
    }

    void primitiveDescribesANonObjectLineBriefly() {
        // A 100-deep line is accepted by the parser, then described in at most 60 characters.
        const std::string trace = m_files.write("array.jsonl", nested(100) + "\n");
        const Result r = runApp({"primitive", "bulkhead", "--trace", QString::fromStdString(trace)});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QString::fromStdString("resilience-lab primitive: " + trace +
                                        ":1: expected a JSON object, got " + std::string(57, '[') + "...\n"));
    }
};

QTEST_GUILESS_MAIN(HostileInput)
#include "tst_hostile_input.moc"
