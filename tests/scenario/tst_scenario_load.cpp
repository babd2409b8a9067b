// Loading scenarios: a valid file gives the model we expect; each kind of mistake is reported at its
// exact path with its exact message, all at once; syntax errors give line and column.
#include "core/common/random.h"
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"
#include "scenario_support.h"

#include <QtTest>

using namespace rl;
using namespace rl::scenario;
using rl::scenario::testing::baseScenario;
using rl::scenario::testing::J;
using rl::scenario::testing::lines;

class TestScenarioLoad : public QObject {
    Q_OBJECT

private slots:
    void baseScenarioLoadsIntoTheModel() {
        const LoadResult r = parseScenarioJson(baseScenario());
        QVERIFY2(r.diagnostics.empty(), r.diagnostics.toString().c_str());
        QVERIFY(r.scenario);
        const Scenario& s = *r.scenario;
        QCOMPARE(s.name, std::string("base"));
        QCOMPARE(s.seed, std::uint64_t{7});
        QCOMPARE(s.durationS, 60.0);
        QCOMPARE(s.clients.size(), std::size_t{1});
        QCOMPARE(s.clients[0].rateRps, 10.0);
        QCOMPARE(s.clients[0].tenant, std::string("default"));
        QVERIFY(s.clients[0].idempotent);
        QCOMPARE(s.services[0].queueCapacity, std::optional<std::int64_t>(10));
        QVERIFY(!s.services[1].queueCapacity.has_value()); // omitted = unbounded
        QCOMPARE(s.services[1].serviceTime.dist, ServiceTimeDist::Lognormal);
        QCOMPARE(s.services[1].serviceTime.p99Ms, 50.0);
        const Call& call = s.services[0].calls[0];
        QCOMPARE(call.to, std::string("back"));
        QCOMPARE(call.timeout, std::optional<Duration>(millis(100)));
        QCOMPARE(call.retry->maxAttempts, 2);
        QVERIFY(call.order == defaultLayerOrder());
        QCOMPARE(s.faults[0].mode, OutageMode::FailFast);
    }

    void extraKeysLoad() {
        auto doc = baseScenario();
        doc["clients"][0]["timeout_ms"] = 250;
        doc["clients"][0]["idempotent"] = false;
        doc["services"][0]["calls"][0]["order"] = J("['retry', 'timeout']");
        doc["services"][0]["calls"][0]["deadline_propagation"] = J("{'buffer_ms': 2}");
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        QCOMPARE(r.scenario->clients[0].timeout, std::optional<Duration>(millis(250)));
        QVERIFY(!r.scenario->clients[0].idempotent);
        QVERIFY((r.scenario->services[0].calls[0].order ==
                 std::vector<PolicyLayer>{PolicyLayer::Retry, PolicyLayer::Timeout}));
        QCOMPARE(r.scenario->services[0].calls[0].deadlinePropagation->buffer, millis(2));
    }

    void retryLimitsLoadAndNeedARetry() {
        auto doc = baseScenario();
        doc["services"][0]["calls"][0]["retry_budget"] = J("{'budget_percent': 10}");
        doc["services"][0]["calls"][0]["retry_throttle"] = J("{'max_tokens': 20}");
        LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        QCOMPARE(r.scenario->services[0].calls[0].retryBudget->budgetPercent, 10.0);
        QCOMPARE(r.scenario->services[0].calls[0].retryThrottle->maxTokens, 20);
        // Saved and loaded again: the same limits.
        const LoadResult again = parseScenario(saveScenarioText(*r.scenario));
        QVERIFY2(again.scenario, again.diagnostics.toString().c_str());
        QCOMPARE(again.scenario->services[0].calls[0].retryBudget->budgetPercent, 10.0);
        // On a client without retries they would limit nothing: an error, not a silent no-op.
        doc["clients"][0]["retry_budget"] = J("{'budget_percent': 150}");
        doc["clients"][0]["retry_throttle"] = J("{}");
        r = parseScenarioJson(doc);
        QVERIFY(!r.scenario);
        QCOMPARE(lines(r.diagnostics),
                 QStringList({"clients[0].retry_budget.budget_percent: must be in [0, 100], got 150",
                              "clients[0].retry_budget: limits retries, but there is no \"retry\" here",
                              "clients[0].retry_throttle: limits retries, but there is no \"retry\" here"}));
    }

