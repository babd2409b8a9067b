#pragma once
// Configuration errors name the field (as spelled in the scenario format), the allowed range and the
// value found, e.g. "failure_rate_threshold: must be in (0, 1], got 1.5". The scenario loader prefixes
// the JSON path, so users see "services[0].calls[0].circuit_breaker.failure_rate_threshold: ...".
#include <sstream>
#include <stdexcept>
#include <string>

namespace rl {

class ConfigError : public std::invalid_argument {
public:
    ConfigError(std::string field, const std::string& problem)
        : std::invalid_argument(field + ": " + problem)
        , m_field(std::move(field))
        , m_problem(problem) {}

    const std::string& field() const { return m_field; }
    // The message without the field name, for callers that print their own path.
    const std::string& problem() const { return m_problem; }

private:
    std::string m_field;
    std::string m_problem;
};

namespace config {

template <typename T> std::string str(const T& v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

// Closed range [lo, hi].
template <typename T> void requireInRange(const char* field, T value, T lo, T hi) {
    if (!(value >= lo && value <= hi))
        throw ConfigError(field, "must be in [" + str(lo) + ", " + str(hi) + "], got " + str(value));
}
template <typename T> void requireAtLeast(const char* field, T value, T lo) {
    if (!(value >= lo)) throw ConfigError(field, "must be >= " + str(lo) + ", got " + str(value));
}
template <typename T> void requirePositive(const char* field, T value) {
    if (!(value > T{})) throw ConfigError(field, "must be > 0, got " + str(value));
}

} // namespace config
} // namespace rl
