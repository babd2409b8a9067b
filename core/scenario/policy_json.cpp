#include "core/scenario/policy_json.h"

#include "core/common/config_error.h"
#include "core/scenario/json_reader.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace rl::scenario {

namespace keys {
const std::vector<std::string_view> kBackoff = {"kind",   "base_ms", "multiplier",
                                                "max_ms", "jitter",  "jitter_fraction"};
const std::vector<std::string_view> kRetry = {"max_attempts", "backoff", "retry_on", "honor_retry_after",
                                              "max_retry_after_ms"};
const std::vector<std::string_view> kCircuitBreaker = {"window",
                                                       "window_size",
                                                       "failure_threshold",
                                                       "failure_rate_threshold",
                                                       "minimum_calls",
                                                       "slow_call_ms",
                                                       "slow_call_rate_threshold",
                                                       "open_duration_ms",
                                                       "open_duration_multiplier",
                                                       "max_open_duration_ms",
                                                       "half_open_calls",
                                                       "max_half_open_ms",
                                                       "compat",
                                                       "late_outcomes",
                                                       "half_open_failure",
                                                       "open_duration_rounding",
                                                       "rate_arithmetic"};
const std::vector<std::string_view> kBulkhead = {"max_concurrent", "max_queue", "max_wait_ms"};
const std::vector<std::string_view> kRateLimiter = {"kind",      "rate_per_s", "burst",    "limit",
                                                    "window_ms", "per",        "max_keys", "idle_eviction_s"};
const std::vector<std::string_view> kLoadShedder = {"max_inflight", "protect_priority", "hard_limit"};
const std::vector<std::string_view> kFallback = {"kind", "ttl_s", "serve_stale", "max_stale_s",
                                                 "max_entries"};
const std::vector<std::string_view> kDeadlinePropagation = {"enabled", "buffer_ms", "minimum_budget_ms"};
const std::vector<std::string_view> kAdaptiveTimeout = {"percentile", "factor", "min_ms",         "max_ms",
                                                        "initial_ms", "window", "minimum_samples"};
const std::vector<std::string_view> kRetryBudget = {"budget_percent", "min_retry_concurrency"};
const std::vector<std::string_view> kRetryThrottle = {"max_tokens", "token_ratio"};
const std::vector<std::string_view> kAdaptiveThrottle = {"k", "window_s"};
} // namespace keys

namespace {

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

// Runs config.validate() and records its complaint; to report every range problem at once, the
// offending field is reset to its default (by `reset`) and validation runs again, until it passes or a
// field complains twice (a rule between two fields). A complaint about a key the author did not write
// says so, since the default is then the culprit's partner.
template <typename C, typename Reset> bool validateAll(C config, JsonReader& r, Reset reset) {
    std::vector<std::string> seen;
    for (int round = 0; round < 32; ++round) {
        try {
            config.validate();
            return seen.empty();
        } catch (const ConfigError& e) {
            if (std::find(seen.begin(), seen.end(), e.field()) != seen.end()) return false;
            seen.push_back(e.field());
            // A key already reported as mistyped kept its default: stay quiet about it and about rules
            // that involve it.
            bool involvesFailedKey = false;
            for (const auto& key : r.failedKeys())
                if (key == e.field() || e.problem().find(key) != std::string::npos) involvesFailedKey = true;
            if (involvesFailedKey) {
                if (!reset(config, e.field())) return false;
                continue;
            }
            std::string message = e.problem();
            if (r.isObject() && !r.has(e.field())) message += " (the default: " + e.field() + " is not set)";
            r.diagnostics().add(r.pathOf(e.field()), std::move(message));
            if (!reset(config, e.field())) return false;
        }
    }
    return false;
}

template <typename C> std::optional<C> finish(C config, JsonReader& r, bool ok) {
    if (!ok || r.failed() || !r.isObject()) return std::nullopt;
    return config;
}

} // namespace

nlohmann::ordered_json numberJson(double x) {
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e15)
        return nlohmann::ordered_json(static_cast<std::int64_t>(x));
    return nlohmann::ordered_json(x);
}

