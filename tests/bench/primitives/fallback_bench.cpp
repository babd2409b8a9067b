// Benchmarks for h4's primitives: fallback cache store + lookup, the Fallback policy's answer,
// idempotency begin + complete (with expiry and eviction in steady state), in-flight begin + end and a
// health readiness read. Every hot-path figure must show 0 allocs/op.
#include "core/primitives/fallback.h"
#include "core/primitives/fallback_cache.h"
#include "core/primitives/health.h"
#include "core/primitives/idempotency_store.h"
#include "core/primitives/inflight_tracker.h"
#include "tests/bench/bench_harness.h"

namespace {

using namespace rl;

constexpr std::int64_t kIterations = 2'000'000;

void benchFallbackCache() {
    // 10000 entries, keys drawn over 20000: half the stores evict, half the lookups miss.
    FallbackCache<std::uint64_t> cache(10000, seconds(60));
    auto m = bench::measure(
        "FallbackCache<uint64> store + lookup (10k entries, 50% evict)", kIterations, [&](std::int64_t i) {
            const auto key = static_cast<std::uint64_t>((i * 7919) % 20000);
            cache.store(millis(i), key, static_cast<std::uint64_t>(i));
            const auto r = cache.lookup(millis(i), static_cast<std::uint64_t>((i * 104729) % 20000));
            bench::doNotOptimize(r.found);
        });
    bench::reportTarget("store + lookup ns", m.nsPerOp, 200);
    bench::reportTarget("store + lookup allocs/op", m.allocsPerOp, 0);

    FallbackConfig c;
    c.serveStale = true;
    Fallback fallback(c);
    for (std::uint64_t k = 0; k < 10000; ++k)
        fallback.recordSuccess(millis(0), k);
    m = bench::measure("Fallback::answer (cache hit, 10k entries)", kIterations, [&](std::int64_t i) {
        const auto a = fallback.answer(millis(i), static_cast<std::uint64_t>(i % 10000));
        bench::doNotOptimize(a.source);
    });
    bench::reportTarget("answer ns", m.nsPerOp, 50);
    bench::reportTarget("answer allocs/op", m.allocsPerOp, 0);
}

void benchIdempotency() {
    // 10000 keys max; one new key per microsecond, ttl 5 ms: keys expire in steady state.
    IdempotencyConfig c;
    c.maxEntries = 10000;
    c.ttl = millis(5);
    IdempotencyStore<std::uint64_t> store(c);
    auto m = bench::measure("IdempotencyStore<uint64> begin + complete + duplicate", kIterations,
                            [&](std::int64_t i) {
                                const TimePoint now = std::chrono::microseconds(i);
                                const auto key = static_cast<std::uint64_t>(i);
                                const auto first = store.begin(now, key);
                                store.complete(now, key, key);
                                const auto dup = store.begin(now, key);
                                bench::doNotOptimize(first.status);
                                bench::doNotOptimize(dup.result);
                            });
    bench::reportTarget("begin + complete + duplicate ns", m.nsPerOp, 250);
    bench::reportTarget("begin + complete + duplicate allocs/op", m.allocsPerOp, 0);

    // Full store: the oldest completed key is evicted by every new key.
    c.ttl = seconds(3600);
    IdempotencyStore<std::uint64_t> full(c);
    m = bench::measure("IdempotencyStore<uint64> begin + complete (full, evicting)", kIterations,
                       [&](std::int64_t i) {
                           const auto key = static_cast<std::uint64_t>(i);
                           full.begin(millis(i), key);
                           full.complete(millis(i), key, key);
                       });
    bench::reportTarget("evicting begin + complete allocs/op", m.allocsPerOp, 0);
}

void benchHealth() {
    InFlightTracker tracker;
    auto m = bench::measure("InFlightTracker begin + end", kIterations, [&](std::int64_t i) {
        const bool ok = tracker.begin(millis(i));
        tracker.end(millis(i));
        bench::doNotOptimize(ok);
    });
    bench::reportTarget("begin + end allocs/op", m.allocsPerOp, 0);

    HealthRegistry registry;
    for (int i = 0; i < 5; ++i) {
        HealthCheckConfig c;
        c.name = "check" + std::to_string(i);
        c.critical = i % 2 == 0;
        c.staleAfter = seconds(10);
        registry.add(c);
        registry.report(c.name, HealthStatus::Ok, millis(0));
    }
    m = bench::measure("HealthRegistry::readiness (5 checks)", kIterations, [&](std::int64_t i) {
        const auto s = registry.readiness(millis(i % 5000));
        bench::doNotOptimize(s);
    });
    bench::reportTarget("readiness allocs/op", m.allocsPerOp, 0);
}

const bench::Registrar kFallback("fallback", &benchFallbackCache);
const bench::Registrar kIdempotency("idempotency", &benchIdempotency);
const bench::Registrar kHealth("health", &benchHealth);

} // namespace
