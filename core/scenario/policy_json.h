#pragma once
// JSON <-> policy configs, with the scenario format's keys (docs/scenario-format.md). Used by the
// scenario loader and by the trace drivers' --config.
//
// parseXxx(value, path, out): reads the object `value` found at JSON path `path` ("" for a top-level
// --config). Absent keys keep the config's defaults. Every problem is added to `out` with its full
// path ("services[0].calls[0].retry.backoff.base_ms: must be >= 0, got -1"): wrong types, unknown keys
// (with a "did you mean"), durations that do not fit int64 nanoseconds (checked before converting),
// and every range rule of the config's validate(), turned into a Diagnostic at path + "." + field.
// Returns the config only when there was no problem.
//
// toJson(config): writes the keys whose value differs from the default, plus the kind-like keys
// ("kind", "window") always, so a saved scenario stays close to what its author wrote.
// parseXxx(toJson(c)) gives back c exactly (durations are written in ms or s, with fractions when
// they are not whole).
//
// Each policy's keys are spelled once, in a table in policy_json.cpp (one row per key: member, JSON
// kind, write and reset rules; see policy_fields.h) that drives parseXxx, toJson and keys::.
#include "core/primitives/adaptive_throttle_config.h"
#include "core/primitives/bulkhead_config.h"
#include "core/primitives/circuit_breaker_config.h"
#include "core/primitives/fallback_config.h"
#include "core/primitives/load_shedder_config.h"
#include "core/primitives/rate_limiter_config.h"
#include "core/primitives/retry_budget_config.h"
#include "core/primitives/retry_config.h"
#include "core/primitives/retry_throttle_config.h"
#include "core/primitives/timeout_config.h"
#include "core/scenario/diagnostics.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario {

std::optional<BackoffConfig> parseBackoff(const nlohmann::json& value, const std::string& path,
                                          Diagnostics& out);
std::optional<RetryConfig> parseRetry(const nlohmann::json& value, const std::string& path, Diagnostics& out);
std::optional<CircuitBreakerConfig> parseCircuitBreaker(const nlohmann::json& value, const std::string& path,
                                                        Diagnostics& out);
std::optional<BulkheadConfig> parseBulkhead(const nlohmann::json& value, const std::string& path,
                                            Diagnostics& out);
std::optional<RateLimiterConfig> parseRateLimiter(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out);
std::optional<LoadShedderConfig> parseLoadShedder(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out);
std::optional<FallbackConfig> parseFallback(const nlohmann::json& value, const std::string& path,
                                            Diagnostics& out);
std::optional<DeadlinePropagationConfig> parseDeadlinePropagation(const nlohmann::json& value,
                                                                  const std::string& path, Diagnostics& out);
std::optional<AdaptiveTimeoutConfig> parseAdaptiveTimeout(const nlohmann::json& value,
                                                          const std::string& path, Diagnostics& out);
std::optional<RetryBudgetConfig> parseRetryBudget(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out);
std::optional<RetryThrottleConfig> parseRetryThrottle(const nlohmann::json& value, const std::string& path,
                                                      Diagnostics& out);
std::optional<AdaptiveThrottleConfig> parseAdaptiveThrottle(const nlohmann::json& value,
                                                            const std::string& path, Diagnostics& out);

nlohmann::ordered_json toJson(const BackoffConfig& config);
nlohmann::ordered_json toJson(const RetryConfig& config);
nlohmann::ordered_json toJson(const CircuitBreakerConfig& config);
nlohmann::ordered_json toJson(const BulkheadConfig& config);
nlohmann::ordered_json toJson(const RateLimiterConfig& config);
nlohmann::ordered_json toJson(const LoadShedderConfig& config);
nlohmann::ordered_json toJson(const FallbackConfig& config);
nlohmann::ordered_json toJson(const DeadlinePropagationConfig& config);
nlohmann::ordered_json toJson(const AdaptiveTimeoutConfig& config);
nlohmann::ordered_json toJson(const RetryBudgetConfig& config);
nlohmann::ordered_json toJson(const RetryThrottleConfig& config);
nlohmann::ordered_json toJson(const AdaptiveThrottleConfig& config);

// The keys each policy object accepts (its schema), in the order toJson writes them.
namespace keys {
extern const std::vector<std::string_view> kBackoff;
extern const std::vector<std::string_view> kRetry;
extern const std::vector<std::string_view> kCircuitBreaker;
extern const std::vector<std::string_view> kBulkhead;
extern const std::vector<std::string_view> kRateLimiter;
extern const std::vector<std::string_view> kLoadShedder;
extern const std::vector<std::string_view> kFallback;
extern const std::vector<std::string_view> kDeadlinePropagation;
extern const std::vector<std::string_view> kAdaptiveTimeout;
extern const std::vector<std::string_view> kRetryBudget;
extern const std::vector<std::string_view> kRetryThrottle;
extern const std::vector<std::string_view> kAdaptiveThrottle;
} // namespace keys

// Names of enum values as written in JSON.
std::string_view backoffKindName(BackoffKind kind);
std::string_view jitterKindName(JitterKind kind);
std::string_view breakerWindowName(BreakerWindow window);
std::string_view rateLimiterKindName(RateLimiterKind kind);
std::string_view rateLimitScopeName(RateLimitScope scope);
std::string_view fallbackKindName(FallbackKind kind);

// A duration as JSON milliseconds / seconds: a whole number when exact, else a fraction.
nlohmann::ordered_json millisJson(Duration d);
nlohmann::ordered_json secondsJson(Duration d);
// A double as JSON: a whole number is written without ".0".
nlohmann::ordered_json numberJson(double x);

} // namespace rl::scenario
