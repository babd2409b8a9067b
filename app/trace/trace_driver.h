#pragma once
// Trace drivers for `resilience-lab primitive KIND --config JSON --trace FILE`: each drives one
// primitive from timed input lines and answers each line with its decision and state, so a primitive
// can be checked against another library or a production log. One driver per file, self-registered.
#include "core/common/time.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rl::trace {

// A problem with one input line (the caller adds the file name and line number).
class TraceLineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A problem with --config; one message per problem, each with its key path.
class TraceConfigError : public std::runtime_error {
public:
    explicit TraceConfigError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return m_problems; }

private:
    std::vector<std::string> m_problems;
};

class TraceDriver {
public:
    virtual ~TraceDriver() = default;
    // Applies one line (already checked to have a numeric "t_ms" and a string "op") and fills `out`
    // (which already holds "t_ms") with the decision and the state after it.
    virtual void apply(TimePoint now, std::string_view op, const nlohmann::json& line,
                       nlohmann::ordered_json& out) = 0;
};

struct DriverKind {
    std::string_view name;        // e.g. "circuit-breaker"
    std::string_view description; // one line
    std::string_view ops;         // the ops it accepts and their fields, for --help
    std::unique_ptr<TraceDriver> (*create)(const nlohmann::json& config); // throws TraceConfigError
};

struct DriverRegistrar {
    explicit DriverRegistrar(const DriverKind& kind);
};

const std::vector<DriverKind>& driverKinds();
const DriverKind* findDriverKind(std::string_view name);

// Field access for drivers: a missing or mistyped field throws TraceLineError naming it.
double requireNumber(const nlohmann::json& line, const char* key);
double numberOr(const nlohmann::json& line, const char* key, double fallback);
std::string stringOr(const nlohmann::json& line, const char* key, const std::string& fallback);
std::int64_t requireInteger(const nlohmann::json& line, const char* key);
// Throws TraceLineError listing the accepted ops.
[[noreturn]] void unknownOp(std::string_view op, std::string_view accepted);

} // namespace rl::trace
