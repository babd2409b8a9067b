#include "app/trace/trace_driver.h"

#include <algorithm>
#include <cmath>

namespace rl::trace {
namespace {
std::vector<DriverKind>& registry() {
    static std::vector<DriverKind> all;
    return all;
}

std::string joinLines(const std::vector<std::string>& problems) {
    std::string text;
    for (const auto& p : problems)
        text += (text.empty() ? "" : "\n") + p;
    return text;
}
} // namespace

TraceConfigError::TraceConfigError(std::vector<std::string> problems)
    : std::runtime_error(joinLines(problems))
    , m_problems(std::move(problems)) {}

DriverRegistrar::DriverRegistrar(const DriverKind& kind) {
    auto& all = registry();
    all.push_back(kind);
    std::sort(all.begin(), all.end(),
              [](const DriverKind& a, const DriverKind& b) { return a.name < b.name; });
}

const std::vector<DriverKind>& driverKinds() {
    return registry();
}

const DriverKind* findDriverKind(std::string_view name) {
    for (const auto& k : registry())
        if (k.name == name) return &k;
    return nullptr;
}

double requireNumber(const nlohmann::json& line, const char* key) {
    auto it = line.find(key);
    if (it == line.end()) throw TraceLineError(std::string("missing \"") + key + "\" (a number)");
    if (!it->is_number())
        throw TraceLineError(std::string("\"") + key + "\" must be a number, got " + it->dump());
    const double v = it->get<double>();
    if (!std::isfinite(v)) throw TraceLineError(std::string("\"") + key + "\" must be finite");
    return v;
}

double numberOr(const nlohmann::json& line, const char* key, double fallback) {
    return line.contains(key) ? requireNumber(line, key) : fallback;
}

std::string stringOr(const nlohmann::json& line, const char* key, const std::string& fallback) {
    auto it = line.find(key);
    if (it == line.end()) return fallback;
    if (!it->is_string())
        throw TraceLineError(std::string("\"") + key + "\" must be a string, got " + it->dump());
    return it->get<std::string>();
}

std::int64_t requireInteger(const nlohmann::json& line, const char* key) {
    const double v = requireNumber(line, key);
    if (v != std::floor(v) || std::fabs(v) > 9.0e15)
        throw TraceLineError(std::string("\"") + key + "\" must be a whole number, got " +
                             line.at(key).dump());
    return static_cast<std::int64_t>(v);
}

void unknownOp(std::string_view op, std::string_view accepted) {
    throw TraceLineError("unknown op \"" + std::string(op) + "\"; expected one of: " + std::string(accepted));
}

} // namespace rl::trace
