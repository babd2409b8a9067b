// Benchmarks of h3's primitives: token bucket (target <= 20 ns per acquire), the window limiters,
// RateLimiter (kind dispatch), KeyedRateLimiter over 1000 tenants, bulkhead acquire + release (with and
// without a hand-off to a waiter), load shedder admit + release, adaptive concurrency limit. Allocations
// per call must be 0.
#include "core/primitives/bulkhead.h"
#include "core/primitives/concurrency_limit.h"
#include "core/primitives/keyed_rate_limiter.h"
#include "core/primitives/load_shedder.h"
#include "core/primitives/rate_limiter.h"
#include "core/primitives/token_bucket.h"
#include "core/primitives/window_limiters.h"
#include "tests/bench/bench_harness.h"

#include <string>
#include <vector>

namespace {
using namespace rl;
constexpr std::int64_t kIterations = 5'000'000;

void benchTokenBucket() {
    // 1e6 tokens/s, one call per 800 ns: the bucket stays near empty, so both answers occur.
    TokenBucket bucket(1e6, 100, TimePoint{0});
    std::int64_t permitted = 0;
    const auto m =
        bench::measure("token bucket tryAcquire (mixed permit/reject)", kIterations,
                       [&](std::int64_t i) { permitted += bucket.tryAcquire(Duration(i * 800)).permitted; });
    bench::doNotOptimize(permitted);
    bench::reportTarget("token bucket ns/acquire", m.nsPerOp, 20);
    bench::reportTarget("token bucket allocs/acquire", m.allocsPerOp, 0);
}

template <typename Limiter> void benchWindow(const char* name, Limiter limiter) {
    std::int64_t permitted = 0;
    // limit 1000 per ms, one call per 800 ns: windows fill and roll.
    const auto m = bench::measure(name, kIterations, [&](std::int64_t i) {
        permitted += limiter.tryAcquire(Duration(i * 800)).permitted;
    });
    bench::doNotOptimize(permitted);
    bench::reportTarget(std::string(name) + " allocs", m.allocsPerOp, 0);
}

void benchWindows() {
    benchWindow("fixed window tryAcquire", FixedWindowLimiter(1000, millis(1)));
    benchWindow("sliding log tryAcquire (limit 1000)", SlidingLogLimiter(1000, millis(1)));
    benchWindow("sliding window counter tryAcquire", SlidingWindowCounterLimiter(1000, millis(1)));
    // A tight sliding log: every call past the limit computes an exact retryAfter.
    SlidingLogLimiter tight(10, millis(1));
    std::int64_t permitted = 0;
    bench::measure("sliding log tryAcquire (limit 10, mostly rejected)", kIterations,
                   [&](std::int64_t i) { permitted += tight.tryAcquire(Duration(i * 20)).permitted; });
    bench::doNotOptimize(permitted);
}

void benchRateLimiter() {
    RateLimiterConfig c;
    c.ratePerSecond = 1e6;
    c.burst = 100;
    RateLimiter limiter(c);
    std::int64_t permitted = 0;
    const auto m = bench::measure("RateLimiter(token bucket) tryAcquire", kIterations, [&](std::int64_t i) {
        permitted += limiter.tryAcquire(Duration(i * 800)).permitted;
    });
    bench::doNotOptimize(permitted);
    bench::reportTarget("RateLimiter allocs/acquire", m.allocsPerOp, 0);
}

void benchKeyed() {
    RateLimiterConfig c;
    c.per = RateLimitScope::Tenant;
    c.ratePerSecond = 1000;
    c.burst = 10;
    KeyedRateLimiter limiter(c);
    std::vector<std::string> tenants;
    for (int t = 0; t < 1000; ++t)
        tenants.push_back("tenant-" + std::to_string(t));
    std::int64_t permitted = 0;
    const auto m = bench::measure("keyed token bucket, 1000 tenants (string_view lookup)", kIterations,
                                  [&](std::int64_t i) {
                                      const std::string& key = tenants[static_cast<std::size_t>(i % 1000)];
                                      permitted += limiter.tryAcquire(Duration(i * 800), key).permitted;
                                  });
    bench::doNotOptimize(permitted);
    bench::reportTarget("keyed allocs/acquire (existing keys)", m.allocsPerOp, 0);

    // Churn: more tenants than max_keys, so keys are evicted and slots reused.
    c.maxKeys = 500;
    KeyedRateLimiter churn(c);
    const auto mc = bench::measure("keyed, 1000 tenants over max_keys 500 (LRU churn)", kIterations / 5,
                                   [&](std::int64_t i) {
                                       const std::string& key = tenants[static_cast<std::size_t>(i % 1000)];
                                       permitted += churn.tryAcquire(Duration(i * 800), key).permitted;
                                   });
    bench::doNotOptimize(permitted);
    bench::reportTarget("keyed churn allocs/acquire (slots and nodes reused)", mc.allocsPerOp, 0);
}

void benchBulkhead() {
    BulkheadConfig c;
    c.maxConcurrent = 10;
    c.maxQueue = 10;
    Bulkhead bulkhead(c);
    const auto m = bench::measure("bulkhead tryAcquire + release", kIterations, [&](std::int64_t i) {
        bench::doNotOptimize(bulkhead.tryAcquire(Duration(i), static_cast<std::uint64_t>(i)));
        bench::doNotOptimize(bulkhead.release(Duration(i)));
    });
    bench::reportTarget("bulkhead allocs/(acquire+release)", m.allocsPerOp, 0);

    // Saturated: every slot held, each call queues and each release hands the slot to a waiter.
    Bulkhead busy(c);
    for (std::uint64_t id = 0; id < 10; ++id)
        busy.tryAcquire(TimePoint{0}, id);
    const auto mq =
        bench::measure("bulkhead queued acquire + release hand-off", kIterations, [&](std::int64_t i) {
            bench::doNotOptimize(busy.tryAcquire(Duration(i), static_cast<std::uint64_t>(i + 10)));
            bench::doNotOptimize(busy.release(Duration(i)));
        });
    bench::reportTarget("bulkhead hand-off allocs", mq.allocsPerOp, 0);
}

void benchShedder() {
    LoadShedderConfig c;
    c.maxInflight = 100;
    LoadShedder shedder(c);
    for (int i = 0; i < 60; ++i)
        shedder.tryAdmit(TimePoint{0}, Priority::Critical);
    std::int64_t admitted = 0;
    const auto m = bench::measure("load shedder tryAdmit + release", kIterations, [&](std::int64_t i) {
        const bool ok = shedder.tryAdmit(Duration(i), static_cast<Priority>(i & 3));
        admitted += ok;
        if (ok) shedder.release(Duration(i));
    });
    bench::doNotOptimize(admitted);
    bench::reportTarget("load shedder allocs", m.allocsPerOp, 0);
}

void benchConcurrencyLimit() {
    for (const auto algorithm : {LimitAlgorithm::Aimd, LimitAlgorithm::Gradient2}) {
        ConcurrencyLimitConfig c;
        c.algorithm = algorithm;
        c.maxLimit = 200;
        ConcurrencyLimit limit(c);
        for (int i = 0; i < 10; ++i)
            limit.tryAcquire(TimePoint{0});
        std::int64_t permitted = 0;
        const char* name = algorithm == LimitAlgorithm::Aimd
                               ? "concurrency limit AIMD acquire + success"
                               : "concurrency limit Gradient2 acquire + success";
        const auto m = bench::measure(name, kIterations, [&](std::int64_t i) {
            permitted += limit.tryAcquire(Duration(i));
            limit.onSuccess(Duration(i), Duration(5'000'000 + (i & 1023) * 1000));
        });
        bench::doNotOptimize(permitted);
        bench::reportTarget(std::string(name) + " allocs", m.allocsPerOp, 0);
    }
}

void benchAll() {
    benchTokenBucket();
    benchWindows();
    benchRateLimiter();
    benchKeyed();
    benchBulkhead();
    benchShedder();
    benchConcurrencyLimit();
}

const rl::bench::Registrar kRegistrar("limiters", &benchAll);
} // namespace
