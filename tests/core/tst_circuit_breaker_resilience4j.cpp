// rl::CircuitBreaker against Resilience4j 2.x.
//
// 1. A differential test: a small model of Resilience4j's circuit breaker, ported method by method from
//    its Java sources (tag v2.4.0: resilience4j-circuitbreaker CircuitBreakerStateMachine and
//    CircuitBreakerMetrics; resilience4j-core FixedSizeSlidingWindowMetrics, SlidingTimeWindowMetrics,
//    AbstractAggregation, SnapshotImpl, IntervalFunction), replays random traces next to rl::CircuitBreaker
//    and every decision (permitted or not), state, window total and end of open period must agree, step by
//    step. With "compat": "resilience4j" the model is Resilience4j as written. The model also has one knob
//    per deliberate difference (our documented rules, marked "NOT Resilience4j"), so the default config and
//    each single switch are checked the same way.
// 2. Resilience4j's own unit-test expectations for these rules (CircuitBreakerStateMachineTest,
//    CircuitBreakerMetricsTest, SlidingTimeWindowMetricsTest, IntervalFunctionTest,
//    CircuitBreakerConfigTest), ported as Qt Test cases.
#include "core/common/random.h"
#include "core/primitives/circuit_breaker.h"

#include <QtTest>

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace rl;

namespace {

// ======================= the Resilience4j model =======================
namespace r4j {

constexpr std::int64_t kNanosPerMilli = 1'000'000;
constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

// Metrics.Outcome
enum class Outcome : std::uint8_t { Success, Error, SlowSuccess, SlowError };

// AbstractAggregation (PartialAggregation and TotalAggregation add an epoch second / removeBucket).
struct Aggregation {
    int numberOfSlowCalls = 0;
    int numberOfSlowFailedCalls = 0;
    int numberOfFailedCalls = 0;
    int numberOfCalls = 0;
    std::int64_t epochSecond = 0; // PartialAggregation only

    // AbstractAggregation.record
    void record(Outcome outcome) {
        ++numberOfCalls;
        switch (outcome) {
        case Outcome::SlowSuccess:
            ++numberOfSlowCalls;
            break;
        case Outcome::SlowError:
            ++numberOfSlowCalls;
            ++numberOfFailedCalls;
            ++numberOfSlowFailedCalls;
            break;
        case Outcome::Error:
            ++numberOfFailedCalls;
            break;
        case Outcome::Success:
            break;
        }
    }
    // TotalAggregation.removeBucket
    void removeBucket(const Aggregation& bucket) {
        numberOfSlowCalls -= bucket.numberOfSlowCalls;
        numberOfSlowFailedCalls -= bucket.numberOfSlowFailedCalls;
        numberOfFailedCalls -= bucket.numberOfFailedCalls;
        numberOfCalls -= bucket.numberOfCalls;
    }
    // PartialAggregation.reset / Measurement.reset
    void reset(std::int64_t second) { *this = Aggregation{0, 0, 0, 0, second}; }
};

// SnapshotImpl
struct Snapshot {
    int totalNumberOfCalls = 0;
    int totalNumberOfFailedCalls = 0;
    int totalNumberOfSlowCalls = 0;
    explicit Snapshot(const Aggregation& a)
        : totalNumberOfCalls(a.numberOfCalls)
        , totalNumberOfFailedCalls(a.numberOfFailedCalls)
        , totalNumberOfSlowCalls(a.numberOfSlowCalls) {}
    // getFailureRate / getSlowCallRate: `n * 100.0f / total`, in float.
    float getFailureRate() const {
        return totalNumberOfCalls == 0 ? 0.0f
                                       : static_cast<float>(totalNumberOfFailedCalls) * 100.0f /
                                             static_cast<float>(totalNumberOfCalls);
    }
    float getSlowCallRate() const {
        return totalNumberOfCalls == 0 ? 0.0f
                                       : static_cast<float>(totalNumberOfSlowCalls) * 100.0f /
                                             static_cast<float>(totalNumberOfCalls);
    }
};

// A mock clock in nanoseconds since the epoch (java.time.Clock; Instant.getEpochSecond floors).
struct MockClock {
    std::int64_t nanos = 0;
    std::int64_t epochSecond() const { return nanos / kNanosPerSecond; } // nanos >= 0 in these traces
};

class Metrics {
public:
    virtual ~Metrics() = default;
    virtual Snapshot record(Outcome outcome) = 0;
    virtual Snapshot getSnapshot() = 0;
};

// FixedSizeSlidingWindowMetrics
class FixedSizeSlidingWindowMetrics final : public Metrics {
public:
    explicit FixedSizeSlidingWindowMetrics(int windowSize)
        : m_windowSize(windowSize)
        , m_measurements(static_cast<std::size_t>(windowSize)) {}
    Snapshot record(Outcome outcome) override {
        m_totalAggregation.record(outcome);
        moveWindowByOne().record(outcome);
        return Snapshot(m_totalAggregation);
    }
    Snapshot getSnapshot() override { return Snapshot(m_totalAggregation); }

private:
    Aggregation& moveWindowByOne() {
        m_headIndex = (m_headIndex + 1) % m_windowSize; // moveHeadIndexByOne
        Aggregation& latestMeasurement = m_measurements[static_cast<std::size_t>(m_headIndex)];
        m_totalAggregation.removeBucket(latestMeasurement);
        latestMeasurement.reset(0);
        return latestMeasurement;
    }
    int m_windowSize;
    Aggregation m_totalAggregation;
    std::vector<Aggregation> m_measurements;
    int m_headIndex = 0;
};

// SlidingTimeWindowMetrics
class SlidingTimeWindowMetrics final : public Metrics {
public:
    SlidingTimeWindowMetrics(int timeWindowSizeInSeconds, const MockClock& clock)
        : m_clock(clock)
        , m_timeWindowSizeInSeconds(timeWindowSizeInSeconds)
        , m_partialAggregations(static_cast<std::size_t>(timeWindowSizeInSeconds)) {
        std::int64_t epochSecond = clock.epochSecond();
        for (auto& partial : m_partialAggregations)
            partial.reset(epochSecond++);
    }
    Snapshot record(Outcome outcome) override {
        m_totalAggregation.record(outcome);
        moveWindowToCurrentEpochSecond(latest()).record(outcome);
        return Snapshot(m_totalAggregation);
    }
    Snapshot getSnapshot() override {
        moveWindowToCurrentEpochSecond(latest());
        return Snapshot(m_totalAggregation);
    }

private:
    Aggregation& latest() { return m_partialAggregations[static_cast<std::size_t>(m_headIndex)]; }
    Aggregation& moveWindowToCurrentEpochSecond(Aggregation& latestPartialAggregation) {
        const std::int64_t currentEpochSecond = m_clock.epochSecond();
        const std::int64_t differenceInSeconds = currentEpochSecond - latestPartialAggregation.epochSecond;
        if (differenceInSeconds == 0) return latestPartialAggregation;
        std::int64_t secondsToMoveTheWindow =
            std::min<std::int64_t>(differenceInSeconds, m_timeWindowSizeInSeconds);
        Aggregation* currentPartialAggregation = nullptr;
        do {
            --secondsToMoveTheWindow;
            m_headIndex = (m_headIndex + 1) % m_timeWindowSizeInSeconds; // moveHeadIndexByOne
            currentPartialAggregation = &latest();
            m_totalAggregation.removeBucket(*currentPartialAggregation);
            currentPartialAggregation->reset(currentEpochSecond - secondsToMoveTheWindow);
        } while (secondsToMoveTheWindow > 0);
        return *currentPartialAggregation;
    }
    const MockClock& m_clock;
    int m_timeWindowSizeInSeconds;
    Aggregation m_totalAggregation;
    std::vector<Aggregation> m_partialAggregations;
    int m_headIndex = 0;
};

enum class SlidingWindowType : std::uint8_t { CountBased, TimeBased };

// The CircuitBreakerConfig fields these rules read, plus the knobs for our deliberate differences.
struct Config {
    SlidingWindowType slidingWindowType = SlidingWindowType::CountBased;
    int slidingWindowSize = 100;
    int minimumNumberOfCalls = 100;
    float failureRateThreshold = 50;   // percent
    float slowCallRateThreshold = 100; // percent
    std::int64_t slowCallDurationThresholdNanos = 60 * kNanosPerSecond;
    int permittedNumberOfCallsInHalfOpenState = 10;
    // waitIntervalFunctionInOpenState = IntervalFunction.ofExponentialBackoff(initial, multiplier, max)
    // (or IntervalFunction.of(initial) when the multiplier is 1: the same values).
    std::int64_t waitNanos = 60 * kNanosPerSecond;
    double multiplier = 1.0;
    std::int64_t maxWaitNanos = -1;          // -1: no cap
    std::int64_t maxWaitInHalfOpenNanos = 0; // maxWaitDurationInHalfOpenState; 0: none

