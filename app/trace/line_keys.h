#pragma once
// Strict trace lines for the bulkhead, load shedder and rate limiter drivers: a key the op does not
// take is an error naming it (a typo such as "prioirty" must not silently fall back to a default).
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string_view>

namespace rl::trace {

// Throws TraceLineError if `line` has a key other than t_ms, op and `accepted`.
void checkLineKeys(const nlohmann::json& line, std::string_view op,
                   std::initializer_list<const char*> accepted);

// A JSON number rounded to 6 decimals (tokens, milliseconds), so outputs read well and stay stable.
double rounded6(double value);

} // namespace rl::trace
