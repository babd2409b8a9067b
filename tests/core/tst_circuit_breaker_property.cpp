// Property test: thousands of random traces (acquire / success / failure / ignore at random times with
// random durations) replayed against rl::CircuitBreaker and against a naive reference model written here
// from the documented semantics. The model keeps every outcome since the window was last emptied in a
// std::deque and recounts the window from scratch at each decision. Permits, states and rates must agree.
#include "core/common/random.h"
#include "core/primitives/circuit_breaker.h"

#include <QtTest>

#include <deque>
#include <sstream>
#include <vector>

using namespace rl;

namespace {

// ---------------- the reference model ----------------
class ReferenceBreaker {
public:
    explicit ReferenceBreaker(const CircuitBreakerConfig& c)
        : m_c(c) {}

    struct Permit {
        bool permitted;
        std::uint32_t generation;
    };

    Permit acquire(TimePoint now) {
        checkDeadline(now);
        if (m_state == BreakerState::Closed || m_state == BreakerState::Disabled ||
            m_state == BreakerState::MetricsOnly)
            return {true, m_gen};
        if (m_state == BreakerState::Open && now > m_openUntil) toHalfOpen(now); // strictly after
        if (m_state == BreakerState::HalfOpen && m_admitted < m_c.halfOpenCalls) {
            ++m_admitted;
            return {true, m_gen};
        }
        return {false, m_gen};
    }

    void outcome(TimePoint now, Duration d, bool failure, Permit p) {
        checkDeadline(now);
        if (!p.permitted || p.generation != m_gen) return; // an older generation: ignored
        const bool slow = d > m_c.slowCall;                // strictly longer
        if (m_state == BreakerState::Closed || m_state == BreakerState::MetricsOnly) {
            m_history.push_back({now, failure, slow});
            if (m_state == BreakerState::Closed && exceeded(now)) trip(now); // METRICS_ONLY never opens
        } else if (m_state == BreakerState::HalfOpen) {
            m_trials.push_back({now, failure, slow});
            if (failure) { // any failed trial reopens at once
                trip(now);
                return;
            }
            concludeHalfOpenIfDone(now);
        }
    }

    void ignore(TimePoint now, Permit p) {
        checkDeadline(now);
        if (!p.permitted || p.generation != m_gen) return;
        if (m_state == BreakerState::HalfOpen) --m_admitted;
        // (a current permit in HALF_OPEN is always a trial in flight here: each is reported once)
    }

    // Manual transitions: a no-op when already in that state.
    void manual(BreakerState to, TimePoint now) {
        if (to == m_state) return;
        switch (to) {
        case BreakerState::Closed:
            toClosed();
            break;
        case BreakerState::Open:
            trip(now);
            break;
        case BreakerState::HalfOpen:
            toHalfOpen(now);
            break;
        case BreakerState::MetricsOnly:
            m_history.clear();
            m_state = to;
            ++m_gen;
            break;
        case BreakerState::ForcedOpen:
        case BreakerState::Disabled:
            m_state = to;
            ++m_gen;
            break;
        }
    }
    void reset() {
        m_state = BreakerState::Closed;
        m_history.clear();
        m_trips = 0;
        ++m_gen;
    }
    // Live reconfiguration: same window kind and size keeps the outcomes; the new values apply at once.
    void reconfigure(const CircuitBreakerConfig& c, TimePoint now) {
        if (c.window != m_c.window || c.windowSize != m_c.windowSize) m_history.clear();
        m_c = c;
        if (m_state == BreakerState::Open) {
            const Duration d = openDuration(m_trips);
            m_openUntil = d >= kNoLimit - m_openedAt ? kNoLimit : m_openedAt + d;
        } else if (m_state == BreakerState::HalfOpen) {
            checkDeadline(now);
            concludeHalfOpenIfDone(now);
        } else if (m_state == BreakerState::Closed && exceeded(now)) {
            trip(now);
        }
    }

    BreakerState state() const { return m_state; }
    TimePoint openUntil() const { return m_openUntil; }

