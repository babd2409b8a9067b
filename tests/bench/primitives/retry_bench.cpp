// Retry family: ns per RetryPolicy::decide, per Backoff::delay for each jitter kind, per
// AdaptiveTimeout::record, and the budgets' hot calls; allocations per call (expected 0).
#include "core/common/random.h"
#include "core/primitives/adaptive_throttle.h"
#include "core/primitives/adaptive_timeout.h"
#include "core/primitives/backoff.h"
#include "core/primitives/deadline.h"
#include "core/primitives/retry.h"
#include "core/primitives/retry_budget.h"
#include "core/primitives/retry_throttle.h"
#include "tests/bench/bench_harness.h"

#include <string>

namespace {
using namespace rl;

void benchRetry() {
    constexpr std::int64_t kIterations = 2'000'000;
    RetryConfig config; // exponential 100 ms x2, full jitter, 3 attempts
    const RetryPolicy policy(config);
    Random rng(1);
    const Outcome outcomes[] = {Outcome::Timeout, Outcome::Error, Outcome::Success, Outcome::RateLimited};
    RetryState state;
    auto m =
        bench::measure("RetryPolicy::decide (mixed outcomes, 3 attempts)", kIterations, [&](std::int64_t i) {
            state.attempts = static_cast<std::int32_t>(1 + (i % 3));
            const RetryDecision d =
                policy.decide(state, outcomes[i & 3], millis(i), rng, Duration::zero(), seconds(2));
            bench::doNotOptimize(d);
        });
    bench::reportTarget("decide ns", m.nsPerOp, 50.0);
    bench::reportTarget("decide allocs/op", m.allocsPerOp, 0.0);

    for (JitterKind jitter : {JitterKind::None, JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated,
                              JitterKind::Proportional}) {
        BackoffConfig bc;
        bc.jitter = jitter;
        const Backoff backoff(bc);
        Duration previous = Duration::zero();
        const char* names[] = {"none", "full", "equal", "decorrelated", "proportional"};
        m = bench::measure(std::string("Backoff::delay jitter=") + names[static_cast<int>(jitter)],
                           kIterations, [&](std::int64_t i) {
                               previous =
                                   backoff.delay(static_cast<std::int32_t>(1 + (i & 7)), previous, rng);
                               bench::doNotOptimize(previous);
                           });
        bench::reportTarget("delay ns (dependent chain)", m.nsPerOp, 50.0);
        bench::reportTarget("delay allocs/op", m.allocsPerOp, 0.0);
    }

    for (std::int32_t window : {100, 1000, 10000}) {
        AdaptiveTimeoutConfig ac;
        ac.window = window;
        AdaptiveTimeout timeout(ac);
        m = bench::measure(
            "AdaptiveTimeout::record window=" + std::to_string(window), kIterations, [&](std::int64_t i) {
                timeout.record(millis(i),
                               Duration(1'000'000 + static_cast<std::int64_t>(rng.below(50'000'000))));
                bench::doNotOptimize(timeout.timeout());
            });
        bench::reportTarget("record ns (amortised, O(20) element ops)", m.nsPerOp, 500.0);
        bench::reportTarget("record allocs/op", m.allocsPerOp, 0.0);
    }

    const Deadline deadline = Deadline::at(seconds(1'000'000));
    const DeadlinePropagationConfig propagation;
    m = bench::measure("Deadline::child", kIterations,
                       [&](std::int64_t i) { bench::doNotOptimize(deadline.child(millis(i), propagation)); });
    bench::reportTarget("child ns", m.nsPerOp, 20.0);

    RetryBudget budget(RetryBudgetConfig{});
    for (int i = 0; i < 100; ++i)
        budget.onRequestStarted();
    m = bench::measure("RetryBudget::tryStartRetry + onRetryFinished", kIterations, [&](std::int64_t i) {
        if (budget.tryStartRetry(millis(i))) budget.onRetryFinished();
    });
    bench::reportTarget("budget ns", m.nsPerOp, 30.0);
    bench::reportTarget("budget allocs/op", m.allocsPerOp, 0.0);

    RetryThrottle throttle(RetryThrottleConfig{});
    m = bench::measure("RetryThrottle onSuccess/onFailure + canRetry", kIterations, [&](std::int64_t i) {
        if (i % 4 == 0)
            throttle.onFailure(millis(i));
        else
            throttle.onSuccess(millis(i));
        bench::doNotOptimize(throttle.canRetry());
    });
    bench::reportTarget("throttle ns", m.nsPerOp, 20.0);
    bench::reportTarget("throttle allocs/op", m.allocsPerOp, 0.0);

    AdaptiveThrottle adaptive(AdaptiveThrottleConfig{});
    m = bench::measure("AdaptiveThrottle onRequest + shouldReject + onAccepted (1 ms apart)", kIterations,
                       [&](std::int64_t i) {
                           const TimePoint now = millis(i);
                           adaptive.onRequest(now);
                           if (!adaptive.shouldReject(now, rng) && (i % 3 != 0)) adaptive.onAccepted(now);
                       });
    bench::reportTarget("adaptive throttle ns", m.nsPerOp, 50.0);
    bench::reportTarget("adaptive throttle allocs/op", m.allocsPerOp, 0.0);
}

static bench::Registrar reg("retry", &benchRetry);
} // namespace
