#include "app/trace/driver_support.h"

#include <cmath>

namespace rl::trace {

void appendProblems(const scenario::Diagnostics& diagnostics, std::vector<std::string>& problems) {
    for (const auto& d : diagnostics.items())
        problems.push_back(d.toString());
}

void throwIfProblems(const scenario::Diagnostics& diagnostics, std::vector<std::string> problems) {
    appendProblems(diagnostics, problems);
    if (!problems.empty()) throw TraceConfigError(std::move(problems));
}

std::uint64_t takeSeed(nlohmann::json& config, std::vector<std::string>& problems) {
    const auto it = config.find("seed");
    if (it == config.end()) return 1;
    std::uint64_t seed = 1;
    bool whole = false;
    if (it->is_number_unsigned()) {
        seed = it->get<std::uint64_t>();
        whole = true;
    } else if (it->is_number()) {
        const double v = it->get<double>();
        whole = v >= 0 && v == std::floor(v) && v < 1.8e19;
        if (whole) seed = static_cast<std::uint64_t>(v);
    }
    if (!whole) problems.push_back("seed: must be a whole number >= 0, got " + it->dump());
    config.erase(it);
    return seed;
}

} // namespace rl::trace
