// `resilience-lab scenarios`: every built-in listed once with its title; --json gives the same list.
#include "app/cli/command.h"
#include "cli_support.h"
#include "resources/builtin_scenarios.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace rl::cli;

namespace {
using Run = rl::test::CliResult;

Run scenarios(std::vector<std::string> args) {
    return rl::test::runCommand("scenarios", std::move(args));
}
} // namespace

class TestScenarios : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEveryBuiltinOnOneLine() {
        const Run r = scenarios({});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, std::string());
        std::istringstream lines(r.out);
        std::string line;
        std::size_t count = 0;
        while (std::getline(lines, line)) {
            const auto& b = rl::builtinScenarios()[count];
            QVERIFY2(line.starts_with(std::string(b.name) + " "), line.c_str());
            const auto title = nlohmann::json::parse(b.json)["name"].get<std::string>();
            QVERIFY2(line.ends_with("  " + title), line.c_str());
            ++count;
        }
        QCOMPARE(count, rl::builtinScenarios().size());
        // Titles start in one column: names are padded to the longest.
        QVERIFY(r.out.find("payments-outage ") != std::string::npos);
        QVERIFY(r.out.find(" Payments outage behind a circuit breaker\n") != std::string::npos);
        std::size_t longest = 0;
        for (const auto& b : rl::builtinScenarios())
            longest = std::max(longest, b.name.size());
        std::istringstream again(r.out);
        while (std::getline(again, line))
            QCOMPARE(line.substr(longest, 2), std::string("  "));
    }

    void jsonListsNameTitleDescriptionArgument() {
        const Run r = scenarios({"--json"});
        QCOMPARE(r.exitCode, 0);
        const auto list = nlohmann::json::parse(r.out);
        QVERIFY(list.is_array());
        QCOMPARE(list.size(), rl::builtinScenarios().size());
        bool found = false;
        for (const auto& e : list) {
            QVERIFY(!e["title"].get<std::string>().empty());
            QVERIFY(!e["description"].get<std::string>().empty());
            QCOMPARE(e["argument"].get<std::string>(), "builtin:" + e["name"].get<std::string>());
            if (e["name"] == "payments-outage") found = true;
        }
        QVERIFY(found);
    }

    void unexpectedArgumentExitsTwo() {
        const Run r = scenarios({"--jsno"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.find("--jsno") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
