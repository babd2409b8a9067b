// `resilience-lab validate`: silent exit 0 for valid scenarios; exit 2 with every problem, one per line,
// "FILE: path: message"; --set overrides; --json report; and the shared loadScenarioArgument.
#include "app/cli/command.h"
#include "app/cli/scenario_source.h"
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace rl::cli;

namespace {

using Run = rl::test::CliResult;

Run validate(std::vector<std::string> args) {
    return rl::test::runCommand("validate", std::move(args));
}

const std::string kData = RL_TEST_DATA_DIR;
const std::string kBad = kData + "/scenarios/bad/typo-and-cycle.json";
const std::string kEveryKey = kData + "/scenarios/every-key.json";

} // namespace

class TestValidate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validFileIsSilent() {
        const Run r = validate({kEveryKey});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, std::string());
        QCOMPARE(r.err, std::string());
    }

    void builtinIsValid() {
        const Run r = validate({"builtin:payments-outage"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, std::string());
    }

    void everyProblemOnePerLineWithItsPath() {
        const Run r = validate({kBad});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, std::string());
        QCOMPARE(r.err, kBad +
                            ": services[0].calls[0].circuit_breaker.failure_rate_treshold: unknown key "
                            "\"failure_rate_treshold\"; did you mean \"failure_rate_threshold\"?\n" +
                            kBad + ": services[1].calls[0].to: call cycle: api -> db -> api\n");
    }

    void setOverrideIsValidatedToo() {
        // step: an override that breaks a valid built-in is reported at its path
        const Run r =
            validate({"builtin:payments-outage", "--set", "services[0].calls[0].retry.max_attempts=0"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 std::string("builtin:payments-outage: services[0].calls[0].retry.max_attempts: must be in "
                             "[1, 100], got 0\n"));
        // step: an override that fixes it is accepted
        QCOMPARE(
            validate({"builtin:payments-outage", "--set=services[0].calls[0].retry.max_attempts=1"}).exitCode,
            0);
    }

    void misspelledOverridePathIsNamed() {
        const Run r = validate({kEveryKey, "--set", "services[0].calls[0].retry.max_attemps=1"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 std::string("--set: services[0].calls[0].retry.max_attemps: unknown key \"max_attemps\"; "
                             "did you mean \"max_attempts\"?\n"));
    }

    void unreadableFileAndUnknownBuiltin() {
        const Run missing = validate({"/nonexistent/shop.json"});
        QCOMPARE(missing.exitCode, 2);
        QCOMPARE(missing.err,
                 std::string("cannot read '/nonexistent/shop.json': No such file or directory\n"));
        const Run builtin = validate({"builtin:payments-outge"});
        QCOMPARE(builtin.exitCode, 2);
        QVERIFY2(builtin.err.starts_with(
                     "builtin:payments-outge: no built-in scenario named 'payments-outge'; did "
                     "you mean 'builtin:payments-outage'?"),
                 builtin.err.c_str());
    }

    void syntaxErrorNamesLineAndColumn() {
        rl::test::TempFiles files;
        const std::string path = files.write(
            "broken.json", "{\n  \"format\": \"resilience-lab/scenario@1\"\n  \"name\": \"x\"\n}\n");
        QVERIFY(!path.empty());
        const Run r = validate({path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.starts_with(path + ": line 3, column 8: not valid JSON: "), r.err.c_str());
    }

    void jsonReport() {
        const Run r = validate({kBad, "--json"});
        QCOMPARE(r.exitCode, 2);
        const auto report = nlohmann::json::parse(r.out);
        QCOMPARE(report["valid"], nlohmann::json(false));
        QCOMPARE(report["problems"].size(), std::size_t{2});
        QCOMPARE(report["problems"][1]["path"], nlohmann::json("services[1].calls[0].to"));
        QCOMPARE(report["problems"][1]["message"], nlohmann::json("call cycle: api -> db -> api"));
        QCOMPARE(report["problems"][1]["file"], nlohmann::json(kBad));
        const Run ok = validate({kEveryKey, "--json"});
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(ok.out, std::string("{\"valid\":true,\"problems\":[]}\n"));
    }

    void usageErrors() {
        QCOMPARE(validate({}).exitCode, 2);
        const Run r = validate({kEveryKey, "--frobnicate"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.find("--frobnicate") != std::string::npos);
    }

    void loadScenarioArgumentThrowsEveryProblem() {
        try {
            loadScenarioArgument(kBad, {});
            QFAIL("expected UsageError");
        } catch (const UsageError& e) {
            const std::string text = e.what();
            QCOMPARE(std::count(text.begin(), text.end(), '\n'), std::ptrdiff_t{1}); // two lines
            QVERIFY(text.find(kBad + ": services[1].calls[0].to: call cycle") != std::string::npos);
        }
        const ScenarioSource s = loadScenarioArgument("builtin:payments-outage", {"seed=7", "duration_s=30"});
        QCOMPARE(s.origin, std::string("builtin:payments-outage"));
        QCOMPARE(s.scenario.seed, std::uint64_t{7});
        QCOMPARE(s.scenario.durationS, 30.0);
    }

    void realProcessExitCodes() {
        QProcess p;
        p.start(QStringLiteral(RL_EXECUTABLE), {"validate", QString::fromStdString(kBad)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardOutput().isEmpty());
        QCOMPARE(p.readAllStandardError().count('\n'), 2);
        p.start(QStringLiteral(RL_EXECUTABLE), {"validate", QString::fromStdString(kEveryKey)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestValidate)
#include "tst_validate.moc"
