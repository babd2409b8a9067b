// Saving: load -> save -> load gives the same scenario, for every built-in scenario, for a file that
// sets every key, and for thousands of random scenarios; saved text has a stable key order.
#include "core/common/random.h"
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"
#include "scenario_support.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace rl;
using namespace rl::scenario;
using rl::scenario::testing::baseScenario;

namespace {

Scenario mustLoad(const std::string& text) {
    const LoadResult r = parseScenario(text);
    if (!r.scenario) qFatal("scenario did not load: %s", r.diagnostics.toString().c_str());
    return *r.scenario;
}

// A random valid scenario: services call only later services (no cycles), every optional part
// present or not, values with fractions.
Scenario randomScenario(Random& rng) {
    auto pick = [&](std::uint64_t n) { return rng.below(n); };
    auto maybe = [&] { return rng.bernoulli(0.5); };
    auto frac = [&](double lo, double hi) { return std::round(rng.uniform(lo, hi) * 1000) / 1000; };
    Scenario s;
    s.name = "random " + std::to_string(pick(1000));
    if (maybe()) s.description = "generated";
    s.seed = rng.next();
    s.durationS = frac(1, 1000);
    s.bucketS = std::min(s.durationS, frac(0.01, 10));
    const std::size_t serviceCount = 1 + pick(4);
    for (std::size_t i = 0; i < serviceCount; ++i) {
        Service svc;
        svc.name = "svc" + std::to_string(i);
        svc.workers = static_cast<std::int32_t>(1 + pick(1000));
        if (maybe()) svc.queueCapacity = static_cast<std::int64_t>(pick(100000));
        svc.serviceTime.dist = static_cast<ServiceTimeDist>(pick(4));
        svc.serviceTime.valueMs = frac(0, 100);
        svc.serviceTime.meanMs = frac(0.001, 100);
        svc.serviceTime.medianMs = frac(0.001, 100);
        svc.serviceTime.p99Ms = svc.serviceTime.medianMs + frac(0.001, 100);
        svc.serviceTime.minMs = frac(0, 10);
        svc.serviceTime.maxMs = svc.serviceTime.minMs + frac(0, 10);
        if (maybe()) svc.errorRate = frac(0, 1);
        if (maybe()) {
            RateLimiterConfig l;
            l.kind = static_cast<RateLimiterKind>(pick(4));
            l.ratePerSecond = frac(1, 1000);
            svc.ingress.rateLimiter = l;
        }
        if (maybe()) {
            LoadShedderConfig ls;
            ls.maxInflight = static_cast<std::int32_t>(1 + pick(500));
            ls.protectPriority = static_cast<Priority>(pick(4));
            svc.ingress.loadShedder = ls;
        }
        for (std::size_t j = i + 1; j < serviceCount; ++j) {
            if (!maybe()) continue;
            Call call;
            call.to = "svc" + std::to_string(j);
            call.probability = frac(0, 1);
            if (maybe()) call.timeout = Duration(static_cast<std::int64_t>(1 + pick(10'000'000'000)));
            if (maybe()) {
                RetryConfig r;
                r.maxAttempts = static_cast<std::int32_t>(1 + pick(10));
                r.backoff.jitter = static_cast<JitterKind>(pick(5));
                call.retry = r;
            }
            if (maybe()) {
                CircuitBreakerConfig cb;
                cb.window = static_cast<BreakerWindow>(pick(3));
                cb.minimumCalls = static_cast<std::int32_t>(1 + pick(100));
                call.circuitBreaker = cb;
            }
            if (maybe()) call.bulkhead = BulkheadConfig{};
            if (maybe()) call.fallback = FallbackConfig{};
            if (maybe()) call.deadlinePropagation = DeadlinePropagationConfig{};
            if (!call.timeout && maybe()) call.adaptiveTimeout = AdaptiveTimeoutConfig{};
            call.order = defaultLayerOrder();
            if (maybe()) std::reverse(call.order.begin(), call.order.end());
            svc.calls.push_back(call);
        }
        s.services.push_back(svc);
    }
    const std::size_t clientCount = 1 + pick(3);
    for (std::size_t i = 0; i < clientCount; ++i) {
        Client c;
        c.name = "client" + std::to_string(i);
        c.target = "svc" + std::to_string(pick(serviceCount));
        c.arrival = static_cast<ArrivalKind>(pick(2));
        c.rateRps = frac(0, 1000);
        double at = 0;
        for (std::uint64_t k = pick(3); k > 0; --k) {
            RateStep step;
            step.atS = at + frac(0.001, 50);
            step.rateRps = frac(0, 100);
            if (maybe()) step.rampS = frac(0, 5);
            at = step.atS + step.rampS;
            c.rateProfile.push_back(step);
        }
        if (maybe()) c.deadline = millis(static_cast<std::int64_t>(1 + pick(5000)));
        if (maybe()) c.timeout = Duration(static_cast<std::int64_t>(1 + pick(1'000'000'000)));
        if (maybe()) c.retry = RetryConfig{};
        c.priority = static_cast<Priority>(pick(4));
        if (maybe()) c.tenant = "tenant" + std::to_string(pick(5));
        c.idempotencyKey = maybe();
        c.idempotent = maybe();
        s.clients.push_back(c);
    }
    for (std::uint64_t k = pick(4); k > 0; --k) {
        Fault f;
        f.target = "svc" + std::to_string(pick(serviceCount));
        f.kind = static_cast<FaultKind>(pick(4));
        f.fromS = frac(0, 100);
        f.toS = f.fromS + frac(0.001, 100);
        f.mode = static_cast<OutageMode>(pick(2));
        f.multiplier = frac(0.01, 100);
        f.errorRate = frac(0, 1);
        f.workers = static_cast<std::int32_t>(pick(100));
        s.faults.push_back(f);
    }
    return s;
}

} // namespace

class TestScenarioRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void builtinScenariosRoundTrip_data() {
        QTest::addColumn<QString>("name");
        QVERIFY(!builtinScenarios().empty());
        for (const auto& b : builtinScenarios())
            QTest::newRow(std::string(b.name).c_str())
                << QString::fromUtf8(b.name.data(), qsizetype(b.name.size()));
    }
    void builtinScenariosRoundTrip() {
        QFETCH(QString, name);
        const BuiltinScenario* b = findBuiltinScenario(name.toStdString());
        QVERIFY(b);
        const LoadResult first = parseScenario(std::string(b->json));
        QVERIFY2(first.scenario, first.diagnostics.toString().c_str()); // every built-in is valid
        QVERIFY2(!first.scenario->name.empty(), "a built-in needs a name");
        QVERIFY2(!first.scenario->description.empty(), "a built-in needs a description");
        const std::string saved = saveScenarioText(*first.scenario);
        const std::string savedAgain = saveScenarioText(mustLoad(saved));
        QCOMPARE(savedAgain, saved);
        // Saving drops only defaults: the saved document loads to the same model as the original,
        // so reading the original file and the saved one must give the same JSON after one more save.
        QCOMPARE(nlohmann::json::parse(saved),
                 nlohmann::json::parse(saveScenarioText(mustLoad(std::string(b->json)))));
    }

    void everyKeyFileIsWrittenBackExactly() {
        std::ifstream in(RL_TEST_DATA_DIR "/scenarios/every-key.json");
        QVERIFY(in);
        std::stringstream text;
        text << in.rdbuf();
        const Scenario s = mustLoad(text.str());
        const nlohmann::json original = nlohmann::json::parse(text.str());
        const nlohmann::json saved = nlohmann::json::parse(saveScenarioText(s));
        // Every key in the file is at a non-default value, so nothing may be dropped or changed.
        if (saved != original) {
            const auto patch = nlohmann::json::diff(original, saved);
            QFAIL(("saved differs from the file: " + patch.dump()).c_str());
        }
    }

    void savedTextHasAStableKeyOrder() {
        const LoadResult r = parseScenarioJson(baseScenario());
        QVERIFY(r.scenario);
        const std::string saved = saveScenarioText(*r.scenario);
        QVERIFY(
            saved.starts_with("{\n  \"format\": \"resilience-lab/scenario@1\",\n  \"name\": \"base\",\n  "
                              "\"seed\": 7,\n  \"duration_s\": 60,\n  \"bucket_s\": 1,\n  \"clients\": ["));
        QVERIFY(saved.ends_with("}\n"));
        QVERIFY(saved.find("\"clients\"") < saved.find("\"services\""));
        QVERIFY(saved.find("\"services\"") < saved.find("\"faults\""));
    }

    void thousandsOfRandomScenariosRoundTrip() {
        Random rng(42);
        for (int i = 0; i < 2000; ++i) {
            const Scenario s = randomScenario(rng);
            const std::string saved = saveScenarioText(s);
            const LoadResult r = parseScenario(saved);
            if (!r.scenario)
                QFAIL(("random scenario " + std::to_string(i) + " did not load:\n" +
                       r.diagnostics.toString() + saved)
                          .c_str());
            QCOMPARE(saveScenarioText(*r.scenario), saved);
            // spot checks on fields the text comparison relies on
            QCOMPARE(r.scenario->seed, s.seed);
            QCOMPARE(r.scenario->services.size(), s.services.size());
            for (std::size_t k = 0; k < s.services.size(); ++k) {
                QCOMPARE(r.scenario->services[k].queueCapacity, s.services[k].queueCapacity);
                for (std::size_t c = 0; c < s.services[k].calls.size(); ++c) {
                    QCOMPARE(r.scenario->services[k].calls[c].timeout, s.services[k].calls[c].timeout);
                    QVERIFY(r.scenario->services[k].calls[c].order == s.services[k].calls[c].order);
                }
            }
            for (std::size_t k = 0; k < s.clients.size(); ++k) {
                QCOMPARE(r.scenario->clients[k].timeout, s.clients[k].timeout);
                QCOMPARE(r.scenario->clients[k].rateProfile.size(), s.clients[k].rateProfile.size());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestScenarioRoundTrip)
#include "tst_scenario_roundtrip.moc"
