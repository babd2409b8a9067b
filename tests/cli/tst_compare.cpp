// `resilience-lab run SCENARIO --compare PATH=VALUE | lesson`: A and B on one seed, both summaries and
// their differences (text, --json, --out DIR/A and DIR/B), bad paths reported with exit 2; and
// `resilience-lab scenarios NAME`, which shows a lesson's guided steps.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

namespace {

using Result = rl::test::CliResult;

Result cli(std::vector<std::string> args) {
    return rl::test::runCli(std::move(args));
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textShowsBothRunsAndTheDifferences() {
        const Result r = cli({"run", "builtin:payments-outage", "--duration", "90", "--compare",
                              "services[0].calls[0].fallback=null"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(contains(r.out, "A: as given\n") &&
                     contains(r.out, "B: services[0].calls[0].fallback=null\n") &&
                     contains(r.out, "Differences (same seed 42):"),
                 r.out.c_str());
        for (const char* row : {"requests", "success %", "goodput %", "latency p99 ms",
                                "attempts per request", "duplicate side effects", "jobs per good answer"})
            QVERIFY2(contains(r.out, std::string("  ") + row), row);
        // The same arrivals: the requests row shows no difference.
        bool sameRequests = false;
        for (const auto& line : r.lines)
            if (line.starts_with("  requests ")) sameRequests = line.ends_with(" +0");
        QVERIFY2(sameRequests, r.out.c_str());
    }

    void jsonHasBothSummariesAndTheDifferences() {
        const Result r = cli({"run", "builtin:payments-outage", "--duration", "90", "--json", "--compare",
                              "services[0].calls[0].fallback=null", "--compare",
                              "services[0].calls[0].circuit_breaker=null"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["compare"]["set"].size(), std::size_t{2});
        QCOMPARE(j["a"]["seed"], j["b"]["seed"]);
        QCOMPARE(j["a"]["clients"]["web"]["requests"], j["b"]["clients"]["web"]["requests"]);
        QCOMPARE(j["a"]["services"]["checkout"]["arrivals"], j["b"]["services"]["checkout"]["arrivals"]);
        const auto& d = j["differences"];
        QCOMPARE(d["requests"]["delta"].get<long long>(), 0LL);
        // Without the breaker and the cache, the outage's failures reach the clients.
        QVERIFY(d["failed_pct"]["b"].get<double>() > d["failed_pct"]["a"].get<double>() + 20);
        QVERIFY(d["degraded_pct"]["b"].get<double>() < d["degraded_pct"]["a"].get<double>());
        QVERIFY(j["b"]["services"]["checkout"]["calls"]["payments"]["breaker_transitions"].empty());
    }

    void lessonComparesWithItsOwnBSide() {
        const Result r = cli({"run", "builtin:idempotency", "--json", "--compare", "lesson"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["compare"]["label"].get<std::string>(), std::string("with idempotency keys"));
        QVERIFY(j["differences"]["duplicate_side_effects"]["a"].get<long long>() > 100);
        QCOMPARE(j["differences"]["duplicate_side_effects"]["b"].get<long long>(), 0LL);
        QCOMPARE(j["differences"]["requests"]["delta"].get<long long>(), 0LL);
    }

    void outWritesBothRuns() {
        QTemporaryDir dir;
        const std::string out = dir.path().toStdString() + "/ab";
        const Result r = cli({"run", "builtin:mm1", "--duration", "60", "--compare", "lesson", "--out", out});
        QCOMPARE(r.exitCode, 0);
        for (const char* side : {"A", "B"})
            for (const char* file : {"summary.json", "timeseries.csv", "events.jsonl"})
                QVERIFY2(QFile::exists(QString::fromStdString(out + "/" + side + "/" + file)), file);
        const auto d = nlohmann::json::parse(rl::test::readFile(out + "/differences.json"));
        QVERIFY(d["differences"]["mean_ms"]["b"].get<double>() >
                d["differences"]["mean_ms"]["a"].get<double>());
        // A is the run without --compare, byte for byte.
        QTemporaryDir single;
        const std::string one = single.path().toStdString();
        QCOMPARE(cli({"run", "builtin:mm1", "--duration", "60", "--out", one}).exitCode, 0);
        QCOMPARE(rl::test::readFile(out + "/A/timeseries.csv"), rl::test::readFile(one + "/timeseries.csv"));
    }

    void badPathIsBadInput() {
        const Result r = cli({"run", "builtin:payments-outage", "--compare", "services[0].calls[0].retyr=1"});
        QCOMPARE(r.exitCode, rl::cli::kExitBadInput);
        QVERIFY2(contains(r.err, "--compare: services[0].calls[0].retyr: unknown key \"retyr\"; did you mean "
                                 "\"retry\"?"),
                 r.err.c_str());
        const Result bad = cli({"run", "builtin:payments-outage", "--compare", "services[0].workers=0"});
        QCOMPARE(bad.exitCode, rl::cli::kExitBadInput);
        QVERIFY2(contains(bad.err, "services[0].workers: must be in [1, 1000000], got 0"), bad.err.c_str());
        const Result noEq = cli({"run", "builtin:mm1", "--compare", "workers"});
        QCOMPARE(noEq.exitCode, rl::cli::kExitBadInput);
        QVERIFY(contains(noEq.err, "expected PATH=VALUE or 'lesson'"));
    }

    void lessonWithoutCompareIsBadInput() {
        QTemporaryDir dir;
        const std::string file = dir.path().toStdString() + "/plain.json";
        {
            QFile f(QString::fromStdString(file));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(rl::test::J(
                        "{'format': 'resilience-lab/scenario@1', 'duration_s': 5, 'clients': [{'name': 'c', "
                        "'target': 's', 'arrival': {'rate_rps': 1}}], 'services': [{'name': 's', "
                        "'service_time': {'dist': 'constant', 'value_ms': 1}}]}")
                        .c_str());
        }
        const Result r = cli({"run", file, "--compare", "lesson"});
        QCOMPARE(r.exitCode, rl::cli::kExitBadInput);
        QVERIFY2(contains(r.err, "has no lesson.compare"), r.err.c_str());
    }

    void scenariosShowsALessonsSteps() {
        const Result r = cli({"scenarios", "hanging-dependency"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(contains(r.out, "Lesson: Timeouts: a hanging dependency takes the caller down with it") &&
                     contains(r.out, "Steps:\n  at 0 s: ") &&
                     contains(r.out, "  at 60 s: Inventory hangs.") &&
                     contains(r.out, "? Inventory hangs for 30 s at 60 s.") && contains(r.out, "(pause)") &&
                     contains(r.out, "Compare: with a 300 ms timeout on the inventory call") &&
                     contains(r.out, "--set services[0].calls[0].timeout_ms=300"),
                 r.out.c_str());
        const Result j = cli({"scenarios", "builtin:hanging-dependency", "--json"});
        QCOMPARE(j.exitCode, 0);
        const auto doc = nlohmann::json::parse(j.out);
        QCOMPARE(doc["lesson"]["steps"].size(), std::size_t{5});
        const auto list = nlohmann::json::parse(cli({"scenarios", "--json"}).out);
        for (const auto& e : list)
            QVERIFY2(e["lesson"].is_object(), e["name"].get<std::string>().c_str());
        QCOMPARE(cli({"scenarios", "builtin:no-such"}).exitCode, rl::cli::kExitBadInput);
    }
};

QTEST_APPLESS_MAIN(TestCompare)
#include "tst_compare.moc"
