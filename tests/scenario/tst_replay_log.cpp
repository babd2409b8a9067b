// Recorded logs that services replay: reading CSV and JSON lines (written rows read back equal), the
// timestamp forms and status words accepted, bad rows named by file and line, and the scenario's
// `replay` key (checked at its path, written back, its file found relative to the scenario).
#include "core/common/random.h"
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"
#include "scenario_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace rl;
using namespace rl::scenario;
using rl::scenario::testing::baseScenario;
using rl::scenario::testing::lines;

namespace {

const std::string kPath = "services[1].replay.file";

std::optional<ReplayLog> parse(const std::string& text, Diagnostics& out, const char* name = "incident.csv") {
    return parseReplayText(text, name, ReplayFormat::Auto, kPath, out);
}

// Rows as a recorder would give them: ordered, the first at 0, latencies with fractions.
std::vector<ReplayRow> randomRows(Random& rng, std::size_t n) {
    static constexpr Outcome kOutcomes[] = {Outcome::Success, Outcome::Error, Outcome::Timeout,
                                            Outcome::RateLimited, Outcome::ClientError};
    std::vector<ReplayRow> rows;
    Duration t{0};
    for (std::size_t i = 0; i < n; ++i) {
        ReplayRow r;
        r.t = t;
        r.latencyMs = std::round(rng.exponential(80) * 1000) / 1000;
        r.outcome = kOutcomes[rng.below(5)];
        rows.push_back(r);
        t += Duration(static_cast<std::int64_t>(rng.below(3'000'000'000))); // up to 3 s, to the nanosecond
    }
    return rows;
}

void writeFile(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString(), std::ios::binary) << text;
}

} // namespace

class ReplayLogTest : public QObject {
    Q_OBJECT

private slots:
    void csvRowsReadBackAsWritten() {
        Random rng(11);
        const auto rows = randomRows(rng, 500);
        Diagnostics out;
        const auto log = parse(writeReplayCsv(rows), out);
        QVERIFY2(log, out.toString().c_str());
        QCOMPARE(log->rows.size(), rows.size());
        QVERIFY(log->rows == rows);
    }

    void jsonLinesReadBackAsWritten() {
        Random rng(12);
        const auto rows = randomRows(rng, 500);
        Diagnostics out;
        const auto log = parse(writeReplayJsonl(rows), out, "incident.jsonl");
        QVERIFY2(log, out.toString().c_str());
        QVERIFY(log->rows == rows);
    }

    void csvColumnsInAnyOrderExtraColumnsIgnored() {
        Diagnostics out;
        const auto log = parse("# exported from the APM\n"
                               "Status, path, LATENCY_MS ,timestamp,bytes\n"
                               "200,/a,12.5,100.25,30\n"
                               "\n"
                               "\"503\",\"/b,c\",40,101,0\r\n",
                               out);
        QVERIFY2(log, out.toString().c_str());
        QCOMPARE(log->rows.size(), std::size_t{2});
        QCOMPARE(log->rows[0], (ReplayRow{Duration(0), 12.5, Outcome::Success}));
        QCOMPARE(log->rows[1], (ReplayRow{fromMillis(750), 40, Outcome::Error}));
    }

    void rowsAreSortedAndMadeRelativeToTheEarliest() {
        Diagnostics out;
        const auto log = parse("timestamp,latency_ms,status\n1700000010,3,200\n1700000005,1,200\n"
                               "1700000010,4,500\n",
                               out);
        QVERIFY2(log, out.toString().c_str());
        QCOMPARE(log->rows[0].latencyMs, 1.0);
        QCOMPARE(log->rows[0].t, Duration(0));
        QCOMPARE(log->rows[1].latencyMs, 3.0); // ties keep the file's order
        QCOMPARE(log->rows[2].latencyMs, 4.0);
        QCOMPARE(log->rows[2].t, seconds(5));
        QCOMPARE(log->span(), seconds(5));
        QCOMPARE(log->medianLatencyMs, 3.0);
    }

    void timestampForms_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns"); // -1: rejected
        QTest::addColumn<int>("kind");
        const auto s = [](std::int64_t x) { return qint64{x} * 1'000'000'000; };
        const int sec = int(TimestampKind::Seconds), ms = int(TimestampKind::EpochMillis),
                  dt = int(TimestampKind::DateTime);
        QTest::newRow("relative seconds") << "12.5" << qint64{12'500'000'000} << sec;
        QTest::newRow("nanosecond fraction") << "3.000000001" << qint64{3'000'000'001} << sec;
        QTest::newRow("epoch seconds") << "1709647331" << s(1709647331) << sec;
        QTest::newRow("epoch seconds, fraction") << "1709647331.25" << s(1709647331) + 250'000'000 << sec;
        QTest::newRow("epoch milliseconds") << "1709647331250" << s(1709647331) + 250'000'000 << ms;
        QTest::newRow("exponent") << "1.5e1" << s(15) << sec;
        QTest::newRow("Z") << "2024-03-05T14:02:11Z" << s(1709647331) << dt;
        QTest::newRow("millis Z") << "2024-03-05T14:02:11.250Z" << s(1709647331) + 250'000'000 << dt;
        QTest::newRow("offset") << "2024-03-05T16:02:11.25+02:00" << s(1709647331) + 250'000'000 << dt;
        QTest::newRow("offset no colon") << "2024-03-05T09:02:11-0500" << s(1709647331) << dt;
        QTest::newRow("space, lower z") << "2024-03-05 14:02:11z" << s(1709647331) << dt;
        QTest::newRow("leap day") << "2024-02-29T00:00:00Z" << s(1709164800) << dt;
        QTest::newRow("no zone") << "2024-03-05T14:02:11" << qint64{-1} << 0;
        QTest::newRow("Feb 30") << "2024-02-30T00:00:00Z" << qint64{-1} << 0;
        QTest::newRow("hour 24") << "2024-03-05T24:00:00Z" << qint64{-1} << 0;
        QTest::newRow("negative") << "-1" << qint64{-1} << 0;
        QTest::newRow("word") << "yesterday" << qint64{-1} << 0;
        QTest::newRow("empty") << "" << qint64{-1} << 0;
        QTest::newRow("too large") << "99999999999999999" << qint64{-1} << 0;
    }
    void timestampForms() {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        QFETCH(int, kind);
        std::string error;
        const auto ts = parseTimestampText(text.toStdString(), error);
        if (ns < 0) {
            QVERIFY(!ts);
            QVERIFY(error.starts_with("timestamp must be seconds"));
            return;
        }
        QVERIFY2(ts, error.c_str());
        QCOMPARE(qint64{ts->ns}, ns);
        QCOMPARE(int(ts->kind), kind);
    }

    void statusMapping_data() {
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("outcome"); // -1: rejected
        QTest::newRow("200") << "200" << int(Outcome::Success);
        QTest::newRow("204") << "204" << int(Outcome::Success);
        QTest::newRow("302") << "302" << int(Outcome::Success);
        QTest::newRow("101") << "101" << int(Outcome::Success);
        QTest::newRow("404") << "404" << int(Outcome::ClientError);
        QTest::newRow("429") << "429" << int(Outcome::RateLimited);
        QTest::newRow("500") << "500" << int(Outcome::Error);
        QTest::newRow("503") << "503" << int(Outcome::Error);
        QTest::newRow("504") << "504" << int(Outcome::Timeout);
        QTest::newRow("OK") << "OK" << int(Outcome::Success);
        QTest::newRow("success") << "success" << int(Outcome::Success);
        QTest::newRow("Error") << "Error" << int(Outcome::Error);
        QTest::newRow("timeout") << "timeout" << int(Outcome::Timeout);
        QTest::newRow("DEADLINE_EXCEEDED") << "DEADLINE_EXCEEDED" << int(Outcome::Timeout);
        QTest::newRow("throttled") << "throttled" << int(Outcome::RateLimited);
        QTest::newRow("rate-limited") << "rate-limited" << int(Outcome::RateLimited);
        QTest::newRow("client_error") << "client_error" << int(Outcome::ClientError);
        QTest::newRow("UNAVAILABLE") << "UNAVAILABLE" << int(Outcome::Error);
        QTest::newRow("600") << "600" << -1;
        QTest::newRow("99") << "99" << -1;
        QTest::newRow("2xx") << "2xx" << -1;
        QTest::newRow("empty") << "" << -1;
        QTest::newRow("maybe") << "maybe" << -1;
    }
    void statusMapping() {
        QFETCH(QString, status);
        QFETCH(int, outcome);
        const auto o = replayStatusOutcome(status.toStdString());
        if (outcome < 0) {
            QVERIFY(!o);
            return;
        }
        QVERIFY(o);
        QCOMPARE(int(*o), outcome);
    }

    void sampleLogsLoad_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("statuses"); // the outcome of each row, in time order
        QTest::newRow("access log") << "access-log.csv"
                                    << "success success client_error rate_limited error timeout";
        QTest::newRow("APM export") << "apm-export.jsonl"
                                    << "success success rate_limited error timeout";
        QTest::newRow("relative seconds") << "relative-seconds.csv"
                                          << "success success error";
    }
    void sampleLogsLoad() {
        QFETCH(QString, file);
        QFETCH(QString, statuses);
        Replay replay;
        replay.file = file.toStdString();
        Diagnostics out;
        const auto log = loadReplayLog(replay, RL_TEST_DATA_DIR "/replay", kPath, out);
        QVERIFY2(log, out.toString().c_str());
        QStringList got;
        for (const auto& row : log->rows)
            got << QString::fromUtf8(outcomeName(row.outcome).data(),
                                     qsizetype(outcomeName(row.outcome).size()));
        QCOMPARE(got.join(' '), statuses);
        Diagnostics bad;
        replay.file = "bad-rows.csv";
        QVERIFY(!loadReplayLog(replay, RL_TEST_DATA_DIR "/replay", kPath, bad));
        QCOMPARE(bad.size(), std::size_t{3});
    }

    void badRowsAreNamedByFileAndLine() {
        Diagnostics out;
        const auto log = parse("timestamp,latency_ms,status\n"
                               "1.0,10,200\n"
                               "2.0,abc,200\n"
                               "3.0,-4,200\n"
                               "4.0,10,maybe\n"
                               "soon,10,200\n"
                               "6.0,10\n"
                               "2024-03-05T14:02:11Z,10,200\n",
                               out);
        QVERIFY(!log);
        const QStringList got = lines(out);
        QCOMPARE(got.size(), 6);
        QCOMPARE(got[0],
                 "services[1].replay.file: incident.csv:3: latency_ms must be a number >= 0, got \"abc\"");
        QCOMPARE(got[1],
                 "services[1].replay.file: incident.csv:4: latency_ms must be a number >= 0, got \"-4\"");
        QVERIFY(got[2].startsWith(
            "services[1].replay.file: incident.csv:5: status must be an HTTP code (100-599) "
            "or one of ok, success"));
        QVERIFY(got[2].endsWith(", got \"maybe\""));
        QVERIFY(got[3].startsWith("services[1].replay.file: incident.csv:6: timestamp must be seconds"));
        QVERIFY(got[3].endsWith("got \"soon\""));
        QCOMPARE(got[4], "services[1].replay.file: incident.csv:7: expected at least 3 cells as the header "
                         "(line 1) names, got 2");
        QCOMPARE(got[5], "services[1].replay.file: incident.csv:8: timestamp \"2024-03-05T14:02:11Z\" is a "
                         "date-time but line 2's is seconds; write every timestamp the same way");
    }

    void badJsonLinesAreNamedByLine() {
        Diagnostics out;
        const auto log = parse("{\"timestamp\": 1, \"latency_ms\": 5, \"status\": 200}\n"
                               "{\"timestamp\": 2, \"latency_ms\": \"abc\", \"status\": \"ok\"}\n"
                               "{\"timestamp\": 3, \"status\": \"ok\"}\n"
                               "[1, 2, 3]\n"
                               "{\"timestamp\": 4,\n",
                               out, "apm.jsonl");
        QVERIFY(!log);
        const QStringList got = lines(out);
        QCOMPARE(got.size(), 4);
        QCOMPARE(got[0],
                 "services[1].replay.file: apm.jsonl:2: latency_ms must be a number >= 0, got \"abc\"");
        QCOMPARE(got[1], "services[1].replay.file: apm.jsonl:3: missing key \"latency_ms\"");
        QVERIFY(got[2].startsWith("services[1].replay.file: apm.jsonl:4: not a JSON object"));
        QVERIFY(got[3].startsWith("services[1].replay.file: apm.jsonl:5: not valid JSON"));
    }

    void csvAndJsonLinesOfTheSameRowsLoadEqual() {
        // Written by the writers...
        Random rng(13);
        const auto rows = randomRows(rng, 300);
        Diagnostics out;
        const auto fromCsv = parse(writeReplayCsv(rows), out);
        const auto fromJsonl = parse(writeReplayJsonl(rows), out, "incident.jsonl");
        QVERIFY2(fromCsv && fromJsonl, out.toString().c_str());
        QVERIFY(fromCsv->rows == fromJsonl->rows);
        QCOMPARE(fromCsv->medianLatencyMs, fromJsonl->medianLatencyMs);
        // ... and by hand, each JSON line in another way: strings for numbers, escapes, an exponent,
        // keys in any order, nested values of other keys, a key written twice (the last counts), a BOM.
        const auto csv = parse("timestamp,latency_ms,status,path\n"
                               "2024-03-05T14:00:00.120Z,41.2,200,/a\n"
                               "2024-03-05T14:00:00.480Z,0.5,503,\"/b,c\"\n"
                               "2024-03-05T14:00:01.010Z,38.9,OK,/c\n"
                               "2024-03-05T14:00:01.700Z,12,DEADLINE_EXCEEDED,/d\n",
                               out);
        const auto jsonl =
            parse("\xEF\xBB\xBF{\"timestamp\": \"2024-03-05T14:00:00.120Z\", \"latency_ms\": 41.2, "
                  "\"status\": 200}\n"
                  "{\"path\": {\"route\": \"/b,c\", \"tags\": [\"}\", {\"y\": null}]}, \"timestamp\": "
                  "\"2024-03-05T14:00:00.480Z\", \"latency_ms\": \"0.5\", \"status\": \"503\"}\n"
                  "\n"
                  "{\"timestamp\":\"2024\\u002d03-05T14:00:01.010Z\",\"latency_ms\":3.89e1,\"status\":"
                  "\"\\u004fK\"}\r\n"
                  "  {\"status\": \"DEADLINE_EXCEEDED\", \"latency_ms\": 99, \"timestamp\": "
                  "\"2024-03-05T14:00:01.700Z\", \"latency_ms\": 12.0}  \n",
                  out, "incident.jsonl");
        QVERIFY2(csv && jsonl, out.toString().c_str());
        QCOMPARE(jsonl->rows.size(), std::size_t{4});
        QVERIFY(csv->rows == jsonl->rows);
        QCOMPARE(jsonl->rows[3], (ReplayRow{fromMillis(1580), 12, Outcome::Timeout}));
    }

    void jsonLineSyntaxErrorsSayWhereAndWhat() {
        Diagnostics out;
        const std::string tooDeep =
            "{\"timestamp\": 6, \"latency_ms\": 1, \"status\": 200, \"x\": " + std::string(100, '[') +
            std::string(100, ']') + "}\n";
        const auto log = parse("{\"timestamp\": 1, \"latency_ms\": 5, \"status\": 200} trailing\n"
                               "{\"timestamp\": 2, \"latency_ms\": 5, \"status\": \"ok}\n"
                               "{\"timestamp\": 3, \"latency_ms\": [5], \"status\": {\"code\": 200}}\n"
                               "{\"timestamp\": 4, \"latency_ms\": 05, \"status\": 200}\n"
                               "{\"timestamp\": 1e400, \"latency_ms\": 1e400, \"status\": 200}\n" +
                                   tooDeep,
                               out, "apm.jsonl");
        QVERIFY(!log);
        const QStringList got = lines(out);
        QCOMPARE(got.size(), 8);
        QCOMPARE(got[0],
                 "services[1].replay.file: apm.jsonl:1: not valid JSON at column 50: expected the end of "
                 "the line after the object, got \"trailing\"");
        QCOMPARE(got[1],
                 "services[1].replay.file: apm.jsonl:2: not valid JSON at column 45: expected a string "
                 "closed by '\"' on the same line, got \"\\\"ok}\"");
        QCOMPARE(got[2],
                 "services[1].replay.file: apm.jsonl:3: latency_ms must be a number >= 0, got \"[5]\"");
        QVERIFY(got[3].startsWith("services[1].replay.file: apm.jsonl:3: status must be an HTTP code"));
        QVERIFY(got[3].endsWith("got \"{\\\"code\\\": 200}\""));
        QCOMPARE(got[4],
                 "services[1].replay.file: apm.jsonl:4: not valid JSON at column 32: expected a number "
                 "without leading zeros (0, 7, 0.5), got \"05, \\\"status\\\": 200}\"");
        QVERIFY(got[5].startsWith("services[1].replay.file: apm.jsonl:5: timestamp must be seconds"));
        QCOMPARE(got[6],
                 "services[1].replay.file: apm.jsonl:5: latency_ms must be a number >= 0, got \"1e400\"");
        QVERIFY2(
            got[7].startsWith("services[1].replay.file: apm.jsonl:6: not valid JSON at column 154: expected "
                              "at most 100 levels of arrays and objects"),
            qPrintable(got[7]));
    }

    void jsonNumbersTooSmallForADoubleReadAsZero() {
        Diagnostics out;
        const auto log = parse("{\"timestamp\": 0, \"latency_ms\": 1e-400, \"status\": 200}\n"
                               "{\"timestamp\": 1.5e0, \"latency_ms\": -0, \"status\": 200}\n"
                               "{\"timestamp\": 2, \"latency_ms\": 0.00000000000000000000000000000001e-300, "
                               "\"status\": 200}\n",
                               out, "apm.jsonl");
        QVERIFY2(log, out.toString().c_str());
        QCOMPARE(log->rows[0].latencyMs, 0.0);
        QVERIFY(!std::signbit(log->rows[1].latencyMs)); // -0 reads as 0
        QCOMPARE(log->rows[1].t, fromMillis(1500));
        QCOMPARE(log->rows[2].latencyMs, 0.0);
    }

    void bytesThatAreNotUtf8AreReportedNotThrown() {
        // Found by fuzz_replay: a log may hold any bytes, and messages are JSON-escaped.
        Diagnostics out;
        QVERIFY(!parse("timest\x9b\x92p,latency_ms,status\n0,\xff,200\n", out));
        QVERIFY(!out.empty());
    }

    void manyBadRowsAreSummarised() {
        std::string text = "timestamp,latency_ms,status\n";
        for (int i = 0; i < 35; ++i)
            text += std::to_string(i) + ",x,200\n";
        Diagnostics out;
        QVERIFY(!parse(text, out));
        QCOMPARE(out.size(), kMaxReplayProblems + 1);
        QCOMPARE(lines(out).last(),
                 "services[1].replay.file: incident.csv: ... and 15 more bad rows (35 in all)");
    }

    void headerMustNameTheColumns() {
        Diagnostics out;
        QVERIFY(!parse("timestmp,latency,status\n1,2,200\n", out));
        const QStringList got = lines(out);
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[0],
                 "services[1].replay.file: incident.csv:1: the header must name the columns timestamp, "
                 "latency_ms and status; no column \"timestamp\" (did you mean \"timestmp\"?)");
        QCOMPARE(got[1],
                 "services[1].replay.file: incident.csv:1: the header must name the columns timestamp, "
                 "latency_ms and status; no column \"latency_ms\" (did you mean \"latency\"?)");
        Diagnostics empty;
        QVERIFY(!parse("timestamp,latency_ms,status\n", empty));
        QVERIFY(lines(empty).value(0).contains("incident.csv: no rows"));
    }

    void replayKeyIsCheckedAtItsPath() {
        auto doc = baseScenario();
        doc["services"][1]["replay"] = {{"file", ""}, {"window_s", 0}, {"after_end", "wrap"}, {"windw_s", 3}};
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY(!r.scenario);
        const QStringList got = lines(r.diagnostics);
        QVERIFY2(
            got.contains("services[1].replay.windw_s: unknown key \"windw_s\"; did you mean \"window_s\"?"),
            qPrintable(got.join('\n')));
        QVERIFY(
            got.contains("services[1].replay.file: must not be empty (a path relative to the scenario file, "
                         "or builtin-data:NAME)"));
        QVERIFY(got.contains("services[1].replay.window_s: must be > 0, got 0"));
        bool afterEnd = false;
        for (const auto& line : got)
            afterEnd = afterEnd || line.startsWith("services[1].replay.after_end: expected one of \"loop\"");
        QVERIFY2(afterEnd, qPrintable(got.join('\n')));
    }

    void replayKeyRoundTripsThroughTheWriter() {
        auto doc = baseScenario();
        doc["services"][1]["replay"] = {{"file", "logs/incident.csv"},
                                        {"format", "csv"},
                                        {"window_s", 2.5},
                                        {"start_s", 30},
                                        {"time_scale", 60},
                                        {"after_end", "synthetic"},
                                        {"latency", "scale"}};
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        const Replay& replay = *r.scenario->services[1].replay;
        QCOMPARE(replay.file, std::string("logs/incident.csv"));
        QCOMPARE(replay.windowS, 2.5);
        QCOMPARE(replay.timeScale, 60.0);
        QVERIFY(replay.afterEnd == ReplayAfterEnd::Synthetic);
        QVERIFY(replay.latency == ReplayLatency::Scale);
        QVERIFY(!replay.log); // a file is read by attachReplayLogs, which knows where the scenario is
        const std::string saved = saveScenarioText(*r.scenario);
        const LoadResult again = parseScenario(saved);
        QVERIFY2(again.scenario, again.diagnostics.toString().c_str());
        QVERIFY(*again.scenario == *r.scenario);
        QCOMPARE(saveScenarioText(*again.scenario), saved);
        // Defaults are not written.
        doc["services"][1]["replay"] = {{"file", "x.csv"}};
        const auto minimal = scenarioToJson(*parseScenarioJson(doc).scenario);
        QCOMPARE(QString::fromStdString(minimal["services"][1]["replay"].dump()), "{\"file\":\"x.csv\"}");
    }

    void fileIsFoundRelativeToTheScenario() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("logs"));
        writeFile(dir.filePath("logs/incident.csv"), "timestamp,latency_ms,status\n0,5,200\n1,7,503\n");
        auto doc = baseScenario();
        doc["services"][1]["replay"] = {{"file", "logs/incident.csv"}};
        writeFile(dir.filePath("s.json"), doc.dump());
        const LoadResult r = loadScenarioFile(dir.filePath("s.json").toStdString());
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        const auto& log = r.scenario->services[1].replay->log;
        QVERIFY(log);
        QCOMPARE(log->rows.size(), std::size_t{2});
        QCOMPARE(log->name, std::string("incident.csv"));

        doc["services"][1]["replay"] = {{"file", "logs/missing.csv"}};
        writeFile(dir.filePath("s.json"), doc.dump());
        const LoadResult missing = loadScenarioFile(dir.filePath("s.json").toStdString());
        QVERIFY(!missing.scenario);
        QVERIFY2(lines(missing.diagnostics)
                     .value(0)
                     .startsWith("services[1].replay.file: cannot read the log \"logs/missing.csv\""),
                 missing.diagnostics.toString().c_str());
        QVERIFY(lines(missing.diagnostics).value(0).endsWith("no such file"));
    }

    void builtinLogsLoadWithTheScenario() {
        QVERIFY(findBuiltinData("payments-incident.csv"));
        auto doc = baseScenario();
        doc["services"][1]["replay"] = {{"file", "builtin-data:payments-incident.csv"}};
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        const auto& log = r.scenario->services[1].replay->log;
        QVERIFY(log);
        QVERIFY(log->rows.size() > 2000);
        QVERIFY(log->span() > seconds(590));
        // Parsed once: a second scenario shares the rows.
        QCOMPARE(parseScenarioJson(doc).scenario->services[1].replay->log.get(), log.get());

        doc["services"][1]["replay"] = {{"file", "builtin-data:payments-incidnet.csv"}};
        const LoadResult bad = parseScenarioJson(doc);
        QVERIFY(!bad.scenario);
        QVERIFY2(
            lines(bad.diagnostics)
                .value(0)
                .startsWith(
                    "services[1].replay.file: no built-in log named \"payments-incidnet.csv\"; did you mean "
                    "\"payments-incident.csv\"?"),
            bad.diagnostics.toString().c_str());
    }
};

QTEST_APPLESS_MAIN(ReplayLogTest)
#include "tst_replay_log.moc"
