#pragma once
// JSON -> the retry-budget family's configs, with the scenario keys of docs/primitives/retry-budgets.md.
// Same contract as core/scenario/policy_json.h (absent keys keep defaults; every problem is added to
// `out` at its path; the config comes back only when there was none). They live here only because
// policy_json is shared: they are written to move there unchanged.
#include "core/primitives/adaptive_throttle_config.h"
#include "core/primitives/retry_budget_config.h"
#include "core/primitives/retry_throttle_config.h"
#include "core/scenario/diagnostics.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rl::scenario {

std::optional<RetryBudgetConfig> parseRetryBudget(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out);
std::optional<RetryThrottleConfig> parseRetryThrottle(const nlohmann::json& value, const std::string& path,
                                                      Diagnostics& out);
std::optional<AdaptiveThrottleConfig> parseAdaptiveThrottle(const nlohmann::json& value,
                                                            const std::string& path, Diagnostics& out);

} // namespace rl::scenario
