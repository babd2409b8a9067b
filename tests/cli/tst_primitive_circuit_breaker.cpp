// `resilience-lab primitive circuit-breaker`: the trace driver, end to end. Each trace under
// tests/data/traces/circuit-breaker/NAME.jsonl runs with NAME.config.json and must print exactly
// NAME.expected.jsonl (checked by hand when written: see the narration in each test). Bad lines and bad
// configs exit 2 and name the line or the key.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

#include <sstream>

namespace {

using Result = rl::test::QtCliResult;
using rl::test::readLinesQt;

QString dataPath(const QString& name) {
    return rl::test::traceDataQt(QStringLiteral("circuit-breaker"), name);
}

Result runPrimitive(const QString& config, const QString& tracePath) {
    return rl::test::runPrimitiveQt(QStringLiteral("circuit-breaker"), config, tracePath);
}

} // namespace

class TestPrimitiveCircuitBreaker : public QObject {
    Q_OBJECT

private:
    rl::test::TempFiles m_files;

private Q_SLOTS:
    void tracesPrintExactlyTheExpectedLines_data() {
        QTest::addColumn<QString>("name");
        // count window 4, minimum 4, threshold 0.5, slow 100 ms: trips at call 4 (S,F,S-slow,F = 0.5),
        // rejects while OPEN, lazy HALF_OPEN at 1030 ms with 2 trial permits, closes, forced open, reset.
        QTest::newRow("count window") << QStringLiteral("count_window");
        // a production log of outcomes only, consecutive threshold 3: each line acquires implicitly; the
        // refused call at 500 ms is not recorded; at 2400 ms one line goes OPEN -> HALF_OPEN -> CLOSED.
        QTest::newRow("outcomes only, consecutive") << QStringLiteral("outcomes_only");
        // time window 2 s: the failure of second 0 has left by 2.5 s; the probe of 3.6 s hangs, HALF_OPEN
        // ends at 4.1 s (max_half_open 500 ms), OPEN for 2 s (x2); its late answer is stale; metrics_only.
        QTest::newRow("time window, hung probe") << QStringLiteral("time_window_hung_probe");
    }
    void tracesPrintExactlyTheExpectedLines() {
        QFETCH(QString, name);
        const Result r = runPrimitive(dataPath(name + QStringLiteral(".config.json")),
                                      dataPath(name + QStringLiteral(".jsonl")));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QStringList expected = readLinesQt(dataPath(name + QStringLiteral(".expected.jsonl")));
        QCOMPARE(r.lines.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(r.lines[i], expected[i]);
    }
    void keyLinesSpelledOut() {
        // The trip and the hung probe, written out here so the golden file cannot drift unnoticed.
        const Result r = runPrimitive(dataPath(QStringLiteral("time_window_hung_probe.config.json")),
                                      dataPath(QStringLiteral("time_window_hung_probe.jsonl")));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 13);
        QCOMPARE(r.lines[2],
                 QStringLiteral("{\"t_ms\":2600,\"permitted\":true,\"state\":\"open\",\"failure_rate\":null,"
                                "\"slow_call_rate\":null,\"buffered_calls\":0,\"failed_calls\":0,"
                                "\"slow_calls\":0,\"retry_after_ms\":1000,\"transitions\":[{\"from\":"
                                "\"closed\",\"to\":\"open\",\"at_ms\":2600,\"failure_rate\":0.5,"
                                "\"slow_call_rate\":0.0}]}"));
        QCOMPARE(r.lines[4],
                 QStringLiteral("{\"t_ms\":4200,\"permitted\":false,\"state\":\"open\",\"failure_rate\":"
                                "null,\"slow_call_rate\":null,\"buffered_calls\":0,\"failed_calls\":0,"
                                "\"slow_calls\":0,\"retry_after_ms\":1901,\"transitions\":[{\"from\":"
                                "\"half_open\",\"to\":\"open\",\"at_ms\":4101,\"failure_rate\":null,"
                                "\"slow_call_rate\":null}]}"));
        QVERIFY2(r.lines[5].startsWith(QStringLiteral("{\"t_ms\":4300,\"stale\":true,\"state\":\"open\"")),
                 qPrintable(r.lines[5]));
    }
    void inlineConfigAndDefaults() {
        // Defaults are Resilience4j's (minimum 100 calls): one failure gives no verdict.
        const QString trace = m_files.writeLines(QStringLiteral("one.jsonl"),
                                                 {QStringLiteral("{\"t_ms\": 0, \"op\": \"failure\"}")});
        const Result r = runPrimitive(QStringLiteral("{}"), trace);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines,
                 QStringList{QStringLiteral(
                     "{\"t_ms\":0,\"permitted\":true,\"state\":\"closed\",\"failure_rate\":null,"
                     "\"slow_call_rate\":null,\"buffered_calls\":1,\"failed_calls\":1,\"slow_calls\":0}")});
    }
    void badLineExitsTwoNamingTheLine_data() {
        QTest::addColumn<QString>("badLine");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown op") << QStringLiteral("{\"t_ms\": 5, \"op\": \"succes\"}")
                                    << QStringLiteral("unknown op \"succes\"; expected one of: acquire");
        QTest::newRow("misspelt key")
            << QStringLiteral("{\"t_ms\": 5, \"op\": \"success\", \"duraton_ms\": 3}")
            << QStringLiteral("unknown key \"duraton_ms\" for op \"success\"");
        QTest::newRow("negative duration")
            << QStringLiteral("{\"t_ms\": 5, \"op\": \"failure\", \"duration_ms\": -1}")
            << QStringLiteral("\"duration_ms\" must be >= 0, got -1");
        QTest::newRow("duration as text")
            << QStringLiteral("{\"t_ms\": 5, \"op\": \"failure\", \"duration_ms\": \"3\"}")
            << QStringLiteral("\"duration_ms\" must be a number");
        QTest::newRow("key on a manual op")
            << QStringLiteral("{\"t_ms\": 5, \"op\": \"reset\", \"hard\": true}")
            << QStringLiteral("unknown key \"hard\" for op \"reset\"");
    }
    void badLineExitsTwoNamingTheLine() {
        QFETCH(QString, badLine);
        QFETCH(QString, message);
        const QString trace = m_files.writeLines(
            QStringLiteral("bad.jsonl"), {QStringLiteral("{\"t_ms\": 0, \"op\": \"acquire\"}"), badLine,
                                          QStringLiteral("{\"t_ms\": 9, \"op\": \"state\"}")});
        const Result r = runPrimitive(QStringLiteral("{\"window\": \"count\"}"), trace);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), 1); // the good first line was answered, nothing after the bad one
        QVERIFY2(r.err.contains(QStringLiteral("bad.jsonl:2: ") + message), qPrintable(r.err));
    }
    void badConfigExitsTwoNamingTheKey() {
        const QString trace = m_files.writeLines(QStringLiteral("ok.jsonl"),
                                                 {QStringLiteral("{\"t_ms\": 0, \"op\": \"acquire\"}")});
        const Result r = runPrimitive(
            QStringLiteral("{\"window\": \"count\", \"failure_rate_threshold\": 1.5, \"half_open_cals\": 3}"),
            trace);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.lines.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("failure_rate_threshold: must be in (0, 1], got 1.5")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("half_open_cals")), qPrintable(r.err));
    }
    void compatKeyReplaysAsResilience4j() {
        // Calls A, B, C start at 0; A and B fail (oldest first) and trip the breaker; the probe D is sent at
        // 1100; then C, admitted while CLOSED, answers. Ours ignores C (stale) and waits for D;
        // "compat": "resilience4j" records C as a trial, as Resilience4j does, and it closes the circuit.
        const QString acquire0 = QStringLiteral("{\"t_ms\": 0, \"op\": \"acquire\"}");
        const QString trace = m_files.writeLines(QStringLiteral("late.jsonl"),
                                                 {acquire0, acquire0, acquire0,
                                                  QStringLiteral("{\"t_ms\": 1, \"op\": \"failure\"}"),
                                                  QStringLiteral("{\"t_ms\": 2, \"op\": \"failure\"}"),
                                                  QStringLiteral("{\"t_ms\": 1100, \"op\": \"acquire\"}"),
                                                  QStringLiteral("{\"t_ms\": 1200, \"op\": \"success\"}")});
        const QString base =
            QStringLiteral("\"window\": \"count\", \"window_size\": 2, \"minimum_calls\": 2, "
                           "\"open_duration_ms\": 1000, \"half_open_calls\": 1");
        const Result ours = runPrimitive(QStringLiteral("{") + base + QStringLiteral("}"), trace);
        QCOMPARE(ours.exitCode, 0);
        QCOMPARE(ours.lines.size(), 7);
        QVERIFY2(ours.lines[4].contains(QStringLiteral("\"state\":\"open\"")), qPrintable(ours.lines[4]));
        QVERIFY2(ours.lines[5].contains(QStringLiteral("\"state\":\"half_open\"")),
                 qPrintable(ours.lines[5]));
        QVERIFY2(ours.lines[6].contains(QStringLiteral("\"stale\":true,\"state\":\"half_open\"")),
                 qPrintable(ours.lines[6]));
        for (const QString& compat : {QStringLiteral("\"compat\": \"resilience4j\""),
                                      QStringLiteral("\"late_outcomes\": \"record\"")}) {
            const Result r4j = runPrimitive(
                QStringLiteral("{") + base + QStringLiteral(", ") + compat + QStringLiteral("}"), trace);
            QCOMPARE(r4j.exitCode, 0);
            QCOMPARE(r4j.lines.size(), 7);
            QVERIFY2(r4j.lines[6].contains(QStringLiteral("\"state\":\"closed\"")), qPrintable(r4j.lines[6]));
            QVERIFY(!r4j.lines[6].contains(QStringLiteral("stale")));
        }
    }
    void badCompatValuesNameTheKey_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("compat") << QStringLiteral("{\"compat\": \"resilience4\"}")
                                << QStringLiteral(
                                       "compat: expected one of \"resilience_lab\", \"resilience4j\", "
                                       "got \"resilience4\"; did you mean \"resilience4j\"?");
        QTest::newRow("late_outcomes")
            << QStringLiteral("{\"late_outcomes\": true}")
            << QStringLiteral("late_outcomes: expected one of \"ignore\", \"record\"");
        QTest::newRow("half_open_failure") << QStringLiteral("{\"half_open_failure\": \"rate\"}")
                                           << QStringLiteral("half_open_failure: expected one of \"reopen\", "
                                                             "\"judge\", got \"rate\"");
        QTest::newRow("open_duration_rounding")
            << QStringLiteral("{\"open_duration_rounding\": \"ms\"}")
            << QStringLiteral("open_duration_rounding: expected one of \"none\", \"truncate_ms\"");
        QTest::newRow("rate_arithmetic") << QStringLiteral("{\"rate_arithmetic\": \"float\"}")
                                         << QStringLiteral("rate_arithmetic: expected one of \"exact\", "
                                                           "\"float_percent\"");
        QTest::newRow("sub-millisecond open period when truncating")
            << QStringLiteral("{\"compat\": \"resilience4j\", \"open_duration_ms\": 0.5}")
            << QStringLiteral(
                   "open_duration_ms: must be >= 1 when open_duration_rounding is \"truncate_ms\"");
        QTest::newRow("typo in a rule key") << QStringLiteral("{\"late_outcome\": \"record\"}")
                                            << QStringLiteral("did you mean \"late_outcomes\"");
    }
    void badCompatValuesNameTheKey() {
        QFETCH(QString, config);
        QFETCH(QString, message);
        const QString trace = m_files.writeLines(QStringLiteral("ok.jsonl"),
                                                 {QStringLiteral("{\"t_ms\": 0, \"op\": \"acquire\"}")});
        const Result r = runPrimitive(config, trace);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.lines.isEmpty());
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
    void realExecutableRunsTheDriver() {
        QProcess p;
        p.start(QStringLiteral(RL_EXECUTABLE),
                {QStringLiteral("primitive"), QStringLiteral("circuit-breaker"), QStringLiteral("--config"),
                 dataPath(QStringLiteral("outcomes_only.config.json")), QStringLiteral("--trace"),
                 dataPath(QStringLiteral("outcomes_only.jsonl"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'));
        lines.removeAll(QString());
        QCOMPARE(lines, readLinesQt(dataPath(QStringLiteral("outcomes_only.expected.jsonl"))));
    }
    void helpListsTheKind() {
        std::ostringstream out, err;
        QCOMPARE(rl::cli::runCli({"primitive", "--help"}, {out, err}), 0);
        QVERIFY(
            QString::fromStdString(out.str()).contains(QStringLiteral("circuit-breaker: circuit breaker")));
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveCircuitBreaker)
#include "tst_primitive_circuit_breaker.moc"
