#include "core/sim/run_report.h"

#include "core/primitives/circuit_breaker.h"
#include "core/scenario/changes.h"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <ostream>
#include <set>
#include <string_view>

namespace rl::sim {
namespace {

using nlohmann::ordered_json;

// Numbers rounded to a fixed precision, so outputs are stable and readable.
double round6(double v) {
    return std::isfinite(v) ? std::round(v * 1e6) / 1e6 : 0.0;
}

ordered_json outcomesJson(const OutcomeCounts& c) {
    ordered_json o = ordered_json::object();
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        o[std::string(kOutcomeNames[i])] = c.n[i];
    return o;
}

std::string formatNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", std::isfinite(v) ? v : 0.0);
    return buf;
}

} // namespace

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::vector<std::string> callKeys(const Simulation& sim) {
    std::vector<std::string> keys;
    std::map<std::size_t, std::set<std::string>> used; // per service
    for (const auto& info : sim.calls()) {
        auto& taken = used[info.serviceIndex];
        std::string key = info.to;
        for (int n = 2; taken.contains(key); ++n)
            key = info.to + "#" + std::to_string(n);
        taken.insert(key);
        keys.push_back(std::move(key));
    }
    return keys;
}

ordered_json summaryJson(const Simulation& sim, double wallSeconds) {
    const auto& sc = sim.scenario();
    ordered_json j;
    j["scenario"] = sc.name;
    j["seed"] = sc.seed;
    j["duration_s"] = sc.durationS;
    j["bucket_s"] = sc.bucketS;

    ordered_json clients = ordered_json::object();
    for (std::size_t i = 0; i < sc.clients.size(); ++i) {
        const ClientBucket t = total(sim.clientBuckets(i));
        const auto& h = sim.clientLatency(i);
        ordered_json c;
        c["requests"] = t.requests;
        c["outcomes"] = outcomesJson(t.outcomes);
        c["answered"] = t.outcomes.total();
        c["attempts"] = t.attempts;
        c["amplification"] =
            round6(t.requests ? static_cast<double>(t.attempts) / static_cast<double>(t.requests) : 0);
        c["duplicate_side_effects"] = t.duplicateSideEffects;
        c["latency_ms"] = {{"mean", round6(h.meanMs())},
                           {"p50", round6(h.percentileMs(0.50))},
                           {"p95", round6(h.percentileMs(0.95))},
                           {"p99", round6(h.percentileMs(0.99))},
                           {"max", round6(toMillis(h.max()))}};
        clients[sc.clients[i].name] = c;
    }
    j["clients"] = clients;

    const std::vector<std::string> keys = callKeys(sim);
    ordered_json services = ordered_json::object();
    for (std::size_t si = 0; si < sc.services.size(); ++si) {
        const auto& spec = sc.services[si];
        const ServiceBucket t = total(sim.serviceBuckets(si));
        double busy = 0, queue = 0;
        for (std::size_t b = 0; b < sim.bucketCount(); ++b) {
            busy += sim.serviceBusyWorkerSeconds(si, b);
            queue += sim.serviceQueueSeconds(si, b);
        }
        const double elapsed = toSeconds(sim.now());
        ordered_json s;
        s["arrivals"] = t.arrivals;
        s["completed"] = t.completed;
        s["rejected"] = t.rejected;
        s["rate_limited"] = t.rateLimited;
        s["shed"] = t.shed;
        s["errors"] = t.errors;
        s["expired_dropped"] = t.expiredDropped;
        s["utilization"] = round6(elapsed > 0 ? busy / (spec.workers * elapsed) : 0);
        s["mean_queue_length"] = round6(elapsed > 0 ? queue / elapsed : 0);
        ordered_json calls = ordered_json::object();
        for (std::size_t ci = 0; ci < sim.calls().size(); ++ci) {
            const auto& info = sim.calls()[ci];
            if (info.serviceIndex != si) continue;
            const CallBucket ct = total(sim.callBuckets(ci));
            ordered_json c;
            c["calls"] = ct.calls;
            c["attempts"] = ct.attempts;
            c["retries"] = ct.retries;
            c["outcomes"] = outcomesJson(ct.outcomes);
            ordered_json transitions = ordered_json::array();
            for (const auto& e : sim.log())
                if (e.kind == LogEvent::Kind::BreakerTransition && e.subject == ci)
                    transitions.push_back({{"t_s", round6(toSeconds(e.at))},
                                           {"from", breakerStateName(static_cast<BreakerState>(e.from))},
                                           {"to", breakerStateName(static_cast<BreakerState>(e.to))}});
            c["breaker_transitions"] = transitions;
            calls[keys[ci]] = c;
        }
        s["calls"] = calls;
        services[spec.name] = s;
    }
    j["services"] = services;
    j["unfinished_requests"] = sim.unfinishedRequests();
    j["events_processed"] = sim.eventsProcessed();
    if (wallSeconds >= 0) j["wall_s"] = round6(wallSeconds);
    return j;
}

