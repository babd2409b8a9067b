// `resilience-lab primitive retry`: exact decisions for a small trace (retries, exhaustion, Retry-After,
// deadlines, reset, schedule), a seeded jitter schedule that is reproducible, config errors naming the
// key, and a bad line -> exit 2 naming file:line. Runs the command in-process through rl::cli::runCli,
// plus one run of the real executable.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

#include <sstream>

namespace {
using Run = rl::test::QtCliResult;
using rl::test::J;

Run runPrimitive(const std::string& config, const std::string& trace) {
    return rl::test::toQt(rl::test::runPrimitive("retry", config, rl::test::traceData("retry", trace)));
}

const char* kExponential = "{'max_attempts': 3, 'backoff': {'kind': 'exponential', 'base_ms': 100, 'jitter': "
                           "'none'}, 'max_retry_after_ms': 2000}";
} // namespace

class TestPrimitiveRetry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decisionsForATrace() {
        const Run r = runPrimitive(J(kExponential), "exponential.jsonl");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QStringList expected = {
            // attempt 1 times out -> retry after 100 ms; attempt 2 fails -> 200 ms; attempt 3: no attempts
            // left
            QString(J("{'t_ms':0,'attempt':1,'outcome':'timeout','retry':true,'verdict':'retry','delay_ms':"
                      "100,'retry_at_ms':100}")
                        .c_str()),
            QString(J("{'t_ms':150,'attempt':2,'outcome':'error','retry':true,'verdict':'retry','delay_ms':"
                      "200,'retry_at_ms':350}")
                        .c_str()),
            QString(J("{'t_ms':400,'attempt':3,'outcome':'error','retry':false,'verdict':'attempts_exhausted'"
                      ",'delay_ms':0}")
                        .c_str()),
            // a new request: the server's Retry-After (250) beats the backoff (100)
            QString(J("{'t_ms':500,'attempt':1,'outcome':'rate_limited','retry':true,'verdict':'retry','"
                      "delay_ms':250,'retry_at_ms':750}")
                        .c_str()),
            QString(J("{'t_ms':800,'attempt':2,'outcome':'success','retry':false,'verdict':'not_retryable','"
                      "delay_ms':0}")
                        .c_str()),
            // circuit_open is not retried by default
            QString(J("{'t_ms':900,'attempt':1,'outcome':'circuit_open','retry':false,'verdict':'not_"
                      "retryable','delay_ms':0}")
                        .c_str()),
            // deadline 1150: a retry at 1100 fits; after attempt 2 at 1050, 1050 + 200 does not
            QString(J("{'t_ms':1000,'attempt':1,'outcome':'timeout','retry':true,'verdict':'retry','delay_ms'"
                      ":100,'retry_at_ms':1100}")
                        .c_str()),
            QString(J("{'t_ms':1050,'attempt':2,'outcome':'timeout','retry':false,'verdict':'deadline_"
                      "exceeded','delay_ms':0}")
                        .c_str()),
            QString(J("{'t_ms':1100,'reset':true}").c_str()),
            // Retry-After 5 s > max_retry_after_ms 2 s
            QString(J("{'t_ms':1100,'attempt':1,'outcome':'shed','retry':false,'verdict':'retry_after_too_"
                      "long','delay_ms':0}")
                        .c_str()),
            QString(J("{'t_ms':1200,'delays_ms':[100,200,400,800,1600,3200]}").c_str()),
        };
        QCOMPARE(r.lines, expected);
    }

    void seededJitterIsReproducible() {
        const std::string config = J("{'seed': 7, 'max_attempts': 4, 'backoff': {'kind': 'exponential', "
                                     "'base_ms': 100, 'max_ms': 1000, 'jitter': 'decorrelated'}}");
        const Run r = runPrimitive(config, "jitter.jsonl");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 5);
        // The schedule printed before and after the attempts is the same (a fresh stream of the seed),
        // and the attempts' delays follow it exactly (the driver's stream starts at the same seed).
        QCOMPARE(r.lines[0].mid(r.lines[0].indexOf(QLatin1String("delays"))),
                 r.lines[4].mid(r.lines[4].indexOf(QLatin1String("delays"))));
        QCOMPARE(r.lines[0],
                 QString(J("{'t_ms':0,'delays_ms':[240.115297,272.92218,703.496126,1000]}").c_str()));
        QVERIFY(r.lines[1].contains(QLatin1String("\"delay_ms\":240.115297")));
        QVERIFY(r.lines[2].contains(QLatin1String("\"delay_ms\":272.92218")));
        QVERIFY(r.lines[3].contains(QLatin1String("\"delay_ms\":703.496126")));
        // Another seed, another schedule; the same seed again, the same output.
        QCOMPARE(runPrimitive(config, "jitter.jsonl").lines, r.lines);
        std::string other = config;
        other.replace(other.find("7"), 1, "8");
        QVERIFY(runPrimitive(other, "jitter.jsonl").lines[0] != r.lines[0]);
    }

    void badLineExitsTwoNamingTheLine() {
        const Run r = runPrimitive(J(kExponential), "bad_line.jsonl");
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), 1); // the first line was answered before the bad one
        QVERIFY2(r.err.contains(QLatin1String("bad_line.jsonl:2:")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("\"outcome\" must be one of")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("\"tmeout\"")), qPrintable(r.err));
    }

    void configErrorsNameTheKey_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("problem");
        QTest::newRow("max_attempts 0") << QString(J("{'max_attempts': 0}").c_str())
                                        << QStringLiteral("max_attempts: must be in [1, 100], got 0");
        QTest::newRow("misspelled key")
            << QString(J("{'max_attemps': 2}").c_str()) << QStringLiteral("did you mean \"max_attempts\"");
        QTest::newRow("nested backoff") << QString(J("{'backoff': {'base_ms': -1}}").c_str())
                                        << QStringLiteral("backoff.base_ms: must be >= 0, got -1");
        QTest::newRow("bad seed") << QString(J("{'seed': 1.5}").c_str())
                                  << QStringLiteral("seed: must be a whole number >= 0, got 1.5");
    }
    void configErrorsNameTheKey() {
        QFETCH(QString, config);
        QFETCH(QString, problem);
        const Run r = runPrimitive(config.toStdString(), "exponential.jsonl");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.lines.isEmpty());
        QVERIFY2(r.err.contains(problem), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("--config")), qPrintable(r.err));
    }

    void badOpsAndFields() {
        // An unknown op, a negative Retry-After and a schedule count out of range: each exit 2 at line 1.
        const char* lines[] = {"{'t_ms':0,'op':'retry'}",
                               "{'t_ms':0,'op':'attempt','outcome':'error','retry_after_ms':-1}",
                               "{'t_ms':0,'op':'schedule','count':100000}", "{'t_ms':0,'op':'attempt'}"};
        const char* expected[] = {"unknown op \"retry\"", "\"retry_after_ms\" must be >= 0",
                                  "\"count\" must be in [0, 1000]", "missing \"outcome\""};
        for (int i = 0; i < 4; ++i) {
            QTemporaryFile file;
            QVERIFY(file.open());
            file.write(J(lines[i]).c_str());
            file.write("\n");
            file.close();
            std::ostringstream out, err;
            const int code =
                rl::cli::runCli({"primitive", "retry", "--trace", file.fileName().toStdString()}, {out, err});
            QCOMPARE(code, 2);
            QVERIFY2(QString::fromStdString(err.str()).contains(QLatin1String(expected[i])),
                     err.str().c_str());
            QVERIFY2(QString::fromStdString(err.str()).contains(QLatin1String(":1:")), err.str().c_str());
        }
    }

    void theExecutableAgrees() {
        QProcess p;
        p.start(QStringLiteral(RL_EXECUTABLE),
                {QStringLiteral("primitive"), QStringLiteral("retry"), QStringLiteral("--config"),
                 QString(J(kExponential).c_str()), QStringLiteral("--trace"),
                 QStringLiteral(RL_TEST_DATA_DIR "/traces/retry/exponential.jsonl")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines, runPrimitive(J(kExponential), "exponential.jsonl").lines);
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveRetry)
#include "tst_primitive_retry.moc"
