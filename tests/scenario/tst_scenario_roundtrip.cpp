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
        if (maybe()) svc.concurrencyControl = ConcurrencyControl::Optimistic;
        // Only the keys of the distribution (and of each fault's kind below) are saved, so only they
        // are set: the others keep their defaults, as in a loaded model.
        svc.serviceTime.dist = static_cast<ServiceTimeDist>(pick(4));
        switch (svc.serviceTime.dist) {
        case ServiceTimeDist::Constant:
            svc.serviceTime.valueMs = frac(0, 100);
            break;
        case ServiceTimeDist::Exponential:
            svc.serviceTime.meanMs = frac(0.001, 100);
            break;
        case ServiceTimeDist::Lognormal:
            svc.serviceTime.medianMs = frac(0.001, 100);
            svc.serviceTime.p99Ms = svc.serviceTime.medianMs + frac(0.001, 100);
            break;
        case ServiceTimeDist::Uniform:
            svc.serviceTime.minMs = frac(0, 10);
            svc.serviceTime.maxMs = svc.serviceTime.minMs + frac(0, 10);
            break;
        }
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
        c.arrival = static_cast<ArrivalKind>(pick(3));
        if (c.arrival == ArrivalKind::Batch) { // its own keys only; no rate, no profile
            c.batch.count = static_cast<std::int64_t>(1 + pick(1000));
            if (maybe()) c.batch.atS = frac(0, s.durationS / 2);
            if (maybe()) c.batch.spreadMs = frac(0, s.durationS * 400);
        } else {
            c.rateRps = frac(0, 1000);
        }
        double at = 0;
        for (std::uint64_t k = c.arrival == ArrivalKind::Batch ? 0 : pick(3); k > 0; --k) {
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
        switch (f.kind) {
        case FaultKind::Outage:
            f.mode = static_cast<OutageMode>(pick(2));
            break;
        case FaultKind::Latency:
            f.multiplier = frac(0.01, 100);
            break;
        case FaultKind::Errors:
            f.errorRate = frac(0, 1);
            break;
        case FaultKind::Capacity:
            f.workers = static_cast<std::int32_t>(pick(100));
            break;
        }
        s.faults.push_back(f);
    }
    return s;
}

// Where two models differ, for failure messages: the first differing part, e.g. "services[1].calls[0]".
std::string firstDifference(const Scenario& a, const Scenario& b) {
    if (a.format != b.format || a.name != b.name || a.description != b.description || a.seed != b.seed ||
        a.durationS != b.durationS || a.bucketS != b.bucketS)
        return "top-level keys";
    auto list = [](const char* name, const auto& x, const auto& y) -> std::string {
        if (x.size() != y.size()) return std::string(name) + " (count)";
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!(x[i] == y[i])) return std::string(name) + "[" + std::to_string(i) + "]";
        return "";
    };
    for (const std::string& d : {list("clients", a.clients, b.clients), list("faults", a.faults, b.faults),
                                 list("changes", a.changes, b.changes)})
        if (!d.empty()) return d;
    if (a.services.size() != b.services.size()) return "services (count)";
    for (std::size_t i = 0; i < a.services.size(); ++i) {
        const std::string d = list("calls", a.services[i].calls, b.services[i].calls);
        if (!d.empty()) return "services[" + std::to_string(i) + "]." + d;
        if (!(a.services[i] == b.services[i])) return "services[" + std::to_string(i) + "]";
    }
    return a == b ? "nothing" : "somewhere operator== sees and this function does not";
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
        const Scenario reloaded = mustLoad(saved);
        QVERIFY2(reloaded == *first.scenario, firstDifference(reloaded, *first.scenario).c_str());
        const std::string savedAgain = saveScenarioText(reloaded);
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
        const Scenario reloaded = mustLoad(saveScenarioText(s));
        QVERIFY2(reloaded == s, firstDifference(reloaded, s).c_str());
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
            // The model itself, not only its text: a field that saving dropped would show here.
            if (!(*r.scenario == s))
                QFAIL(("random scenario " + std::to_string(i) + " loads back different at " +
                       firstDifference(*r.scenario, s) + ":\n" + saved)
                          .c_str());
        }
    }

    void modelsThatDifferInOneNestedFieldAreUnequal_data() {
        QTest::addColumn<int>("change");
        const char* names[] = {"breaker max_half_open", "retry_on",           "backoff jitter",
                               "bulkhead max_wait",     "fallback max_stale", "rate step ramp",
                               "client tenant",         "layer order",        "queue capacity",
                               "fault workers"};
        for (int i = 0; i < int(std::size(names)); ++i)
            QTest::newRow(names[i]) << i;
    }
    void modelsThatDifferInOneNestedFieldAreUnequal() {
        // operator== must see every nested config, or the round-trip checks above could not fail.
        QFETCH(int, change);
        Random rng(7);
        Scenario a = randomScenario(rng);
        a.services.push_back(a.services.back());
        a.services.back().name = "extra";
        Call call;
        call.to = a.services.front().name;
        call.retry = RetryConfig{};
        call.circuitBreaker = CircuitBreakerConfig{};
        call.bulkhead = BulkheadConfig{};
        call.fallback = FallbackConfig{};
        call.order = defaultLayerOrder();
        a.services.back().calls = {call};
        a.clients.front().rateProfile = {RateStep{1, 2, 0}};
        a.faults = {Fault{}};
        Scenario b = a;
        QVERIFY(a == b);
        Call& c = b.services.back().calls.front();
        switch (change) {
        case 0:
            c.circuitBreaker->maxHalfOpen = millis(5);
            break;
        case 1:
            c.retry->retryOn.erase(Outcome::Shed);
            break;
        case 2:
            c.retry->backoff.jitter = JitterKind::None;
            break;
        case 3:
            c.bulkhead->maxWait = millis(5);
            break;
        case 4:
            c.fallback->maxStale = millis(5);
            break;
        case 5:
            b.clients.front().rateProfile.front().rampS = 1;
            break;
        case 6:
            b.clients.front().tenant = "other";
            break;
        case 7:
            std::swap(c.order[0], c.order[1]);
            break;
        case 8:
            b.services.back().queueCapacity = 3;
            break;
        case 9:
            b.faults.front().workers = 3;
            break;
        }
        QVERIFY(!(a == b));
        QVERIFY(firstDifference(a, b) != "nothing");
    }
};

QTEST_APPLESS_MAIN(TestScenarioRoundTrip)
#include "tst_scenario_roundtrip.moc"
