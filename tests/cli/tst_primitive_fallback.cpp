// `resilience-lab primitive fallback-cache`: exact output for a cache trace (fresh, stale served,
// eviction, string and numeric keys) and a static one; config and line errors exit 2 naming the problem.
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

#include <string>
#include <vector>

namespace {

using rl::test::CliResult;

CliResult runPrimitive(const std::string& config, const std::string& trace) {
    return rl::test::runPrimitive("fallback-cache", config, trace);
}

std::string dataTrace(const char* name) {
    return rl::test::traceData("fallback-cache", name);
}

} // namespace

class TestPrimitiveFallback : public QObject {
    Q_OBJECT

private:
    rl::test::TempFiles m_files;
    std::string writeTrace(const char* name, const std::string& text) { return m_files.write(name, text); }

private Q_SLOTS:
    void cacheTraceGivesExactLines() {
        // ttl 1 s, serve stale, room for 2 keys.
        const auto r = runPrimitive("{\"kind\":\"cache\",\"ttl_s\":1,\"serve_stale\":true,\"max_entries\":2}",
                                    dataTrace("cache.jsonl"));
        QCOMPARE(r.exitCode, 0);
        const std::vector<std::string> expected = {
            // nothing cached yet: the failure stands
            "{\"t_ms\":0,\"key\":1,\"answer\":\"none\",\"degraded\":false,\"stale\":false,\"age_ms\":null,"
            "\"entries\":0}",
            "{\"t_ms\":10,\"key\":1,\"stored\":true,\"entries\":1}",
            // 490 ms old: fresh
            "{\"t_ms\":500,\"key\":1,\"answer\":\"cache\",\"degraded\":true,\"stale\":false,\"age_ms\":490,"
            "\"entries\":1}",
            // exactly ttl old: stale, served because serve_stale
            "{\"t_ms\":1010,\"key\":1,\"answer\":\"stale_cache\",\"degraded\":true,\"stale\":true,"
            "\"age_ms\":1000,\"entries\":1}",
            "{\"t_ms\":1020,\"key\":\"user:7\",\"stored\":true,\"entries\":2}",
            // third key: key 1 (least recently written) is evicted
            "{\"t_ms\":1030,\"key\":2,\"stored\":true,\"entries\":2}",
            "{\"t_ms\":1040,\"key\":\"user:7\",\"answer\":\"cache\",\"degraded\":true,\"stale\":false,"
            "\"age_ms\":20,\"entries\":2}",
            "{\"t_ms\":1050,\"key\":1,\"answer\":\"none\",\"degraded\":false,\"stale\":false,\"age_ms\":null,"
            "\"entries\":2}",
            "{\"t_ms\":1060,\"entries\":2,\"hits\":2,\"stale_hits\":1,\"misses\":2,\"stale_refused\":0,"
            "\"static_served\":0,\"evictions\":1}",
        };
        QCOMPARE(r.lines, expected);
        QVERIFY(r.err.empty());
    }

    void staleRefusedWithoutServeStale() {
        const std::string trace =
            writeTrace("stale.jsonl", "{\"t_ms\":0,\"op\":\"success\",\"key\":5}\n"
                                      "{\"t_ms\":60000,\"op\":\"failure\",\"key\":5}\n");
        const auto r = runPrimitive("{}", trace); // defaults: cache, ttl 60 s, no stale
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.at(1),
                 std::string("{\"t_ms\":60000,\"key\":5,\"answer\":\"none\",\"degraded\":false,"
                             "\"stale\":false,\"age_ms\":null,\"entries\":1}"));
    }

    void staticAlwaysAnswers() {
        const auto r = runPrimitive("{\"kind\":\"static\"}", dataTrace("static.jsonl"));
        QCOMPARE(r.exitCode, 0);
        const std::vector<std::string> expected = {
            "{\"t_ms\":0,\"key\":1,\"answer\":\"static\",\"degraded\":true,\"stale\":false,\"age_ms\":null,"
            "\"entries\":0}",
            "{\"t_ms\":1,\"key\":1,\"stored\":true,\"entries\":1}",
            "{\"t_ms\":2,\"key\":99,\"answer\":\"static\",\"degraded\":true,\"stale\":false,\"age_ms\":null,"
            "\"entries\":1}",
            "{\"t_ms\":3,\"entries\":1,\"hits\":0,\"stale_hits\":0,\"misses\":0,\"stale_refused\":0,"
            "\"static_served\":2,\"evictions\":0}",
        };
        QCOMPARE(r.lines, expected);
    }

    void badConfigExitsTwoNamingTheKey_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("ttl 0") << "{\"ttl_s\":0}"
                               << "ttl_s";
        QTest::newRow("max_entries 0") << "{\"max_entries\":0}"
                                       << "max_entries";
        QTest::newRow("bad kind") << "{\"kind\":\"cahce\"}"
                                  << "cache";
        QTest::newRow("unknown key") << "{\"ttl\":5}"
                                     << "ttl_s";
    }
    void badConfigExitsTwoNamingTheKey() {
        QFETCH(QString, config);
        QFETCH(QString, message);
        const auto r = runPrimitive(config.toStdString(), dataTrace("static.jsonl"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("--config") != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find(message.toStdString()) != std::string::npos, r.err.c_str());
        QVERIFY(r.lines.empty());
    }

    void badLineExitsTwoNamingTheLine_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing key") << "{\"t_ms\":1,\"op\":\"failure\"}"
                                     << "missing \"key\"";
        QTest::newRow("negative key") << "{\"t_ms\":1,\"op\":\"success\",\"key\":-3}"
                                      << "\"key\" must be";
        QTest::newRow("fractional key") << "{\"t_ms\":1,\"op\":\"success\",\"key\":1.5}"
                                        << "\"key\" must be";
        QTest::newRow("unknown op") << "{\"t_ms\":1,\"op\":\"acquire\",\"key\":1}"
                                    << "unknown op \"acquire\"";
        QTest::newRow("misspelt field") << "{\"t_ms\":1,\"op\":\"success\",\"kye\":1}"
                                        << "unknown key \"kye\"";
    }
    void badLineExitsTwoNamingTheLine() {
        QFETCH(QString, line);
        QFETCH(QString, message);
        const std::string trace = writeTrace("bad.jsonl", "{\"t_ms\":0,\"op\":\"success\",\"key\":1}\n" +
                                                              line.toStdString() + "\n");
        const auto r = runPrimitive("{}", trace);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), std::size_t{1}); // the good first line was answered
        QVERIFY2(r.err.find("bad.jsonl:2: ") != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find(message.toStdString()) != std::string::npos, r.err.c_str());
    }

    void executableListsTheKindAndExitsTwoOnABadLine() {
        QProcess p;
        p.start(QStringLiteral(RL_EXECUTABLE), {QStringLiteral("primitive"), QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains(QStringLiteral("fallback-cache")));
        const std::string trace = writeTrace("bad2.jsonl", "{\"t_ms\":0,\"op\":\"nope\",\"key\":1}\n");
        p.start(QStringLiteral(RL_EXECUTABLE), {QStringLiteral("primitive"), QStringLiteral("fallback-cache"),
                                                QStringLiteral("--trace"), QString::fromStdString(trace)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("bad2.jsonl:1:")));
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveFallback)
#include "tst_primitive_fallback.moc"