namespace {
nlohmann::ordered_json durationJson(Duration d, std::int64_t nsPerUnit) {
    if (d.count() % nsPerUnit == 0) return nlohmann::ordered_json(d.count() / nsPerUnit);
    return nlohmann::ordered_json(static_cast<double>(d.count()) / static_cast<double>(nsPerUnit));
}
} // namespace

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

// ---- Backoff ----

std::optional<BackoffConfig> parseBackoff(const nlohmann::json& value, const std::string& path,
                                          Diagnostics& out) {
    JsonReader r(value, path, out, keys::kBackoff);
    BackoffConfig c;
    readEnum(r, "kind", c.kind, kBackoffKinds);
    r.readMillis("base_ms", c.base, Bound::NonNegative);
    r.readNumber("multiplier", c.multiplier);
    r.readMillis("max_ms", c.max, Bound::NonNegative);
    readEnum(r, "jitter", c.jitter, kJitterKinds);
    r.readNumber("jitter_fraction", c.jitterFraction);
    const bool ok = validateAll(c, r, [](BackoffConfig& x, const std::string& f) {
        const BackoffConfig d;
        if (f == "base_ms")
            x.base = d.base;
        else if (f == "multiplier")
            x.multiplier = d.multiplier;
        else if (f == "max_ms")
            x.max = std::max(d.max, x.base);
        else if (f == "jitter_fraction")
            x.jitterFraction = d.jitterFraction;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const BackoffConfig& c) {
    const BackoffConfig d;
    nlohmann::ordered_json j;
    j["kind"] = backoffKindName(c.kind);
    if (c.base != d.base) j["base_ms"] = millisJson(c.base);
    if (c.multiplier != d.multiplier) j["multiplier"] = numberJson(c.multiplier);
    if (c.max != d.max) j["max_ms"] = millisJson(c.max);
    if (c.jitter != d.jitter) j["jitter"] = jitterKindName(c.jitter);
    if (c.jitterFraction != d.jitterFraction) j["jitter_fraction"] = numberJson(c.jitterFraction);
    return j;
}

// ---- Retry ----

std::optional<RetryConfig> parseRetry(const nlohmann::json& value, const std::string& path,
                                      Diagnostics& out) {
    JsonReader r(value, path, out, keys::kRetry);
    RetryConfig c;
    r.readInt32("max_attempts", c.maxAttempts);
    if (const nlohmann::json* b = r.get("backoff")) {
        if (auto backoff = parseBackoff(*b, r.pathOf("backoff"), out)) c.backoff = *backoff;
    }
    if (const nlohmann::json* list = r.get("retry_on")) {
        if (!list->is_array()) {
            r.error("retry_on", "expected a list of outcome names, got " + describeValue(*list));
        } else {
            c.retryOn = OutcomeSet{};
            const std::vector<std::string_view> names(kOutcomeNames.begin(), kOutcomeNames.end());
            for (std::size_t i = 0; i < list->size(); ++i) {
                const auto& item = (*list)[i];
                const auto index = r.matchChoice(indexPath("retry_on", i), item, names);
                if (index) c.retryOn.insert(static_cast<Outcome>(*index));
            }
        }
    }
    r.readBool("honor_retry_after", c.honorRetryAfter);
    r.readMillis("max_retry_after_ms", c.maxRetryAfter, Bound::Positive);
    const bool ok = validateAll(c, r, [](RetryConfig& x, const std::string& f) {
        const RetryConfig d;
        if (f == "max_attempts")
            x.maxAttempts = d.maxAttempts;
        else if (f == "retry_on")
            x.retryOn = d.retryOn;
        else if (f == "max_retry_after_ms")
            x.maxRetryAfter = d.maxRetryAfter;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const RetryConfig& c) {
    const RetryConfig d;
    nlohmann::ordered_json j;
    j["max_attempts"] = c.maxAttempts;
    const auto backoff = toJson(c.backoff);
    if (backoff.size() > 1 || c.backoff.kind != d.backoff.kind) j["backoff"] = backoff;
    if (c.retryOn != d.retryOn) {
        j["retry_on"] = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < kOutcomeCount; ++i)
            if (c.retryOn.contains(static_cast<Outcome>(i))) j["retry_on"].push_back(kOutcomeNames[i]);
    }
    if (c.honorRetryAfter != d.honorRetryAfter) j["honor_retry_after"] = c.honorRetryAfter;
    if (c.maxRetryAfter != d.maxRetryAfter) j["max_retry_after_ms"] = millisJson(c.maxRetryAfter);
    return j;
}

// ---- Circuit breaker ----

std::optional<CircuitBreakerConfig> parseCircuitBreaker(const nlohmann::json& value, const std::string& path,
                                                        Diagnostics& out) {
    JsonReader r(value, path, out, keys::kCircuitBreaker);
    CircuitBreakerConfig c;
    readEnum(r, "window", c.window, kWindows);
    r.readInt32("window_size", c.windowSize);
    r.readInt32("failure_threshold", c.failureThreshold);
    r.readNumber("failure_rate_threshold", c.failureRateThreshold);
    r.readInt32("minimum_calls", c.minimumCalls);
    r.readMillis("slow_call_ms", c.slowCall, Bound::Positive);
    r.readNumber("slow_call_rate_threshold", c.slowCallRateThreshold);
    r.readMillis("open_duration_ms", c.openDuration, Bound::Positive);
    r.readNumber("open_duration_multiplier", c.openDurationMultiplier);
    r.readMillis("max_open_duration_ms", c.maxOpenDuration, Bound::Positive);
    r.readInt32("half_open_calls", c.halfOpenCalls);
    r.readMillis("max_half_open_ms", c.maxHalfOpen, Bound::Positive);
    // "compat" sets every rule below; a rule's own key, when present, wins over it.
    BreakerCompat compat = BreakerCompat::ResilienceLab;
    if (readEnum(r, "compat", compat, kBreakerCompat) && compat == BreakerCompat::Resilience4j)
        c.useResilience4jRules();
    readEnum(r, "late_outcomes", c.lateOutcomes, kLateOutcomes);
    readEnum(r, "half_open_failure", c.trialFailure, kTrialFailure);
    readEnum(r, "open_duration_rounding", c.openRounding, kOpenRounding);
    readEnum(r, "rate_arithmetic", c.rateArithmetic, kRateArithmetic);
    const bool ok = validateAll(c, r, [](CircuitBreakerConfig& x, const std::string& f) {
        const CircuitBreakerConfig d;
        if (f == "window_size")
            x.windowSize = d.windowSize;
        else if (f == "failure_threshold")
            x.failureThreshold = d.failureThreshold;
        else if (f == "failure_rate_threshold")
            x.failureRateThreshold = d.failureRateThreshold;
        else if (f == "slow_call_rate_threshold")
            x.slowCallRateThreshold = d.slowCallRateThreshold;
        else if (f == "minimum_calls")
            x.minimumCalls = d.minimumCalls;
        else if (f == "open_duration_multiplier")
            x.openDurationMultiplier = d.openDurationMultiplier;
        else if (f == "max_open_duration_ms")
            x.maxOpenDuration = d.maxOpenDuration;
        else if (f == "half_open_calls")
            x.halfOpenCalls = d.halfOpenCalls;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const CircuitBreakerConfig& c) {
    const CircuitBreakerConfig d;
    nlohmann::ordered_json j;
    j["window"] = breakerWindowName(c.window);
    if (c.windowSize != d.windowSize) j["window_size"] = c.windowSize;
    if (c.failureThreshold != d.failureThreshold) j["failure_threshold"] = c.failureThreshold;
    if (c.failureRateThreshold != d.failureRateThreshold)
        j["failure_rate_threshold"] = numberJson(c.failureRateThreshold);
    if (c.minimumCalls != d.minimumCalls) j["minimum_calls"] = c.minimumCalls;
    if (c.slowCall != d.slowCall) j["slow_call_ms"] = millisJson(c.slowCall);
    if (c.slowCallRateThreshold != d.slowCallRateThreshold)
        j["slow_call_rate_threshold"] = numberJson(c.slowCallRateThreshold);
    if (c.openDuration != d.openDuration) j["open_duration_ms"] = millisJson(c.openDuration);
    if (c.openDurationMultiplier != d.openDurationMultiplier)
        j["open_duration_multiplier"] = numberJson(c.openDurationMultiplier);
    if (c.maxOpenDuration != d.maxOpenDuration) j["max_open_duration_ms"] = millisJson(c.maxOpenDuration);
    if (c.halfOpenCalls != d.halfOpenCalls) j["half_open_calls"] = c.halfOpenCalls;
    if (c.maxHalfOpen != d.maxHalfOpen) j["max_half_open_ms"] = millisJson(c.maxHalfOpen);
    // The rules are written one by one ("compat" is a shorthand for reading).
    if (c.lateOutcomes != d.lateOutcomes) j["late_outcomes"] = enumName(c.lateOutcomes, kLateOutcomes);
    if (c.trialFailure != d.trialFailure) j["half_open_failure"] = enumName(c.trialFailure, kTrialFailure);
    if (c.openRounding != d.openRounding)
        j["open_duration_rounding"] = enumName(c.openRounding, kOpenRounding);
    if (c.rateArithmetic != d.rateArithmetic)
        j["rate_arithmetic"] = enumName(c.rateArithmetic, kRateArithmetic);
    return j;
}

// ---- Bulkhead ----

std::optional<BulkheadConfig> parseBulkhead(const nlohmann::json& value, const std::string& path,
                                            Diagnostics& out) {
    JsonReader r(value, path, out, keys::kBulkhead);
    BulkheadConfig c;
    r.readInt32("max_concurrent", c.maxConcurrent);
    r.readInt32("max_queue", c.maxQueue);
    r.readMillis("max_wait_ms", c.maxWait, Bound::Positive);
    const bool ok = validateAll(c, r, [](BulkheadConfig& x, const std::string& f) {
        const BulkheadConfig d;
        if (f == "max_concurrent")
            x.maxConcurrent = d.maxConcurrent;
        else if (f == "max_queue")
            x.maxQueue = d.maxQueue;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const BulkheadConfig& c) {
    const BulkheadConfig d;
    nlohmann::ordered_json j;
    j["max_concurrent"] = c.maxConcurrent;
    j["max_queue"] = c.maxQueue;
    if (c.maxWait != d.maxWait) j["max_wait_ms"] = millisJson(c.maxWait);
    return j;
}

// ---- Rate limiter ----

std::optional<RateLimiterConfig> parseRateLimiter(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    JsonReader r(value, path, out, keys::kRateLimiter);
    RateLimiterConfig c;
    readEnum(r, "kind", c.kind, kLimiterKinds);
    r.readNumber("rate_per_s", c.ratePerSecond);
    r.readNumber("burst", c.burst);
    r.readInt32("limit", c.limit);
    r.readMillis("window_ms", c.window, Bound::Positive);
    readEnum(r, "per", c.per, kScopes);
    r.readInt32("max_keys", c.maxKeys);
    r.readSeconds("idle_eviction_s", c.idleEviction, Bound::Positive);
    const bool ok = validateAll(c, r, [](RateLimiterConfig& x, const std::string& f) {
        const RateLimiterConfig d;
        if (f == "rate_per_s")
            x.ratePerSecond = d.ratePerSecond;
        else if (f == "burst")
            x.burst = d.burst;
        else if (f == "limit")
            x.limit = d.limit;
        else if (f == "max_keys")
            x.maxKeys = d.maxKeys;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const RateLimiterConfig& c) {
    const RateLimiterConfig d;
    nlohmann::ordered_json j;
    j["kind"] = rateLimiterKindName(c.kind);
    if (c.ratePerSecond != d.ratePerSecond) j["rate_per_s"] = numberJson(c.ratePerSecond);
    if (c.burst != d.burst) j["burst"] = numberJson(c.burst);
    if (c.limit != d.limit) j["limit"] = c.limit;
    if (c.window != d.window) j["window_ms"] = millisJson(c.window);
    if (c.per != d.per) j["per"] = rateLimitScopeName(c.per);
    if (c.maxKeys != d.maxKeys) j["max_keys"] = c.maxKeys;
    if (c.idleEviction != d.idleEviction) j["idle_eviction_s"] = secondsJson(c.idleEviction);
    return j;
}

// ---- Load shedder ----

std::optional<LoadShedderConfig> parseLoadShedder(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    JsonReader r(value, path, out, keys::kLoadShedder);
    LoadShedderConfig c;
    r.readInt32("max_inflight", c.maxInflight);
    readPriority(r, "protect_priority", c.protectPriority);
    r.readInt32("hard_limit", c.hardLimit);
    const bool ok = validateAll(c, r, [](LoadShedderConfig& x, const std::string& f) {
        if (f == "max_inflight")
            x.maxInflight = LoadShedderConfig{}.maxInflight;
        else if (f == "hard_limit")
            x.hardLimit = 0;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const LoadShedderConfig& c) {
    const LoadShedderConfig d;
    nlohmann::ordered_json j;
    j["max_inflight"] = c.maxInflight;
    if (c.protectPriority != d.protectPriority) j["protect_priority"] = priorityName(c.protectPriority);
    if (c.hardLimit != d.hardLimit) j["hard_limit"] = c.hardLimit;
    return j;
}

// ---- Fallback ----

std::optional<FallbackConfig> parseFallback(const nlohmann::json& value, const std::string& path,
                                            Diagnostics& out) {
    JsonReader r(value, path, out, keys::kFallback);
    FallbackConfig c;
    readEnum(r, "kind", c.kind, kFallbackKinds);
    r.readSeconds("ttl_s", c.ttl, Bound::Positive);
    r.readBool("serve_stale", c.serveStale);
    r.readSeconds("max_stale_s", c.maxStale, Bound::Positive);
    r.readInt32("max_entries", c.maxEntries);
    const bool ok = validateAll(c, r, [](FallbackConfig& x, const std::string& f) {
        if (f == "max_entries")
            x.maxEntries = FallbackConfig{}.maxEntries;
        else if (f == "max_stale_s")
            x.maxStale = FallbackConfig{}.maxStale;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const FallbackConfig& c) {
    const FallbackConfig d;
    nlohmann::ordered_json j;
    j["kind"] = fallbackKindName(c.kind);
    if (c.ttl != d.ttl) j["ttl_s"] = secondsJson(c.ttl);
    if (c.serveStale != d.serveStale) j["serve_stale"] = c.serveStale;
    if (c.maxStale != d.maxStale) j["max_stale_s"] = secondsJson(c.maxStale);
    if (c.maxEntries != d.maxEntries) j["max_entries"] = c.maxEntries;
    return j;
}

// ---- Deadline propagation ----

std::optional<DeadlinePropagationConfig> parseDeadlinePropagation(const nlohmann::json& value,
                                                                  const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, keys::kDeadlinePropagation);
    DeadlinePropagationConfig c;
    r.readBool("enabled", c.enabled);
    r.readMillis("buffer_ms", c.buffer, Bound::NonNegative);
    r.readMillis("minimum_budget_ms", c.minimumBudget, Bound::Positive);
    const bool ok = validateAll(c, r, [](DeadlinePropagationConfig&, const std::string&) {
        return false; // every rule is a sign, already checked while reading
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const DeadlinePropagationConfig& c) {
    const DeadlinePropagationConfig d;
    nlohmann::ordered_json j;
    j["enabled"] = c.enabled;
    if (c.buffer != d.buffer) j["buffer_ms"] = millisJson(c.buffer);
    if (c.minimumBudget != d.minimumBudget) j["minimum_budget_ms"] = millisJson(c.minimumBudget);
    return j;
}

// ---- Adaptive timeout ----

std::optional<AdaptiveTimeoutConfig> parseAdaptiveTimeout(const nlohmann::json& value,
                                                          const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, keys::kAdaptiveTimeout);
    AdaptiveTimeoutConfig c;
    r.readNumber("percentile", c.percentile);
    r.readNumber("factor", c.factor);
    r.readMillis("min_ms", c.min, Bound::Positive);
    r.readMillis("max_ms", c.max, Bound::Positive);
    r.readMillis("initial_ms", c.initial, Bound::Positive);
    r.readInt32("window", c.window);
    r.readInt32("minimum_samples", c.minimumSamples);
    const bool ok = validateAll(c, r, [](AdaptiveTimeoutConfig& x, const std::string& f) {
        const AdaptiveTimeoutConfig d;
        if (f == "percentile")
            x.percentile = d.percentile;
        else if (f == "factor")
            x.factor = d.factor;
        else if (f == "max_ms")
            x.max = std::max(d.max, x.min);
        else if (f == "initial_ms")
            x.initial = std::clamp(d.initial, x.min, x.max);
        else if (f == "window")
            x.window = d.window;
        else if (f == "minimum_samples")
            x.minimumSamples = std::min(d.minimumSamples, x.window);
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const AdaptiveTimeoutConfig& c) {
    const AdaptiveTimeoutConfig d;
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (c.percentile != d.percentile) j["percentile"] = numberJson(c.percentile);
    if (c.factor != d.factor) j["factor"] = numberJson(c.factor);
    if (c.min != d.min) j["min_ms"] = millisJson(c.min);
    if (c.max != d.max) j["max_ms"] = millisJson(c.max);
    if (c.initial != d.initial) j["initial_ms"] = millisJson(c.initial);
    if (c.window != d.window) j["window"] = c.window;
    if (c.minimumSamples != d.minimumSamples) j["minimum_samples"] = c.minimumSamples;
    return j;
}

// ---- Retry budget family (docs/primitives/retry-budgets.md) ----
// Every rule of these configs is about one field, so resetting that field to its default clears it.

std::optional<RetryBudgetConfig> parseRetryBudget(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    JsonReader r(value, path, out, keys::kRetryBudget);
    RetryBudgetConfig c;
    r.readNumber("budget_percent", c.budgetPercent);
    r.readInt32("min_retry_concurrency", c.minRetryConcurrency);
    const bool ok = validateAll(c, r, [](RetryBudgetConfig& x, const std::string& f) {
        const RetryBudgetConfig d;
        if (f == "budget_percent")
            x.budgetPercent = d.budgetPercent;
        else if (f == "min_retry_concurrency")
            x.minRetryConcurrency = d.minRetryConcurrency;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const RetryBudgetConfig& c) {
    const RetryBudgetConfig d;
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (c.budgetPercent != d.budgetPercent) j["budget_percent"] = numberJson(c.budgetPercent);
    if (c.minRetryConcurrency != d.minRetryConcurrency) j["min_retry_concurrency"] = c.minRetryConcurrency;
    return j;
}

std::optional<RetryThrottleConfig> parseRetryThrottle(const nlohmann::json& value, const std::string& path,
                                                      Diagnostics& out) {
    JsonReader r(value, path, out, keys::kRetryThrottle);
    RetryThrottleConfig c;
    r.readInt32("max_tokens", c.maxTokens);
    r.readNumber("token_ratio", c.tokenRatio);
    const bool ok = validateAll(c, r, [](RetryThrottleConfig& x, const std::string& f) {
        const RetryThrottleConfig d;
        if (f == "max_tokens")
            x.maxTokens = d.maxTokens;
        else if (f == "token_ratio")
            x.tokenRatio = d.tokenRatio;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const RetryThrottleConfig& c) {
    const RetryThrottleConfig d;
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (c.maxTokens != d.maxTokens) j["max_tokens"] = c.maxTokens;
    if (c.tokenRatio != d.tokenRatio) j["token_ratio"] = numberJson(c.tokenRatio);
    return j;
}

std::optional<AdaptiveThrottleConfig> parseAdaptiveThrottle(const nlohmann::json& value,
                                                            const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, keys::kAdaptiveThrottle);
    AdaptiveThrottleConfig c;
    r.readNumber("k", c.k);
    r.readInt32("window_s", c.windowSeconds);
    const bool ok = validateAll(c, r, [](AdaptiveThrottleConfig& x, const std::string& f) {
        const AdaptiveThrottleConfig d;
        if (f == "k")
            x.k = d.k;
        else if (f == "window_s")
            x.windowSeconds = d.windowSeconds;
        else
            return false;
        return true;
    });
    return finish(c, r, ok);
}

nlohmann::ordered_json toJson(const AdaptiveThrottleConfig& c) {
    const AdaptiveThrottleConfig d;
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (c.k != d.k) j["k"] = numberJson(c.k);
    if (c.windowSeconds != d.windowSeconds) j["window_s"] = c.windowSeconds;
    return j;
}

} // namespace rl::scenario