void writeTimeseriesCsv(const Simulation& sim, std::ostream& out) {
    const auto& sc = sim.scenario();
    const double width = toSeconds(sim.bucketWidth());
    out << "t_s";
    // One column per field; names are quoted when they hold a comma, quote or line break.
    auto columns = [&out](const std::string& prefix, std::initializer_list<std::string_view> fields) {
        for (const auto field : fields)
            out << ',' << csvField(prefix + std::string(field));
    };
    for (const auto& c : sc.clients) {
        const std::string p = "client." + c.name + ".";
        columns(p, {"requests", "attempts"});
        for (std::size_t i = 0; i < kOutcomeCount; ++i)
            columns(p, {kOutcomeNames[i]});
        columns(p, {"p50_ms", "p95_ms", "p99_ms"});
    }
    for (const auto& s : sc.services)
        columns("service." + s.name + ".", {"arrivals", "completed", "rejected", "rate_limited", "shed",
                                            "errors", "workers", "busy", "queue"});
    const std::vector<std::string> keys = callKeys(sim);
    for (std::size_t ci = 0; ci < sim.calls().size(); ++ci)
        columns("call." + sim.calls()[ci].from + "." + keys[ci] + ".",
                {"attempts", "retries", "success", "degraded", "failed", "circuit_open", "bulkhead_in_use",
                 "breaker_state"});
    out << '\n';

    const std::size_t last = std::min(
        sim.bucketCount(), static_cast<std::size_t>((sim.now().count() + sim.bucketWidth().count() - 1) /
                                                    sim.bucketWidth().count()));
    std::vector<std::uint8_t> breakerState(sim.calls().size(), 0);
    std::size_t logPos = 0;
    const auto& log = sim.log();
    for (std::size_t b = 0; b < last; ++b) {
        out << formatNumber(static_cast<double>(b) * width);
        for (std::size_t ci = 0; ci < sc.clients.size(); ++ci) {
            const auto& x = sim.clientBuckets(ci)[b];
            out << ',' << x.requests << ',' << x.attempts;
            for (std::size_t i = 0; i < kOutcomeCount; ++i)
                out << ',' << x.outcomes.n[i];
            out << ',' << formatNumber(static_cast<double>(x.p50Ms)) << ','
                << formatNumber(static_cast<double>(x.p95Ms)) << ','
                << formatNumber(static_cast<double>(x.p99Ms));
        }
        for (std::size_t si = 0; si < sc.services.size(); ++si) {
            const auto& x = sim.serviceBuckets(si)[b];
            out << ',' << x.arrivals << ',' << x.completed << ',' << x.rejected << ',' << x.rateLimited << ','
                << x.shed << ',' << x.errors << ',' << x.workers << ','
                << formatNumber(sim.serviceBusyWorkerSeconds(si, b) / width) << ','
                << formatNumber(sim.serviceQueueSeconds(si, b) / width);
        }
        // Breaker state at the end of the bucket, from the transition log.
        const TimePoint bucketEnd((static_cast<std::int64_t>(b) + 1) * sim.bucketWidth().count());
        while (logPos < log.size() && log[logPos].at < bucketEnd) {
            if (log[logPos].kind == LogEvent::Kind::BreakerTransition)
                breakerState[log[logPos].subject] = log[logPos].to;
            ++logPos;
        }
        for (std::size_t ci = 0; ci < sim.calls().size(); ++ci) {
            const auto& x = sim.callBuckets(ci)[b];
            const std::int64_t failed =
                x.outcomes.total() - x.outcomes[Outcome::Success] - x.outcomes[Outcome::Degraded];
            out << ',' << x.attempts << ',' << x.retries << ',' << x.outcomes[Outcome::Success] << ','
                << x.outcomes[Outcome::Degraded] << ',' << failed << ',' << x.outcomes[Outcome::CircuitOpen]
                << ',' << formatNumber(sim.callBulkheadBusySeconds(ci, b) / width) << ','
                << breakerStateName(static_cast<BreakerState>(breakerState[ci]));
        }
        out << '\n';
    }
}