    // NOT Resilience4j: our documented rules, one knob each (all false = Resilience4j as written).
    bool ignoreLateOutcomes = false;  // an outcome from an older state object changes nothing
    bool reopenOnFailedTrial = false; // HALF_OPEN: any failed trial reopens at once
    bool openPeriodInNanos = false;   // open periods grown in nanoseconds, not truncated to ms
    bool exactRateArithmetic = false; // double(part) / double(total) >= threshold / 100
};

// IntervalFunction.ofExponentialBackoff(initialIntervalMillis, multiplier, maxIntervalMillis).apply(attempt):
// LongStream.iterate(initial, x -> (long) (x * multiplier)).skip(attempt - 1), then Math.min with the max.
// Durations go through Duration.toMillis() first (truncation).
std::int64_t waitNanosForAttempt(const Config& c, int attempt) {
    if (c.openPeriodInNanos) { // NOT Resilience4j: one step at a time in double, truncated to whole ns
        std::int64_t d = c.waitNanos;
        for (int k = 1; k < attempt; ++k) {
            const double next = static_cast<double>(d) * c.multiplier;
            d = c.maxWaitNanos >= 0 && next >= static_cast<double>(c.maxWaitNanos)
                    ? c.maxWaitNanos
                    : static_cast<std::int64_t>(next);
        }
        return d;
    }
    std::int64_t interval = c.waitNanos / kNanosPerMilli;
    for (int k = 1; k < attempt; ++k) {
        const double next = static_cast<double>(interval) * c.multiplier;
        interval = next >= 9.2e18 ? INT64_MAX : static_cast<std::int64_t>(next); // Java's (long) saturates
    }
    if (c.maxWaitNanos >= 0) interval = std::min(interval, c.maxWaitNanos / kNanosPerMilli);
    return interval * kNanosPerMilli;
}

// CircuitBreakerMetrics
class CircuitBreakerMetrics {
public:
    enum class Result : std::uint8_t {
        BelowThresholds,
        FailureRateAboveThresholds,
        SlowCallRateAboveThresholds,
        AboveThresholds,
        BelowMinimumCallsThreshold
    };
    static bool hasExceededThresholds(Result r) {
        return r == Result::AboveThresholds || r == Result::FailureRateAboveThresholds ||
               r == Result::SlowCallRateAboveThresholds;
    }

    // forClosed / forHalfOpen: COUNT_BASED window of slidingWindowSize with min(minimum, size), or
    // TIME_BASED with the minimum as configured.
    CircuitBreakerMetrics(int slidingWindowSize, SlidingWindowType type, const Config& c,
                          const MockClock& clock)
        : m_c(c) {
        if (type == SlidingWindowType::CountBased) {
            m_metrics = std::make_unique<FixedSizeSlidingWindowMetrics>(slidingWindowSize);
            m_minimumNumberOfCalls = std::min(c.minimumNumberOfCalls, slidingWindowSize);
        } else {
            m_metrics = std::make_unique<SlidingTimeWindowMetrics>(slidingWindowSize, clock);
            m_minimumNumberOfCalls = c.minimumNumberOfCalls;
        }
    }
    static std::shared_ptr<CircuitBreakerMetrics> forClosed(const Config& c, const MockClock& clock) {
        return std::make_shared<CircuitBreakerMetrics>(c.slidingWindowSize, c.slidingWindowType, c, clock);
    }
    static std::shared_ptr<CircuitBreakerMetrics> forHalfOpen(int permitted, const Config& c,
                                                              const MockClock& clock) {
        return std::make_shared<CircuitBreakerMetrics>(permitted, SlidingWindowType::CountBased, c, clock);
    }

    // onSuccess / onError: slow when `durationUnit.toNanos(duration) > slowCallDurationThresholdInNanos`.
    Result onSuccess(std::int64_t durationNanos) {
        return checkIfThresholdsExceeded(m_metrics->record(
            durationNanos > m_c.slowCallDurationThresholdNanos ? Outcome::SlowSuccess : Outcome::Success));
    }
    Result onError(std::int64_t durationNanos) {
        return checkIfThresholdsExceeded(m_metrics->record(
            durationNanos > m_c.slowCallDurationThresholdNanos ? Outcome::SlowError : Outcome::Error));
    }
    Snapshot getSnapshot() { return m_metrics->getSnapshot(); }

private:
    Result checkIfThresholdsExceeded(const Snapshot& snapshot) const {
        const int bufferedCalls = snapshot.totalNumberOfCalls;
        if (bufferedCalls == 0 || bufferedCalls < m_minimumNumberOfCalls)
            return Result::BelowMinimumCallsThreshold;
        bool failureAbove = false;
        bool slowAbove = false;
        if (m_c.exactRateArithmetic) { // NOT Resilience4j: double fractions
            failureAbove = double(snapshot.totalNumberOfFailedCalls) / double(bufferedCalls) >=
                           double(m_c.failureRateThreshold) / 100.0;
            slowAbove = double(snapshot.totalNumberOfSlowCalls) / double(bufferedCalls) >=
                        double(m_c.slowCallRateThreshold) / 100.0;
        } else {
            failureAbove = snapshot.getFailureRate() >= m_c.failureRateThreshold;
            slowAbove = snapshot.getSlowCallRate() >= m_c.slowCallRateThreshold;
        }
        if (failureAbove && slowAbove) return Result::AboveThresholds;
        if (failureAbove) return Result::FailureRateAboveThresholds;
        if (slowAbove) return Result::SlowCallRateAboveThresholds;
        return Result::BelowThresholds;
    }

