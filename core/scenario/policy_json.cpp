#include "core/scenario/policy_json.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/policy_fields.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace rl::scenario {

using namespace fields;

namespace {

// ---- enum names ----

constexpr std::pair<std::string_view, BackoffKind> kBackoffKinds[] = {
    {"none", BackoffKind::None},
    {"fixed", BackoffKind::Fixed},
    {"linear", BackoffKind::Linear},
    {"exponential", BackoffKind::Exponential}};
constexpr std::pair<std::string_view, JitterKind> kJitterKinds[] = {
    {"none", JitterKind::None},
    {"full", JitterKind::Full},
    {"equal", JitterKind::Equal},
    {"decorrelated", JitterKind::Decorrelated},
    {"proportional", JitterKind::Proportional}};
constexpr std::pair<std::string_view, BreakerWindow> kWindows[] = {
    {"consecutive", BreakerWindow::Consecutive},
    {"count", BreakerWindow::Count},
    {"time", BreakerWindow::Time}};
// The circuit breaker's rules that differ from Resilience4j: ours first (the default), then Resilience4j's.
enum class BreakerCompat : std::uint8_t { ResilienceLab, Resilience4j };
constexpr std::pair<std::string_view, BreakerCompat> kBreakerCompat[] = {
    {"resilience_lab", BreakerCompat::ResilienceLab}, {"resilience4j", BreakerCompat::Resilience4j}};
constexpr std::pair<std::string_view, BreakerLateOutcomes> kLateOutcomes[] = {
    {"ignore", BreakerLateOutcomes::Ignore}, {"record", BreakerLateOutcomes::Record}};
constexpr std::pair<std::string_view, BreakerTrialFailure> kTrialFailure[] = {
    {"reopen", BreakerTrialFailure::Reopen}, {"judge", BreakerTrialFailure::Judge}};
constexpr std::pair<std::string_view, BreakerOpenRounding> kOpenRounding[] = {
    {"none", BreakerOpenRounding::None}, {"truncate_ms", BreakerOpenRounding::WholeMillis}};
constexpr std::pair<std::string_view, BreakerRateArithmetic> kRateArithmetic[] = {
    {"exact", BreakerRateArithmetic::Exact}, {"float_percent", BreakerRateArithmetic::FloatPercent}};
constexpr std::pair<std::string_view, RateLimiterKind> kLimiterKinds[] = {
    {"token_bucket", RateLimiterKind::TokenBucket},
    {"fixed_window", RateLimiterKind::FixedWindow},
    {"sliding_log", RateLimiterKind::SlidingLog},
    {"sliding_window_counter", RateLimiterKind::SlidingWindowCounter}};
constexpr std::pair<std::string_view, RateLimitScope> kScopes[] = {{"global", RateLimitScope::Global},
                                                                   {"tenant", RateLimitScope::Tenant}};
constexpr std::pair<std::string_view, FallbackKind> kFallbackKinds[] = {{"static", FallbackKind::Static},
                                                                        {"cache", FallbackKind::Cache}};

// ---- values that are not plain ----

// A retry's backoff: an object of its own, written when anything in it differs from the default.
struct BackoffIo {
    static void read(JsonReader& r, std::string_view key, BackoffConfig& backoff) {
        if (const nlohmann::json* v = r.get(key))
            if (auto parsed = parseBackoff(*v, r.pathOf(key), r.diagnostics())) backoff = *parsed;
    }
    static nlohmann::ordered_json write(const BackoffConfig& backoff) { return toJson(backoff); }
};

// A list of outcome names.
struct OutcomeListIo {
    static void read(JsonReader& r, std::string_view key, OutcomeSet& outcomes) {
        const nlohmann::json* list = r.get(key);
        if (!list) return;
        if (!list->is_array()) {
            r.error(key, "expected a list of outcome names, got " + describeValue(*list));
            return;
        }
        outcomes = OutcomeSet{};
        const std::vector<std::string_view> names(kOutcomeNames.begin(), kOutcomeNames.end());
        for (std::size_t i = 0; i < list->size(); ++i)
            if (const auto index = r.matchChoice(indexPath(std::string(key), i), (*list)[i], names))
                outcomes.insert(static_cast<Outcome>(*index));
    }
    static nlohmann::ordered_json write(const OutcomeSet& outcomes) {
        auto list = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < kOutcomeCount; ++i)
            if (outcomes.contains(static_cast<Outcome>(i))) list.push_back(kOutcomeNames[i]);
        return list;
    }
};

