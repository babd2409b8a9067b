// bench_sim: simulation speed and memory, printed (never asserted). Build in release and run
// build/release/bin/bench_sim. Compares, in the same run, the real engine on a plain M/M/1 scenario
// with a bare std::priority_queue M/M/1 loop written here, and reports the ratio; then a three-tier
// scenario with every policy enabled; then peak memory (ru_maxrss of a child process) for 1 and 10
// million requests over the same simulated duration.
#include "core/common/random.h"
#include "core/sim/run_report.h"
#include "core/sim/simulation.h"
#include "tests/bench/three_tier.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <queue>
#include <string>
#include <vector>

using namespace rl;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

scenario::Scenario mm1(double lambda, double meanMs, double durationS) {
    scenario::Scenario s;
    s.name = "mm1";
    s.seed = 1;
    s.durationS = durationS;
    s.bucketS = 1;
    scenario::Client c;
    c.name = "load";
    c.target = "server";
    c.rateRps = lambda;
    s.clients.push_back(c);
    scenario::Service svc;
    svc.name = "server";
    svc.workers = 1;
    svc.serviceTime.meanMs = meanMs;
    s.services.push_back(svc);
    return s;
}

// The reference: the same M/M/1 as a bare loop over a std::priority_queue of (time, seq, kind).
struct BareResult {
    std::int64_t served;
    double meanLatencyS;
};
BareResult bareMm1(double lambda, double mu, double durationS, std::uint64_t seed) {
    struct Ev {
        double t;
        std::uint64_t seq;
        int kind; // 0 arrival, 1 departure
        bool operator>(const Ev& o) const { return t != o.t ? t > o.t : seq > o.seq; }
    };
    std::priority_queue<Ev, std::vector<Ev>, std::greater<>> q;
    Random arrivals(seed), service(seed + 1);
    std::deque<double> waiting; // arrival times, FIFO
    std::uint64_t seq = 0;
    bool busy = false;
    double inServiceSince = 0, latencySum = 0;
    std::int64_t served = 0;
    q.push({arrivals.exponential(1 / lambda), seq++, 0});
    while (!q.empty()) {
        const Ev e = q.top();
        q.pop();
        if (e.t > durationS) break;
        if (e.kind == 0) {
            q.push({e.t + arrivals.exponential(1 / lambda), seq++, 0});
            if (!busy) {
                busy = true;
                inServiceSince = e.t;
                q.push({e.t + service.exponential(1 / mu), seq++, 1});
            } else {
                waiting.push_back(e.t);
            }
        } else {
            latencySum += e.t - inServiceSince;
            ++served;
            if (waiting.empty()) {
                busy = false;
            } else {
                inServiceSince = waiting.front();
                waiting.pop_front();
                q.push({e.t + service.exponential(1 / mu), seq++, 1});
            }
        }
    }
    return {served, served ? latencySum / static_cast<double>(served) : 0};
}

long peakRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// Child mode: run `requests` M/M/1 requests over 1000 simulated seconds, print peak RSS in kB.
int memoryChild(std::int64_t requests) {
    const double lambda = static_cast<double>(requests) / 1000.0;
    sim::Simulation sim(mm1(lambda, 1000.0 / (lambda * 1.25), 1000)); // rho = 0.8 whatever the rate
    sim.runToEnd();
    std::printf("%ld %lld\n", peakRssKb(), static_cast<long long>(sim::headline(sim).requests));
    return 0;
}

// Child mode: the three tiers at 10,000 requests/s for `seconds`, every policy and an outage (from 40%
// of the run, for 10% of it, or for `outageS` when given); prints peak RSS (kB), requests, answers,
// requests still in flight at the end, and the wall time.
int soakChild(double seconds, double bucketS, double outageS) {
    const auto t0 = std::chrono::steady_clock::now();
    auto scenario = bench::threeTier(10000, seconds);
    scenario.bucketS = bucketS;
    if (outageS > 0) scenario.faults.front().toS = scenario.faults.front().fromS + outageS;
    sim::Simulation sim(scenario);
    sim.runToEnd();
    const auto h = sim::headline(sim);
    std::printf("%ld %lld %lld %lld %.1f\n", peakRssKb(), static_cast<long long>(h.requests),
                static_cast<long long>(h.answered), static_cast<long long>(sim.unfinishedRequests()),
                secondsSince(t0));
    return 0;
}

struct Soak {
    long kb = -1;
    long long requests = 0, answered = 0, unfinished = 0;
    double wall = 0;
};

Soak soak(const char* self, double seconds, double bucketS, double outageS = 0) {
    const std::string cmd = std::string(self) + " --soak " + std::to_string(seconds) + " " +
                            std::to_string(bucketS) + " " + std::to_string(outageS);
    Soak s;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return s;
    if (std::fscanf(p, "%ld %lld %lld %lld %lf", &s.kb, &s.requests, &s.answered, &s.unfinished, &s.wall) !=
        5)
        s.kb = -1;
    pclose(p);
    return s;
}