    // Each row changes one value of the base scenario (JSON pointer, new JSON value or <delete>).
    void eachMistakeIsNamed_data() {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char* name, const char* pointer, const char* value, QStringList expected) {
            QTest::newRow(name) << QString(pointer) << QString(value) << expected;
        };
        row("format missing", "/format", "<delete>",
            {"format: missing required key; a scenario starts with \"format\": "
             "\"resilience-lab/scenario@1\""});
        row("format wrong", "/format", "'resilience-lab/scenario@2'",
            {"format: unsupported format \"resilience-lab/scenario@2\"; expected "
             "\"resilience-lab/scenario@1\""});
        row("unknown root key", "/durations_s", "5",
            {"durations_s: unknown key \"durations_s\"; did you mean \"duration_s\"?"});
        row("duration 0", "/duration_s", "0", {"duration_s: must be > 0, got 0"});
        row("duration overflows int64 ns", "/duration_s", "1e300",
            {"duration_s: too large: must fit in int64 nanoseconds (at most 9200000000 s), got 1e+300"});
        row("bucket longer than the run", "/bucket_s", "100",
            {"bucket_s: must be <= duration_s (60), got 100"});
        row("too many buckets", "/bucket_s", "0.000001",
            {"bucket_s: too small: duration_s / bucket_s = 60000000 buckets, at most 1000000"});

