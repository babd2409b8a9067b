#include "core/scenario/path_override.h"

#include "core/scenario/json_limits.h"
#include "core/scenario/json_reader.h"
#include "core/scenario/scenario_parse.h"

#include <algorithm>
#include <cctype>

namespace rl::scenario {
namespace {

// Indices longer than this are not indices into anything a scenario holds (and would overflow).
constexpr std::size_t kMaxIndexDigits = 9;

// "[12]" at path[i]; the position after it, or npos (with `error` set).
std::size_t readIndexStep(std::string_view path, std::size_t i, std::vector<PathStep>& steps,
                          std::string& error) {
    const std::size_t close = path.find(']', i);
    const std::string_view digits = path.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
    if (close == std::string_view::npos || digits.empty() || digits.size() > kMaxIndexDigits ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        error = "expected an index like [0] at character " + std::to_string(i + 1);
        return std::string_view::npos;
    }
    PathStep step;
    step.index = static_cast<std::size_t>(std::stoul(std::string(digits)));
    steps.push_back(step);
    return close + 1;
}

// "key" or ".key" at path[i]; the position after it, or npos (with `error` set).
std::size_t readKeyStep(std::string_view path, std::size_t i, std::vector<PathStep>& steps,
                        std::string& error) {
    if (path[i] == '.') {
        if (steps.empty()) {
            error = "a path cannot start with '.'";
            return std::string_view::npos;
        }
        ++i;
    } else if (!steps.empty()) {
        error = "expected '.' or '[' at character " + std::to_string(i + 1);
        return std::string_view::npos;
    }
    std::size_t end = i;
    while (end < path.size() && (std::isalnum(static_cast<unsigned char>(path[end])) || path[end] == '_'))
        ++end;
    if (end == i) {
        error = "expected a key name at character " + std::to_string(i + 1);
        return std::string_view::npos;
    }
    PathStep step;
    step.key = std::string(path.substr(i, end - i));
    steps.push_back(step);
    return end;
}

std::string joinSteps(const std::vector<PathStep>& steps, std::size_t count) {
    std::string path;
    for (std::size_t i = 0; i < count; ++i)
        path = steps[i].isIndex() ? indexPath(path, steps[i].index) : childPath(path, steps[i].key);
    return path;
}

// Whether the loader reports `path` as an unknown key once `key` exists in `object` (tried with a
// placeholder value); returns that report (with its "did you mean").
std::optional<std::string> unknownKeyReport(nlohmann::json& doc, nlohmann::json& object,
                                            const std::string& key, const std::string& path) {
    object[key] = nullptr;
    const LoadResult probe = parseScenarioJson(doc);
    object.erase(key);
    for (const auto& d : probe.diagnostics.items())
        if (d.path == path && d.message.starts_with("unknown key")) return d.message;
    return std::nullopt;
}

// The offset of the first byte that does not start a well-formed UTF-8 sequence (by its lead and
// continuation bytes), or text.size(). For messages only: nlohmann's dump is the judge.
std::size_t firstNonUtf8Byte(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x06 ? 2
                                   : (lead >> 4) == 0x0E ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        if (length == 0 || i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
        i += length;
    }
    return text.size();
}

std::string kindOf(const nlohmann::json& v) {
    if (v.is_object()) return "an object";
    if (v.is_array()) return "a list";
    if (v.is_string()) return "a string";
    if (v.is_boolean()) return "a boolean";
    if (v.is_null()) return "null";
    return "a number";
}

// VALUE as JSON, or as a plain string when it is not JSON (so --set name=Demo works without quotes);
// nullopt (reported at `pathText`) when it is too deep or not UTF-8.
std::optional<nlohmann::json> overrideValue(const std::string& valueText, const std::string& pathText,
                                            Diagnostics& out) {
    try {
        return parseJsonLimited(valueText);
    } catch (const JsonTooDeep& e) {
        out.add(pathText, "value at column " + std::to_string(e.column()) + ": " + JsonTooDeep::reason());
        return std::nullopt;
    } catch (const nlohmann::json::parse_error&) {
    }
    nlohmann::json value = valueText;
    try {
        (void)value.dump(); // a scenario's strings are UTF-8, as its files must be
    } catch (const nlohmann::json::type_error&) {
        const std::size_t at = firstNonUtf8Byte(valueText);
        out.add(pathText, "the value is not valid UTF-8 text" +
                              (at < valueText.size() ? " at byte " + std::to_string(at + 1) : std::string()) +
                              " (nor JSON)");
        return std::nullopt;
    }
    return value;
}

// Walks the steps of a path into a document, reporting the first step that cannot be taken.
class OverrideWalk {
public:
    OverrideWalk(nlohmann::json& doc, const std::vector<PathStep>& steps, Diagnostics& out)
        : m_doc(doc)
        , m_steps(steps)
        , m_out(out) {}

