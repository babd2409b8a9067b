// `resilience-lab primitive inflight`: exact output for a drain that exceeds its deadline, a resume and
// a drain that completes; config and line errors exit 2 naming the key or the line.
#include "cli_support.h"

#include <QtTest>

#include <string>
#include <vector>

namespace {

using rl::test::CliResult;

CliResult runPrimitive(const std::string& config, const std::string& trace) {
    return rl::test::runPrimitive("inflight", config, trace);
}

} // namespace

class TestPrimitiveInFlight : public QObject {
    Q_OBJECT

private:
    rl::test::TempFiles m_files;
    std::string writeTrace(const char* name, const std::string& text) { return m_files.write(name, text); }

private Q_SLOTS:
    void drainTraceGivesExactLines() {
        const auto r =
            runPrimitive("{\"drain_timeout_ms\":100}", rl::test::traceData("inflight", "drain.jsonl"));
        QCOMPARE(r.exitCode, 0);
        const std::vector<std::string> expected = {
            "{\"t_ms\":0,\"admitted\":true,\"state\":\"serving\",\"in_flight\":1}",
            "{\"t_ms\":1,\"admitted\":true,\"state\":\"serving\",\"in_flight\":2}",
            "{\"t_ms\":2,\"admitted\":true,\"state\":\"serving\",\"in_flight\":3}",
            // drain with the default 100 ms: deadline t=110
            "{\"t_ms\":10,\"state\":\"draining\",\"in_flight\":3}",
            "{\"t_ms\":11,\"admitted\":false,\"state\":\"draining\",\"in_flight\":3}",
            "{\"t_ms\":50,\"state\":\"draining\",\"in_flight\":2}",
            "{\"t_ms\":109,\"state\":\"draining\",\"in_flight\":2,\"started\":3,\"finished\":1,\"rejected\":"
            "1,"
            "\"finished_after_deadline\":0,\"unmatched_ends\":0}",
            // at the deadline two requests are still running: cut
            "{\"t_ms\":110,\"state\":\"deadline_exceeded\",\"in_flight\":2,\"cut\":2,\"started\":3,"
            "\"finished\":1,"
            "\"rejected\":1,\"finished_after_deadline\":0,\"unmatched_ends\":0}",
            "{\"t_ms\":120,\"state\":\"deadline_exceeded\",\"in_flight\":1,\"cut\":2}",
            "{\"t_ms\":130,\"state\":\"serving\",\"in_flight\":1}",
            "{\"t_ms\":131,\"admitted\":true,\"state\":\"serving\",\"in_flight\":2}",
            "{\"t_ms\":140,\"state\":\"draining\",\"in_flight\":2}",
            "{\"t_ms\":150,\"state\":\"draining\",\"in_flight\":1}",
            // the last one out before the deadline: drained
            "{\"t_ms\":160,\"state\":\"drained\",\"in_flight\":0}",
            "{\"t_ms\":170,\"state\":\"drained\",\"in_flight\":0,\"started\":4,\"finished\":4,\"rejected\":1,"
            "\"finished_after_deadline\":1,\"unmatched_ends\":0}",
        };
        QCOMPARE(r.lines, expected);
    }

    void badConfigExitsTwo() {
        const std::string trace = writeTrace("ok.jsonl", "{\"t_ms\":0,\"op\":\"begin\"}\n");
        auto r = runPrimitive("{\"drain_timeout_ms\":0}", trace);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("--config: drain_timeout_ms: ") != std::string::npos, r.err.c_str());
        r = runPrimitive("{\"drain_timeout\":5}", trace);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("did you mean \"drain_timeout_ms\"") != std::string::npos, r.err.c_str());
    }

    void badLineExitsTwoNamingTheLine() {
        const std::string trace =
            writeTrace("bad.jsonl", "{\"t_ms\":0,\"op\":\"begin\"}\n"
                                    "{\"t_ms\":1,\"op\":\"drain\",\"deadline_ms\":-1}\n");
        const auto r = runPrimitive("{}", trace);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), std::size_t{1});
        QVERIFY2(r.err.find("bad.jsonl:2: \"deadline_ms\" must be in [0, 9e12], got -1") != std::string::npos,
                 r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveInFlight)
#include "tst_primitive_inflight.moc"