    const Config& m_c;
    std::unique_ptr<Metrics> m_metrics;
    int m_minimumNumberOfCalls = 0;
};

enum class State : std::uint8_t { Closed, Open, HalfOpen };

// CircuitBreakerStateMachine with its ClosedState, OpenState and HalfOpenState. Each state object has an
// id (a new one per transition), which a permit remembers: only the ignoreLateOutcomes knob reads it.
class CircuitBreakerStateMachine {
public:
    explicit CircuitBreakerStateMachine(const Config& c)
        : m_c(c) {
        toClosed();
    }
    struct Permit {
        bool permitted;
        int stateId;
    };

    // tryAcquirePermission
    Permit tryAcquirePermission(std::int64_t now) {
        advanceTo(now);
        switch (m_state) {
        case State::Closed:
            return {true, m_stateId}; // ClosedState.tryAcquirePermission: isClosed.get()
        case State::Open:
            // OpenState.tryAcquirePermission: clock.instant().isAfter(retryAfterWaitDuration)
            if (m_clock.nanos > m_retryAfterWaitDuration) {
                toHalfOpen(); // toHalfOpenState(), then the half-open state's tryAcquirePermission
                return halfOpenTryAcquirePermission();
            }
            return {false, m_stateId};
        case State::HalfOpen:
            return halfOpenTryAcquirePermission();
        }
        return {false, m_stateId};
    }
    // onSuccess / onError (recorded by whatever state is current: stateReference.get().onSuccess(...))
    void onSuccess(std::int64_t now, std::int64_t durationNanos, Permit p) {
        outcome(now, durationNanos, false, p);
    }
    void onError(std::int64_t now, std::int64_t durationNanos, Permit p) {
        outcome(now, durationNanos, true, p);
    }
    // releasePermission (an ignored exception: handleThrowable)
    void releasePermission(std::int64_t now, Permit p) {
        advanceTo(now);
        if (m_c.ignoreLateOutcomes && p.stateId != m_stateId) return; // NOT Resilience4j
        if (m_state == State::HalfOpen) ++m_permittedNumberOfCalls;   // HalfOpenState.releasePermission
    }
    // transitionToOpenState / transitionToHalfOpenState (manual)
    void transitionToOpenState(std::int64_t now) {
        advanceTo(now);
        toOpen(m_attempts + 1);
    }
    void transitionToHalfOpenState(std::int64_t now) {
        advanceTo(now);
        toHalfOpen();
    }

    State getState() const { return m_state; }
    std::int64_t retryAfterWaitDuration() const { return m_retryAfterWaitDuration; }
    Snapshot getSnapshot(std::int64_t now) {
        m_clock.nanos = now;
        return m_metrics->getSnapshot();
    }

private:
    // The half-open timer (maxWaitDurationInHalfOpenState, scheduled in whole ms when >= 1 ms) fires first
    // when it is due at or before the next operation.
    void advanceTo(std::int64_t now) {
        if (m_state == State::HalfOpen && m_halfOpenTimerAt >= 0 && m_halfOpenTimerAt <= now) {
            m_clock.nanos = m_halfOpenTimerAt;
            toOpen(m_attempts + 1); // HalfOpenState.toState(OPEN) -> transitionToOpenState()
        }
        m_clock.nanos = now;
    }
    Permit halfOpenTryAcquirePermission() {
        // permittedNumberOfCalls.getAndUpdate(current -> current == 0 ? current : --current) > 0
        if (m_permittedNumberOfCalls > 0) {
            --m_permittedNumberOfCalls;
            return {true, m_stateId};
        }
        return {false, m_stateId};
    }
    void outcome(std::int64_t now, std::int64_t durationNanos, bool error, Permit p) {
        advanceTo(now);
        if (m_c.ignoreLateOutcomes && p.stateId != m_stateId) return; // NOT Resilience4j
        const auto result = error ? m_metrics->onError(durationNanos) : m_metrics->onSuccess(durationNanos);
        switch (m_state) {
        case State::Closed: // ClosedState.checkIfThresholdsExceeded
            if (CircuitBreakerMetrics::hasExceededThresholds(result)) toOpen(m_attempts + 1);
            break;
        case State::HalfOpen:                       // HalfOpenState.checkIfThresholdsExceeded
            if (error && m_c.reopenOnFailedTrial) { // NOT Resilience4j
                toOpen(m_attempts + 1);
                break;
            }
            if (CircuitBreakerMetrics::hasExceededThresholds(result))
                toOpen(m_attempts + 1);
            else if (result == CircuitBreakerMetrics::Result::BelowThresholds)
                toClosed();
            break;
        case State::Open: // OpenState.onSuccess/onError: recorded in its metrics, no decision
            break;
        }
    }
    // new ClosedState(): attempts() == 0
    void toClosed() {
        m_state = State::Closed;
        m_attempts = 0;
        m_metrics = CircuitBreakerMetrics::forClosed(m_c, m_clock);
        ++m_stateId;
    }
    // new OpenState(attempts, metrics): keeps the metrics; retryAfterWaitDuration = now + wait (in ms)
    void toOpen(int attempts) {
        m_state = State::Open;
        m_attempts = attempts;
        m_retryAfterWaitDuration = m_clock.nanos + waitNanosForAttempt(m_c, attempts);
        ++m_stateId;
    }
    // new HalfOpenState(attempts): fresh count window of permitted calls, timer if maxWait >= 1 ms
    void toHalfOpen() {
        m_state = State::HalfOpen;
        m_metrics =
            CircuitBreakerMetrics::forHalfOpen(m_c.permittedNumberOfCallsInHalfOpenState, m_c, m_clock);
        m_permittedNumberOfCalls = m_c.permittedNumberOfCallsInHalfOpenState;
        const std::int64_t maxWait = m_c.openPeriodInNanos
                                         ? m_c.maxWaitInHalfOpenNanos
                                         : m_c.maxWaitInHalfOpenNanos / kNanosPerMilli * kNanosPerMilli;
        m_halfOpenTimerAt = maxWait > 0 ? m_clock.nanos + maxWait : -1;
        ++m_stateId;
    }