// "compat" sets every rule that differs from Resilience4j at once; a rule's own key, read after it,
// wins. It is a shorthand for reading: the rules are written one by one.
void readBreakerCompat(JsonReader& r, std::string_view key, CircuitBreakerConfig& c) {
    BreakerCompat compat = BreakerCompat::ResilienceLab;
    if (readEnum(r, key, compat, kBreakerCompat) && compat == BreakerCompat::Resilience4j)
        c.useResilience4jRules();
}

// ---- one table per policy: key, member, JSON kind, write and reset rules ----
// Rows are in the documentation's key order, which is also the order of reading and writing.

using BC = BackoffConfig;
constexpr Field<BC> kBackoffFields[] = {
    choiceField<&BC::kind, kBackoffKinds>("kind", kAlwaysWritten),
    millisField<&BC::base, Bound::NonNegative>("base_ms", kResettable),
    numberField<&BC::multiplier>("multiplier", kResettable),
    // max_ms must stay >= base_ms, which may have been written larger than max_ms's default.
    millisField<&BC::max, Bound::NonNegative>("max_ms").resetBy(
        [](BC& x) { x.max = std::max(BC{}.max, x.base); }),
    choiceField<&BC::jitter, kJitterKinds>("jitter"),
    numberField<&BC::jitterFraction>("jitter_fraction", kResettable),
};

constexpr Field<RetryConfig> kRetryFields[] = {
    integerField<&RetryConfig::maxAttempts>("max_attempts", kAlwaysWritten | kResettable),
    makeField<&RetryConfig::backoff, BackoffIo>("backoff", kWrittenIfChanged),
    makeField<&RetryConfig::retryOn, OutcomeListIo>("retry_on", kResettable),
    boolField<&RetryConfig::honorRetryAfter>("honor_retry_after"),
    millisField<&RetryConfig::maxRetryAfter, Bound::Positive>("max_retry_after_ms", kResettable),
};

using CB = CircuitBreakerConfig;
constexpr Field<CB> kCircuitBreakerFields[] = {
    choiceField<&CB::window, kWindows>("window", kAlwaysWritten),
    integerField<&CB::windowSize>("window_size", kResettable),
    integerField<&CB::failureThreshold>("failure_threshold", kResettable),
    numberField<&CB::failureRateThreshold>("failure_rate_threshold", kResettable),
    integerField<&CB::minimumCalls>("minimum_calls", kResettable),
    millisField<&CB::slowCall, Bound::Positive>("slow_call_ms"),
    numberField<&CB::slowCallRateThreshold>("slow_call_rate_threshold", kResettable),
    millisField<&CB::openDuration, Bound::Positive>("open_duration_ms"),
    numberField<&CB::openDurationMultiplier>("open_duration_multiplier", kResettable),
    millisField<&CB::maxOpenDuration, Bound::Positive>("max_open_duration_ms", kResettable),
    integerField<&CB::halfOpenCalls>("half_open_calls", kResettable),
    millisField<&CB::maxHalfOpen, Bound::Positive>("max_half_open_ms"),
    Field<CB>{"compat", readBreakerCompat, nullptr, nullptr, nullptr},
    choiceField<&CB::lateOutcomes, kLateOutcomes>("late_outcomes"),
    choiceField<&CB::trialFailure, kTrialFailure>("half_open_failure"),
    choiceField<&CB::openRounding, kOpenRounding>("open_duration_rounding"),
    choiceField<&CB::rateArithmetic, kRateArithmetic>("rate_arithmetic"),
};

