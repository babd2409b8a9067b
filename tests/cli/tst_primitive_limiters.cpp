// `resilience-lab primitive` for h3's kinds: token-bucket, fixed-window, sliding-log,
// sliding-window-counter, bulkhead, load-shedder, concurrency-limit. Each trace under
// tests/data/traces/KIND/NAME.jsonl runs with NAME.config.json and must print exactly NAME.expected.jsonl
// (checked by hand when written: see the narration below). Bad lines and bad configs exit 2 and name the line
// or the key.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QtTest>

#include <sstream>

namespace {

using Result = rl::test::QtCliResult;
using rl::test::readLinesQt;
using rl::test::runPrimitiveQt;
using rl::test::traceDataQt;

} // namespace

class TestPrimitiveLimiters : public QObject {
    Q_OBJECT

private:
    rl::test::TempFiles m_files;

private Q_SLOTS:
    void tracesPrintExactlyTheExpectedLines_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        // rate 2/s, burst 2, per tenant, max 2 keys, idle 10 s: acme takes 2 and waits 500 ms for the
        // next; globex is untouched by acme; a cost of 3 > burst never passes (null); initech evicts
        // globex (least recently used); an unknown key reads full; acme, idle 19.5 s, starts afresh.
        QTest::newRow("token bucket per tenant") << "token-bucket"
                                                 << "per_tenant";
        // rate 3/s, burst 3, global: 1 + 2 take exactly the burst (no rounding loss), the next token is
        // due at 333.333334 ms (first whole ns); the key is ignored; a blank line prints nothing.
        QTest::newRow("token bucket global") << "token-bucket"
                                             << "global";
        // limit 2 per aligned second: 999 ms waits 1 ms for the window at 1000 ms; 1000 and 1001 both
        // pass (4 in 501 ms: the boundary burst); cost 3 > limit is never admitted.
        QTest::newRow("fixed window") << "fixed-window"
                                      << "basic";
        // limit 2 in any trailing second: each admission leaves exactly 1 s later; a cost of 2 at
        // 1200 ms waits for both admissions (500 and 1000 ms) to leave: 800 ms.
        QTest::newRow("sliding log") << "sliding-log"
                                     << "basic";
        // limit 4: 4 at 500 ms; at 600 ms the call must wait until 4 * (1 - f) + 1 <= 4 in the next
        // window, f = 0.25: 1250 ms; at 1249 ms the estimate is 3.004 (0.996 left), at 1250 ms it fits.
        QTest::newRow("sliding window counter") << "sliding-window-counter"
                                                << "basic";
        // 2 slots, 2 places, max wait 100 ms: 5 is rejected (full); the release at 40 ms goes to 3
        // (FIFO); 4 cancels (twice: the second finds nothing); 6, queued at 60 ms, has waited 140 ms
        // at the release of 200 ms: dropped as expired, the slot stays free; a stray release is ignored.
        QTest::newRow("bulkhead queue") << "bulkhead"
                                        << "queue";
        // max_queue defaults to 0: fail fast.
        QTest::newRow("bulkhead fail fast") << "bulkhead"
                                            << "fail_fast";
        // max 4, protect high, hard 5: low shed at 2 in flight, normal at 4, high and critical at 5.
        QTest::newRow("load shedder staged") << "load-shedder"
                                             << "staged";
        // AIMD, limit 2, timeout 100 ms: the 3rd acquire is refused; 2 successes at full load (2 x 2 >= 2)
        // make a window: limit 3; a drop: floor(3 x 0.9) = 2; a 150 ms success is a drop: 1.
        QTest::newRow("concurrency limit aimd") << "concurrency-limit"
                                                << "aimd";
        // Gradient2, smoothing 1, no queue headroom: long-term RTT 10 -> 25 -> 50 ms; gradients 1, 0.9375,
        // 0.75 give 4, 3.75, 2.8125; a 1 ms RTT (long / short > 2) decays the average by 0.95 but is
        // app-limited (1 < 2.8125 / 2): no change.
        QTest::newRow("concurrency limit gradient2") << "concurrency-limit"
                                                     << "gradient2";
    }
    void tracesPrintExactlyTheExpectedLines() {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        const Result r = runPrimitiveQt(kind, traceDataQt(kind, name + QStringLiteral(".config.json")),
                                        traceDataQt(kind, name + QStringLiteral(".jsonl")));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QStringList expected = readLinesQt(traceDataQt(kind, name + QStringLiteral(".expected.jsonl")));
        QCOMPARE(r.lines.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i)
            QCOMPARE(r.lines[i], expected[i]);
    }

    void badLineExitsTwoNamingTheLine_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("badLine");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("bulkhead acquire without id") << "bulkhead"
                                                     << "{\"t_ms\": 5, \"op\": \"acquire\"}"
                                                     << "\"id\"";
        QTest::newRow("bulkhead negative id") << "bulkhead"
                                              << "{\"t_ms\": 5, \"op\": \"cancel\", \"id\": -3}"
                                              << "\"id\" must be >= 0";
        QTest::newRow("negative cost") << "token-bucket"
                                       << "{\"t_ms\": 5, \"op\": \"acquire\", \"cost\": -1}"
                                       << "\"cost\" must be >= 0";
        QTest::newRow("key not a string") << "sliding-log"
                                          << "{\"t_ms\": 5, \"op\": \"acquire\", \"key\": 7}"
                                          << "\"key\" must be a string";
        QTest::newRow("unknown op") << "fixed-window"
                                    << "{\"t_ms\": 5, \"op\": \"take\"}"
                                    << "expected one of: acquire";
        QTest::newRow("misspelt key") << "load-shedder"
                                      << "{\"t_ms\": 5, \"op\": \"admit\", \"prioirty\": \"low\"}"
                                      << "unknown key \"prioirty\"";
        QTest::newRow("unknown priority") << "load-shedder"
                                          << "{\"t_ms\": 5, \"op\": \"admit\", \"priority\": \"urgent\"}"
                                          << "low, normal, high or critical";
        QTest::newRow("success without rtt") << "concurrency-limit"
                                             << "{\"t_ms\": 5, \"op\": \"success\"}"
                                             << "missing \"rtt_ms\"";
        QTest::newRow("counter state with cost") << "sliding-window-counter"
                                                 << "{\"t_ms\": 5, \"op\": \"state\", \"cost\": 1}"
                                                 << "unknown key \"cost\"";
    }
    void badLineExitsTwoNamingTheLine() {
        QFETCH(QString, kind);
        QFETCH(QString, badLine);
        QFETCH(QString, mentions);
        const QString first =
            kind == QLatin1String("bulkhead")       ? QStringLiteral("{\"t_ms\": 0, \"op\": \"state\"}")
            : kind == QLatin1String("load-shedder") ? QStringLiteral("{\"t_ms\": 0, \"op\": \"release\"}")
                                                    : QStringLiteral("{\"t_ms\": 0, \"op\": \"acquire\"}");
        const QString path = m_files.writeLines(kind + QStringLiteral(".jsonl"), {first, badLine});
        const Result r = runPrimitiveQt(kind, QStringLiteral("{}"), path);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), 1); // the good first line was answered before the run stopped
        QVERIFY2(r.err.contains(path + QStringLiteral(":2:")), qPrintable(r.err));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    }

    // The line is named once, as FILE:LINE; the parser's own "line 1, column N" is not repeated after it.
    void invalidJsonLineNamesTheColumnOnce() {
        const QString path = m_files.writeLines(QStringLiteral("syntax.jsonl"),
                                                {QStringLiteral("{\"t_ms\": 0, \"op\": \"acquire\"}"),
                                                 QStringLiteral("{\"t_ms\": 1, \"op\": \"acquire\",,}")});
        const Result r = runPrimitiveQt(QStringLiteral("token-bucket"), QStringLiteral("{}"), path);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QStringLiteral("resilience-lab primitive: ") + path +
                     QStringLiteral(":2: column 29: not valid JSON: syntax error while parsing object key - "
                                    "unexpected ','; expected string literal\n"));
        const Result config =
            runPrimitiveQt(QStringLiteral("token-bucket"), QStringLiteral("{\"burst\":,}"), path);
        QCOMPARE(config.exitCode, 2);
        QCOMPARE(config.err,
                 QStringLiteral("resilience-lab primitive: --config: line 1, column 10: not valid JSON: "
                                "syntax error while parsing value - unexpected ','; expected '[', "
                                "'{', or a literal\n"));
    }

    void badConfigExitsTwoNamingTheKey_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("burst below 1") << "token-bucket"
                                       << "{\"burst\": 0.5}"
                                       << "burst: must be >= 1, got 0.5";
        QTest::newRow("kind of another driver") << "fixed-window"
                                                << "{\"kind\": \"sliding_log\"}"
                                                << "kind: this driver runs \"fixed_window\"";
        QTest::newRow("misspelt limit") << "sliding-log"
                                        << "{\"limt\": 3}"
                                        << "did you mean \"limit\"";
        QTest::newRow("window zero") << "sliding-window-counter"
                                     << "{\"window_ms\": 0}"
                                     << "window_ms";
        QTest::newRow("bulkhead queue") << "bulkhead"
                                        << "{\"max_queue\": -1}"
                                        << "max_queue";
        QTest::newRow("unknown algorithm") << "concurrency-limit"
                                           << "{\"algorithm\": \"vegas\"}"
                                           << "algorithm";
        QTest::newRow("limits out of order") << "concurrency-limit"
                                             << "{\"min_limit\": 10, \"initial_limit\": 5}"
                                             << "initial_limit: must be in [10, 1000], got 5";
        QTest::newRow("shedder hard limit") << "load-shedder"
                                            << "{\"max_inflight\": 10, \"hard_limit\": 5}"
                                            << "hard_limit";
    }
    void badConfigExitsTwoNamingTheKey() {
        QFETCH(QString, kind);
        QFETCH(QString, config);
        QFETCH(QString, mentions);
        const QString path = m_files.writeLines(QStringLiteral("any.jsonl"),
                                                {QStringLiteral("{\"t_ms\": 0, \"op\": \"state\"}")});
        const Result r = runPrimitiveQt(kind, config, path);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.lines.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("--config")) && r.err.contains(mentions), qPrintable(r.err));
    }

    void helpListsEveryKind() {
        std::ostringstream out, err;
        QCOMPARE(rl::cli::runCli({"primitive", "--help"}, {out, err}), 0);
        const QString text = QString::fromStdString(out.str());
        for (const char* kind : {"token-bucket", "fixed-window", "sliding-log", "sliding-window-counter",
                                 "bulkhead", "load-shedder", "concurrency-limit"})
            QVERIFY2(text.contains(QLatin1String(kind)), kind);
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveLimiters)
#include "tst_primitive_limiters.moc"
