#pragma once
// The machinery behind policy_json.cpp: each policy config is described by one table of fields, one
// row per JSON key, and that table drives reading (parsePolicy), writing (policyToJson) and the list
// of accepted keys (keysOf). A row says, once: the key, the config member, how the value is written
// in JSON (an integer, a number, milliseconds, seconds, a name, a boolean), whether it is written
// always or only when it differs from the default, and how validate()'s complaint about it is cleared
// so that the other keys still get checked.
//   millisField<&BackoffConfig::base, Bound::NonNegative>("base_ms", kResettable)
// Range rules stay in each config's validate(), so core/primitives configs remain usable on their own.
#include "core/common/config_error.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/policy_json.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario::fields {

// How a row is written and reset; combine with |.
using FieldRules = unsigned;
inline constexpr FieldRules kWrittenIfChanged = 0; // the default: left out at its default value
inline constexpr FieldRules kAlwaysWritten = 1;    // kind-like keys, so a saved object says what it is
inline constexpr FieldRules kResettable = 2;       // put back to its default when validate() complains

template <typename C> struct Field {
    std::string_view key;
    void (*read)(JsonReader& r, std::string_view key, C& config);
    // Writes the key; nullptr: read only (a shorthand that sets other fields).
    void (*write)(nlohmann::ordered_json& j, std::string_view key, const C& config);
    // True when the field holds its default, so the writer leaves it out; nullptr: always written.
    bool (*atDefault)(const C& config);
    // Puts back a value validate() accepts once it complained about this key, so the other keys are
    // still checked; nullptr: a complaint about this key ends the checks (a rule between two keys).
    void (*reset)(C& config);

    // The same row with a reset that depends on other fields (e.g. max_ms back to at least base_ms).
    constexpr Field resetBy(void (*fn)(C&)) const {
        Field f = *this;
        f.reset = fn;
        return f;
    }
};

// ---- how values of each kind are read and written ----

struct IntegerIo {
    static void read(JsonReader& r, std::string_view k, std::int32_t& v) { r.readInt32(k, v); }
    static nlohmann::ordered_json write(std::int32_t v) { return v; }
};
struct NumberIo {
    static void read(JsonReader& r, std::string_view k, double& v) { r.readNumber(k, v); }
    static nlohmann::ordered_json write(double v) { return numberJson(v); }
};
template <Bound B> struct MillisIo {
    static void read(JsonReader& r, std::string_view k, Duration& v) { r.readMillis(k, v, B); }
    static nlohmann::ordered_json write(Duration v) { return millisJson(v); }
};
template <Bound B> struct SecondsIo {
    static void read(JsonReader& r, std::string_view k, Duration& v) { r.readSeconds(k, v, B); }
    static nlohmann::ordered_json write(Duration v) { return secondsJson(v); }
};
struct BoolIo {
    static void read(JsonReader& r, std::string_view k, bool& v) { r.readBool(k, v); }
    static nlohmann::ordered_json write(bool v) { return v; }
};
struct PriorityIo {
    static void read(JsonReader& r, std::string_view k, Priority& v) { readPriority(r, k, v); }
    static nlohmann::ordered_json write(Priority v) { return priorityName(v); }
};
// One of the names of `Table` (an array of {name, value} pairs).
template <const auto& Table> struct ChoiceIo {
    template <typename E> static void read(JsonReader& r, std::string_view k, E& v) {
        readEnum(r, k, v, Table);
    }
    template <typename E> static nlohmann::ordered_json write(E v) { return enumName(v, Table); }
};

// ---- building rows ----

template <typename C, typename T> C configOf(T C::*);
template <auto Member> using ConfigOf = decltype(configOf(Member));

// A row for `Member`, read and written by `Io`.
template <auto Member, typename Io>
constexpr Field<ConfigOf<Member>> makeField(std::string_view key, FieldRules rules) {
    using C = ConfigOf<Member>;
    return {key, [](JsonReader& r, std::string_view k, C& c) { Io::read(r, k, c.*Member); },
            [](nlohmann::ordered_json& j, std::string_view k, const C& c) {
                j[std::string(k)] = Io::write(c.*Member);
            },
            (rules & kAlwaysWritten) ? nullptr : +[](const C& c) { return c.*Member == C{}.*Member; },
            (rules & kResettable) ? +[](C& c) { c.*Member = C{}.*Member; } : nullptr};
}

template <auto Member>
constexpr auto integerField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, IntegerIo>(key, rules);
}
template <auto Member>
constexpr auto numberField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, NumberIo>(key, rules);
}
template <auto Member, Bound B>
constexpr auto millisField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, MillisIo<B>>(key, rules);
}
template <auto Member, Bound B>
constexpr auto secondsField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, SecondsIo<B>>(key, rules);
}
template <auto Member> constexpr auto boolField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, BoolIo>(key, rules);
}
template <auto Member>
constexpr auto priorityField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, PriorityIo>(key, rules);
}
template <auto Member, const auto& Table>
constexpr auto choiceField(std::string_view key, FieldRules rules = kWrittenIfChanged) {
    return makeField<Member, ChoiceIo<Table>>(key, rules);
}

// ---- what a table drives ----

// The keys of the table, in its order (the order toJson writes them).
template <typename C> std::vector<std::string_view> keysOf(std::span<const Field<C>> fields) {
    std::vector<std::string_view> keys;
    for (const auto& f : fields)
        keys.push_back(f.key);
    return keys;
}

// Puts `key` back to a value validate() accepts; false when the table has no way to.
template <typename C> bool resetField(std::span<const Field<C>> fields, C& config, const std::string& key) {
    for (const auto& f : fields)
        if (f.key == key) {
            if (!f.reset) return false;
            f.reset(config);
            return true;
        }
    return false;
}

// Whether `key` is one a failed read already reported, or a rule about it: such a complaint is noise.
inline bool involvesFailedKey(const JsonReader& r, const ConfigError& e) {
    for (const auto& key : r.failedKeys())
        if (key == e.field() || e.problem().find(key) != std::string::npos) return true;
    return false;
}

// Runs config.validate() and records its complaint; to report every range problem at once, the
// offending field is reset (by its row) and validation runs again, until it passes or a field
// complains twice (a rule between two fields). A complaint about a key the author did not write says
// so, since the default is then the culprit's partner.
template <typename C> bool validateAll(std::span<const Field<C>> fields, C config, JsonReader& r) {
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
            if (!involvesFailedKey(r, e)) {
                std::string message = e.problem();
                if (r.isObject() && !r.has(e.field()))
                    message += " (the default: " + e.field() + " is not set)";
                r.diagnostics().add(r.pathOf(e.field()), std::move(message));
            }
            if (!resetField(fields, config, e.field())) return false;
        }
    }
    return false;
}

// Reads the object `value` at `path` by the table; the config only when there was no problem.
template <typename C>
std::optional<C> parsePolicy(std::span<const Field<C>> fields, const nlohmann::json& value,
                             const std::string& path, Diagnostics& out) {
    JsonReader r(value, path, out, keysOf(fields));
    C config;
    for (const auto& f : fields)
        f.read(r, f.key, config);
    const bool ok = validateAll(fields, config, r);
    if (!ok || r.failed() || !r.isObject()) return std::nullopt;
    return config;
}

// Writes the rows that are due, in table order.
template <typename C> nlohmann::ordered_json policyToJson(std::span<const Field<C>> fields, const C& config) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& f : fields)
        if (f.write && !(f.atDefault && f.atDefault(config))) f.write(j, f.key, config);
    return j;
}

} // namespace rl::scenario::fields
