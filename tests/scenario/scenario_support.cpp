#include "scenario_support.h"

namespace rl::scenario::testing {

nlohmann::json J(const char* text) {
    std::string s(text);
    for (char& c : s)
        if (c == '\'') c = '"';
    return nlohmann::json::parse(s);
}

nlohmann::json baseScenario() {
    return J(
        "{'format': 'resilience-lab/scenario@1', 'name': 'base', 'seed': 7, 'duration_s': 60,"
        " 'bucket_s': 1,"
        " 'clients': [{'name': 'web', 'target': 'front', 'arrival': {'kind': 'poisson', 'rate_rps': 10}}],"
        " 'services': ["
        "   {'name': 'front', 'workers': 4, 'queue_capacity': 10,"
        "    'service_time': {'dist': 'exponential', 'mean_ms': 5},"
        "    'calls': [{'to': 'back', 'timeout_ms': 100, 'retry': {'max_attempts': 2}}]},"
        "   {'name': 'back', 'workers': 2, 'service_time': {'dist': 'lognormal', 'median_ms': 10,"
        "    'p99_ms': 50}}],"
        " 'faults': [{'target': 'back', 'kind': 'outage', 'from_s': 10, 'to_s': 20}]}");
}

QStringList lines(const Diagnostics& diagnostics) {
    QStringList result;
    for (const auto& d : diagnostics.items())
        result << QString::fromStdString(d.toString());
    return result;
}

} // namespace rl::scenario::testing
