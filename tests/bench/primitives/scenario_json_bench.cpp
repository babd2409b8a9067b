// Scenario loading and saving: how long `validate`, `run` startup and every sweep point spend in JSON.
// Not on a hot path; the target only guards against accidental quadratic behaviour (e.g. the override
// probe, which re-validates the whole document).
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"
#include "tests/bench/bench_harness.h"

#include <string>

namespace {

void benchScenarioJson() {
    const std::string text(rl::findBuiltinScenario(rl::kDefaultBuiltinScenario)->json);
    const auto load =
        rl::bench::measure("scenario: parse + validate payments-outage", 2000, [&](std::int64_t) {
            const auto r = rl::scenario::parseScenario(text);
            rl::bench::doNotOptimize(r.scenario.has_value());
        });
    rl::bench::reportTarget("parse + validate a built-in (us)", load.nsPerOp / 1000, 1000);
    const auto scenario = *rl::scenario::parseScenario(text).scenario;
    rl::bench::measure("scenario: save payments-outage", 2000, [&](std::int64_t) {
        const std::string saved = rl::scenario::saveScenarioText(scenario);
        rl::bench::doNotOptimize(saved.size());
    });
    const auto doc = nlohmann::json::parse(text);
    rl::bench::measure("scenario: --set (misspelled key, probe)", 2000, [&](std::int64_t) {
        nlohmann::json copy = doc;
        const auto d = rl::scenario::applyOverride(copy, "services[0].calls[0].retry.max_attemps=1");
        rl::bench::doNotOptimize(d.size());
    });
}

const rl::bench::Registrar kRegistrar("scenario_json", &benchScenarioJson);

} // namespace
