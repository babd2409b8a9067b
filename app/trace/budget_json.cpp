#include "app/trace/budget_json.h"

#include "core/scenario/json_reader.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace rl::scenario {
namespace {

// Runs config.validate() until it passes, reporting each failing field once at its path (unless the
// key was already reported as mistyped) and resetting it to its default to look for further problems.
// Every rule of these configs is about one field, so resetting that field always clears it.
template <typename C, typename Reset> bool validateEach(C config, JsonReader& r, Reset reset) {
    bool ok = true;
    for (int round = 0; round < 8; ++round) {
        try {
            config.validate();
            return ok;
        } catch (const ConfigError& e) {
            ok = false;
            const auto& failed = r.failedKeys();
            if (std::find(failed.begin(), failed.end(), e.field()) == failed.end())
                r.diagnostics().add(r.pathOf(e.field()), e.problem());
            reset(config, e.field());
        }
    }
    return false;
}

template <typename C> std::optional<C> finish(const C& config, const JsonReader& r, bool ok) {
    if (!ok || r.failed()) return std::nullopt;
    return config;
}

const std::vector<std::string_view> kRetryBudgetKeys = {"budget_percent", "min_retry_concurrency"};
const std::vector<std::string_view> kRetryThrottleKeys = {"max_tokens", "token_ratio"};
const std::vector<std::string_view> kAdaptiveThrottleKeys = {"k", "window_s"};

} // namespace

std::optional<RetryBudgetConfig> parseRetryBudget(const nlohmann::json& value, const std::string& path,
                                                  Diagnostics& out) {
    JsonReader r(value, path, out, kRetryBudgetKeys);
    RetryBudgetConfig c;
    r.readNumber("budget_percent", c.budgetPercent);
    r.readInt32("min_retry_concurrency", c.minRetryConcurrency);
    const bool ok = validateEach(c, r, [](RetryBudgetConfig& x, const std::string& f) {
        const RetryBudgetConfig d;
        if (f == "budget_percent") x.budgetPercent = d.budgetPercent;
        if (f == "min_retry_concurrency") x.minRetryConcurrency = d.minRetryConcurrency;
    });
    return finish(c, r, ok);
}

std::optional<RetryThrottleConfig> parseRetryThrottle(const nlohmann::json& value, const std::string& path,
                                                      Diagnostics& out) {
    JsonReader r(value, path, out, kRetryThrottleKeys);
    RetryThrottleConfig c;
    r.readInt32("max_tokens", c.maxTokens);
    r.readNumber("token_ratio", c.tokenRatio);
    const bool ok = validateEach(c, r, [](RetryThrottleConfig& x, const std::string& f) {
        const RetryThrottleConfig d;
        if (f == "max_tokens") x.maxTokens = d.maxTokens;
        if (f == "token_ratio") x.tokenRatio = d.tokenRatio;
    });
    return finish(c, r, ok);
}

std::optional<AdaptiveThrottleConfig> parseAdaptiveThrottle(const nlohmann::json& value,
                                                            const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, kAdaptiveThrottleKeys);
    AdaptiveThrottleConfig c;
    r.readNumber("k", c.k);
    r.readInt32("window_s", c.windowSeconds);
    const bool ok = validateEach(c, r, [](AdaptiveThrottleConfig& x, const std::string& f) {
        const AdaptiveThrottleConfig d;
        if (f == "k") x.k = d.k;
        if (f == "window_s") x.windowSeconds = d.windowSeconds;
    });
    return finish(c, r, ok);
}

} // namespace rl::scenario