long measureChild(const char* self, std::int64_t requests, long long* actual) {
    const std::string cmd = std::string(self) + " --memory " + std::to_string(requests);
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    long kb = -1;
    if (std::fscanf(p, "%ld %lld", &kb, actual) != 2) kb = -1;
    pclose(p);
    return kb;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--memory") == 0) return memoryChild(std::atoll(argv[2]));
    if (argc == 5 && std::strcmp(argv[1], "--soak") == 0)
        return soakChild(std::atof(argv[2]), std::atof(argv[3]), std::atof(argv[4]));

    std::printf("Resilience Lab simulation benchmarks\n\n");
    // 1. Engine vs bare loop on the same M/M/1 (rho 0.8), two million requests each; alternated three
    // times, best of each, so a burst of load from another process hits both alike.
    const double lambda = 8000, mu = 10000, duration = 250;
    BareResult bare{};
    sim::Headline h{};
    std::uint64_t events = 0;
    double bareRate = 0, engineRate = 0;
    for (int round = 0; round < 3; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        bare = bareMm1(lambda, mu, duration, 1);
        bareRate = std::max(bareRate, static_cast<double>(bare.served) / secondsSince(t0));
        t0 = std::chrono::steady_clock::now();
        sim::Simulation sim(mm1(lambda, 1000.0 / mu, duration));
        sim.runToEnd();
        const double wall = secondsSince(t0);
        h = sim::headline(sim);
        events = sim.eventsProcessed();
        engineRate = std::max(engineRate, static_cast<double>(h.requests) / wall);
    }
    std::printf("[M/M/1, rho 0.8, %.0f s simulated, best of 3 alternated runs]\n", duration);
    std::printf("  bare priority_queue loop : %10.0f requests/s  (%lld requests, mean latency %.4f ms)\n",
                bareRate, static_cast<long long>(bare.served), bare.meanLatencyS * 1000);
    std::printf("  Resilience Lab engine    : %10.0f requests/s  (%lld requests, mean latency %.4f ms, %llu "
                "events)\n",
                engineRate, static_cast<long long>(h.requests), h.meanMs,
                static_cast<unsigned long long>(events));
    std::printf("  theory: mean latency %.4f ms\n", 1000.0 / (mu - lambda));
    std::printf("  target engine / bare >= 0.25 : %.3f  %s\n\n", engineRate / bareRate,
                engineRate / bareRate >= 0.25 ? "met" : "MISSED");

    // 2. Three tiers with every policy enabled.
    auto t0 = std::chrono::steady_clock::now();
    sim::Simulation tiers(bench::threeTier(20000, 100));
    tiers.runToEnd();
    const double tiersWall = secondsSince(t0);
    const auto th = sim::headline(tiers);
    const double tiersRate = static_cast<double>(th.requests) / tiersWall;
    std::printf("[three tiers, every policy, outage 40%%-50%% of the run]\n");
    std::printf("  %lld client requests, %.2f attempts each, %llu events in %.2f s wall\n",
                static_cast<long long>(th.requests), th.amplification,
                static_cast<unsigned long long>(tiers.eventsProcessed()), tiersWall);
    std::printf("  target >= 1,000,000 client requests/s : %.0f  %s\n\n", tiersRate,
                tiersRate >= 1e6 ? "met" : "MISSED");

    // 3. Peak memory, each size in a fresh process.
    long long n1 = 0, n10 = 0;
    const long kb1 = measureChild(argv[0], 1000000, &n1);
    const long kb10 = measureChild(argv[0], 10000000, &n10);
    std::printf("[peak memory (ru_maxrss), M/M/1 over 1000 simulated seconds]\n");
    std::printf("  %lld requests: %.1f MB\n", n1, static_cast<double>(kb1) / 1024);
    std::printf("  %lld requests: %.1f MB\n", n10, static_cast<double>(kb10) / 1024);
    std::printf("  target 10M <= 150 MB : %s\n", kb10 > 0 && kb10 <= 150 * 1024 ? "met" : "MISSED");
    std::printf("  target 10M / 1M <= 1.2 : %.3f  %s\n", static_cast<double>(kb10) / static_cast<double>(kb1),
                static_cast<double>(kb10) <= 1.2 * static_cast<double>(kb1) ? "met" : "MISSED");

    // 4. Soak: one simulated hour of the three tiers at 10,000 requests/s next to six minutes of it.
    std::printf(
        "\n[soak: three tiers at 10,000 requests/s, every policy, db outage 40%%-50%%, fresh processes]\n");
    // Metrics keep one bucket per bucket_s per entity, so memory grows with simulated time / bucket_s;
    // the hour with 10 s buckets has as many buckets as six minutes with 1 s buckets: any other growth
    // would come from the requests.
    // The last row keeps the six minutes' 36 s outage: the hour's 360 s outage fills the request pools
    // to a higher peak, which is memory the run keeps for reuse (not a leak).
    const Soak six = soak(argv[0], 360, 1), hour = soak(argv[0], 3600, 1), hourWide = soak(argv[0], 3600, 10),
               hourShortOutage = soak(argv[0], 3600, 10, 36);
    const struct {
        const char* label;
        const Soak* run;
    } rows[] = {{" 360 s, 1 s buckets                 ", &six},
                {"3600 s, 1 s buckets                 ", &hour},
                {"3600 s, 10 s buckets                ", &hourWide},
                {"3600 s, 10 s buckets, 36 s outage   ", &hourShortOutage}};
    for (const auto& row : rows) {
        const Soak& r = *row.run;
        std::printf("  %s: %lld requests, %lld answered + %lld in flight at the end (%s), peak %.1f MB, %.1f "
                    "s wall\n",
                    row.label, r.requests, r.answered, r.unfinished,
                    r.answered + r.unfinished == r.requests ? "all accounted for" : "MISMATCH",
                    static_cast<double>(r.kb) / 1024, r.wall);
    }
    const double ratio = static_cast<double>(hourWide.kb) / static_cast<double>(six.kb);
    std::printf("  per extra bucket (1 s buckets): %.2f kB\n",
                static_cast<double>(hour.kb - six.kb) / (3600.0 - 360.0));
    std::printf("  peak(3600 s, 360 buckets) / peak(360 s, 360 buckets), 10x the requests: %.2f "
                "(flat would be about 1.0; see docs/benchmarks.md)\n",
                ratio);
    std::printf("  the same with the six minutes' 36 s outage: %.2f\n",
                static_cast<double>(hourShortOutage.kb) / static_cast<double>(six.kb));
    return 0;
}
