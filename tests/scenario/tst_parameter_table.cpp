// The table of tunable parameters agrees with the loader: every range end it states is accepted and
// every value just outside is refused (by the same path a live change takes), every default it states
// is what the loader uses when the key is absent, and every entry is found in a scenario that has its
// object. If someone changes a config's validate() or default without the table, this fails.
#include "core/scenario/changes.h"
#include "core/scenario/parameter_table.h"
#include "core/scenario/scenario_json.h"
#include "scenario_support.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace rl;
using namespace rl::scenario;
using rl::scenario::testing::J;
using rl::scenario::testing::lines;

namespace {

// Every object kind of the table at least once.
nlohmann::json everyObject() {
    return J(
        "{'format': 'resilience-lab/scenario@1', 'name': 'every object', 'seed': 1, 'duration_s': 10,"
        " 'clients': [{'name': 'web', 'target': 'front', 'arrival': {'kind': 'poisson', 'rate_rps': 10},"
        "   'deadline_ms': 2000, 'timeout_ms': 500, 'retry': {'max_attempts': 2},"
        "   'retry_budget': {}, 'retry_throttle': {}}],"
        " 'services': ["
        "   {'name': 'front', 'workers': 4, 'service_time': {'dist': 'exponential', 'mean_ms': 5},"
        "    'ingress': {'rate_limiter': {'kind': 'token_bucket'}, 'load_shedder': {}},"
        "    'calls': [{'to': 'back', 'timeout_ms': 100, 'retry': {'max_attempts': 2}, 'retry_budget': {},"
        "               'retry_throttle': {}, 'circuit_breaker': {}, 'bulkhead': {'max_wait_ms': 50},"
        "               'fallback': {'kind': 'cache'}, 'deadline_propagation': {'enabled': true}},"
        "              {'to': 'lognormal', 'adaptive_timeout': {}, 'circuit_breaker': {'window': "
        "'consecutive'}},"
        "              {'to': 'uniform'}]},"
        "   {'name': 'back', 'workers': 2, 'service_time': {'dist': 'constant', 'value_ms': 3},"
        "    'ingress': {'rate_limiter': {'kind': 'fixed_window'}}},"
        "   {'name': 'lognormal', 'workers': 2, 'service_time': {'dist': 'lognormal', 'median_ms': 10,"
        "    'p99_ms': 50}},"
        "   {'name': 'uniform', 'workers': 2, 'service_time': {'dist': 'uniform', 'min_ms': 1, 'max_ms': "
        "3}}]}");
}

Scenario load(const nlohmann::json& doc) {
    auto r = parseScenarioJson(doc);
    if (!r.scenario) qFatal("%s", r.diagnostics.toString().c_str());
    return *r.scenario;
}

std::string numberText(double x) {
    nlohmann::json j = x;
    if (x == std::floor(x) && std::fabs(x) < 1e15) j = static_cast<std::int64_t>(x);
    return j.dump();
}

// Applies PATH = VALUE the way a live change does; the diagnostics, empty when accepted.
QStringList trySet(const Scenario& s, const std::string& path, const std::string& value) {
    Change c;
    c.set.emplace_back(path, value);
    Diagnostics out;
    applySettings(s, c, "change", out);
    return lines(out);
}

QString text(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

nlohmann::json::json_pointer pointerOf(const std::string& path) {
    std::string error;
    std::string pointer;
    const auto steps = splitPath(path, error);
    for (const auto& step : *steps)
        pointer += "/" + (step.isIndex() ? std::to_string(step.index) : step.key);
    return nlohmann::json::json_pointer(pointer);
}

} // namespace

class TestParameterTable : public QObject {
    Q_OBJECT

private slots:
    void everyEntryIsFoundInAScenario() {
        const Scenario s = load(everyObject());
        const auto found = tunableParameters(s);
        for (const Parameter& p : parameterTable()) {
            bool seen = false;
            for (const auto& t : found)
                seen = seen || t.spec == &p;
            QVERIFY2(seen,
                     qPrintable(QString("no instance of %1.%2").arg(p.object.data()).arg(p.key.data())));
        }
        // Paths are full and unique.
        QSet<QString> paths;
        for (const auto& t : found) {
            QVERIFY(!paths.contains(QString::fromStdString(t.path)));
            paths.insert(QString::fromStdString(t.path));
        }
        QVERIFY(paths.contains("services[0].calls[0].circuit_breaker.failure_rate_threshold"));
        QVERIFY(paths.contains("services[0].calls[1].circuit_breaker.failure_threshold"));
        QVERIFY(!paths.contains("services[0].calls[1].circuit_breaker.window_size")); // consecutive mode
        QVERIFY(paths.contains("clients[0].retry.max_attempts"));
    }

    // Every key of the table is one the loader accepts in that object: a nested key ("backoff.base_ms")
    // step by step, each step a key of the object named by the step before it.
    void keysAreKeysTheLoaderAccepts() {
        QVERIFY(!schema::keysOf("no such object"));
        for (const Parameter& p : parameterTable()) {
            const QString name = QString("%1.%2").arg(p.object.data()).arg(p.key.data());
            std::string_view object = p.object;
            std::string_view key = p.key;
            for (;;) {
                const auto* keys = schema::keysOf(object);
                QVERIFY2(keys, qPrintable(name + ": the loader has no object " + text(object)));
                const std::size_t dot = key.find('.');
                const std::string_view step = key.substr(0, dot);
                QVERIFY2(std::find(keys->begin(), keys->end(), step) != keys->end(),
                         qPrintable(name + ": " + text(object) + " has no key " + text(step)));
                if (dot == std::string_view::npos) break;
                object = step;
                key.remove_prefix(dot + 1);
            }
        }
    }

