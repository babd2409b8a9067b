#pragma once
// The outcome classes of a call or request, shared by primitives (what to retry, what counts as a
// failure), the simulator and every output. Names match the scenario format and the CLI summary.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rl {

enum class Outcome : std::uint8_t {
    Success,      // answered normally
    Degraded,     // answered by a fallback (cache, static value, alternative)
    Error,        // the callee failed (5xx)
    Timeout,      // no answer within the timeout or deadline
    RateLimited,  // rejected by a rate limiter (429)
    Shed,         // rejected by a load shedder (503)
    BulkheadFull, // rejected locally: no bulkhead slot or queue place
    CircuitOpen,  // rejected locally: the circuit breaker is open
    Rejected,     // rejected by the service: its queue was full (503)
    ClientError,  // the request itself was bad (4xx other than 429): never worth retrying
};

inline constexpr std::size_t kOutcomeCount = 10;

inline constexpr std::array<std::string_view, kOutcomeCount> kOutcomeNames = {
    "success", "degraded",      "error",        "timeout",  "rate_limited",
    "shed",    "bulkhead_full", "circuit_open", "rejected", "client_error"};

constexpr std::string_view outcomeName(Outcome o) {
    return kOutcomeNames[static_cast<std::size_t>(o)];
}

constexpr std::optional<Outcome> outcomeFromName(std::string_view name) {
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        if (kOutcomeNames[i] == name) return static_cast<Outcome>(i);
    return std::nullopt;
}

// Success and Degraded are answers; everything else is a failure of some kind.
constexpr bool isAnswer(Outcome o) {
    return o == Outcome::Success || o == Outcome::Degraded;
}

// A small set of outcomes (bit i = Outcome i), e.g. which outcomes a retry policy retries.
class OutcomeSet {
public:
    constexpr OutcomeSet() = default;
    constexpr OutcomeSet(std::initializer_list<Outcome> outcomes) {
        for (Outcome o : outcomes)
            insert(o);
    }
    constexpr void insert(Outcome o) { m_bits |= bit(o); }
    constexpr void erase(Outcome o) { m_bits &= static_cast<std::uint16_t>(~bit(o)); }
    constexpr bool contains(Outcome o) const { return (m_bits & bit(o)) != 0; }
    constexpr bool empty() const { return m_bits == 0; }
    constexpr bool operator==(const OutcomeSet&) const = default;

private:
    static constexpr std::uint16_t bit(Outcome o) {
        return static_cast<std::uint16_t>(1u << static_cast<unsigned>(o));
    }
    std::uint16_t m_bits = 0;
};

// Request priority classes, lowest first. Load shedders shed the lowest class first.
enum class Priority : std::uint8_t { Low, Normal, High, Critical };
inline constexpr std::size_t kPriorityCount = 4;
inline constexpr std::array<std::string_view, kPriorityCount> kPriorityNames = {"low", "normal", "high",
                                                                                "critical"};
constexpr std::string_view priorityName(Priority p) {
    return kPriorityNames[static_cast<std::size_t>(p)];
}
constexpr std::optional<Priority> priorityFromName(std::string_view name) {
    for (std::size_t i = 0; i < kPriorityCount; ++i)
        if (kPriorityNames[i] == name) return static_cast<Priority>(i);
    return std::nullopt;
}

} // namespace rl
