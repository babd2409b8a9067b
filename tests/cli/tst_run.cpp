// `resilience-lab run` and `sweep`: the summary's contract fields, the three output files (and that
// they are byte-identical across runs), overrides, and exit code 2 with a message for bad usage.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace rl::cli;

namespace {

using Result = rl::test::CliResult;
using rl::test::readFile;

Result cli(std::vector<std::string> args) {
    return rl::test::runCli(std::move(args));
}

std::vector<std::string> lines(const std::string& text) {
    return rl::test::splitLines(text);
}
} // namespace

class TestRun : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void progressGoesToATerminalOnly() {
        // A run long enough to pass several per-cent steps; stdout is a pipe, stderr a terminal.
        const auto tty = rl::test::spawnWithTerminalStderr({"run", "builtin:mm1", "--duration", "200"});
        QCOMPARE(tty.exitCode, 0);
        QVERIFY2(tty.tty.find("simulating: ") != std::string::npos &&
                     tty.tty.find(" s left") != std::string::npos,
                 tty.tty.c_str());
        QVERIFY(tty.out.find("simulating") == std::string::npos); // never on stdout
        QProcess pipe;                                            // stderr a pipe: nothing there
        pipe.start(RL_EXECUTABLE, {"run", "builtin:mm1", "--duration", "200"});
        QVERIFY(pipe.waitForFinished(120000));
        QCOMPARE(pipe.exitCode(), 0);
        QCOMPARE(pipe.readAllStandardError(), QByteArray());
    }

    void jsonSummaryHasTheContractFields() {
        const Result r = cli({"run", "builtin:payments-outage", "--duration", "90", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["scenario"].get<std::string>(), std::string("Payments outage behind a circuit breaker"));
        QCOMPARE(j["seed"].get<int>(), 42);
        QCOMPARE(j["duration_s"].get<double>(), 90.0);
        const auto& web = j["clients"]["web"];
        for (const char* k : {"success", "degraded", "error", "timeout", "rate_limited", "shed",
                              "bulkhead_full", "circuit_open", "rejected"})
            QVERIFY2(web["outcomes"].contains(k), k);
        for (const char* k : {"mean", "p50", "p95", "p99", "max"})
            QVERIFY2(web["latency_ms"].contains(k), k);
        QVERIFY(web["requests"].get<long>() > 15000);
        QVERIFY(web["attempts"].get<long>() >= web["requests"].get<long>());
        const auto& checkout = j["services"]["checkout"];
        for (const char* k : {"arrivals", "completed", "rejected", "utilization", "mean_queue_length"})
            QVERIFY2(checkout.contains(k), k);
        const auto& payments = checkout["calls"]["payments"];
        QVERIFY(payments["attempts"].get<long>() > 0);
        // The outage starts at 60 s: the breaker opens right after.
        const auto& first = payments["breaker_transitions"][0];
        QCOMPARE(first["from"].get<std::string>(), std::string("closed"));
        QCOMPARE(first["to"].get<std::string>(), std::string("open"));
        QVERIFY(first["t_s"].get<double>() >= 60 && first["t_s"].get<double>() < 61);
        QVERIFY(j["events_processed"].get<long>() > 0);
        QVERIFY(j.contains("wall_s"));
    }

    void outFilesAreWrittenAndRepeatable() {
        QTemporaryDir dir;
        const std::string a = dir.filePath("a").toStdString(), b = dir.filePath("b").toStdString();
        QCOMPARE(cli({"run", "builtin:payments-outage", "--duration", "80", "--out", a}).exitCode, 0);
        QCOMPARE(cli({"run", "builtin:payments-outage", "--duration", "80", "--out", b}).exitCode, 0);
        for (const char* f : {"/summary.json", "/timeseries.csv", "/events.jsonl"}) {
            const std::string first = readFile(a + f);
            QVERIFY2(!first.empty(), f);
            QCOMPARE(first, readFile(b + f));
        }
        const auto csv = lines(readFile(a + "/timeseries.csv"));
        QCOMPARE(csv.size(), std::size_t{81}); // header + one row per 1 s bucket
        QVERIFY(csv[0].starts_with("t_s,client.web.requests,"));
        QVERIFY(csv[0].find("call.checkout.payments.breaker_state") != std::string::npos);
        const auto events = lines(readFile(a + "/events.jsonl"));
        QCOMPARE(nlohmann::json::parse(events[0])["event"].get<std::string>(), std::string("fault_start"));
        QVERIFY(readFile(a + "/summary.json").find("wall_s") == std::string::npos); // deterministic bytes
    }

    // docs/outputs.md: timeseries.csv writes 6 significant digits (not 6 decimals), the summary 6 decimals.
    void timeseriesHasSixSignificantDigits() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("o").toStdString();
        QCOMPARE(cli({"run", "builtin:mm1", "--duration", "30", "--out", out}).exitCode, 0);
        const auto rows = lines(readFile(out + "/timeseries.csv"));
        QVERIFY(rows.size() > 2);
        bool sixDigitsFewerDecimals = false; // e.g. 12.3457: 6 significant digits, 4 decimals
        for (std::size_t r = 1; r < rows.size(); ++r) {
            std::istringstream fields(rows[r]);
            for (std::string f; std::getline(fields, f, ',');) {
                if (f.empty() || !(std::isdigit(static_cast<unsigned char>(f[0])) || f[0] == '-')) continue;
                std::string digits;
                for (char c : f.substr(0, f.find_first_of("eE")))
                    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
                digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
                QVERIFY2(digits.size() <= 6, f.c_str());
                const auto dot = f.find('.');
                if (digits.size() == 6 && dot != std::string::npos && f.size() - dot - 1 < 6)
                    sixDigitsFewerDecimals = true;
            }
        }
        QVERIFY(sixDigitsFewerDecimals);
    }

    void seedAndSetOverride() {
        const auto seeded = nlohmann::json::parse(
            cli({"run", "builtin:mm1", "--duration", "20", "--seed", "9", "--json"}).out);
        QCOMPARE(seeded["seed"].get<int>(), 9);
        const auto noRetries =
            nlohmann::json::parse(cli({"run", "builtin:payments-outage", "--duration", "90", "--json",
                                       "--set", "services[0].calls[0].retry.max_attempts=1"})
                                      .out);
        QCOMPARE(noRetries["services"]["checkout"]["calls"]["payments"]["retries"].get<int>(), 0);
    }

    void seedTakesTheWholeRange() {
        const Result r =
            cli({"run", "builtin:mm1", "--duration", "2", "--seed", "18446744073709551615", "--json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(nlohmann::json::parse(r.out)["seed"].get<std::uint64_t>(),
                 std::uint64_t{18446744073709551615u});
        const Result zero = cli({"run", "builtin:mm1", "--duration", "2", "--seed", "0", "--json"});
        QCOMPARE(nlohmann::json::parse(zero.out)["seed"].get<std::uint64_t>(), std::uint64_t{0});
    }

    void outNamingAFileIsBadInput() {
        rl::test::TempFiles files;
        const std::string file = files.write("taken", "x");
        const Result r = cli({"run", "builtin:mm1", "--duration", "2", "--out", file});
        QCOMPARE(r.exitCode, kExitBadInput);
        QCOMPARE(r.err, "resilience-lab run: --out: '" + file +
                            "' is a file; expected a folder (created if missing)\n");
        QCOMPARE(readFile(file), std::string("x"));
    }

    void messagesSayHowToFix_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("--set of a number where a string is expected")
            << QStringList{"run", "builtin:mm1", "--set", "clients[0].tenant=42"}
            << "resilience-lab run: --set: clients[0].tenant: expected a string, got 42; --set reads VALUE "
               "as "
               "JSON, so quote it as a JSON string: --set 'clients[0].tenant=\"42\"'\n";
        QTest::newRow("--duration shorter than the bucket")
            << QStringList{"run", "builtin:mm1", "--duration", "0.5"}
            << "resilience-lab run: --duration 0.5: shorter than the scenario's time-series bucket (bucket_s "
               "= "
               "1); add --set bucket_s=0.5 (or less)\n";
        QTest::newRow("validate names --set too")
            << QStringList{"validate", "builtin:mm1", "--set", "clients[0].tenant=7"}
            << "--set: clients[0].tenant: expected a string, got 7; --set reads VALUE as JSON, so quote it "
               "as a "
               "JSON string: --set 'clients[0].tenant=\"7\"'\n";
    }
    void messagesSayHowToFix() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        std::vector<std::string> a;
        for (const auto& s : args)
            a.push_back(s.toStdString());
        const Result r = cli(a);
        QCOMPARE(r.exitCode, kExitBadInput);
        QCOMPARE(QString::fromStdString(r.err), message);
    }

    void theSuggestedFixesWork() {
        QCOMPARE(cli({"run", "builtin:mm1", "--set", "clients[0].tenant=\"42\"", "--duration", "2"}).exitCode,
                 0);
        QCOMPARE(cli({"run", "builtin:mm1", "--duration", "0.5", "--set", "bucket_s=0.5"}).exitCode, 0);
    }

    void badUsageExitsTwoWithAMessage_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no scenario") << QStringList{"run"} << "missing SCENARIO";
        QTest::newRow("bad seed") << QStringList{"run", "builtin:mm1", "--seed", "-3"}
                                  << "--seed: expected a whole number in [0, 18446744073709551615], got '-3'";
        QTest::newRow("seed past 2^64-1")
            << QStringList{"run", "builtin:mm1", "--seed", "18446744073709551616"}
            << "--seed: expected a whole number in [0, 18446744073709551615], got '18446744073709551616'";
        QTest::newRow("unknown option")
            << QStringList{"run", "builtin:mm1", "--fast"} << "unknown option '--fast'";
        QTest::newRow("unknown set path")
            << QStringList{"run", "builtin:mm1", "--set", "services[0].wrokers=3"}
            << "did you mean \"workers\"";
        QTest::newRow("negative duration")
            << QStringList{"run", "builtin:mm1", "--duration", "-5"} << "duration_s";
        QTest::newRow("unreadable file") << QStringList{"run", "/no/such/file.json"} << "cannot read";
        QTest::newRow("sweep without vary") << QStringList{"sweep", "builtin:mm1"} << "nothing to sweep";
        QTest::newRow("sweep bad seeds")
            << QStringList{"sweep", "builtin:mm1", "--seeds", "5..2"} << "B must be >= A";
    }
    void badUsageExitsTwoWithAMessage() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        std::vector<std::string> a;
        for (const auto& s : args)
            a.push_back(s.toStdString());
        const Result r = cli(a);
        QCOMPARE(r.exitCode, kExitBadInput);
        QVERIFY2(r.err.find(message.toStdString()) != std::string::npos, r.err.c_str());
        QVERIFY(r.out.empty());
    }

    void sweepPrintsOneRowPerRunInAFixedOrder() {
        const std::vector<std::string> args = {"sweep",         "builtin:mm1", "--set",
                                               "duration_s=20", "--vary",      "services[0].workers=1,2",
                                               "--seeds",       "1..3"};
        auto withJobs = [&](const char* jobs) {
            auto a = args;
            a.insert(a.end(), {"--jobs", jobs});
            return cli(a);
        };
        const Result one = withJobs("1"), two = withJobs("2");
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(one.out, two.out); // same rows, same order, whatever the parallelism
        const auto rows = lines(one.out);
        QCOMPARE(rows.size(), std::size_t{7});
        QVERIFY(rows[0].starts_with("run,services[0].workers,seed,requests,success"));
        QVERIFY(rows[1].starts_with("0,1,1,"));
        QVERIFY(rows[6].starts_with("5,2,3,"));
    }

    void executableReportsExitCodes() {
        QProcess p;
        p.start(RL_EXECUTABLE, {"run", "builtin:mm1", "--duration", "5"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("M/M/1"));
        p.start(RL_EXECUTABLE, {"run", "builtin:mm1", "--set", "seed=oops"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("seed"));
    }
};

QTEST_MAIN(TestRun)
#include "tst_run.moc"