    void rangesAgreeWithTheLoader() {
        const Scenario s = load(everyObject());
        int checked = 0;
        for (const Parameter& p : parameterTable()) {
            if (p.type != ParameterType::Integer && p.type != ParameterType::Real) continue;
            if (p.crossChecked) continue; // its range depends on another key
            std::string path;
            for (const auto& t : tunableParameters(s))
                if (t.spec == &p) {
                    path = t.path;
                    break;
                }
            const QString name = QString::fromStdString(path);
            // The lower end.
            const double step =
                p.type == ParameterType::Integer ? 1 : std::max(1e-3, std::fabs(p.min) * 1e-3);
            const double lowOk = p.minExclusive ? p.min + step : p.min;
            QVERIFY2(trySet(s, path, numberText(lowOk)).isEmpty(),
                     qPrintable(name + " = " + QString::number(lowOk) + ": " +
                                trySet(s, path, numberText(lowOk)).join(';')));
            const double lowBad = p.minExclusive ? p.min : p.min - step;
            QVERIFY2(!trySet(s, path, numberText(lowBad)).isEmpty(),
                     qPrintable(name + " accepted " + QString::number(lowBad)));
            // The upper end.
            if (std::isfinite(p.max)) {
                QVERIFY2(trySet(s, path, numberText(p.max)).isEmpty(),
                         qPrintable(name + " = max: " + trySet(s, path, numberText(p.max)).join(';')));
                const double highBad = p.max + std::max(1.0, p.max * 0.02);
                QVERIFY2(!trySet(s, path, numberText(highBad)).isEmpty(),
                         qPrintable(name + " accepted " + QString::number(highBad, 'g', 17)));
            }
            QVERIFY(p.sliderMax > p.min && p.sliderMax <= p.max);
            ++checked;
        }
        QVERIFY(checked >= 30);
    }

    void defaultsAgreeWithTheLoader() {
        const nlohmann::json base = everyObject();
        const Scenario s = load(base);
        int checked = 0;
        for (const auto& t : tunableParameters(s)) {
            const Parameter& p = *t.spec;
            const bool hasDefault = p.type == ParameterType::Choice || !std::isnan(p.defaultValue);
            if (!hasDefault) continue;
            nlohmann::json absent = base;
            const auto ptr = pointerOf(t.path);
            if (absent.contains(ptr)) {
                auto parent = ptr.parent_pointer();
                absent[parent].erase(ptr.back());
            }
            nlohmann::json explicitDefault = base;
            nlohmann::json value;
            if (p.type == ParameterType::Choice)
                value = std::string(defaultChoice(p));
            else if (p.type == ParameterType::Boolean)
                value = p.defaultValue != 0;
            else
                value = nlohmann::json::parse(numberText(p.defaultValue));
            explicitDefault[ptr] = value;
            QCOMPARE(QString::fromStdString(saveScenarioText(load(explicitDefault))),
                     QString::fromStdString(saveScenarioText(load(absent))));
            ++checked;
        }
        QVERIFY(checked >= 30);
    }

    void choicesAreTheLoadersNames() {
        const Scenario s = load(everyObject());
        for (const auto& t : tunableParameters(s)) {
            if (t.spec->type != ParameterType::Choice) continue;
            for (auto name : choicesOf(*t.spec)) {
                const auto problems = trySet(s, t.path, nlohmann::json(std::string(name)).dump());
                // A choice may be refused for what it implies elsewhere, never as an unknown name.
                for (const auto& line : problems)
                    QVERIFY2(!line.contains("expected one of"), qPrintable(line));
            }
            QVERIFY(!trySet(s, t.path, "\"nonsense\"").isEmpty());
        }
    }

    void valuesAreReadFromTheScenario() {
        auto doc = everyObject();
        doc["services"][0]["calls"][0]["circuit_breaker"]["window_size"] = 37;
        const Scenario s = load(doc);
        const auto t = findTunable(s, "services[0].calls[0].circuit_breaker.window_size");
        QVERIFY(t);
        QCOMPARE(*t->value, 37.0);
        QCOMPARE(t->group, std::string("front -> back"));
        const auto absent = findTunable(s, "services[0].calls[0].circuit_breaker.half_open_calls");
        QCOMPARE(*absent->value, 10.0); // the default
        const auto none = findTunable(s, "services[0].calls[0].bulkhead.max_queue");
        QCOMPARE(*none->value, 0.0);
        const auto unbounded = findTunable(s, "services[1].queue_capacity");
        QVERIFY(unbounded && !unbounded->value); // no limit
        QVERIFY(!findTunable(s, "services[0].name"));
    }

    void markdownListsEveryEntry() {
        const std::string md = parameterTableMarkdown();
        for (const Parameter& p : parameterTable())
            QVERIFY(md.find("| `" + std::string(p.object) + "` | `" + std::string(p.key) + "` |") !=
                    std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestParameterTable)
#include "tst_parameter_table.moc"