    // Sets the value at the path (null at a key removes the key, so an optional policy can be taken
    // away); false (reported) when the path does not lead anywhere.
    bool assign(const nlohmann::json& value) {
        nlohmann::json* parent = nullptr;
        nlohmann::json* current = &m_doc;
        for (std::size_t i = 0; i < m_steps.size(); ++i) {
            parent = current;
            current = m_steps[i].isIndex() ? enterIndex(*current, i) : enterKey(*current, i);
            if (!current) return false;
        }
        if (value.is_null() && !m_steps.back().isIndex())
            parent->erase(m_steps.back().key);
        else
            *current = value;
        return true;
    }

private:
    std::string parentName(std::size_t i) const {
        const std::string parent = joinSteps(m_steps, i);
        return parent.empty() ? std::string("the scenario") : parent;
    }

    nlohmann::json* enterIndex(nlohmann::json& current, std::size_t i) {
        const std::string here = joinSteps(m_steps, i + 1);
        if (!current.is_array()) {
            m_out.add(here, parentName(i) + " is " + kindOf(current) + ", not a list");
            return nullptr;
        }
        const std::size_t index = m_steps[i].index;
        if (index >= current.size()) {
            m_out.add(here, "index out of range: " + parentName(i) + " has " +
                                std::to_string(current.size()) + (current.size() == 1 ? " item" : " items"));
            return nullptr;
        }
        return &current[index];
    }

    // A missing key: an unknown one gets the loader's "did you mean"; a known one may be created only
    // as the last step.
    nlohmann::json* enterKey(nlohmann::json& current, std::size_t i) {
        const std::string here = joinSteps(m_steps, i + 1);
        const std::string& key = m_steps[i].key;
        if (!current.is_object()) {
            m_out.add(here, parentName(i) + " is " + kindOf(current) + ", not an object");
            return nullptr;
        }
        if (auto it = current.find(key); it != current.end()) return &*it;
        if (auto report = unknownKeyReport(m_doc, current, key, here)) {
            m_out.add(here, *report);
            return nullptr;
        }
        if (i + 1 < m_steps.size()) {
            const PathStep& next = m_steps[i + 1];
            m_out.add(here,
                      "not in the scenario, so it has no " +
                          quoteName(next.isIndex() ? "[" + std::to_string(next.index) + "]" : next.key) +
                          "; set the whole value instead, e.g. --set '" + here + "={...}'");
            return nullptr;
        }
        return &current[key];
    }

    nlohmann::json& m_doc;
    const std::vector<PathStep>& m_steps;
    Diagnostics& m_out;
};

} // namespace

std::optional<std::vector<PathStep>> splitPath(std::string_view path, std::string& error) {
    if (path.empty()) {
        error = "empty path";
        return std::nullopt;
    }
    std::vector<PathStep> steps;
    for (std::size_t i = 0; i < path.size();) {
        i = path[i] == '[' ? readIndexStep(path, i, steps, error) : readKeyStep(path, i, steps, error);
        if (i == std::string_view::npos) return std::nullopt;
    }
    return steps;
}

Diagnostics applyOverride(nlohmann::json& doc, const std::string& assignment) {
    Diagnostics out;
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
        out.add("", "--set expects PATH=VALUE, got '" + assignment + "'");
        return out;
    }
    const std::string pathText = assignment.substr(0, eq);
    std::string error;
    const auto steps = splitPath(pathText, error);
    if (!steps) {
        out.add(pathText, "not a valid path: " + error);
        return out;
    }
    const auto value = overrideValue(assignment.substr(eq + 1), pathText, out);
    if (value) OverrideWalk(doc, *steps, out).assign(*value);
    return out;
}

} // namespace rl::scenario
