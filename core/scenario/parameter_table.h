#pragma once
// The table of tunable parameters: every value a user may change while a run goes on (a GUI slider,
// a change in the scenario's `changes`), described once: where it lives, its type, unit, range,
// default and meaning. The GUI builds its sliders and spin boxes from it, live changes are checked
// against it, and `resilience-lab parameters` prints it for the docs. tests/scenario/tst_parameter_table
// checks every range and default against the loader's own validation, so the two cannot drift.
//
// Keys are relative to an object kind ("circuit_breaker", "call", ...); tunableParameters() finds
// every instance in a scenario, with its full path ("services[0].calls[0].circuit_breaker.window_size").
#include "core/scenario/scenario.h"

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario {

enum class ParameterType : std::uint8_t { Integer, Real, Choice, Boolean };

struct Parameter {
    std::string_view object; // the kind of object that holds it: "client", "retry", "circuit_breaker", ...
    std::string_view key;    // inside the object, may be nested ("backoff.base_ms")
    ParameterType type;
    std::string_view unit;    // "ms", "s", "rps", "workers", "calls", "" (a fraction or a count)
    double min;               // Integer / Real
    bool minExclusive;        // the value must be > min (else >= min)
    double max;               // inclusive; infinity when unbounded
    double sliderMax;         // where a slider ends (the spin box goes on to max)
    double defaultValue;      // NaN: no default (required, or "none" when absent); Choice: index in choices
    std::string_view choices; // Choice: the accepted names, separated by '|'
    std::string_view meaning; // one line, for tooltips and the docs table
    // The loader also checks this key against another one (e.g. max_ms >= base_ms): its range here is
    // the widest one, and the GUI reports the loader's message when the pair does not fit.
    bool crossChecked = false;
    // Absent means "none" (no limit): a change may set it to null to remove the limit.
    bool noneAllowed = false;
};

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

std::span<const Parameter> parameterTable();
const Parameter* findParameter(std::string_view object, std::string_view key);
std::vector<std::string_view> choicesOf(const Parameter& p);
std::string_view defaultChoice(const Parameter& p);

// One parameter of one object of a scenario.
struct TunableParameter {
    std::string path;  // full JSON path, e.g. "services[0].calls[0].retry.max_attempts"
    std::string group; // the owner, for people: "checkout -> payments", "client web", "service payments"
    std::string layer; // the object's name for people: "retry", "circuit breaker", "" for the owner itself
    const Parameter* spec = nullptr;
    std::optional<double> value; // Integer / Real / Boolean (0 or 1); nullopt: "none" (no limit)
    std::string choice;          // Choice: the current name
};

// Every tunable parameter of the scenario, in scenario order (clients, then services and their calls).
std::vector<TunableParameter> tunableParameters(const Scenario& scenario);
// The parameter at `path` in this scenario, or nullopt if the path is not a tunable one.
std::optional<TunableParameter> findTunable(const Scenario& scenario, std::string_view path);

// The table as a Markdown table (the docs' "Tunable parameters" section).
std::string parameterTableMarkdown();

} // namespace rl::scenario
