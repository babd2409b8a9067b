#include "core/scenario/json_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rl::scenario {
namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string quotedList(const std::vector<std::string_view>& names) {
    std::string text;
    for (const auto& n : names)
        text += (text.empty() ? "" : ", ") + quoteName(n);
    return text;
}

} // namespace

std::string quoteName(std::string_view s) {
    return nlohmann::json(std::string(s)).dump();
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::optional<std::string> suggestName(std::string_view word,
                                       const std::vector<std::string_view>& candidates) {
    std::optional<std::string> best;
    std::size_t bestDistance = std::numeric_limits<std::size_t>::max();
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = std::string(c);
        }
    }
    // A likely typo: at most 2 edits, or at most a third of the word for long words.
    if (best && (bestDistance <= 2 || bestDistance * 3 <= word.size()) && bestDistance < word.size())
        return best;
    return std::nullopt;
}

std::string formatNumber(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
    return buffer;
}

std::string describeValue(const nlohmann::json& value) {
    std::string text;
    if (value.is_number_float())
        text = formatNumber(value.get<double>());
    else // a string that is not UTF-8 (one built in code) is shown with U+FFFD rather than throwing
        text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::string childPath(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string indexPath(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

std::string badChoiceMessage(const nlohmann::json& value, const std::vector<std::string_view>& names) {
    std::string message = "expected one of " + quotedList(names) + ", got " + describeValue(value);
    if (value.is_string())
        if (auto s = suggestName(value.get<std::string>(), names))
            message += "; did you mean " + quoteName(*s) + "?";
    return message;
}

JsonReader::JsonReader(const nlohmann::json& value, std::string path, Diagnostics& out,
                       std::vector<std::string_view> keys)
    : m_path(std::move(path))
    , m_out(out)
    , m_startCount(out.size()) {
    if (!value.is_object()) {
        m_out.add(m_path, "expected an object, got " + describeValue(value));
        return;
    }
    m_object = &value;
    for (const auto& item : value.items()) {
        const std::string& key = item.key();
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
        std::string message = "unknown key " + quoteName(key);
        if (auto s = suggestName(key, keys))
            message += "; did you mean " + quoteName(*s) + "?";
        else
            message += "; expected one of: " + quotedList(keys);
        m_out.add(pathOf(key), std::move(message));
    }
}

bool JsonReader::has(std::string_view key) const {
    return get(key) != nullptr;
}

const nlohmann::json* JsonReader::get(std::string_view key) const {
    if (!m_object) return nullptr;
    auto it = m_object->find(key);
    return it == m_object->end() ? nullptr : &*it;
}

bool JsonReader::require(std::string_view key) {
    if (!m_object) return false;
    if (has(key)) return true;
    error(key, "missing required key");
    return false;
}

void JsonReader::error(std::string_view key, std::string message) {
    m_failedKeys.emplace_back(key);
    m_out.add(pathOf(key), std::move(message));
}

std::optional<double> JsonReader::number(std::string_view key, const nlohmann::json& v) {
    if (!v.is_number()) {
        error(key, "expected a number, got " + describeValue(v));
        return std::nullopt;
    }
    const double x = v.get<double>();
    if (!std::isfinite(x)) {
        error(key, "expected a finite number, got " + describeValue(v));
        return std::nullopt;
    }
    return x;
}

bool JsonReader::readNumber(std::string_view key, double& target, Bound bound) {
    const nlohmann::json* v = get(key);
    if (!v) return true;
    const auto x = number(key, *v);
    if (!x) return false;
    if (bound == Bound::NonNegative && !(*x >= 0)) {
        error(key, "must be >= 0, got " + describeValue(*v));
        return false;
    }
    if (bound == Bound::Positive && !(*x > 0)) {
        error(key, "must be > 0, got " + describeValue(*v));
        return false;
    }
    target = *x;
    return true;
}

bool JsonReader::readNumberInRange(std::string_view key, double& target, double lo, double hi) {
    const nlohmann::json* v = get(key);
    if (!v) return true;
    const auto x = number(key, *v);
    if (!x) return false;
    if (!(*x >= lo && *x <= hi)) {
        error(key,
              "must be in [" + formatNumber(lo) + ", " + formatNumber(hi) + "], got " + describeValue(*v));
        return false;
    }
    target = *x;
    return true;
}

bool JsonReader::readBool(std::string_view key, bool& target) {
    const nlohmann::json* v = get(key);
    if (!v) return true;
    if (!v->is_boolean()) {
        error(key, "expected true or false, got " + describeValue(*v));
        return false;
    }
    target = v->get<bool>();
    return true;
}

bool JsonReader::readString(std::string_view key, std::string& target) {
    const nlohmann::json* v = get(key);
    if (!v) return true;
    if (!v->is_string()) {
        error(key, "expected a string, got " + describeValue(*v));
        return false;
    }
    target = v->get<std::string>();
    return true;
}

bool JsonReader::readInteger(std::string_view key, std::int64_t& target, std::int64_t lo, std::int64_t hi) {
    const nlohmann::json* v = get(key);
    if (!v) return true;
    const auto x = number(key, *v);
    if (!x) return false;
    if (*x != std::floor(*x)) {
        error(key, "expected a whole number, got " + describeValue(*v));
        return false;
    }
    bool inRange = false;
    std::int64_t n = 0;
    if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        if (hi >= 0 && u <= static_cast<std::uint64_t>(hi)) {
            n = static_cast<std::int64_t>(u);
            inRange = n >= lo;
        }
    } else if (v->is_number_integer()) {
        n = v->get<std::int64_t>();
        inRange = n >= lo && n <= hi;
    } else if (std::fabs(*x) < 9.2e18) { // a whole float; converting 1e300 to int64 would be undefined
        n = static_cast<std::int64_t>(*x);
        inRange = n >= lo && n <= hi;
    }
    if (!inRange) {
        error(key, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                       describeValue(*v));
        return false;
    }
    target = n;
    return true;
}

bool JsonReader::readInt32(std::string_view key, std::int32_t& target) {
    std::int64_t n = target;
    if (!readInteger(key, n, std::numeric_limits<std::int32_t>::min(),
                     std::numeric_limits<std::int32_t>::max()))
        return false;
    target = static_cast<std::int32_t>(n);
    return true;
}

bool JsonReader::readMillis(std::string_view key, Duration& target, Bound bound) {
    return readDuration(key, target, bound, 1e6, "ms");
}

bool JsonReader::readSeconds(std::string_view key, Duration& target, Bound bound) {
    return readDuration(key, target, bound, 1e9, "s");
}

bool JsonReader::readDuration(std::string_view key, Duration& target, Bound bound, double nsPerUnit,
                              const char* unit) {
    double x = 0;
    const nlohmann::json* v = get(key);
    if (!v) return true;
    if (!readNumber(key, x, bound)) return false;
    // Checked before converting: 1e300 ms does not fit int64 nanoseconds.
    if (std::fabs(x) * nsPerUnit > kMaxDurationNs) {
        error(key, "too large: a duration must fit in int64 nanoseconds (at most " +
                       formatNumber(kMaxDurationNs / nsPerUnit) + " " + unit + "), got " + describeValue(*v));
        return false;
    }
    const double ns = x * nsPerUnit;
    target = Duration(static_cast<std::int64_t>(ns + (ns >= 0 ? 0.5 : -0.5)));
    return true;
}

std::optional<std::size_t> JsonReader::matchChoice(std::string_view key, const nlohmann::json& value,
                                                   const std::vector<std::string_view>& names) {
    if (value.is_string()) {
        const std::string s = value.get<std::string>();
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == s) return i;
    }
    error(key, badChoiceMessage(value, names));
    return std::nullopt;
}

bool readPriority(JsonReader& r, std::string_view key, Priority& target) {
    const nlohmann::json* v = r.get(key);
    if (!v) return true;
    const std::vector<std::string_view> names(kPriorityNames.begin(), kPriorityNames.end());
    const auto index = r.matchChoice(key, *v, names);
    if (!index) return false;
    target = static_cast<Priority>(*index);
    return true;
}

} // namespace rl::scenario
