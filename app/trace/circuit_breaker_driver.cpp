// Trace driver "circuit-breaker": drives rl::CircuitBreaker from timed lines (docs/cli.md, `primitive`).
//
// --config: the scenario format's circuit_breaker keys (window, window_size, failure_rate_threshold, ...);
// absent keys keep Resilience4j's defaults. "compat": "resilience4j" (or the four rule keys late_outcomes,
// half_open_failure, open_duration_rounding, rate_arithmetic) replays a log as a Resilience4j 2.x breaker
// would have answered it, line for line.
// Ops:
//   acquire                          ask to make a call -> "permitted"
//   success | failure [duration_ms]  a call ended (duration_ms defaults to 0). The permit used is the
//                                    oldest outstanding one (calls answer in the order they were made).
//                                    With none outstanding, the line stands for a whole call made now:
//                                    the driver acquires a permit first, and reports "permitted". If the
//                                    breaker refuses it, the outcome is not recorded (the call would not
//                                    have been made). So a production log of outcomes alone replays as
//                                    "what our breaker would have done".
//   ignore                           a call ended with an outcome that does not count (e.g. a 4xx); same
//                                    permit rules as success
//   close | open | half_open | force_open | disable | metrics_only | reset   manual transitions
//   state                            just report
// Each output line: t_ms, the decision ("permitted"; "stale": true when the outcome's permit was from an
// older generation and was ignored), then "state", "failure_rate" and "slow_call_rate" (null before
// minimum_calls outcomes are in the window, and outside CLOSED / METRICS_ONLY), "buffered_calls",
// "failed_calls", "slow_calls" (count and time windows) or "consecutive_failures" (consecutive mode);
// "retry_after_ms" in OPEN; "half_open_permits_left" and "half_open_in_flight" in HALF_OPEN; and, when the
// line made the breaker change state, "transitions": [{"from", "to", "at_ms", "failure_rate",
// "slow_call_rate"}] in order (the rates are those of the window that was judged, e.g. that tripped it;
// "at_ms" differs from "t_ms" when a hung HALF_OPEN ran out earlier; "reset": true for reset);
// "threshold_exceeded": true when METRICS_ONLY crossed a threshold on this line.
#include "app/trace/driver_support.h"
#include "app/trace/line_keys.h"
#include "app/trace/trace_driver.h"
#include "core/primitives/circuit_breaker.h"
#include "core/scenario/policy_json.h"

#include <algorithm>
#include <deque>

namespace rl::trace {
namespace {

constexpr std::string_view kOps = "acquire, success, failure, ignore, close, open, half_open, force_open, "
                                  "disable, metrics_only, reset, state";

nlohmann::ordered_json rateJson(double rate) {
    return rate < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(rate);
}

class CircuitBreakerDriver : public TraceDriver, private EventListener<BreakerEvent> {
public:
    explicit CircuitBreakerDriver(const CircuitBreakerConfig& config)
        : m_breaker(config) {
        m_breaker.listeners().subscribe(this);
    }
    CircuitBreakerDriver(const CircuitBreakerDriver&) = delete;
    CircuitBreakerDriver& operator=(const CircuitBreakerDriver&) = delete;
    ~CircuitBreakerDriver() override { m_breaker.listeners().unsubscribe(this); }

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        m_transitions = nlohmann::ordered_json::array();
        m_thresholdExceeded = false;
        if (op == "acquire") {
            checkLineKeys(line, op, {});
            const auto permit = m_breaker.tryAcquire(now);
            if (permit) m_outstanding.push_back(permit);
            out["permitted"] = permit.permitted;
        } else if (op == "success" || op == "failure") {
            checkLineKeys(line, op, {"duration_ms"});
            const double ms = numberOr(line, "duration_ms", 0.0);
            if (ms < 0)
                throw TraceLineError("\"duration_ms\" must be >= 0, got " + line.at("duration_ms").dump());
            if (ms > 9.0e12) throw TraceLineError("\"duration_ms\" is too large (at most 9e12 ms)");
            if (const auto permit = takePermit(now, out)) {
                const auto staleBefore = m_breaker.view(now).staleOutcomes;
                if (op == "success")
                    m_breaker.onSuccess(now, fromMillis(ms), *permit);
                else
                    m_breaker.onFailure(now, fromMillis(ms), *permit);
                if (m_breaker.view(now).staleOutcomes != staleBefore) out["stale"] = true;
            }
        } else if (op == "ignore") {
            checkLineKeys(line, op, {});
            if (const auto permit = takePermit(now, out)) {
                const auto staleBefore = m_breaker.view(now).staleOutcomes;
                m_breaker.onIgnored(now, *permit);
                if (m_breaker.view(now).staleOutcomes != staleBefore) out["stale"] = true;
            }
        } else if (op == "close") {
            manual(line, op, &CircuitBreaker::transitionToClosed, now);
        } else if (op == "open") {
            manual(line, op, &CircuitBreaker::transitionToOpen, now);
        } else if (op == "half_open") {
            manual(line, op, &CircuitBreaker::transitionToHalfOpen, now);
        } else if (op == "force_open") {
            manual(line, op, &CircuitBreaker::transitionToForcedOpen, now);
        } else if (op == "disable") {
            manual(line, op, &CircuitBreaker::transitionToDisabled, now);
        } else if (op == "metrics_only") {
            manual(line, op, &CircuitBreaker::transitionToMetricsOnly, now);
        } else if (op == "reset") {
            manual(line, op, &CircuitBreaker::reset, now);
        } else if (op == "state") {
            checkLineKeys(line, op, {});
        } else {
            unknownOp(op, kOps);
        }
        describe(now, out);
    }

private:
    void onEvent(const BreakerEvent& e) override {
        if (e.kind == BreakerEvent::Kind::ThresholdExceeded) m_thresholdExceeded = true;
        if (e.kind != BreakerEvent::Kind::Transition && e.kind != BreakerEvent::Kind::Reset) return;
        nlohmann::ordered_json t;
        t["from"] = breakerStateName(e.from);
        t["to"] = breakerStateName(e.to);
        if (e.kind == BreakerEvent::Kind::Reset) t["reset"] = true;
        t["at_ms"] = scenario::millisJson(e.at);
        t["failure_rate"] = rateJson(e.failureRate);
        t["slow_call_rate"] = rateJson(e.slowCallRate);
        m_transitions.push_back(std::move(t));
    }

