// The run's outputs name every call the same way: a service that calls the same callee twice gets
// "CALLEE#2" in the summary's keys, the timeseries columns and the event log, so no two columns of
// timeseries.csv share a name.
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "tests/sim/sim_support.h"

#include <QtTest>

#include <algorithm>
#include <set>
#include <sstream>

using namespace rl;

namespace {

// "front" calls "back" twice, the second time with a timeout and a breaker that a slowdown opens.
scenario::Scenario callsBackTwice() {
    auto s = test::singleQueue(100, 2, 4, 20);
    s.services[0].name = "front";
    s.clients[0].target = "front";
    scenario::Service back;
    back.name = "back";
    back.workers = 8;
    s.services.push_back(back);
    scenario::Call first, second;
    first.to = second.to = "back";
    second.timeout = millis(50);
    second.circuitBreaker = CircuitBreakerConfig{};
    second.circuitBreaker->windowSize = 10;
    second.circuitBreaker->minimumCalls = 5;
    s.services[0].calls = {first, second};
    scenario::Fault slow; // the second call times out, the first just waits
    slow.target = "back";
    slow.kind = scenario::FaultKind::Latency;
    slow.multiplier = 20;
    slow.fromS = 5;
    slow.toS = 10;
    s.faults.push_back(slow);
    return s;
}

// The header's column names, splitting at commas outside double quotes.
std::vector<std::string> headerColumns(const std::string& csv) {
    std::vector<std::string> columns(1);
    bool quoted = false;
    for (char c : csv.substr(0, csv.find('\n'))) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            columns.emplace_back();
        else
            columns.back() += c;
    }
    return columns;
}

} // namespace

class RunReport : public QObject {
    Q_OBJECT

private slots:
    void secondCallToSameCalleeHasItsOwnColumns() {
        sim::Simulation sim(callsBackTwice());
        sim.runToEnd();
        std::ostringstream csv;
        sim::writeTimeseriesCsv(sim, csv);
        const auto columns = headerColumns(csv.str());
        const std::set<std::string> unique(columns.begin(), columns.end());
        QCOMPARE(unique.size(), columns.size()); // no duplicate column names
        QVERIFY(unique.contains("call.front.back.attempts"));
        QVERIFY(unique.contains("call.front.back#2.attempts"));
        QVERIFY(unique.contains("call.front.back#2.breaker_state"));

        // The summary uses the same keys.
        const auto summary = sim::summaryJson(sim, -1);
        std::vector<std::string> summaryKeys;
        for (const auto& item : summary["services"]["front"]["calls"].items())
            summaryKeys.push_back(item.key());
        QCOMPARE(summaryKeys, (std::vector<std::string>{"back", "back#2"}));
        QCOMPARE(sim::callKeys(sim), (std::vector<std::string>{"back", "back#2"}));
    }

    void eventLogNamesTheSecondCall() {
        sim::Simulation sim(callsBackTwice());
        sim.runToEnd();
        std::ostringstream events;
        sim::writeEventsJsonl(sim, events);
        // Only the second call has a breaker; the slowdown opens it.
        QVERIFY2(events.str().find(R"("service":"front","call":"back#2","from":"closed","to":"open")") !=
                     std::string::npos,
                 events.str().c_str());
    }

    void callKeysStayUniqueWhenACalleeIsNamedLikeASuffix() {
        // Calls to "b#2", "b", "b": the third cannot be "b#2" again.
        auto s = callsBackTwice();
        s.faults.clear();
        s.services[1].name = "b#2";
        scenario::Service b;
        b.name = "b";
        s.services.push_back(b);
        s.services[0].calls = {scenario::Call{}, scenario::Call{}, scenario::Call{}};
        s.services[0].calls[0].to = "b#2";
        s.services[0].calls[1].to = s.services[0].calls[2].to = "b";
        sim::Simulation sim(s);
        QCOMPARE(sim::callKeys(sim), (std::vector<std::string>{"b#2", "b", "b#3"}));
    }

    void namesWithCommasAreQuotedInTheHeader() {
        auto s = callsBackTwice();
        s.clients[0].name = "web, mobile";
        sim::Simulation sim(s);
        sim.runToEnd();
        std::ostringstream csv;
        sim::writeTimeseriesCsv(sim, csv);
        const auto columns = headerColumns(csv.str());
        QCOMPARE(columns[1], std::string("client.web, mobile.requests"));
        QVERIFY(csv.str().find("\"client.web, mobile.requests\"") != std::string::npos);
        // Every data row has as many fields as the header (no field of a row holds a comma).
        std::istringstream rows(csv.str());
        std::string line;
        std::getline(rows, line);
        while (std::getline(rows, line))
            QCOMPARE(std::size_t(std::count(line.begin(), line.end(), ',')) + 1, columns.size());
    }
};

QTEST_APPLESS_MAIN(RunReport)
#include "tst_run_report.moc"