constexpr Field<BulkheadConfig> kBulkheadFields[] = {
    integerField<&BulkheadConfig::maxConcurrent>("max_concurrent", kAlwaysWritten | kResettable),
    integerField<&BulkheadConfig::maxQueue>("max_queue", kAlwaysWritten | kResettable),
    millisField<&BulkheadConfig::maxWait, Bound::Positive>("max_wait_ms"),
};

using RL = RateLimiterConfig;
constexpr Field<RL> kRateLimiterFields[] = {
    choiceField<&RL::kind, kLimiterKinds>("kind", kAlwaysWritten),
    numberField<&RL::ratePerSecond>("rate_per_s", kResettable),
    numberField<&RL::burst>("burst", kResettable),
    integerField<&RL::limit>("limit", kResettable),
    millisField<&RL::window, Bound::Positive>("window_ms"),
    choiceField<&RL::per, kScopes>("per"),
    integerField<&RL::maxKeys>("max_keys", kResettable),
    secondsField<&RL::idleEviction, Bound::Positive>("idle_eviction_s"),
};

constexpr Field<LoadShedderConfig> kLoadShedderFields[] = {
    integerField<&LoadShedderConfig::maxInflight>("max_inflight", kAlwaysWritten | kResettable),
    priorityField<&LoadShedderConfig::protectPriority>("protect_priority"),
    integerField<&LoadShedderConfig::hardLimit>("hard_limit", kResettable), // default 0: twice max_inflight
};

constexpr Field<FallbackConfig> kFallbackFields[] = {
    choiceField<&FallbackConfig::kind, kFallbackKinds>("kind", kAlwaysWritten),
    secondsField<&FallbackConfig::ttl, Bound::Positive>("ttl_s"),
    boolField<&FallbackConfig::serveStale>("serve_stale"),
    secondsField<&FallbackConfig::maxStale, Bound::Positive>("max_stale_s", kResettable),
    integerField<&FallbackConfig::maxEntries>("max_entries", kResettable),
};

// Every rule of deadline propagation is a sign, already checked while reading: nothing to reset.
constexpr Field<DeadlinePropagationConfig> kDeadlinePropagationFields[] = {
    boolField<&DeadlinePropagationConfig::enabled>("enabled", kAlwaysWritten),
    millisField<&DeadlinePropagationConfig::buffer, Bound::NonNegative>("buffer_ms"),
    millisField<&DeadlinePropagationConfig::minimumBudget, Bound::Positive>("minimum_budget_ms"),
};

// The bounds depend on each other (min <= initial <= max, minimum_samples <= window): each reset keeps
// the partner's value valid.
using AT = AdaptiveTimeoutConfig;
constexpr Field<AT> kAdaptiveTimeoutFields[] = {
    numberField<&AT::percentile>("percentile", kResettable),
    numberField<&AT::factor>("factor", kResettable),
    millisField<&AT::min, Bound::Positive>("min_ms"),
    millisField<&AT::max, Bound::Positive>("max_ms").resetBy(
        [](AT& x) { x.max = std::max(AT{}.max, x.min); }),
    millisField<&AT::initial, Bound::Positive>("initial_ms").resetBy([](AT& x) {
        x.initial = std::clamp(AT{}.initial, x.min, x.max);
    }),
    integerField<&AT::window>("window", kResettable),
    integerField<&AT::minimumSamples>("minimum_samples").resetBy([](AT& x) {
        x.minimumSamples = std::min(AT{}.minimumSamples, x.window);
    }),
};

