#pragma once
// A small reader over nlohmann::json for hand-written documents: it walks one JSON object at a path
// such as "services[1].calls[0].retry", reads typed values into plain structs and records every
// problem as a Diagnostic (never throws), e.g.
//   services[1].calls[0].retry.max_attempts: expected an integer, got "three"
//   services[0].calls[0].retyr: unknown key; did you mean "retry"?
// A reader is built with the object's schema (the list of keys it accepts): unknown keys are reported
// at construction, with a "did you mean" from the schema. Absent keys leave the target unchanged, so
// the struct's defaults apply.
#include "core/common/outcome.h"
#include "core/common/time.h"
#include "core/scenario/diagnostics.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rl::scenario {

// Levenshtein distance (insertions, deletions, substitutions), ASCII case-insensitive.
std::size_t editDistance(std::string_view a, std::string_view b);
// The candidate nearest to `word` if it is near enough to be a likely typo, else nullopt.
std::optional<std::string> suggestName(std::string_view word,
                                       const std::vector<std::string_view>& candidates);
// A short rendering of a value for messages: "abc" (quoted), 12, true, [1,2] (cut after 60 chars).
std::string describeValue(const nlohmann::json& value);
// A number as users wrote it: 0.5, 100, 1e+300 (no trailing zeros).
std::string formatNumber(double value);
// A name in double quotes, JSON-escaped: checkout -> "checkout".
std::string quoteName(std::string_view s);
// "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string childPath(const std::string& parent, std::string_view key);
// "a" + 3 -> "a[3]".
std::string indexPath(const std::string& parent, std::size_t index);

// Largest magnitude of a duration, in nanoseconds, that int64 holds (about 292 years).
inline constexpr double kMaxDurationNs = 9.2e18;

enum class Bound : std::uint8_t {
    Any,
    NonNegative, // >= 0
    Positive,    // > 0
};

class JsonReader {
public:
    // Checks that `value` is an object and that every key is in `keys` (reported otherwise).
    // `value` must outlive the reader.
    JsonReader(const nlohmann::json& value, std::string path, Diagnostics& out,
               std::vector<std::string_view> keys);

    bool isObject() const { return m_object != nullptr; }
    // True when any problem was recorded (by this reader or any other) since this reader was built.
    bool failed() const { return m_out.size() > m_startCount; }
    const std::string& path() const { return m_path; }
    std::string pathOf(std::string_view key) const { return childPath(m_path, key); }
    Diagnostics& diagnostics() { return m_out; }

    bool has(std::string_view key) const;
    // The value at `key`, or nullptr when absent (or when this is not an object).
    const nlohmann::json* get(std::string_view key) const;
    // Adds "missing required key" at `key` if it is absent; returns whether it is present.
    bool require(std::string_view key);
    // Records a problem about `key`.
    void error(std::string_view key, std::string message);
    // Keys (or "key[i]" items) found wrong so far; their targets kept the defaults.
    const std::vector<std::string>& failedKeys() const { return m_failedKeys; }

    // Readers: when `key` is absent, leave `target` as is and return true. When present and valid,
    // store it and return true. Otherwise record the problem, leave `target` as is, return false.
    bool readNumber(std::string_view key, double& target, Bound bound = Bound::Any);
    bool readNumberInRange(std::string_view key, double& target, double lo, double hi);
    bool readBool(std::string_view key, bool& target);
    bool readString(std::string_view key, std::string& target);
    // A whole number in [lo, hi].
    bool readInteger(std::string_view key, std::int64_t& target, std::int64_t lo, std::int64_t hi);
    bool readInt32(std::string_view key, std::int32_t& target); // any int32
    // A duration written in milliseconds (fractions allowed) or seconds; must fit int64 nanoseconds.
    bool readMillis(std::string_view key, Duration& target, Bound bound);
    bool readSeconds(std::string_view key, Duration& target, Bound bound);
    // One of a fixed set of names.
    template <typename E>
    bool readChoice(std::string_view key, E& target,
                    std::initializer_list<std::pair<std::string_view, E>> choices) {
        const nlohmann::json* v = get(key);
        if (!v) return true;
        std::vector<std::string_view> names;
        for (const auto& c : choices)
            names.push_back(c.first);
        const auto index = matchChoice(key, *v, names);
        if (!index) return false;
        target = std::data(choices)[*index].second;
        return true;
    }

    // Reports a bad choice (for callers that match names themselves); returns the index if it matched.
    std::optional<std::size_t> matchChoice(std::string_view key, const nlohmann::json& value,
                                           const std::vector<std::string_view>& names);

private:
    bool readDuration(std::string_view key, Duration& target, Bound bound, double nsPerUnit,
                      const char* unit);
    std::optional<double> number(std::string_view key, const nlohmann::json& v);

    const nlohmann::json* m_object = nullptr;
    std::string m_path;
    Diagnostics& m_out;
    std::size_t m_startCount;
    std::vector<std::string> m_failedKeys;
};

// The message for a choice that is not one of `names`: expected one of "a", "b", got "c"; did you mean "a"?
std::string badChoiceMessage(const nlohmann::json& value, const std::vector<std::string_view>& names);

// Enums named in JSON are described by tables of (name, value) pairs, in documentation order.
template <typename E, std::size_t N>
std::vector<std::string_view> enumNames(const std::pair<std::string_view, E> (&table)[N]) {
    std::vector<std::string_view> names;
    for (const auto& entry : table)
        names.push_back(entry.first);
    return names;
}

template <typename E, std::size_t N>
std::string_view enumName(E value, const std::pair<std::string_view, E> (&table)[N]) {
    for (const auto& entry : table)
        if (entry.second == value) return entry.first;
    return "?";
}

// Reads `key` as a priority name (low, normal, high, critical); absent keeps the default.
bool readPriority(JsonReader& r, std::string_view key, Priority& target);

// Reads `key` as one of the table's names into `target`; absent keeps the default. False on a bad name
// (reported, with a "did you mean").
template <typename E, std::size_t N>
bool readEnum(JsonReader& r, std::string_view key, E& target,
              const std::pair<std::string_view, E> (&table)[N]) {
    const nlohmann::json* v = r.get(key);
    if (!v) return true;
    const auto index = r.matchChoice(key, *v, enumNames(table));
    if (!index) return false;
    target = table[*index].second;
    return true;
}

} // namespace rl::scenario
