// Trace driver "retry": a RetryPolicy deciding after each attempt of a request (docs/primitives/retry.md).
//
// --config: the scenario's retry object ({"max_attempts", "backoff": {...}, "retry_on": [...],
// "honor_retry_after", "max_retry_after_ms"}) plus "seed" (default 1) for the jitter's random stream.
// Ops:
//   attempt   "outcome" (an outcome name), optional "retry_after_ms" (server pushback) and "deadline_ms"
//             (the request's deadline, as a time on the trace's clock; it holds for the rest of the
//             request) -> {"t_ms","attempt","outcome","retry","verdict","delay_ms"} (+ "retry_at_ms"
//             when retrying). After a final verdict (anything but retry) the next attempt starts a
//             new request.
//   reset     abandons the current request; the next attempt is attempt 1 -> {"t_ms","reset":true}
//   schedule  "count" -> {"t_ms","delays_ms":[...]}: the delays before retries 1..count that a fresh
//             stream of this seed gives (each retry's previous delay chained), ignoring max_attempts.
//             It does not touch the driver's own stream.
#include "app/trace/driver_support.h"
#include "app/trace/trace_driver.h"
#include "core/common/random.h"
#include "core/primitives/retry.h"
#include "core/scenario/policy_json.h"

#include <cmath>

namespace rl::trace {
namespace {

constexpr std::int64_t kMaxScheduleCount = 1000;

std::string outcomeChoices() {
    std::string text;
    for (auto name : kOutcomeNames)
        text += (text.empty() ? "" : ", ") + std::string(name);
    return text;
}

Duration nonNegativeMillis(const nlohmann::json& line, const char* key) {
    const double ms = requireNumber(line, key);
    if (ms < 0) throw TraceLineError(std::string("\"") + key + "\" must be >= 0, got " + line.at(key).dump());
    if (ms > 9.0e12) throw TraceLineError(std::string("\"") + key + "\" is too large (at most 9e12 ms)");
    return fromMillis(ms);
}

class RetryDriver : public TraceDriver {
public:
    RetryDriver(const RetryConfig& config, std::uint64_t seed)
        : m_policy(config)
        , m_seed(seed)
        , m_rng(seed) {}

    void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
               nlohmann::ordered_json& out) override {
        if (op == "attempt")
            attempt(now, line, out);
        else if (op == "reset") {
            startRequest();
            out["reset"] = true;
        } else if (op == "schedule")
            schedule(line, out);
        else
            unknownOp(op, "attempt, reset, schedule");
    }

private:
    void attempt(TimePoint now, const nlohmann::json& line, nlohmann::ordered_json& out) {
        const auto outcomeField = line.find("outcome");
        if (outcomeField == line.end() || !outcomeField->is_string())
            throw TraceLineError("missing \"outcome\" (one of: " + outcomeChoices() + ")");
        const auto outcome = outcomeFromName(outcomeField->get<std::string>());
        if (!outcome)
            throw TraceLineError("\"outcome\" must be one of: " + outcomeChoices() + "; got " +
                                 outcomeField->dump());
        const Duration retryAfter =
            line.contains("retry_after_ms") ? nonNegativeMillis(line, "retry_after_ms") : Duration::zero();
        if (m_requestDone) startRequest();
        if (line.contains("deadline_ms")) m_deadline = nonNegativeMillis(line, "deadline_ms");

        ++m_state.attempts;
        const RetryDecision d = m_policy.decide(m_state, *outcome, now, m_rng, retryAfter, m_deadline);
        m_requestDone = !d.retry();
        out["attempt"] = m_state.attempts;
        out["outcome"] = outcomeName(*outcome);
        out["retry"] = d.retry();
        out["verdict"] = retryVerdictName(d.verdict);
        out["delay_ms"] = scenario::millisJson(d.delay);
        if (d.retry()) out["retry_at_ms"] = scenario::millisJson(now + d.delay);
    }

    void startRequest() {
        m_state = RetryState{};
        m_deadline = kNoLimit;
        m_requestDone = false;
    }

    void schedule(const nlohmann::json& line, nlohmann::ordered_json& out) const {
        const std::int64_t count = requireInteger(line, "count");
        if (count < 0 || count > kMaxScheduleCount)
            throw TraceLineError("\"count\" must be in [0, " + std::to_string(kMaxScheduleCount) + "], got " +
                                 line.at("count").dump());
        Random rng(m_seed);
        Duration previous = Duration::zero();
        nlohmann::ordered_json delays = nlohmann::ordered_json::array();
        for (std::int32_t retry = 1; retry <= count; ++retry) {
            previous = m_policy.backoff().delay(retry, previous, rng);
            delays.push_back(scenario::millisJson(previous));
        }
        out["delays_ms"] = std::move(delays);
    }

    RetryPolicy m_policy;
    std::uint64_t m_seed;
    Random m_rng;
    RetryState m_state;
    TimePoint m_deadline = kNoLimit;
    bool m_requestDone = false;
};

std::unique_ptr<TraceDriver> create(const nlohmann::json& config) {
    std::vector<std::string> problems;
    nlohmann::json retry = config;
    const std::uint64_t seed = takeSeed(retry, problems);
    return std::make_unique<RetryDriver>(parseConfig(&scenario::parseRetry, retry, std::move(problems)),
                                         seed);
}

const DriverRegistrar
    kRegistrar({"retry", "a retry policy with backoff and jitter, deciding after each attempt",
                "attempt {outcome, retry_after_ms?, deadline_ms?}, reset, schedule {count}", &create});

} // namespace
} // namespace rl::trace