    // The outcomes in the window at `now`, recounted from the whole history.
    std::vector<std::pair<bool, bool>> window(TimePoint now) const {
        std::vector<std::pair<bool, bool>> in;
        if (m_c.window == BreakerWindow::Count) {
            const std::size_t n = std::min(m_history.size(), std::size_t(m_c.windowSize));
            for (std::size_t i = m_history.size() - n; i < m_history.size(); ++i)
                in.push_back({m_history[i].failure, m_history[i].slow});
        } else if (m_c.window == BreakerWindow::Time) {
            for (const auto& r : m_history)
                if (second(r.t) > second(now) - m_c.windowSize) in.push_back({r.failure, r.slow});
        }
        return in;
    }
    std::size_t minimumCalls() const {
        if (m_c.window == BreakerWindow::Count)
            return std::size_t(std::min(m_c.minimumCalls, m_c.windowSize));
        return std::size_t(m_c.minimumCalls);
    }
    // {failure rate, slow rate}, -1 before minimum calls or outside CLOSED.
    std::pair<double, double> rates(TimePoint now) const {
        if ((m_state != BreakerState::Closed && m_state != BreakerState::MetricsOnly) ||
            m_c.window == BreakerWindow::Consecutive)
            return {-1.0, -1.0};
        const auto in = window(now);
        if (in.size() < minimumCalls()) return {-1.0, -1.0};
        int failures = 0, slow = 0;
        for (const auto& [f, s] : in) {
            failures += f ? 1 : 0;
            slow += s ? 1 : 0;
        }
        return {double(failures) / double(in.size()), double(slow) / double(in.size())};
    }

private:
    struct Record {
        TimePoint t;
        bool failure;
        bool slow;
    };
    static std::int64_t second(TimePoint t) { return t.count() / 1'000'000'000; } // t >= 0 here

    bool exceeded(TimePoint now) const {
        if (m_c.window == BreakerWindow::Consecutive) {
            int run = 0;
            for (auto it = m_history.rbegin(); it != m_history.rend() && it->failure; ++it)
                ++run;
            return run >= m_c.failureThreshold;
        }
        const auto [fr, sr] = rates(now);
        if (fr < 0) return false;
        return fr >= m_c.failureRateThreshold ||
               (m_c.slowCall != kNoLimit && sr >= m_c.slowCallRateThreshold);
    }
    Duration openDuration(int trip) const { // open_duration * multiplier^(trip-1), capped, step by step
        Duration d = m_c.openDuration;
        for (int k = 1; k < trip; ++k) {
            const double next = double(d.count()) * m_c.openDurationMultiplier;
            d = next >= double(m_c.maxOpenDuration.count()) ? m_c.maxOpenDuration
                                                            : Duration(std::int64_t(next));
        }
        return d;
    }
    // The last half_open_calls trials are judged once min(minimum_calls, half_open_calls) have reported
    // (consecutive mode: all half_open_calls), against both thresholds (all succeeded: only slowness).
    void concludeHalfOpenIfDone(TimePoint now) {
        if (m_state != BreakerState::HalfOpen) return;
        const std::size_t n = std::min(m_trials.size(), std::size_t(m_c.halfOpenCalls));
        const bool consecutive = m_c.window == BreakerWindow::Consecutive;
        const std::size_t needed =
            std::size_t(consecutive ? m_c.halfOpenCalls : std::min(m_c.minimumCalls, m_c.halfOpenCalls));
        if (n < needed) return;
        int failures = 0, slow = 0;
        for (std::size_t i = m_trials.size() - n; i < m_trials.size(); ++i) {
            failures += m_trials[i].failure ? 1 : 0;
            slow += m_trials[i].slow ? 1 : 0;
        }
        const bool reached = consecutive ? failures > 0
                                         : double(failures) / double(n) >= m_c.failureRateThreshold ||
                                               (m_c.slowCall != kNoLimit &&
                                                double(slow) / double(n) >= m_c.slowCallRateThreshold);
        if (reached)
            trip(now);
        else
            toClosed();
    }
    void trip(TimePoint at) {
        m_trips = m_state == BreakerState::HalfOpen ? m_trips + 1 : 1;
        m_openedAt = at;
        const Duration d = openDuration(m_trips);
        m_openUntil = d >= kNoLimit - at ? kNoLimit : at + d;
        m_state = BreakerState::Open;
        ++m_gen;
    }
    void toHalfOpen(TimePoint at) {
        m_state = BreakerState::HalfOpen;
        m_halfSince = at;
        m_admitted = 0;
        m_trials.clear();
        ++m_gen;
    }
    void toClosed() {
        m_state = BreakerState::Closed;
        m_history.clear();
        m_trips = 0;
        ++m_gen;
    }
    void checkDeadline(TimePoint now) {
        if (m_state == BreakerState::HalfOpen && m_c.maxHalfOpen != kNoLimit &&
            now - m_halfSince >= m_c.maxHalfOpen)
            trip(m_halfSince + m_c.maxHalfOpen);
    }

    CircuitBreakerConfig m_c;
    BreakerState m_state = BreakerState::Closed;
    std::uint32_t m_gen = 1;
    std::deque<Record> m_history;
    TimePoint m_openedAt{0};
    TimePoint m_openUntil{0};
    int m_trips = 0; // trips since the last CLOSED
    TimePoint m_halfSince{0};
    int m_admitted = 0;
    std::deque<Record> m_trials; // outcomes reported in HALF_OPEN
};

// ---------------- random configs and traces ----------------
template <typename T, std::size_t N> T pick(Random& rng, const T (&options)[N]) {
    return options[rng.below(N)];
}

CircuitBreakerConfig randomConfig(Random& rng) {
    CircuitBreakerConfig c;
    const BreakerWindow kinds[] = {BreakerWindow::Count, BreakerWindow::Time, BreakerWindow::Consecutive};
    c.window = pick(rng, kinds);
    c.windowSize =
        c.window == BreakerWindow::Time ? 1 + std::int32_t(rng.below(8)) : 1 + std::int32_t(rng.below(20));
    c.failureThreshold = 1 + std::int32_t(rng.below(5));
    const double thresholds[] = {0.2, 0.25, 0.3, 0.5, 0.6, 0.75, 1.0};
    c.failureRateThreshold = pick(rng, thresholds);
    c.minimumCalls = 1 + std::int32_t(rng.below(25));
    if (rng.bernoulli(0.5)) {
        c.slowCall = millis(100);
        c.slowCallRateThreshold = pick(rng, thresholds);
    }
    c.openDuration = millis(500 + std::int64_t(rng.below(5000)));
    const double multipliers[] = {1.0, 1.5, 2.0, 3.0};
    c.openDurationMultiplier = pick(rng, multipliers);
    if (rng.bernoulli(0.5)) c.maxOpenDuration = c.openDuration * (1 + std::int64_t(rng.below(5)));
    c.halfOpenCalls = 1 + std::int32_t(rng.below(4));
    if (rng.bernoulli(0.4)) c.maxHalfOpen = millis(200 + std::int64_t(rng.below(3000)));
    return c;
}

std::string describe(const CircuitBreakerConfig& c) {
    std::ostringstream os;
    os << "window=" << int(c.window) << " size=" << c.windowSize << " ft=" << c.failureThreshold
       << " frt=" << c.failureRateThreshold << " min=" << c.minimumCalls
       << " slow=" << (c.slowCall == kNoLimit ? -1.0 : toMillis(c.slowCall))
       << " srt=" << c.slowCallRateThreshold << " open=" << toMillis(c.openDuration)
       << " mult=" << c.openDurationMultiplier << " half=" << c.halfOpenCalls;
    return os.str();
}

} // namespace

#define CHECK(cond, what)                                                                                    \
    do {                                                                                                     \
        if (!(cond)) QFAIL((where() + (what)).c_str());                                                      \
    } while (false)

class TestCircuitBreakerProperty : public QObject {
    Q_OBJECT

private:
    static void runTraces(int kTraces, std::uint64_t seed, bool manualAndReconfigure) {
        constexpr int kSteps = 300;
        Random rng(seed);
        std::int64_t opens = 0, halfOpens = 0, rejections = 0; // to check the traces exercise everything
        for (int trace = 0; trace < kTraces; ++trace) {
            CircuitBreakerConfig config = randomConfig(rng);
            CircuitBreaker cb(config);
            ReferenceBreaker ref(config);
            struct Outstanding {
                CircuitBreaker::Permit real;
                ReferenceBreaker::Permit model;
            };
            std::vector<Outstanding> outstanding;
            TimePoint now{0};
            for (int step = 0; step < kSteps; ++step) {
                const double jump = rng.uniform01();
                now += jump < 0.7    ? millis(std::int64_t(rng.below(300)))
                       : jump < 0.97 ? millis(std::int64_t(rng.below(3000)))
                                     : millis(std::int64_t(rng.below(40000)));
                // Built only when a check fails (string building would dominate the run time).
                const auto where = [&] {
                    return "trace " + std::to_string(trace) + " step " + std::to_string(step) +
                           " t=" + std::to_string(toMillis(now)) + "ms " + describe(config);
                };
                const double op = rng.uniform01();
                const double special = manualAndReconfigure ? rng.uniform01() : 1.0;
                if (special < 0.02) {
                    const BreakerState targets[] = {BreakerState::Closed,   BreakerState::Open,
                                                    BreakerState::HalfOpen, BreakerState::ForcedOpen,
                                                    BreakerState::Disabled, BreakerState::MetricsOnly};
                    const BreakerState to = pick(rng, targets);
                    switch (to) {
                    case BreakerState::Closed:
                        cb.transitionToClosed(now);
                        break;
                    case BreakerState::Open:
                        cb.transitionToOpen(now);
                        break;
                    case BreakerState::HalfOpen:
                        cb.transitionToHalfOpen(now);
                        break;
                    case BreakerState::ForcedOpen:
                        cb.transitionToForcedOpen(now);
                        break;
                    case BreakerState::Disabled:
                        cb.transitionToDisabled(now);
                        break;
                    case BreakerState::MetricsOnly:
                        cb.transitionToMetricsOnly(now);
                        break;
                    }
                    ref.manual(to, now);
                } else if (special < 0.025) {
                    cb.reset(now);
                    ref.reset();
                } else if (special < 0.04) {
                    // A live change from the GUI: half the time the same window shape (outcomes kept).
                    CircuitBreakerConfig next = randomConfig(rng);
                    if (rng.bernoulli(0.5)) {
                        next.window = config.window;
                        next.windowSize = config.windowSize;
                    }
                    config = next;
                    cb.reconfigure(config, now);
                    ref.reconfigure(config, now);
                } else if (op < 0.45 || outstanding.empty()) {
                    const auto real = cb.tryAcquire(now);
                    const auto model = ref.acquire(now);
                    CHECK(real.permitted == model.permitted, " permitted");
                    if (!real.permitted) ++rejections;
                    // Keep refused permits sometimes too: reporting them must be ignored by both.
                    if (real.permitted || rng.bernoulli(0.1)) outstanding.push_back({real, model});
                } else {
                    // Mostly the oldest call answers first, sometimes another one.
                    const std::size_t i = rng.bernoulli(0.7) ? 0 : std::size_t(rng.below(outstanding.size()));
                    const Outstanding o = outstanding[i];
                    outstanding.erase(outstanding.begin() + std::ptrdiff_t(i));
                    const Duration d = millis(std::int64_t(rng.below(200)));
                    if (op < 0.72) {
                        cb.onSuccess(now, d, o.real);
                        ref.outcome(now, d, false, o.model);
                    } else if (op < 0.95) {
                        cb.onFailure(now, d, o.real);
                        ref.outcome(now, d, true, o.model);
                    } else {
                        cb.onIgnored(now, o.real);
                        ref.ignore(now, o.model);
                    }
                }
                const BreakerState st = cb.state();
                CHECK(st == ref.state(), " state " + std::string(breakerStateName(st)) + " vs model " +
                                             std::string(breakerStateName(ref.state())));
                opens += st == BreakerState::Open ? 1 : 0;
                halfOpens += st == BreakerState::HalfOpen ? 1 : 0;
                const auto v = cb.view(now);
                const auto [fr, sr] = ref.rates(now);
                CHECK(v.failureRate == fr,
                      " failure rate " + std::to_string(v.failureRate) + " vs " + std::to_string(fr));
                CHECK(v.slowCallRate == sr, " slow call rate");
                if ((st == BreakerState::Closed || st == BreakerState::MetricsOnly) &&
                    config.window != BreakerWindow::Consecutive)
                    CHECK(std::size_t(v.bufferedCalls) == ref.window(now).size(), " buffered calls");
                if (cb.state() == BreakerState::Open) CHECK(v.openUntil == ref.openUntil(), " open until");
            }
        }
        // The traces must reach every state often, or the comparison proves little.
        QVERIFY2(opens > kTraces * 3, qPrintable(QString::number(opens)));
        QVERIFY2(halfOpens > kTraces * 3, qPrintable(QString::number(halfOpens)));
        QVERIFY2(rejections > kTraces * 3, qPrintable(QString::number(rejections)));
    }

private slots:
    void randomTracesMatchReferenceModel() { runTraces(3000, 20261126, false); }
    // Also manual transitions (2% of steps), reset (0.5%) and live reconfiguration (1.5%).
    void randomTracesWithManualTransitionsAndReconfigure() { runTraces(2000, 777, true); }
};

QTEST_APPLESS_MAIN(TestCircuitBreakerProperty)
#include "tst_circuit_breaker_property.moc"
