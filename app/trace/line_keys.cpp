#include "app/trace/line_keys.h"

#include "app/trace/trace_driver.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rl::trace {

void checkLineKeys(const nlohmann::json& line, std::string_view op,
                   std::initializer_list<const char*> accepted) {
    for (auto it = line.begin(); it != line.end(); ++it) {
        const std::string& key = it.key();
        if (key == "t_ms" || key == "op") continue;
        if (std::any_of(accepted.begin(), accepted.end(), [&](const char* k) { return key == k; })) continue;
        std::string list = "t_ms, op";
        for (const char* k : accepted)
            list += std::string(", ") + k;
        throw TraceLineError("unknown key \"" + key + "\" for op \"" + std::string(op) +
                             "\"; accepted keys: " + list);
    }
}

double rounded6(double value) {
    const double r = std::round(value * 1e6) / 1e6;
    return r == 0.0 ? 0.0 : r; // no "-0"
}

} // namespace rl::trace