        row("seed negative", "/seed", "-1", {"seed: must be in [0, 18446744073709551615], got -1"});
        row("seed as text", "/seed", "'42'", {"seed: expected a number, got \"42\""});
        row("name not a string", "/name", "3", {"name: expected a string, got 3"});
        row("clients not a list", "/clients", "'web'", {"clients: expected a list of clients, got \"web\""});
        row("no client", "/clients", "[]", {"clients: must list at least one client"});
        row("client name empty", "/clients/0/name", "''", {"clients[0].name: must not be empty"});
        row("client name missing", "/clients/0/name", "<delete>", {"clients[0].name: missing required key"});
        row("client duplicate", "/clients/1",
            "{'name': 'web', 'target': 'front', 'arrival': {'rate_rps': 1}}",
            {"clients[1].name: duplicate name \"web\" (also clients[0])"});
        row("client target unknown", "/clients/0/target", "'frnt'",
            {"clients[0].target: no service named \"frnt\"; did you mean \"front\"?"});
        row("client target far off", "/clients/0/target", "'database'",
            {"clients[0].target: no service named \"database\"; the services are \"front\", \"back\""});
        row("arrival rate negative", "/clients/0/arrival/rate_rps", "-1",
            {"clients[0].arrival.rate_rps: must be >= 0, got -1"});
        row("arrival rate missing", "/clients/0/arrival/rate_rps", "<delete>",
            {"clients[0].arrival.rate_rps: missing required key"});
        row("arrival kind typo", "/clients/0/arrival/kind", "'poison'",
            {"clients[0].arrival.kind: expected one of \"poisson\", \"constant\", \"batch\", got \"poison\"; "
             "did you mean \"poisson\"?"});
        row("batch without count", "/clients/0/arrival", "{'kind': 'batch'}",
            {"clients[0].arrival.count: missing required key"});
        row("batch with a rate", "/clients/0/arrival", "{'kind': 'batch', 'count': 5, 'rate_rps': 3}",
            {"clients[0].arrival.rate_rps: applies to kind \"poisson\" and \"constant\" only, not "
             "\"batch\""});
        row("count on poisson", "/clients/0/arrival", "{'kind': 'poisson', 'rate_rps': 1, 'count': 5}",
            {"clients[0].arrival.count: applies to kind \"batch\" only, not \"poisson\""});
        row("batch count 0", "/clients/0/arrival", "{'kind': 'batch', 'count': 0}",
            {"clients[0].arrival.count: must be in [1, 1000000], got 0"});
        row("batch count fractional", "/clients/0/arrival", "{'kind': 'batch', 'count': 2.5}",
            {"clients[0].arrival.count: expected a whole number, got 2.5"});
        row("batch spread negative", "/clients/0/arrival", "{'kind': 'batch', 'count': 5, 'spread_ms': -1}",
            {"clients[0].arrival.spread_ms: must be >= 0, got -1"});
        row("batch after the end", "/clients/0/arrival", "{'kind': 'batch', 'count': 5, 'at_s': 60}",
            {"clients[0].arrival.at_s: must be < duration_s (60): the batch would never be sent; got 60"});
        row("batch spread past the end", "/clients/0/arrival",
            "{'kind': 'batch', 'count': 5, 'at_s': 59, 'spread_ms': 2000}",
            {"clients[0].arrival.spread_ms: the batch must be sent within the run: at_s + spread_ms / 1000 = "
             "61 s "
             "is past duration_s (60)"});
        row("batch with a rate profile", "/clients/0",
            "{'name': 'web', 'target': 'front', 'arrival': {'kind': 'batch', 'count': 5},"
            " 'rate_profile': [{'at_s': 30, 'rate_rps': 5}]}",
            {"clients[0].rate_profile: applies to arrival kinds \"poisson\" and \"constant\" only, not "
             "\"batch\""});
        row("concurrency control typo", "/services/1/concurrency_control", "'optimistc'",
            {"services[1].concurrency_control: expected one of \"none\", \"optimistic\", got \"optimistc\"; "
             "did you mean \"optimistic\"?"});
        row("rate profile out of order", "/clients/0/rate_profile",
            "[{'at_s': 30, 'rate_rps': 5}, {'at_s': 20, 'rate_rps': 1}]",
            {"clients[0].rate_profile[1].at_s: steps must be ordered by time: must be > 30 (the previous "
             "step's "
             "at_s), got 20"});
        row("rate profile ramps overlap", "/clients/0/rate_profile",
            "[{'at_s': 30, 'rate_rps': 5, 'ramp_s': 10}, {'at_s': 35, 'rate_rps': 1}]",
            {"clients[0].rate_profile[1].at_s: steps must be ordered by time: must be >= 40 (the previous "
             "step's "
             "at_s + ramp_s), got 35"});
        row("rate profile step negative rate", "/clients/0/rate_profile", "[{'at_s': 30, 'rate_rps': -5}]",
            {"clients[0].rate_profile[0].rate_rps: must be >= 0, got -5"});
        row("deadline 0", "/clients/0/deadline_ms", "0", {"clients[0].deadline_ms: must be > 0, got 0"});
        row("priority typo", "/clients/0/priority", "'hgih'",
            {"clients[0].priority: expected one of \"low\", \"normal\", \"high\", \"critical\", got "
             "\"hgih\"; did "
             "you mean \"high\"?"});
        row("idempotent not bool", "/clients/0/idempotent", "'no'",
            {"clients[0].idempotent: expected true or false, got \"no\""});
        row("client retry nested", "/clients/0/retry", "{'backoff': {'jitter': 'ful'}}",
            {"clients[0].retry.backoff.jitter: expected one of \"none\", \"full\", \"equal\", "
             "\"decorrelated\", "
             "\"proportional\", got \"ful\"; did you mean \"full\"?"});
        row("no service", "/services", "[]",
            {"services: must list at least one service", "clients[0].target: no service named \"front\"",
             "faults[0].target: no service named \"back\""});
        row("workers 0", "/services/0/workers", "0", {"services[0].workers: must be in [1, 1000000], got 0"});
        row("workers 2e6", "/services/0/workers", "2000000",
            {"services[0].workers: must be in [1, 1000000], got 2000000"});
        row("workers fractional", "/services/0/workers", "2.5",
            {"services[0].workers: expected a whole number, got 2.5"});
        row("queue above 1e9", "/services/0/queue_capacity", "1e10",
            {"services[0].queue_capacity: must be in [0, 1000000000], got 10000000000"});
        row("service_time missing", "/services/0/service_time", "<delete>",
            {"services[0].service_time: missing required key"});
        row("dist unknown", "/services/0/service_time/dist", "'normal'",
            {"services[0].service_time.dist: expected one of \"constant\", \"exponential\", \"lognormal\", "
             "\"uniform\", got \"normal\""});
        row("lognormal p99 not above median", "/services/1/service_time/p99_ms", "10",
            {"services[1].service_time.p99_ms: must be > median_ms (10), got 10"});
        row("key of another dist", "/services/0/service_time/median_ms", "3",
            {"services[0].service_time.median_ms: does not apply to dist \"exponential\" (it takes "
             "mean_ms)"});
        row("dist key missing", "/services/0/service_time", "{'dist': 'uniform', 'min_ms': 1}",
            {"services[0].service_time.max_ms: missing required key for dist \"uniform\""});
        row("uniform max below min", "/services/0/service_time",
            "{'dist': 'uniform', 'min_ms': 5, 'max_ms': 1}",
            {"services[0].service_time.max_ms: must be >= min_ms (5), got 1"});
        row("mean 0", "/services/0/service_time/mean_ms", "0",
            {"services[0].service_time.mean_ms: must be > 0, got 0"});
        row("mean overflows", "/services/0/service_time/mean_ms", "1e300",
            {"services[0].service_time.mean_ms: too large: must fit in int64 nanoseconds (at most "
             "9200000000000 "
             "ms), got 1e+300"});
        row("error rate above 1", "/services/1/error_rate", "1.5",
            {"services[1].error_rate: must be in [0, 1], got 1.5"});
        row("ingress limiter", "/services/0/ingress", "{'rate_limiter': {'rate_per_s': -1}}",
            {"services[0].ingress.rate_limiter.rate_per_s: must be > 0, got -1"});
        row("ingress unknown key", "/services/0/ingress", "{'load_sheder': {}}",
            {"services[0].ingress.load_sheder: unknown key \"load_sheder\"; did you mean \"load_shedder\"?"});
        row("call to unknown", "/services/0/calls/0/to", "'bak'",
            {"services[0].calls[0].to: no service named \"bak\"; did you mean \"back\"?"});
        row("call cycle", "/services/1/calls", "[{'to': 'front'}]",
            {"services[1].calls[0].to: call cycle: front -> back -> front"});
        row("call to itself", "/services/1/calls", "[{'to': 'back'}]",
            {"services[1].calls[0].to: call cycle: back -> back"});
        row("probability above 1", "/services/0/calls/0/probability", "2",
            {"services[0].calls[0].probability: must be in [0, 1], got 2"});
        row("call retry range", "/services/0/calls/0/retry/max_attempts", "0",
            {"services[0].calls[0].retry.max_attempts: must be in [1, 100], got 0"});
        row("call key misspelled", "/services/0/calls/0/retyr", "{}",
            {"services[0].calls[0].retyr: unknown key \"retyr\"; did you mean \"retry\"?"});
        row("breaker range", "/services/0/calls/0/circuit_breaker", "{'failure_rate_threshold': 1.5}",
            {"services[0].calls[0].circuit_breaker.failure_rate_threshold: must be in (0, 1], got 1.5"});
        row("timeout and adaptive timeout", "/services/0/calls/0/adaptive_timeout", "{}",
            {"services[0].calls[0].adaptive_timeout: replaces timeout_ms; set one of them, not both"});
        row("order lists a layer twice", "/services/0/calls/0/order", "['retry', 'retry', 'timeout']",
            {"services[0].calls[0].order[1]: layer \"retry\" is listed twice"});
        row("order misses a layer", "/services/0/calls/0/order", "['timeout']",
            {"services[0].calls[0].order: does not list \"retry\", but the call has one; list every layer "
             "the "
             "call uses"});
        row("order unknown layer", "/services/0/calls/0/order", "['retry', 'timeuot']",
            {"services[0].calls[0].order[1]: expected one of \"fallback\", \"retry\", \"circuit_breaker\", "
             "\"bulkhead\", \"timeout\", got \"timeuot\"; did you mean \"timeout\"?"});
        row("fault ends before it starts", "/faults/0/to_s", "5",
            {"faults[0].to_s: must be > from_s (10), got 5"});
        row("fault target unknown", "/faults/0/target", "'bck'",
            {"faults[0].target: no service named \"bck\"; did you mean \"back\"?"});
        row("fault key of another kind", "/faults/0/multiplier", "3",
            {"faults[0].multiplier: applies to kind \"latency\" only, not \"outage\""});
        row("latency fault without multiplier", "/faults/0/kind", "'latency'",
            {"faults[0].multiplier: missing required key for kind \"latency\""});
        row("outage mode typo", "/faults/0/mode", "'failfast'",
            {"faults[0].mode: expected one of \"fail_fast\", \"hang\", got \"failfast\"; did you mean "
             "\"fail_fast\"?"});
        row("fault from missing", "/faults/0/from_s", "<delete>", {"faults[0].from_s: missing required key"});
        row("fault not an object", "/faults/0", "5", {"faults[0]: expected an object, got 5"});
    }
    void eachMistakeIsNamed() {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QStringList, expected);
        nlohmann::json doc = baseScenario();
        const nlohmann::json::json_pointer ptr(pointer.toStdString());
        if (value == "<delete>")
            doc[ptr.parent_pointer()].erase(ptr.back());
        else
            doc[ptr] = J(value.toUtf8().constData());
        const LoadResult r = parseScenarioJson(doc);
        QCOMPARE(lines(r.diagnostics), expected);
        QVERIFY(!r.scenario);
    }

    void everyProblemIsReportedAtOnce() {
        nlohmann::json doc = baseScenario();
        doc["duration_s"] = -1;                                      // 1
        doc["clients"][0]["target"] = "nowhere";                     // 2
        doc["services"][0]["workers"] = 0;                           // 3
        doc["services"][0]["calls"][0]["retry"]["max_attempts"] = 0; // 4
        doc["services"][1]["error_rate"] = "high";                   // 5
        doc["faults"][0]["kind"] = "meteor";                         // 6
        const LoadResult r = parseScenarioJson(doc);
        QCOMPARE(
            lines(r.diagnostics),
            (QStringList{
                "duration_s: must be > 0, got -1", "services[0].workers: must be in [1, 1000000], got 0",
                "services[0].calls[0].retry.max_attempts: must be in [1, 100], got 0",
                "services[1].error_rate: expected a number, got \"high\"",
                "faults[0].kind: expected one of \"outage\", \"latency\", \"errors\", \"capacity\", got "
                "\"meteor\"",
                "clients[0].target: no service named \"nowhere\"; the services are \"front\", \"back\""}));
    }

    // Property: whatever a user does to a valid file (a wrong value of any type at any place, a key
    // removed, an unknown key added), the loader never crashes, and it either returns a scenario that
    // saves and reloads, or explains every problem with a non-empty message at a well-formed path.
    void randomMutationsAreAlwaysExplained() {
        std::vector<nlohmann::json> seeds;
        for (const auto& b : builtinScenarios())
            seeds.push_back(nlohmann::json::parse(b.json));
        seeds.push_back(baseScenario());
        const std::vector<nlohmann::json> values = {-1,
                                                    0,
                                                    1,
                                                    2.5,
                                                    1e300,
                                                    -1e300,
                                                    "x",
                                                    "exponential",
                                                    true,
                                                    nullptr,
                                                    nlohmann::json::array(),
                                                    nlohmann::json::object(),
                                                    nlohmann::json::parse("18446744073709551615"),
                                                    J("[1, 'a']"),
                                                    J("{'a': 1}")};
        rl::Random rng(99);
        int loaded = 0, rejected = 0;
        for (int i = 0; i < 3000; ++i) {
            nlohmann::json doc = seeds[rng.below(seeds.size())];
            for (std::uint64_t m = 1 + rng.below(3); m > 0; --m) {
                const auto flat = doc.flatten();
                if (flat.empty()) break;
                auto it = flat.begin();
                std::advance(it, static_cast<std::ptrdiff_t>(rng.below(flat.size())));
                const nlohmann::json::json_pointer leaf(it.key());
                const auto choice = rng.below(10);
                if (choice < 7) {
                    doc[leaf] = values[rng.below(values.size())];
                } else if (choice < 9 && !leaf.empty()) {
                    auto& parent = doc[leaf.parent_pointer()];
                    if (parent.is_object()) parent.erase(leaf.back());
                } else if (!leaf.empty() && doc[leaf.parent_pointer()].is_object()) {
                    doc[leaf.parent_pointer()]["mystery_key"] = 1;
                }
            }
            const LoadResult r = parseScenarioJson(doc);
            if (r.scenario) {
                QVERIFY(r.diagnostics.empty());
                const LoadResult again = parseScenario(saveScenarioText(*r.scenario));
                QVERIFY2(again.scenario, again.diagnostics.toString().c_str());
                ++loaded;
                continue;
            }
            ++rejected;
            QVERIFY2(!r.diagnostics.empty(), doc.dump().c_str());
            for (const auto& d : r.diagnostics.items()) {
                QVERIFY2(!d.message.empty(), d.path.c_str());
                std::string error;
                QVERIFY2(d.path.empty() || splitPath(d.path, error), d.path.c_str());
            }
        }
        QVERIFY(loaded > 50); // the generator does produce both outcomes
        QVERIFY(rejected > 1000);
    }

    void absurdListSizesAreRejected() {
        nlohmann::json doc = baseScenario();
        doc["faults"] = nlohmann::json::array();
        for (int i = 0; i < 100001; ++i)
            doc["faults"].push_back(doc["clients"][0]); // never looked at: the size alone is the problem
        QCOMPARE(lines(parseScenarioJson(doc).diagnostics),
                 QStringList{"faults: too many faults: at most 100000, got 100001"});
    }

    void metricsMemoryIsBounded() {
        // 1,000,000 buckets are fine for a small scenario, not for 30 clients (~100 bytes each per bucket).
        auto doc = baseScenario();
        doc["duration_s"] = 1000;
        doc["bucket_s"] = 0.001;
        QVERIFY2(parseScenarioJson(doc).scenario, parseScenarioJson(doc).diagnostics.toString().c_str());
        for (int i = 1; i < 30; ++i) {
            auto client = doc["clients"][0];
            client["name"] = "client" + std::to_string(i);
            doc["clients"].push_back(client);
        }
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY(!r.scenario);
        QCOMPARE(r.diagnostics.size(), std::size_t{1});
        QCOMPARE(r.diagnostics.items()[0].path, std::string("bucket_s"));
        QVERIFY(r.diagnostics.items()[0].message.find("use a wider bucket_s") != std::string::npos);
    }

    void syntaxErrorNamesLineAndColumn() {
        const LoadResult r =
            parseScenario("{\n  \"format\": \"resilience-lab/scenario@1\",\n  \"name\": ,\n}\n");
        QCOMPARE(r.diagnostics.size(), std::size_t{1});
        const std::string message = r.diagnostics.items()[0].message;
        QVERIFY2(message.starts_with("line 3, column 11: not valid JSON: syntax error"), message.c_str());
        QVERIFY(r.diagnostics.items()[0].path.empty());
    }

    void duplicateKeysAreNamedAlongWithOtherProblems() {
        // step: "workers" twice in services[1], "to" twice in a call, and an unrelated range problem
        std::string text = baseScenario().dump();
        text.replace(text.find("\"name\":\"back\""), 13, "\"name\":\"back\",\"workers\":3");
        text.replace(text.find("\"to\":\"back\""), 11, "\"to\":\"back\",\"to\":\"front\"");
        text.replace(text.find("\"duration_s\":60"), 15, "\"duration_s\":0");
        const LoadResult r = parseScenario(text);
        QCOMPARE(
            lines(r.diagnostics),
            (QStringList{"services[0].calls[0].to: duplicate key \"to\" in this object (only the last one "
                         "would count)",
                         "services[1].workers: duplicate key \"workers\" in this object (only the last one "
                         "would count)",
                         "duration_s: must be > 0, got 0",
                         "services[0].calls[0].to: call cycle: front -> front"}));
        QVERIFY(!r.scenario);
    }

    void notAnObject() {
        const LoadResult r = parseScenario("[1, 2]");
        QCOMPARE(lines(r.diagnostics), QStringList{"expected an object, got [1,2]"});
    }

    void unreadableFileIsNamed() {
        const LoadResult r = loadScenarioFile("/nonexistent/dir/x.json");
        QCOMPARE(lines(r.diagnostics),
                 QStringList{"cannot read '/nonexistent/dir/x.json': No such file or directory"});
        const LoadResult dir = loadScenarioFile(RL_TEST_DATA_DIR);
        QCOMPARE(lines(dir.diagnostics),
                 QStringList{"cannot read '" RL_TEST_DATA_DIR "': it is a directory"});
    }

    void badFilesInTestData_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("typo-and-cycle")
            << "typo-and-cycle.json"
            << QStringList{"services[0].calls[0].circuit_breaker.failure_rate_treshold: unknown key "
                           "\"failure_rate_treshold\"; did you mean \"failure_rate_threshold\"?",
                           "services[1].calls[0].to: call cycle: api -> db -> api"};
    }
    void badFilesInTestData() {
        QFETCH(QString, file);
        QFETCH(QStringList, expected);
        const LoadResult r =
            loadScenarioFile(std::string(RL_TEST_DATA_DIR) + "/scenarios/bad/" + file.toStdString());
        QCOMPARE(lines(r.diagnostics), expected);
    }
};

QTEST_APPLESS_MAIN(TestScenarioLoad)
#include "tst_scenario_load.moc"
