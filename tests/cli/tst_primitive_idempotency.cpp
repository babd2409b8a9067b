// `resilience-lab primitive idempotency`: exact output for duplicates (409, replayed result, abandon,
// lease and ttl expiry) and a full store (eviction of the oldest completed key, 503 when only live
// leases remain); config and line errors exit 2 naming the key or the line.
#include "cli_support.h"

#include <QtTest>

#include <string>
#include <vector>

namespace {

using rl::test::CliResult;

CliResult runPrimitive(const std::string& config, const std::string& trace) {
    return rl::test::runPrimitive("idempotency", config, trace);
}

std::string dataTrace(const char* name) {
    return rl::test::traceData("idempotency", name);
}

} // namespace

class TestPrimitiveIdempotency : public QObject {
    Q_OBJECT

private:
    rl::test::TempFiles m_files;
    std::string writeTrace(const char* name, const std::string& text) { return m_files.write(name, text); }

private Q_SLOTS:
    void duplicatesTraceGivesExactLines() {
        // ttl 1 s, lease 100 ms.
        const auto r = runPrimitive("{\"ttl_s\":1,\"max_entries\":10,\"in_progress_timeout_ms\":100}",
                                    dataTrace("duplicates.jsonl"));
        QCOMPARE(r.exitCode, 0);
        const std::vector<std::string> expected = {
            "{\"t_ms\":0,\"key\":\"order-1\",\"status\":\"new\",\"http\":0,\"entries\":1,\"in_progress\":1}",
            // a concurrent duplicate: 409
            "{\"t_ms\":5,\"key\":\"order-1\",\"status\":\"in_progress\",\"http\":409,\"entries\":1,"
            "\"in_progress\":1}",
            "{\"t_ms\":20,\"key\":\"order-1\",\"status\":\"completed\",\"entries\":1,\"in_progress\":0}",
            // a later duplicate: the stored result
            "{\"t_ms\":30,\"key\":\"order-1\",\"status\":\"completed\",\"http\":200,\"result\":{\"charged\":"
            "10},"
            "\"entries\":1,\"in_progress\":0}",
            "{\"t_ms\":40,\"key\":\"order-2\",\"status\":\"new\",\"http\":0,\"entries\":2,\"in_progress\":1}",
            // abandoned: the retry runs
            "{\"t_ms\":50,\"key\":\"order-2\",\"status\":\"new\",\"entries\":1,\"in_progress\":0}",
            "{\"t_ms\":60,\"key\":\"order-2\",\"status\":\"new\",\"http\":0,\"entries\":2,\"in_progress\":1}",
            // the owner of order-2 vanished: its 100 ms lease is over
            "{\"t_ms\":200,\"key\":\"order-2\",\"status\":\"new\",\"http\":0,\"entries\":2,\"in_progress\":"
            "1}",
            // order-1 completed at 20 ms: its result is gone at 1020 ms
            "{\"t_ms\":1020,\"key\":\"order-1\",\"status\":\"new\",\"http\":0,\"entries\":1,\"in_progress\":"
            "1}",
            "{\"t_ms\":1030,\"entries\":1,\"in_progress\":1,\"duplicates_suppressed\":2,"
            "\"in_progress_conflicts\":1,\"replayed\":1,\"expired\":1,\"leases_expired\":2,\"evicted\":0,"
            "\"rejected_full\":0,\"abandoned\":1}",
        };
        QCOMPARE(r.lines, expected);
        QVERIFY(r.err.empty());
    }

    void fullStoreTraceGivesExactLines() {
        const auto r = runPrimitive("{\"max_entries\":2}", dataTrace("full.jsonl"));
        QCOMPARE(r.exitCode, 0);
        const std::vector<std::string> expected = {
            "{\"t_ms\":0,\"key\":\"a\",\"status\":\"new\",\"http\":0,\"entries\":1,\"in_progress\":1}",
            "{\"t_ms\":1,\"key\":\"b\",\"status\":\"new\",\"http\":0,\"entries\":2,\"in_progress\":2}",
            // full of live leases: refuse rather than evict one
            "{\"t_ms\":2,\"key\":\"c\",\"status\":\"full\",\"http\":503,\"entries\":2,\"in_progress\":2}",
            "{\"t_ms\":3,\"key\":\"a\",\"status\":\"completed\",\"entries\":2,\"in_progress\":1}",
            // now the oldest completed key (a) makes room
            "{\"t_ms\":4,\"key\":\"c\",\"status\":\"new\",\"http\":0,\"entries\":2,\"in_progress\":2}",
            "{\"t_ms\":5,\"key\":\"a\",\"status\":\"full\",\"http\":503,\"entries\":2,\"in_progress\":2}",
            "{\"t_ms\":6,\"entries\":2,\"in_progress\":2,\"duplicates_suppressed\":0,\"in_progress_"
            "conflicts\":0,"
            "\"replayed\":0,\"expired\":0,\"leases_expired\":0,\"evicted\":1,\"rejected_full\":2,"
            "\"abandoned\":0}",
        };
        QCOMPARE(r.lines, expected);
    }

    void badConfigExitsTwoNamingTheKey_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("ttl 0") << "{\"ttl_s\":0}"
                               << "ttl_s: ";
        QTest::newRow("max_entries 0") << "{\"max_entries\":0}"
                                       << "max_entries: must be in [1, 10000000], got 0";
        QTest::newRow("lease negative") << "{\"in_progress_timeout_ms\":-5}"
                                        << "in_progress_timeout_ms: ";
        QTest::newRow("ttl a string") << "{\"ttl_s\":\"1h\"}"
                                      << "ttl_s: ";
        QTest::newRow("unknown key") << "{\"ttl\":5}"
                                     << "ttl: unknown key \"ttl\"; did you mean \"ttl_s\"?";
    }
    void badConfigExitsTwoNamingTheKey() {
        QFETCH(QString, config);
        QFETCH(QString, message);
        const auto r = runPrimitive(config.toStdString(), dataTrace("full.jsonl"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("--config: " + message.toStdString()) != std::string::npos, r.err.c_str());
        QVERIFY(r.lines.empty());
    }

    void badLineExitsTwoNamingTheLine_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing key") << "{\"t_ms\":1,\"op\":\"begin\"}"
                                     << "missing \"key\" (a string)";
        QTest::newRow("numeric key") << "{\"t_ms\":1,\"op\":\"begin\",\"key\":7}"
                                     << "\"key\" must be a string";
        QTest::newRow("unknown op") << "{\"t_ms\":1,\"op\":\"finish\",\"key\":\"a\"}"
                                    << "unknown op \"finish\"";
        QTest::newRow("result on begin") << "{\"t_ms\":1,\"op\":\"begin\",\"key\":\"a\",\"result\":1}"
                                         << "unknown key \"result\"";
    }
    void badLineExitsTwoNamingTheLine() {
        QFETCH(QString, line);
        QFETCH(QString, message);
        const std::string trace = writeTrace("bad.jsonl", "{\"t_ms\":0,\"op\":\"begin\",\"key\":\"x\"}\n\n" +
                                                              line.toStdString() + "\n");
        const auto r = runPrimitive("{}", trace);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), std::size_t{1});
        QVERIFY2(r.err.find("bad.jsonl:3: ") != std::string::npos, r.err.c_str()); // blank line 2 counted
        QVERIFY2(r.err.find(message.toStdString()) != std::string::npos, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveIdempotency)
#include "tst_primitive_idempotency.moc"