void writeEventsJsonl(const Simulation& sim, std::ostream& out) {
    const std::vector<std::string> keys = callKeys(sim);
    for (const auto& e : sim.log()) {
        ordered_json j;
        j["t_s"] = round6(toSeconds(e.at));
        switch (e.kind) {
        case LogEvent::Kind::BreakerTransition: {
            const auto& info = sim.calls()[e.subject];
            j["event"] = "breaker_transition";
            j["service"] = info.from;
            j["call"] = keys[e.subject];
            j["from"] = breakerStateName(static_cast<BreakerState>(e.from));
            j["to"] = breakerStateName(static_cast<BreakerState>(e.to));
            if (e.failureRate >= 0) j["failure_rate"] = round6(e.failureRate);
            break;
        }
        case LogEvent::Kind::FaultStart:
        case LogEvent::Kind::FaultEnd: {
            const auto& f = sim.faults()[e.subject];
            static constexpr const char* kKinds[] = {"outage", "latency", "errors", "capacity"};
            j["event"] = e.kind == LogEvent::Kind::FaultStart ? "fault_start" : "fault_end";
            j["target"] = f.target;
            j["fault"] = kKinds[static_cast<std::size_t>(f.kind)];
            j["index"] = e.subject;
            if (!f.id.empty()) j["id"] = f.id;
            break;
        }
        case LogEvent::Kind::Change: {
            // The change as written in the scenario, minus its time (t_s says it).
            j["event"] = "change";
            j["index"] = e.subject;
            const ordered_json change = scenario::changeToJson(sim.changes()[e.subject]);
            for (const auto& [key, value] : change.items())
                if (key != "at_s") j[key] = value;
            break;
        }
        }
        out << j.dump() << '\n';
    }
}

Headline headline(const Simulation& sim) {
    Headline h;
    LatencyHistogram all(kTotalHistogramBits);
    for (std::size_t i = 0; i < sim.scenario().clients.size(); ++i) {
        const ClientBucket t = total(sim.clientBuckets(i));
        h.requests += t.requests;
        h.attempts += t.attempts;
        h.answered += t.outcomes.total();
        h.success += t.outcomes[Outcome::Success];
        h.degraded += t.outcomes[Outcome::Degraded];
        all.merge(sim.clientLatency(i));
    }
    h.failed = h.answered - h.success - h.degraded;
    const double n = static_cast<double>(h.requests);
    h.goodput = n > 0 ? static_cast<double>(h.success + h.degraded) / n : 0;
    h.amplification = n > 0 ? static_cast<double>(h.attempts) / n : 0;
    h.meanMs = all.meanMs();
    h.p50Ms = all.percentileMs(0.5);
    h.p99Ms = all.percentileMs(0.99);
    return h;
}

} // namespace rl::sim