// The retry budget family (docs/primitives/retry-budgets.md): every rule is about one field, so
// resetting that field to its default clears it.
constexpr Field<RetryBudgetConfig> kRetryBudgetFields[] = {
    numberField<&RetryBudgetConfig::budgetPercent>("budget_percent", kResettable),
    integerField<&RetryBudgetConfig::minRetryConcurrency>("min_retry_concurrency", kResettable),
};

constexpr Field<RetryThrottleConfig> kRetryThrottleFields[] = {
    integerField<&RetryThrottleConfig::maxTokens>("max_tokens", kResettable),
    numberField<&RetryThrottleConfig::tokenRatio>("token_ratio", kResettable),
};

constexpr Field<AdaptiveThrottleConfig> kAdaptiveThrottleFields[] = {
    numberField<&AdaptiveThrottleConfig::k>("k", kResettable),
    integerField<&AdaptiveThrottleConfig::windowSeconds>("window_s", kResettable),
};

template <typename C, std::size_t N> std::span<const Field<C>> table(const Field<C> (&fields)[N]) {
    return fields;
}

nlohmann::ordered_json durationJson(Duration d, std::int64_t nsPerUnit) {
    if (d.count() % nsPerUnit == 0) return nlohmann::ordered_json(d.count() / nsPerUnit);
    return nlohmann::ordered_json(static_cast<double>(d.count()) / static_cast<double>(nsPerUnit));
}

} // namespace

namespace keys {
const std::vector<std::string_view> kBackoff = keysOf(table(kBackoffFields));
const std::vector<std::string_view> kRetry = keysOf(table(kRetryFields));
const std::vector<std::string_view> kCircuitBreaker = keysOf(table(kCircuitBreakerFields));
const std::vector<std::string_view> kBulkhead = keysOf(table(kBulkheadFields));
const std::vector<std::string_view> kRateLimiter = keysOf(table(kRateLimiterFields));
const std::vector<std::string_view> kLoadShedder = keysOf(table(kLoadShedderFields));
const std::vector<std::string_view> kFallback = keysOf(table(kFallbackFields));
const std::vector<std::string_view> kDeadlinePropagation = keysOf(table(kDeadlinePropagationFields));
const std::vector<std::string_view> kAdaptiveTimeout = keysOf(table(kAdaptiveTimeoutFields));
const std::vector<std::string_view> kRetryBudget = keysOf(table(kRetryBudgetFields));
const std::vector<std::string_view> kRetryThrottle = keysOf(table(kRetryThrottleFields));
const std::vector<std::string_view> kAdaptiveThrottle = keysOf(table(kAdaptiveThrottleFields));
} // namespace keys

nlohmann::ordered_json numberJson(double x) {
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e15)
        return nlohmann::ordered_json(static_cast<std::int64_t>(x));
    return nlohmann::ordered_json(x);
}

