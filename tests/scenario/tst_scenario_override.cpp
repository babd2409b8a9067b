// `--set PATH=VALUE` on the JSON document before parsing: values parsed as JSON or taken as strings,
// existing paths replaced, known missing keys created, unknown paths named with a "did you mean",
// and the document left unchanged on error.
#include "core/scenario/scenario_json.h"
#include "scenario_support.h"

#include <QtTest>

using namespace rl;
using namespace rl::scenario;
using rl::scenario::testing::baseScenario;
using rl::scenario::testing::J;
using rl::scenario::testing::lines;

class TestScenarioOverride : public QObject {
    Q_OBJECT

private slots:
    // `null` takes an optional key away (a policy removed); an absent known key stays absent; a
    // required key removed is the loader's "missing required key".
    void nullRemovesTheKey() {
        auto doc = baseScenario();
        QVERIFY(applyOverride(doc, "services[0].calls[0].retry=null").empty());
        QVERIFY(!doc["services"][0]["calls"][0].contains("retry"));
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        QVERIFY(!r.scenario->services[0].calls[0].retry);
        QVERIFY(applyOverride(doc, "services[0].calls[0].bulkhead=null").empty());
        QVERIFY(!doc["services"][0]["calls"][0].contains("bulkhead"));
        QVERIFY(applyOverride(doc, "services[0].workers=null").empty());
        QCOMPARE(lines(parseScenarioJson(doc).diagnostics).join('\n'), QString());
        QVERIFY(applyOverride(doc, "services[0].name=null").empty());
        QVERIFY(lines(parseScenarioJson(doc).diagnostics).contains("services[0].name: missing required key"));
        QCOMPARE(lines(applyOverride(doc, "services[0].calls[0].retyr=null")).join('\n'),
                 QString("services[0].calls[0].retyr: unknown key \"retyr\"; did you mean \"retry\"?"));
    }