    // The oldest outstanding permit; with none, a permit acquired now (reported as "permitted").
    std::optional<CircuitBreaker::Permit> takePermit(TimePoint now, nlohmann::ordered_json& out) {
        if (!m_outstanding.empty()) {
            const auto permit = m_outstanding.front();
            m_outstanding.pop_front();
            return permit;
        }
        const auto permit = m_breaker.tryAcquire(now);
        out["permitted"] = permit.permitted;
        if (!permit) return std::nullopt;
        return permit;
    }

    void manual(const nlohmann::json& line, std::string_view op,
                void (CircuitBreaker::*transition)(TimePoint), TimePoint now) {
        checkLineKeys(line, op, {});
        (m_breaker.*transition)(now);
    }

    void describe(TimePoint now, nlohmann::ordered_json& out) const {
        const auto v = m_breaker.view(now);
        out["state"] = breakerStateName(v.state);
        out["failure_rate"] = rateJson(v.failureRate);
        out["slow_call_rate"] = rateJson(v.slowCallRate);
        if (m_breaker.config().window == BreakerWindow::Consecutive) {
            out["consecutive_failures"] = v.consecutiveFailures;
        } else {
            out["buffered_calls"] = v.bufferedCalls;
            out["failed_calls"] = v.failedCalls;
            out["slow_calls"] = v.slowCalls;
        }
        if (v.state == BreakerState::Open)
            out["retry_after_ms"] = scenario::millisJson(std::max(Duration::zero(), v.openUntil - now));
        if (v.state == BreakerState::HalfOpen) {
            out["half_open_permits_left"] = v.halfOpenPermitsLeft;
            out["half_open_in_flight"] = v.halfOpenInFlight;
        }
        if (m_thresholdExceeded) out["threshold_exceeded"] = true;
        if (!m_transitions.empty()) out["transitions"] = m_transitions;
    }

    CircuitBreaker m_breaker;
    std::deque<CircuitBreaker::Permit> m_outstanding; // admitted calls not yet answered, oldest first
    nlohmann::ordered_json m_transitions;             // transitions made while applying the current line
    bool m_thresholdExceeded = false;                 // METRICS_ONLY crossed a threshold on this line
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    const auto parsed = parseConfig(&scenario::parseCircuitBreaker, config);
    return makeDriver<CircuitBreakerDriver>(parsed);
}

const DriverRegistrar kRegistrar(
    {"circuit-breaker",
     "circuit breaker (count, time or consecutive window; Resilience4j semantics, its exact rules with "
     "\"compat\": \"resilience4j\")",
     "acquire; success|failure [duration_ms] (the oldest outstanding call, or a "
     "call made now); ignore; close, open, half_open, force_open, disable, "
     "metrics_only, reset; state",
     &create});

} // namespace
} // namespace rl::trace
