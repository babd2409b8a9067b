// The scenario's `changes`: read, checked against the scenario as each earlier change leaves it, and
// written back. Every problem is reported at its path.
#include "core/scenario/changes.h"
#include "core/scenario/scenario_json.h"
#include "scenario_support.h"

#include <QtTest>

using namespace rl;
using namespace rl::scenario;
using rl::scenario::testing::baseScenario;
using rl::scenario::testing::J;
using rl::scenario::testing::lines;

namespace {

LoadResult withChanges(const char* changes) {
    auto doc = baseScenario();
    doc["changes"] = J(changes);
    return parseScenarioJson(doc);
}

} // namespace

class TestChangesJson : public QObject {
    Q_OBJECT

private slots:
    void validChangesAreRead() {
        const auto r = withChanges(
            "[{'at_s': 5, 'set': {'services[0].calls[0].retry.max_attempts': 4, 'services[1].workers': 8}},"
            " {'at_s': 6, 'layers': {'services[0].calls[0].retry': 'off', 'services[0].calls[0].timeout': "
            "'on'}},"
            " {'at_s': 7, 'start_fault': {'id': 'slow-back', 'target': 'back', 'kind': 'latency', "
            "'multiplier': 3}},"
            " {'at_s': 9, 'end_fault': 'slow-back'}]");
        QVERIFY2(r.scenario, qPrintable(lines(r.diagnostics).join('\n')));
        const auto& c = r.scenario->changes;
        QCOMPARE(c.size(), std::size_t{4});
        QCOMPARE(c[0].atS, 5.0);
        QCOMPARE(c[0].set.size(), std::size_t{2});
        QCOMPARE(c[0].set[0].first, std::string("services[0].calls[0].retry.max_attempts"));
        QCOMPARE(c[0].set[0].second, std::string("4"));
        QCOMPARE(c[1].layers.size(), std::size_t{2});
        QCOMPARE(c[1].layers[0].second, false);
        QVERIFY(c[2].startFault);
        QCOMPARE(c[2].startFault->id, std::string("slow-back"));
        QCOMPARE(c[2].startFault->multiplier, 3.0);
        QCOMPARE(c[3].endFault, std::string("slow-back"));
    }

    void savedAndLoadedAgain() {
        const auto r = withChanges(
            "[{'at_s': 5.25, 'set': {'services[0].calls[0].retry.backoff.base_ms': 20}},"
            " {'at_s': 6, 'layers': {'services[0].calls[0].retry': 'off'}},"
            " {'at_s': 7, 'start_fault': {'id': 'down', 'target': 'back', 'kind': 'outage', 'mode': 'hang'}},"
            " {'at_s': 8, 'end_fault': 'down'}]");
        QVERIFY(r.scenario);
        const std::string text = saveScenarioText(*r.scenario);
        const auto again = parseScenario(text);
        QVERIFY2(again.scenario, qPrintable(lines(again.diagnostics).join('\n')));
        QCOMPARE(saveScenarioText(*again.scenario), text);
        QCOMPARE(again.scenario->changes.size(), std::size_t{4});
        QCOMPARE(again.scenario->changes[0].atS, 5.25);
        QVERIFY(again.scenario->changes[2].startFault->mode == OutageMode::Hang);
    }