    const Config& m_c;
    MockClock m_clock;
    State m_state = State::Closed;
    int m_stateId = 0;
    int m_attempts = 0;
    std::shared_ptr<CircuitBreakerMetrics> m_metrics;
    std::int64_t m_retryAfterWaitDuration = 0;
    int m_permittedNumberOfCalls = 0;
    std::int64_t m_halfOpenTimerAt = -1;
};

} // namespace r4j

// ======================= random configs and traces =======================

// Which rules differ from Resilience4j in one run: every combination the tests use.
struct Rules {
    bool ignoreLate, reopen, nanos, exact;
};

struct Pair {
    CircuitBreakerConfig ours;
    r4j::Config model;
};

template <typename T, std::size_t N> T pick(Random& rng, const T (&options)[N]) {
    return options[rng.below(N)];
}

Pair randomPair(Random& rng, Rules rules) {
    Pair p;
    CircuitBreakerConfig& c = p.ours;
    r4j::Config& m = p.model;
    const bool time = rng.bernoulli(0.5);
    c.window = time ? BreakerWindow::Time : BreakerWindow::Count;
    m.slidingWindowType = time ? r4j::SlidingWindowType::TimeBased : r4j::SlidingWindowType::CountBased;
    c.windowSize = m.slidingWindowSize = time ? 1 + int(rng.below(8)) : 1 + int(rng.below(20));
    c.minimumCalls = m.minimumNumberOfCalls = 1 + int(rng.below(25));
    const float percents[] = {10, 20, 25, 30, 33.3f, 50, 60, 66.7f, 75, 100};
    m.failureRateThreshold = pick(rng, percents);
    m.slowCallRateThreshold = rng.bernoulli(0.3) ? 100.0f : pick(rng, percents);
    c.failureRateThreshold = double(m.failureRateThreshold) / 100.0;
    c.slowCallRateThreshold = double(m.slowCallRateThreshold) / 100.0;
    const std::int64_t slowMs[] = {60000, 100, 250}; // 60 s: the default of both
    const std::int64_t slow = pick(rng, slowMs);
    c.slowCall = millis(slow);
    m.slowCallDurationThresholdNanos = slow * r4j::kNanosPerMilli;
    // Open periods in whole ms, sometimes with a fraction (Resilience4j truncates it).
    const std::int64_t openNs = (300 + std::int64_t(rng.below(4000))) * r4j::kNanosPerMilli +
                                (rng.bernoulli(0.3) ? std::int64_t(rng.below(1'000'000)) : 0);
    c.openDuration = Duration(openNs);
    m.waitNanos = openNs;
    const double multipliers[] = {1.0, 1.5, 2.0, 3.0, 1.37};
    c.openDurationMultiplier = m.multiplier = pick(rng, multipliers);
    if (rng.bernoulli(0.5)) {
        const std::int64_t maxNs =
            openNs * (1 + std::int64_t(rng.below(5))) + std::int64_t(rng.below(999'999));
        c.maxOpenDuration = Duration(maxNs);
        m.maxWaitNanos = maxNs;
    }
    c.halfOpenCalls = m.permittedNumberOfCallsInHalfOpenState = 1 + int(rng.below(5));
    if (rng.bernoulli(0.4)) {
        const std::int64_t ns = (200 + std::int64_t(rng.below(3000))) * r4j::kNanosPerMilli +
                                (rng.bernoulli(0.3) ? std::int64_t(rng.below(1'000'000)) : 0);
        c.maxHalfOpen = Duration(ns);
        m.maxWaitInHalfOpenNanos = ns;
    }
    c.useResilience4jRules();
    if (rules.ignoreLate) c.lateOutcomes = BreakerLateOutcomes::Ignore;
    if (rules.reopen) c.trialFailure = BreakerTrialFailure::Reopen;
    if (rules.nanos) c.openRounding = BreakerOpenRounding::None;
    if (rules.exact) c.rateArithmetic = BreakerRateArithmetic::Exact;
    m.ignoreLateOutcomes = rules.ignoreLate;
    m.reopenOnFailedTrial = rules.reopen;
    m.openPeriodInNanos = rules.nanos;
    m.exactRateArithmetic = rules.exact;
    return p;
}

std::string describe(const CircuitBreakerConfig& c) {
    std::ostringstream os;
    os << (c.window == BreakerWindow::Time ? "time" : "count") << " size=" << c.windowSize
       << " min=" << c.minimumCalls << " frt=" << c.failureRateThreshold << " srt=" << c.slowCallRateThreshold
       << " slow=" << toMillis(c.slowCall) << " open=" << toMillis(c.openDuration)
       << " mult=" << c.openDurationMultiplier << " half=" << c.halfOpenCalls
       << " maxHalf=" << (c.maxHalfOpen == kNoLimit ? -1.0 : toMillis(c.maxHalfOpen))
       << " late=" << int(c.lateOutcomes) << " trial=" << int(c.trialFailure)
       << " rounding=" << int(c.openRounding) << " arith=" << int(c.rateArithmetic);
    return os.str();
}

BreakerState fromModel(r4j::State s) {
    switch (s) {
    case r4j::State::Closed:
        return BreakerState::Closed;
    case r4j::State::Open:
        return BreakerState::Open;
    case r4j::State::HalfOpen:
        return BreakerState::HalfOpen;
    }
    return BreakerState::Closed;
}

struct Tally {
    std::int64_t decisions = 0;     // acquires compared
    std::int64_t steps = 0;         // states compared (one per operation)
    std::int64_t disagreements = 0; // decisions or states that differ (only counted when not failing)
    std::int64_t opens = 0, halfOpens = 0, lateOutcomes = 0, boundaryProbes = 0;
};

// Replays `traces` random traces; with `mustAgree`, fails at the first difference, otherwise counts them.
// `modelRules` are the knobs of the model, `ourRules` those of the breaker (equal when they must agree).
bool replay(int traces, std::uint64_t seed, Rules ourRules, Rules modelRules, bool mustAgree, Tally& tally,
            std::string& failure) {
    constexpr int kSteps = 400;
    Random rng(seed);
    for (int trace = 0; trace < traces; ++trace) {
        Pair pair = randomPair(rng, ourRules);
        const Pair modelPair = [&] {
            Pair q = pair;
            q.model.ignoreLateOutcomes = modelRules.ignoreLate;
            q.model.reopenOnFailedTrial = modelRules.reopen;
            q.model.openPeriodInNanos = modelRules.nanos;
            q.model.exactRateArithmetic = modelRules.exact;
            return q;
        }();
        CircuitBreaker cb(pair.ours);
        r4j::CircuitBreakerStateMachine model(modelPair.model);
        struct Outstanding {
            CircuitBreaker::Permit ours;
            r4j::CircuitBreakerStateMachine::Permit model;
            std::uint32_t generation;
        };
        std::vector<Outstanding> outstanding;
        std::int64_t now = 0;
        bool diverged = false;
        for (int step = 0; step < kSteps && !diverged; ++step) {
            // Time: ties (0), small steps, long gaps, and landings exactly on boundaries.
            const double jump = rng.uniform01();
            if (jump < 0.15) {
                // a tie: same instant as the previous operation
            } else if (jump < 0.25 && model.getState() == r4j::State::Open &&
                       model.retryAfterWaitDuration() - now <= 120 * r4j::kNanosPerSecond) {
                // exactly at the end of the open period, or just after (periods past 2 min are left alone,
                // so they stay far from int64 overflow)
                const std::int64_t end = model.retryAfterWaitDuration();
                if (end >= now) now = end + (rng.bernoulli(0.5) ? 0 : r4j::kNanosPerMilli);
                ++tally.boundaryProbes;
            } else if (jump < 0.32) {
                now = (now / r4j::kNanosPerSecond + 1) * r4j::kNanosPerSecond; // next whole second
            } else if (jump < 0.75) {
                now += std::int64_t(rng.below(300)) * r4j::kNanosPerMilli;
            } else if (jump < 0.97) {
                now += std::int64_t(rng.below(3000)) * r4j::kNanosPerMilli;
            } else {
                now += std::int64_t(10 + rng.below(50)) * r4j::kNanosPerSecond; // long gap
            }
            const auto where = [&] {
                return "trace " + std::to_string(trace) + " step " + std::to_string(step) +
                       " t=" + std::to_string(double(now) / 1e6) + "ms " + describe(pair.ours);
            };
            const TimePoint t{now};
            const double op = rng.uniform01();
            if (op < 0.45 || outstanding.empty()) {
                const auto ours = cb.tryAcquire(t);
                const auto theirs = model.tryAcquirePermission(now);
                ++tally.decisions;
                if (ours.permitted != theirs.permitted) {
                    ++tally.disagreements;
                    diverged = true;
                    if (mustAgree) {
                        failure = where() + ": permitted " + std::to_string(ours.permitted) + " vs model " +
                                  std::to_string(theirs.permitted);
                        return false;
                    }
                }
                if (ours.permitted) outstanding.push_back({ours, theirs, cb.generation()});
            } else {
                // Mostly the oldest call answers first, sometimes another one.
                const std::size_t i = rng.bernoulli(0.7) ? 0 : std::size_t(rng.below(outstanding.size()));
                const Outstanding o = outstanding[i];
                outstanding.erase(outstanding.begin() + std::ptrdiff_t(i));
                if (o.generation != cb.generation()) ++tally.lateOutcomes;
                // Durations: fast, just under, exactly at and just over the slow threshold, or long.
                const std::int64_t slowNs = pair.model.slowCallDurationThresholdNanos;
                const std::int64_t durations[] = {
                    0,
                    std::int64_t(rng.below(100)) * r4j::kNanosPerMilli,
                    slowNs - 1,
                    slowNs,
                    slowNs,
                    slowNs + 1,
                    slowNs + std::int64_t(rng.below(5000)) * r4j::kNanosPerMilli};
                const std::int64_t d = pick(rng, durations);
                if (op < 0.72) {
                    cb.onSuccess(t, Duration(d), o.ours);
                    model.onSuccess(now, d, o.model);
                } else if (op < 0.95) {
                    cb.onFailure(t, Duration(d), o.ours);
                    model.onError(now, d, o.model);
                } else {
                    cb.onIgnored(t, o.ours);
                    model.releasePermission(now, o.model);
                }
            }
            const BreakerState before = cb.state();
            ++tally.steps;
            const BreakerState theirState = fromModel(model.getState());
            if (before != theirState) {
                ++tally.disagreements;
                diverged = true;
                if (mustAgree) {
                    failure = where() + ": state " + std::string(breakerStateName(before)) + " vs model " +
                              std::string(breakerStateName(theirState));
                    return false;
                }
                break;
            }
            const auto v = cb.view(t);
            if (before == BreakerState::Open) {
                ++tally.opens;
                if (mustAgree && v.openUntil.count() != model.retryAfterWaitDuration()) {
                    failure = where() + ": open until " + std::to_string(v.openUntil.count()) + " vs model " +
                              std::to_string(model.retryAfterWaitDuration());
                    return false;
                }
            }
            if (before == BreakerState::HalfOpen) ++tally.halfOpens;
            if (mustAgree && (before == BreakerState::Closed || before == BreakerState::HalfOpen)) {
                const r4j::Snapshot s = model.getSnapshot(now);
                if (v.bufferedCalls != s.totalNumberOfCalls || v.failedCalls != s.totalNumberOfFailedCalls ||
                    v.slowCalls != s.totalNumberOfSlowCalls) {
                    failure = where() + ": window " + std::to_string(v.bufferedCalls) + "/" +
                              std::to_string(v.failedCalls) + "/" + std::to_string(v.slowCalls) +
                              " vs model " + std::to_string(s.totalNumberOfCalls) + "/" +
                              std::to_string(s.totalNumberOfFailedCalls) + "/" +
                              std::to_string(s.totalNumberOfSlowCalls);
                    return false;
                }
            }
        }
    }
    return true;
}

} // namespace

class TestCircuitBreakerResilience4j : public QObject {
    Q_OBJECT

private:
    static void agree(Rules rules, std::uint64_t seed, int traces) {
        Tally tally;
        std::string failure;
        if (!replay(traces, seed, rules, rules, true, tally, failure)) QFAIL(failure.c_str());
        qInfo("%d traces: %lld decisions and %lld states compared, %lld disagreements (%lld open steps, "
              "%lld half-open steps, %lld late outcomes, %lld probes at or just after the open period's end)",
              traces, static_cast<long long>(tally.decisions), static_cast<long long>(tally.steps),
              static_cast<long long>(tally.disagreements), static_cast<long long>(tally.opens),
              static_cast<long long>(tally.halfOpens), static_cast<long long>(tally.lateOutcomes),
              static_cast<long long>(tally.boundaryProbes));
        // The traces must exercise every state and the late outcomes, or agreement proves little.
        QVERIFY(tally.opens > traces * 5);
        QVERIFY(tally.halfOpens > traces * 2);
        QVERIFY(tally.lateOutcomes > traces);
        QVERIFY(tally.boundaryProbes > traces);
    }

private slots:
    // ---------------- differential ----------------

    // "compat": "resilience4j": Resilience4j as written, decision for decision.
    void resilience4jRulesAgreeWithResilience4j() { agree({false, false, false, false}, 20260501, 3000); }
    // The defaults: Resilience4j plus our four documented rules, and nothing else.
    void defaultRulesAgreeWithResilience4jPlusTheDocumentedDifferences() {
        agree({true, true, true, true}, 20260502, 3000);
    }
    // Each switch alone, from the defaults: it changes exactly its rule.
    void eachSwitchChangesOnlyItsRule_data() {
        QTest::addColumn<bool>("ignoreLate");
        QTest::addColumn<bool>("reopen");
        QTest::addColumn<bool>("nanos");
        QTest::addColumn<bool>("exact");
        QTest::newRow("late_outcomes: record") << false << true << true << true;
        QTest::newRow("half_open_failure: judge") << true << false << true << true;
        QTest::newRow("open_duration_rounding: truncate_ms") << true << true << false << true;
        QTest::newRow("rate_arithmetic: float_percent") << true << true << true << false;
    }
    void eachSwitchChangesOnlyItsRule() {
        QFETCH(bool, ignoreLate);
        QFETCH(bool, reopen);
        QFETCH(bool, nanos);
        QFETCH(bool, exact);
        agree({ignoreLate, reopen, nanos, exact}, 20260503, 1000);
    }
    // The defaults do differ from Resilience4j (else the switches would be pointless), and only through the
    // documented rules: measured, the share of traces that diverge somewhere.
    void defaultsDifferFromResilience4jOnlyThroughTheSwitches() {
        Tally tally;
        std::string failure;
        replay(1000, 20260504, {true, true, true, true}, {false, false, false, false}, false, tally, failure);
        qInfo("defaults vs Resilience4j as written: %lld of 1000 traces diverge", // one per diverging trace
              static_cast<long long>(tally.disagreements));
        QVERIFY(tally.disagreements > 0);
    }

    // ---------------- Resilience4j's own unit tests, ported ----------------

    // CircuitBreakerConfigTest.shouldSetDefaultSettings
    void defaultsAreResilience4js() {
        const CircuitBreakerConfig c;
        QCOMPARE(c.failureRateThreshold, 0.5);
        QCOMPARE(c.halfOpenCalls, 10);
        QCOMPARE(c.windowSize, 100);
        QCOMPARE(c.window, BreakerWindow::Count);
        QCOMPARE(c.minimumCalls, 100);
        QCOMPARE(c.openDuration, seconds(60));
        QCOMPARE(c.slowCallRateThreshold, 1.0);
        QCOMPARE(c.slowCall, seconds(60)); // DEFAULT_SLOW_CALL_DURATION_THRESHOLD
    }

    // The trace 1 and CircuitBreakerMetrics.onSuccess: a call of exactly the threshold is not slow.
    void callOfExactlyTheSlowThresholdIsNotSlow() {
        CircuitBreakerConfig c;
        c.window = BreakerWindow::Count;
        c.windowSize = 2;
        c.minimumCalls = 2;
        c.slowCall = millis(100);
        CircuitBreaker cb(c);
        // calls 1 and 2 take exactly 100 ms: not slow, the breaker stays closed
        cb.onSuccess(millis(0), millis(100), cb.tryAcquire(millis(0)));
        cb.onSuccess(millis(10), millis(100), cb.tryAcquire(millis(10)));
        QCOMPARE(cb.state(), BreakerState::Closed);
        QCOMPARE(cb.view(millis(10)).slowCalls, 0);
        // call 3 takes 1 ns longer: slow; 1 slow of 2 with threshold 100% -> still closed
        cb.onSuccess(millis(20), millis(100) + Duration(1), cb.tryAcquire(millis(20)));
        QCOMPARE(cb.view(millis(20)).slowCalls, 1);
        QCOMPARE(cb.state(), BreakerState::Closed);
        // call 4 slow too: 2 of 2 -> open
        cb.onSuccess(millis(30), millis(101), cb.tryAcquire(millis(30)));
        QCOMPARE(cb.state(), BreakerState::Open);
    }

    // The trace 2 and HalfOpenState with CircuitBreakerMetrics.forHalfOpen: trials are judged after
    // min(minimum_calls, half_open_calls) of them.
    void halfOpenConcludesAfterMinimumTrials() {
        for (const bool compat : {false, true}) {
            CircuitBreakerConfig c;
            c.window = BreakerWindow::Count;
            c.windowSize = 4;
            c.minimumCalls = 2;
            c.openDuration = millis(500);
            c.halfOpenCalls = 4;
            if (compat) c.useResilience4jRules();
            CircuitBreaker cb(c);
            cb.onFailure(millis(0), {}, cb.tryAcquire(millis(0)));
            cb.onFailure(millis(5), {}, cb.tryAcquire(millis(5)));
            QCOMPARE(cb.state(), BreakerState::Open);
            // trial 1 succeeds: 1 of min(2, 4) -> still half-open
            cb.onSuccess(millis(600), {}, cb.tryAcquire(millis(600)));
            QCOMPARE(cb.state(), BreakerState::HalfOpen);
            // trial 2 succeeds: 2 trials judged, failure rate 0 -> closed (not waiting for trials 3 and 4)
            cb.onSuccess(millis(601), {}, cb.tryAcquire(millis(601)));
            QCOMPARE(cb.state(), BreakerState::Closed);
        }
    }

    // The trace 3 and OpenState.tryAcquirePermission (isAfter): the end instant itself still rejects.
    void probeAtExactlyTheEndOfTheOpenPeriodIsRejected() {
        CircuitBreakerConfig c;
        c.windowSize = 2;
        c.minimumCalls = 2;
        c.openDuration = millis(1000);
        c.halfOpenCalls = 1;
        CircuitBreaker cb(c);
        cb.onFailure(millis(0), {}, cb.tryAcquire(millis(0)));
        cb.onFailure(millis(10), {}, cb.tryAcquire(millis(10)));
        QCOMPARE(cb.state(), BreakerState::Open);
        QVERIFY(!cb.tryAcquire(millis(1010))); // exactly the end: rejected
        QCOMPARE(cb.state(), BreakerState::Open);
        QVERIFY(cb.tryAcquire(millis(1010) + Duration(1))); // 1 ns later: the trial
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
    }

    // CircuitBreakerStateMachineTest's breaker: time window 20 s, minimum 5, failure 50%, slow 4 s at 50%,
    // 4 half-open calls, open 5 s, max 1 s in half-open.
    static CircuitBreakerConfig stateMachineTestConfig() {
        CircuitBreakerConfig c;
        c.window = BreakerWindow::Time;
        c.windowSize = 20;
        c.minimumCalls = 5;
        c.failureRateThreshold = 0.5;
        c.halfOpenCalls = 4;
        c.slowCall = seconds(4);
        c.slowCallRateThreshold = 0.5;
        c.maxHalfOpen = seconds(1);
        c.openDuration = seconds(5);
        c.useResilience4jRules();
        return c;
    }

    // CircuitBreakerStateMachineTest.shouldOpenAfterFailureRateThresholdExceeded
    void shouldOpenAfterFailureRateThresholdExceeded() {
        CircuitBreaker cb(stateMachineTestConfig());
        const TimePoint t = seconds(1'546'344'000); // 2019-01-01T12:00:00Z, as the test's MockClock
        // calls 1-3 fail, call 4 succeeds: below the minimum of 5, failure rate -1
        for (int i = 0; i < 3; ++i)
            cb.onFailure(t, {}, cb.tryAcquire(t));
        cb.onSuccess(t, {}, cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::Closed);
        QCOMPARE(cb.view(t).failureRate, -1.0);
        QCOMPARE(cb.view(t).bufferedCalls, 4);
        // call 5 succeeds: 3 of 5 failed = 60% >= 50% -> open
        cb.onSuccess(t, {}, cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::Open);
        QVERIFY(!cb.tryAcquire(t)); // not permitted
    }

    // CircuitBreakerStateMachineTest.shouldOpenAfterFailureRateThresholdExceeded2 (a time window)
    void shouldOpenAfterFailureRateThresholdExceeded2() {
        CircuitBreaker cb(stateMachineTestConfig());
        TimePoint t = seconds(1'546'344'000);
        const auto call = [&](bool fail) {
            const auto p = cb.tryAcquire(t);
            fail ? cb.onFailure(t, {}, p) : cb.onSuccess(t, {}, p);
        };
        call(false);
        t += seconds(1);
        call(false);
        t += seconds(1);
        call(false);
        t += seconds(1);
        call(true);
        t += seconds(1);
        call(true); // 2 of 5 = 40%
        QCOMPARE(cb.state(), BreakerState::Closed);
        t += seconds(1);
        QCOMPARE(cb.state(), BreakerState::Closed);
        call(true); // 3 of 6 = 50%
        QCOMPARE(cb.state(), BreakerState::Open);
    }

    // CircuitBreakerStateMachineTest.shouldOpenAfterSlowCallRateThresholdExceeded
    void shouldOpenAfterSlowCallRateThresholdExceeded() {
        CircuitBreaker cb(stateMachineTestConfig());
        const TimePoint t = seconds(1'546'344'000);
        cb.onFailure(t, seconds(5), cb.tryAcquire(t));  // call 1 slow
        cb.onSuccess(t, seconds(5), cb.tryAcquire(t));  // call 2 slow
        cb.onFailure(t, millis(100), cb.tryAcquire(t)); // call 3 fast
        cb.onSuccess(t, millis(100), cb.tryAcquire(t)); // call 4 fast
        QCOMPARE(cb.state(), BreakerState::Closed);
        cb.onSuccess(t, seconds(5), cb.tryAcquire(t)); // call 5 slow: 3 of 5 = 60% slow
        QCOMPARE(cb.state(), BreakerState::Open);
    }

    // CircuitBreakerStateMachineTest.shouldTransitionToHalfOpenAfterWaitDuration
    void shouldTransitionToHalfOpenAfterWaitDuration() {
        CircuitBreaker cb(stateMachineTestConfig());
        TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        QVERIFY(!cb.tryAcquire(t));
        t += seconds(3); // the wait of 5 s has not elapsed
        QVERIFY(!cb.tryAcquire(t));
        QCOMPARE(cb.view(t).rejected, std::int64_t{2});
        t += seconds(3);
        QVERIFY(cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
    }

    // CircuitBreakerStateMachineTest.shouldTransitionToHalfOpenAfterWaitInterval:
    // IntervalFunction.ofExponentialBackoff(5000 ms) (multiplier 1.5)
    void shouldTransitionToHalfOpenAfterWaitInterval() {
        CircuitBreakerConfig c = stateMachineTestConfig();
        c.openDuration = millis(5000);
        c.openDurationMultiplier = 1.5;
        CircuitBreaker cb(c);
        TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        QVERIFY(!cb.tryAcquire(t));
        t += seconds(3);
        QVERIFY(!cb.tryAcquire(t));
        t += seconds(3);
        QVERIFY(cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        cb.transitionToOpen(t); // attempt 2: 7.5 s
        t += seconds(6);
        QVERIFY(!cb.tryAcquire(t));
        t += seconds(5);
        QVERIFY(cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
    }

    // CircuitBreakerStateMachineTest.shouldIncreaseCounterOnReleasePermission
    void shouldIncreaseCounterOnReleasePermission() {
        CircuitBreaker cb(stateMachineTestConfig());
        const TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        cb.transitionToHalfOpen(t);
        CircuitBreaker::Permit first;
        for (int i = 0; i < 4; ++i) {
            const auto p = cb.tryAcquire(t);
            QVERIFY(p);
            if (i == 0) first = p;
        }
        QVERIFY(!cb.tryAcquire(t));
        QVERIFY(!cb.tryAcquire(t));
        cb.onIgnored(t, first); // releasePermission
        QVERIFY(cb.tryAcquire(t));
    }

    // CircuitBreakerStateMachineTest.shouldTransitionBackToOpenStateWhenFailureRateIsAboveThreshold:
    // trials F, F, S, F -> 75% -> OPEN after the 4th (min(5, 4) trials). With our default rule the first
    // failed trial already reopens.
    void shouldTransitionBackToOpenStateWhenFailureRateIsAboveThreshold() {
        CircuitBreaker cb(stateMachineTestConfig());
        const TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        cb.transitionToHalfOpen(t);
        cb.onFailure(t, {}, cb.tryAcquire(t));
        cb.onFailure(t, {}, cb.tryAcquire(t));
        cb.onSuccess(t, {}, cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        QCOMPARE(cb.view(t).bufferedCalls, 3);
        QCOMPARE(cb.view(t).failedCalls, 2);
        cb.onFailure(t, {}, cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::Open);

        CircuitBreakerConfig ours = stateMachineTestConfig();
        ours.trialFailure = BreakerTrialFailure::Reopen;
        CircuitBreaker reopening(ours);
        reopening.transitionToOpen(t);
        reopening.transitionToHalfOpen(t);
        reopening.onFailure(t, {}, reopening.tryAcquire(t));
        QCOMPARE(reopening.state(), BreakerState::Open);
    }

    // CircuitBreakerStateMachineTest.shouldTransitionBackToOpenStateWhenSlowCallRateIsAboveThreshold
    void shouldTransitionBackToOpenStateWhenSlowCallRateIsAboveThreshold() {
        CircuitBreaker cb(stateMachineTestConfig());
        const TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        cb.transitionToHalfOpen(t);
        for (int i = 0; i < 3; ++i)
            cb.onSuccess(t, seconds(5), cb.tryAcquire(t)); // trials 1-3 slow
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        cb.onSuccess(t, seconds(1), cb.tryAcquire(t)); // trial 4 fast: 75% slow
        QCOMPARE(cb.state(), BreakerState::Open);
    }

    // CircuitBreakerStateMachineTest.shouldTransitionBackToClosedStateWhenFailureIsBelowThreshold
    void shouldTransitionBackToClosedStateWhenFailureIsBelowThreshold() {
        CircuitBreaker cb(stateMachineTestConfig());
        const TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        cb.transitionToHalfOpen(t);
        cb.onFailure(t, {}, cb.tryAcquire(t));
        cb.onSuccess(t, {}, cb.tryAcquire(t));
        cb.onSuccess(t, {}, cb.tryAcquire(t));
        QCOMPARE(cb.state(), BreakerState::HalfOpen);
        cb.onSuccess(t, {}, cb.tryAcquire(t)); // 25% < 50%
        QCOMPARE(cb.state(), BreakerState::Closed);
        QCOMPARE(cb.view(t).bufferedCalls, 0); // a fresh window
        cb.onSuccess(t, {}, cb.tryAcquire(t));
        QCOMPARE(cb.view(t).bufferedCalls, 1);
    }

    // CircuitBreakerStateMachineTest.circuitBreakerTransitionsToOpenAfterWaitDurationInHalfOpenState
    // (maxWaitDurationInHalfOpenState 1 s; the timer becomes the next interaction here)
    void transitionsToOpenAfterWaitDurationInHalfOpenState() {
        CircuitBreaker cb(stateMachineTestConfig());
        TimePoint t = seconds(1'546'344'000);
        cb.transitionToOpen(t);
        cb.transitionToHalfOpen(t);
        QVERIFY(cb.tryAcquire(t));
        t += seconds(1);
        QVERIFY(!cb.tryAcquire(t)); // back to OPEN at t, for 5 s
        QCOMPARE(cb.state(), BreakerState::Open);
        QCOMPARE(cb.view(t).openUntil, t + seconds(5));
    }

    // CircuitBreakerMetricsTest.testCircuitBreakerMetrics: count window 10, minimum 10 (in METRICS_ONLY,
    // which records and judges like CLOSED without opening, to read the rates after the threshold)
    void circuitBreakerMetrics() {
        CircuitBreakerConfig c;
        c.windowSize = 10;
        c.minimumCalls = 10;
        c.useResilience4jRules();
        CircuitBreaker cb(c);
        const TimePoint t{0};
        cb.transitionToMetricsOnly(t);
        const auto call = [&](bool fail) {
            const auto p = cb.tryAcquire(t);
            fail ? cb.onFailure(t, {}, p) : cb.onSuccess(t, {}, p);
        };
        for (const bool fail : {false, false, true, true})
            call(fail);
        QCOMPARE(cb.view(t).bufferedCalls, 4);
        QCOMPARE(cb.view(t).failedCalls, 2);
        QCOMPARE(cb.view(t).failureRate, -1.0); // below the minimum of 10
        for (const bool fail : {true, true, true, true, false, false, false, false})
            call(fail);
        // 12 calls recorded, the last 10 in the window: 4 successes and 6 failures
        QCOMPARE(cb.view(t).bufferedCalls, 10);
        QCOMPARE(cb.view(t).failedCalls, 6);
        QCOMPARE(cb.view(t).failureRate, 0.6);
        for (int i = 0; i < 3; ++i)
            call(false);
        QCOMPARE(cb.view(t).failureRate, 0.3);
    }

    // SlidingTimeWindowMetricsTest.testSlidingTimeWindowMetrics (window of 5 s)
    void slidingTimeWindowMetrics() {
        TimeWindow w;
        w.resize(5);
        TimePoint t = seconds(1'564'920'000); // 2019-08-04T12:00:00Z
        const auto rec = [&](bool failure) {
            w.record(t, failure, false);
            return w.totals();
        };
        QCOMPARE(rec(true), (WindowTotals{1, 1, 0}));
        t += millis(100);
        QCOMPARE(rec(false), (WindowTotals{2, 1, 0}));
        t += millis(100);
        QCOMPARE(rec(false), (WindowTotals{3, 1, 0}));
        t += seconds(1);
        QCOMPARE(rec(false), (WindowTotals{4, 1, 0}));
        t += seconds(1);
        QCOMPARE(rec(false), (WindowTotals{5, 1, 0}));
        t += seconds(1);
        QCOMPARE(rec(true), (WindowTotals{6, 2, 0}));
        t += seconds(1);
        QCOMPARE(rec(false), (WindowTotals{7, 2, 0}));
        t += seconds(1);
        QCOMPARE(rec(false), (WindowTotals{5, 1, 0}));
        t += seconds(1);
        QCOMPARE(rec(false), (WindowTotals{5, 1, 0}));
        t += seconds(5);
        QCOMPARE(rec(false), (WindowTotals{1, 0, 0}));
    }

    // IntervalFunctionTest.generatesExponentialIntervals: ofExponentialBackoff(100, 1.5) grows strictly,
    // in whole milliseconds truncated at each step (100, 150, 225, 337, 505, 757, 1135, ...).
    void exponentialOpenPeriodsTruncateToWholeMilliseconds() {
        for (const bool compat : {true, false}) {
            CircuitBreakerConfig c;
            c.openDuration = millis(100);
            c.openDurationMultiplier = 1.5;
            if (compat) c.openRounding = BreakerOpenRounding::WholeMillis;
            CircuitBreaker cb(c);
            TimePoint t{0};
            cb.transitionToOpen(t);
            Duration previous = cb.view(t).currentOpenDuration;
            QCOMPARE(previous, millis(100));
            std::vector<Duration> periods{previous};
            for (int attempt = 2; attempt < 30; ++attempt) {
                cb.transitionToHalfOpen(t);
                cb.transitionToOpen(t); // a consecutive trip
                const Duration d = cb.view(t).currentOpenDuration;
                QVERIFY(d > previous);
                periods.push_back(d);
                previous = d;
            }
            if (compat) {
                QCOMPARE(periods[3], millis(337));
                QCOMPARE(periods[4], millis(505));
                QCOMPARE(periods[5], millis(757));
                QCOMPARE(periods[6], millis(1135));
                for (const Duration d : periods)
                    QCOMPARE(d.count() % 1'000'000, std::int64_t{0});
            } else {
                QCOMPARE(periods[3], Duration(337'500'000));
                QCOMPARE(periods[4], Duration(506'250'000));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestCircuitBreakerResilience4j)
#include "tst_circuit_breaker_resilience4j.moc"