nlohmann::ordered_json millisJson(Duration d) {
    return durationJson(d, 1'000'000);
}
nlohmann::ordered_json secondsJson(Duration d) {
    return durationJson(d, 1'000'000'000);
}

std::string_view backoffKindName(BackoffKind kind) {
    return enumName(kind, kBackoffKinds);
}
std::string_view jitterKindName(JitterKind kind) {
    return enumName(kind, kJitterKinds);
}
std::string_view breakerWindowName(BreakerWindow window) {
    return enumName(window, kWindows);
}
std::string_view rateLimiterKindName(RateLimiterKind kind) {
    return enumName(kind, kLimiterKinds);
}
std::string_view rateLimitScopeName(RateLimitScope scope) {
    return enumName(scope, kScopes);
}
std::string_view fallbackKindName(FallbackKind kind) {
    return enumName(kind, kFallbackKinds);
}

// ---- parse and write, each driven by the policy's table ----

std::optional<BackoffConfig> parseBackoff(const nlohmann::json& value, const std::string& path,
                                          Diagnostics& out) {
    return parsePolicy(table(kBackoffFields), value, path, out);
}
nlohmann::ordered_json toJson(const BackoffConfig& config) {
    return policyToJson(table(kBackoffFields), config);
}

std::optional<RetryConfig> parseRetry(const nlohmann::json& value, const std::string& path,
                                      Diagnostics& out) {
    return parsePolicy(table(kRetryFields), value, path, out);
}
nlohmann::ordered_json toJson(const RetryConfig& config) {
    return policyToJson(table(kRetryFields), config);
}

std::optional<CircuitBreakerConfig> parseCircuitBreaker(const nlohmann::json& value, const std::string& path,
                                                        Diagnostics& out) {
    return parsePolicy(table(kCircuitBreakerFields), value, path, out);
}
nlohmann::ordered_json toJson(const CircuitBreakerConfig& config) {
    return policyToJson(table(kCircuitBreakerFields), config);
}

std::optional<BulkheadConfig> parseBulkhead(const nlohmann::json& value, const std::string& path,
                                            Diagnostics& out) {
    return parsePolicy(table(kBulkheadFields), value, path, out);
}
nlohmann::ordered_json toJson(const BulkheadConfig& config) {
    return policyToJson(table(kBulkheadFields), config);
}

std::optional<RateLimiterConfig> parseRateLimiter(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    return parsePolicy(table(kRateLimiterFields), value, path, out);
}
nlohmann::ordered_json toJson(const RateLimiterConfig& config) {
    return policyToJson(table(kRateLimiterFields), config);
}

std::optional<LoadShedderConfig> parseLoadShedder(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    return parsePolicy(table(kLoadShedderFields), value, path, out);
}
nlohmann::ordered_json toJson(const LoadShedderConfig& config) {
    return policyToJson(table(kLoadShedderFields), config);
}

std::optional<FallbackConfig> parseFallback(const nlohmann::json& value, const std::string& path,
                                            Diagnostics& out) {
    return parsePolicy(table(kFallbackFields), value, path, out);
}
nlohmann::ordered_json toJson(const FallbackConfig& config) {
    return policyToJson(table(kFallbackFields), config);
}

std::optional<DeadlinePropagationConfig> parseDeadlinePropagation(const nlohmann::json& value,
                                                                  const std::string& path, Diagnostics& out) {
    return parsePolicy(table(kDeadlinePropagationFields), value, path, out);
}
nlohmann::ordered_json toJson(const DeadlinePropagationConfig& config) {
    return policyToJson(table(kDeadlinePropagationFields), config);
}

std::optional<AdaptiveTimeoutConfig> parseAdaptiveTimeout(const nlohmann::json& value,
                                                          const std::string& path, Diagnostics& out) {
    return parsePolicy(table(kAdaptiveTimeoutFields), value, path, out);
}
nlohmann::ordered_json toJson(const AdaptiveTimeoutConfig& config) {
    return policyToJson(table(kAdaptiveTimeoutFields), config);
}

std::optional<RetryBudgetConfig> parseRetryBudget(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    return parsePolicy(table(kRetryBudgetFields), value, path, out);
}
nlohmann::ordered_json toJson(const RetryBudgetConfig& config) {
    return policyToJson(table(kRetryBudgetFields), config);
}

std::optional<RetryThrottleConfig> parseRetryThrottle(const nlohmann::json& value, const std::string& path,
                                                      Diagnostics& out) {
    return parsePolicy(table(kRetryThrottleFields), value, path, out);
}
nlohmann::ordered_json toJson(const RetryThrottleConfig& config) {
    return policyToJson(table(kRetryThrottleFields), config);
}

std::optional<AdaptiveThrottleConfig> parseAdaptiveThrottle(const nlohmann::json& value,
                                                            const std::string& path, Diagnostics& out) {
    return parsePolicy(table(kAdaptiveThrottleFields), value, path, out);
}
nlohmann::ordered_json toJson(const AdaptiveThrottleConfig& config) {
    return policyToJson(table(kAdaptiveThrottleFields), config);
}

} // namespace rl::scenario
