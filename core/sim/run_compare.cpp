#include "core/sim/run_compare.h"

#include "core/sim/run_report.h"

#include <cmath>

namespace rl::sim {
namespace {

struct Totals {
    Headline headline;
    std::int64_t duplicates = 0, jobs = 0, expired = 0;
};

Totals totalsOf(const Simulation& sim) {
    Totals t;
    t.headline = headline(sim);
    for (std::size_t i = 0; i < sim.scenario().clients.size(); ++i)
        t.duplicates += total(sim.clientBuckets(i)).duplicateSideEffects;
    for (std::size_t i = 0; i < sim.scenario().services.size(); ++i) {
        const ServiceBucket s = total(sim.serviceBuckets(i));
        t.jobs += s.started;
        t.expired += s.expiredDropped;
    }
    return t;
}

double percent(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0;
}

double perGoodAnswer(const Totals& t) {
    const std::int64_t good = t.headline.success + t.headline.degraded;
    return good > 0 ? static_cast<double>(t.jobs) / static_cast<double>(good) : 0;
}

double round6(double x) {
    return std::round(x * 1e6) / 1e6;
}

} // namespace

std::vector<ComparedMetric> compareRuns(const Simulation& a, const Simulation& b) {
    const Totals ta = totalsOf(a), tb = totalsOf(b);
    const Headline &ha = ta.headline, &hb = tb.headline;
    auto count = [](std::int64_t x) { return static_cast<double>(x); };
    return {
        {"requests", "requests", count(ha.requests), count(hb.requests), true, true},
        {"success_pct", "success %", percent(ha.success, ha.requests), percent(hb.success, hb.requests),
         false, true},
        {"degraded_pct", "degraded %", percent(ha.degraded, ha.requests), percent(hb.degraded, hb.requests),
         false, true},
        {"failed_pct", "failed %", percent(ha.failed, ha.requests), percent(hb.failed, hb.requests), false,
         false},
        {"goodput_pct", "goodput %", 100 * ha.goodput, 100 * hb.goodput, false, true},
        {"p50_ms", "latency p50 ms", ha.p50Ms, hb.p50Ms, false, false},
        {"p99_ms", "latency p99 ms", ha.p99Ms, hb.p99Ms, false, false},
        {"mean_ms", "latency mean ms", ha.meanMs, hb.meanMs, false, false},
        {"amplification", "attempts per request", ha.amplification, hb.amplification, false, false},
        {"duplicate_side_effects", "duplicate side effects", count(ta.duplicates), count(tb.duplicates), true,
         false},
        {"service_jobs", "service jobs started", count(ta.jobs), count(tb.jobs), true, false},
        {"expired_dropped", "expired jobs dropped", count(ta.expired), count(tb.expired), true, true},
        {"jobs_per_good_answer", "jobs per good answer", perGoodAnswer(ta), perGoodAnswer(tb), false, false},
    };
}

nlohmann::ordered_json differencesJson(const std::vector<ComparedMetric>& rows) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& r : rows) {
        if (r.integer)
            j[r.key] = {{"a", static_cast<std::int64_t>(r.a)},
                        {"b", static_cast<std::int64_t>(r.b)},
                        {"delta", static_cast<std::int64_t>(r.b) - static_cast<std::int64_t>(r.a)}};
        else
            j[r.key] = {{"a", round6(r.a)}, {"b", round6(r.b)}, {"delta", round6(r.delta())}};
    }
    return j;
}

} // namespace rl::sim