    void problemsAreNamedAtTheirPath_data() {
        QTest::addColumn<QString>("changes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("out of range value")
            << "[{'at_s': 5, 'set': {'services[0].calls[0].retry.max_attempts': 0}}]"
            << "changes[0].set.services[0].calls[0].retry.max_attempts: must be in [1, 100], got 0";
        QTest::newRow("structure cannot change")
            << "[{'at_s': 5, 'set': {'services[0].name': 'x'}}]"
            << "changes[0].set.services[0].name: cannot change during a run: not a tunable parameter of this "
               "scenario (the tunable ones are listed by 'resilience-lab parameters')";
        QTest::newRow("a layer that is not there")
            << "[{'at_s': 5, 'layers': {'services[0].calls[0].circuit_breaker': 'off'}}]"
            << "changes[0].layers.services[0].calls[0].circuit_breaker: no circuit_breaker is configured "
               "there; "
               "add one to the scenario to switch it";
        QTest::newRow("misspelled layer")
            << "[{'at_s': 5, 'layers': {'services[0].calls[0].retyr': 'off'}}]"
            << "changes[0].layers.services[0].calls[0].retyr: unknown layer \"retyr\"; expected one of "
               "fallback, "
               "retry, circuit_breaker, bulkhead, timeout; did you mean \"retry\"?";
        QTest::newRow("layer value") << "[{'at_s': 5, 'layers': {'services[0].calls[0].retry': true}}]"
                                     << "changes[0].layers.services[0].calls[0].retry: expected \"on\" or "
                                        "\"off\", got true";
        QTest::newRow("after the end") << "[{'at_s': 61, 'end_fault': 'x'}]"
                                       << "changes[0].at_s: must be <= duration_s (60), got 61";
        QTest::newRow("unknown fault id")
            << "[{'at_s': 5, 'end_fault': 'nope'}]"
            << "changes[0].end_fault: no fault with id \"nope\" (name a fault by "
               "its \"id\" or as faults[N])";
        QTest::newRow("out of order")
            << "[{'at_s': 5, 'set': {'services[1].workers': 3}}, {'at_s': 4, 'set': {'services[1].workers': "
               "4}}]"
            << "changes[1].at_s: changes must be ordered by time: must be >= 5 (the previous change's at_s), "
               "got 4";
        QTest::newRow("started fault without id")
            << "[{'at_s': 5, 'start_fault': {'target': 'back', 'kind': 'outage'}}]"
            << "changes[0].start_fault.id: missing required key";
        QTest::newRow("started fault on an unknown service")
            << "[{'at_s': 5, 'start_fault': {'id': 'a', 'target': 'bak', 'kind': 'outage'}}]"
            << "changes[0].start_fault.target: no service named \"bak\"; did you mean \"back\"?";
        QTest::newRow("started fault with a window")
            << "[{'at_s': 5, 'start_fault': {'id': 'a', 'target': 'back', 'kind': 'outage', 'from_s': 1}}]"
            << "changes[0].start_fault.from_s: unknown key";
        QTest::newRow("empty change")
            << "[{'at_s': 5}]"
            << "changes[0]: does nothing: give at least one of \"set\", \"layers\", "
               "\"start_fault\", \"end_fault\"";
        // Cross-checked keys: the pair is judged as the earlier changes left it.
        QTest::newRow("pair judged after earlier changes")
            << "[{'at_s': 1, 'set': {'services[1].service_time.p99_ms': 500}},"
               " {'at_s': 2, 'set': {'services[1].service_time.median_ms': 600}}]"
            << "changes[1].set.services[1].service_time.p99_ms: must be > median_ms (600), got 500";
    }
    void problemsAreNamedAtTheirPath() {
        QFETCH(QString, changes);
        QFETCH(QString, expected);
        const auto r = withChanges(qPrintable(changes));
        QVERIFY(!r.scenario);
        const QStringList got = lines(r.diagnostics);
        QVERIFY2(got.size() >= 1, "no diagnostic");
        QVERIFY2(got.first().startsWith(expected), qPrintable(got.join('\n')));
    }

    void aScheduledFaultCanBeEndedByItsId() {
        auto doc = baseScenario();
        doc["faults"][0]["id"] = "back-down";
        doc["changes"] = J("[{'at_s': 12, 'end_fault': 'back-down'}]");
        const auto r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, qPrintable(lines(r.diagnostics).join('\n')));
        doc["faults"].push_back(doc["faults"][0]);
        const auto dup = parseScenarioJson(doc);
        QVERIFY(!dup.scenario);
        QCOMPARE(lines(dup.diagnostics).first(),
                 QString("faults[1].id: duplicate id \"back-down\" (also faults[0])"));
    }

    void layerPathsRoundTrip() {
        const auto r = parseScenarioJson(baseScenario());
        QVERIFY(r.scenario);
        std::string error;
        const auto ref = resolveLayerPath(*r.scenario, "services[0].calls[0].timeout", error);
        QVERIFY2(ref, error.c_str());
        QCOMPARE(ref->owner, std::size_t{0});
        QVERIFY(ref->layer == PolicyLayer::Timeout);
        QCOMPARE(layerPath(*ref), std::string("services[0].calls[0].timeout"));
        QVERIFY(!resolveLayerPath(*r.scenario, "clients[0].retry", error)); // the client has no retry
        QVERIFY(!resolveLayerPath(*r.scenario, "services[0].calls[3].retry", error));
    }
};

QTEST_GUILESS_MAIN(TestChangesJson)
#include "tst_changes_json.moc"