    void validOverridesChangeTheDocument_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("expected"); // JSON, single quotes
        QTest::newRow("replace a nested number") << "services[0].calls[0].retry.max_attempts=1"
                                                 << "/services/0/calls/0/retry/max_attempts"
                                                 << "1";
        QTest::newRow("replace a top-level number") << "duration_s=30"
                                                    << "/duration_s"
                                                    << "30";
        QTest::newRow("plain text is a string") << "name=Demo run"
                                                << "/name"
                                                << "'Demo run'";
        QTest::newRow("quoted JSON string") << "clients[0].tenant=\"acme\""
                                            << "/clients/0/tenant"
                                            << "'acme'";
        QTest::newRow("create a known optional key") << "services[1].queue_capacity=0"
                                                     << "/services/1/queue_capacity"
                                                     << "0";
        QTest::newRow("create a known key inside a policy")
            << "services[0].calls[0].retry.honor_retry_after=false"
            << "/services/0/calls/0/retry/honor_retry_after"
            << "false";
        QTest::newRow("whole object") << "services[0].calls[0].circuit_breaker={\"window\":\"consecutive\"}"
                                      << "/services/0/calls/0/circuit_breaker"
                                      << "{'window': 'consecutive'}";
        QTest::newRow("array element") << "faults[0]={\"target\":\"back\",\"kind\":\"latency\",\"from_s\":1,"
                                          "\"to_s\":2,\"multiplier\":3}"
                                       << "/faults/0/multiplier"
                                       << "3";
        QTest::newRow("create the concurrency control") << "services[1].concurrency_control=optimistic"
                                                        << "/services/1/concurrency_control"
                                                        << "'optimistic'";
        QTest::newRow("arrival to a batch") << "clients[0].arrival={\"kind\":\"batch\",\"count\":100}"
                                            << "/clients/0/arrival/count"
                                            << "100";
        QTest::newRow("value with an equals sign") << "description=a=b"
                                                   << "/description"
                                                   << "'a=b'";
    }
    void validOverridesChangeTheDocument() {
        QFETCH(QString, assignment);
        QFETCH(QString, pointer);
        QFETCH(QString, expected);
        nlohmann::json doc = baseScenario();
        const Diagnostics d = applyOverride(doc, assignment.toStdString());
        QVERIFY2(d.empty(), d.toString().c_str());
        QCOMPARE(doc.at(nlohmann::json::json_pointer(pointer.toStdString())),
                 J(expected.toUtf8().constData()));
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str()); // and the result still loads
    }

    void overrideReachesTheModel() {
        nlohmann::json doc = baseScenario();
        QVERIFY(applyOverride(doc, "services[0].calls[0].retry.max_attempts=1").empty());
        QVERIFY(applyOverride(doc, "seed=99").empty());
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY(r.scenario);
        QCOMPARE(r.scenario->services[0].calls[0].retry->maxAttempts, 1);
        QCOMPARE(r.scenario->seed, std::uint64_t{99});
    }

    void badOverridesAreNamed_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("no equals sign")
            << "duration_s" << QStringList{"--set expects PATH=VALUE, got 'duration_s'"};
        QTest::newRow("misspelled last key")
            << "services[0].calls[0].retry.max_attemps=1"
            << QStringList{
                   "services[0].calls[0].retry.max_attemps: unknown key \"max_attemps\"; did you mean "
                   "\"max_attempts\"?"};
        QTest::newRow("misspelled middle key")
            << "services[0].calls[0].retyr.max_attempts=1"
            << QStringList{"services[0].calls[0].retyr: unknown key \"retyr\"; did you mean \"retry\"?"};
        QTest::newRow("misspelled service key")
            << "services[0].concurency_control=optimistic"
            << QStringList{"services[0].concurency_control: unknown key \"concurency_control\"; did you mean "
                           "\"concurrency_control\"?"};
        QTest::newRow("misspelled arrival key")
            << "clients[0].arrival.spred_ms=5"
            << QStringList{
                   "clients[0].arrival.spred_ms: unknown key \"spred_ms\"; did you mean \"spread_ms\"?"};
        QTest::newRow("misspelled root key")
            << "duraton_s=5"
            << QStringList{"duraton_s: unknown key \"duraton_s\"; did you mean \"duration_s\"?"};
        QTest::newRow("known but absent parent")
            << "services[0].calls[0].circuit_breaker.window_size=5"
            << QStringList{"services[0].calls[0].circuit_breaker: not in the scenario, so it has no "
                           "\"window_size\"; set the whole value instead, e.g. --set "
                           "'services[0].calls[0].circuit_breaker={...}'"};
        QTest::newRow("index out of range")
            << "services[5].workers=3"
            << QStringList{"services[5]: index out of range: services has 2 items"};
        QTest::newRow("index into an object")
            << "services[0].service_time[0]=1"
            << QStringList{"services[0].service_time[0]: services[0].service_time is an object, not a list"};
        QTest::newRow("key into a number")
            << "duration_s.value=1" << QStringList{"duration_s.value: duration_s is a number, not an object"};
        QTest::newRow("bad path syntax")
            << "services[x].workers=1"
            << QStringList{
                   "services[x].workers: not a valid path: expected an index like [0] at character 9"};
        QTest::newRow("empty path") << "=1" << QStringList{"--set expects PATH=VALUE, got '=1'"};
    }
    void badOverridesAreNamed() {
        QFETCH(QString, assignment);
        QFETCH(QStringList, expected);
        nlohmann::json doc = baseScenario();
        const nlohmann::json before = doc;
        const Diagnostics d = applyOverride(doc, assignment.toStdString());
        QCOMPARE(lines(d), expected);
        QCOMPARE(doc, before); // unchanged
    }

    void overrideWithABadValueIsCaughtByTheLoader() {
        // --set only edits the document; the loader then validates as usual, naming the path.
        nlohmann::json doc = baseScenario();
        QVERIFY(applyOverride(doc, "services[0].calls[0].retry.max_attempts=0").empty());
        QCOMPARE(lines(parseScenarioJson(doc).diagnostics),
                 QStringList{"services[0].calls[0].retry.max_attempts: must be in [1, 100], got 0"});
    }

    void splitPathSteps() {
        std::string error;
        const auto steps = splitPath("services[12].calls[0].to", error);
        QVERIFY(steps);
        QCOMPARE(steps->size(), std::size_t{5});
        QCOMPARE((*steps)[0].key, std::string("services"));
        QVERIFY((*steps)[1].isIndex());
        QCOMPARE((*steps)[1].index, std::size_t{12});
        QCOMPARE((*steps)[4].key, std::string("to"));
        QVERIFY(!splitPath("a..b", error));
        QVERIFY(!splitPath(".a", error));
        QVERIFY(!splitPath("a[1", error));
    }
};

QTEST_APPLESS_MAIN(TestScenarioOverride)
#include "tst_scenario_override.moc"
