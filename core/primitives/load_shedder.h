#pragma once
// A priority load shedder: admits work while in-flight is below a per-priority threshold.
//
// The staged rule (load_shedder_config.h): with k = the number of classes below `protectPriority`
// (Low = 1st, Normal = 2nd, ...), the i-th lowest is shed once in-flight >= maxInflight * i / k, i.e. at
// shedAt[i] = ceil(maxInflight * i / k) (computed in integers: no rounding doubt). So the lowest class
// goes first and every unprotected class is shed at maxInflight. Classes at or above `protectPriority`
// are admitted until in-flight reaches the hard limit (shedAt = hardLimit, 2 x maxInflight when 0).
// A request of priority p is admitted iff inflight < shedAt[p]; admission counts it in flight until
// release(). protectPriority = Low protects every class (k = 0: all admitted up to the hard limit).
//
// Compared with Envoy's overload manager (which sheds by resource pressure, not by class) and the
// "criticality" shedding of Google's SRE book: same idea of shedding the least critical first, with
// in-flight count as the pressure signal and a reserve between the soft and hard limits kept for the
// protected classes.
// Reconfigure keeps the in-flight count and the counters; new thresholds apply from the next call.
// A release with nothing in flight is ignored (counted in View::strayReleases).
#include "core/common/listeners.h"
#include "core/common/outcome.h"
#include "core/common/time.h"
#include "core/primitives/load_shedder_config.h"

#include <array>
#include <cstdint>

namespace rl {

struct LoadShedEvent {
    enum class Kind : std::uint8_t { Shed };
    Kind kind;
    TimePoint at;
    Priority priority;
    std::int32_t inflight;
};

class LoadShedder {
public:
    explicit LoadShedder(const LoadShedderConfig& config);

    bool tryAdmit(TimePoint now, Priority priority);
    void release(TimePoint now);

    struct View {
        std::int32_t inflight, maxInflight, hardLimit;
        std::array<std::int32_t, kPriorityCount> shedAt; // in-flight at which each class is shed
        std::array<std::int64_t, kPriorityCount> admitted, shed;
        std::int64_t strayReleases;
    };
    View view() const;
    std::int32_t shedAt(Priority p) const { return m_shedAt[static_cast<std::size_t>(p)]; }

    void reconfigure(const LoadShedderConfig& config, TimePoint now);
    const LoadShedderConfig& config() const { return m_config; }
    Listeners<LoadShedEvent>& listeners() { return m_listeners; }

    // The thresholds of a config (exposed for the GUI and tests).
    static std::array<std::int32_t, kPriorityCount> thresholds(const LoadShedderConfig& config);

private:
    LoadShedderConfig m_config;
    std::array<std::int32_t, kPriorityCount> m_shedAt{};
    std::int32_t m_inflight = 0;
    std::array<std::int64_t, kPriorityCount> m_admitted{};
    std::array<std::int64_t, kPriorityCount> m_shed{};
    std::int64_t m_strayReleases = 0;
    Listeners<LoadShedEvent> m_listeners;
};

} // namespace rl
