#pragma once
// Helpers shared by the scenario suites.
#include <nlohmann/json.hpp>

#include <QStringList>

#include "core/scenario/diagnostics.h"

namespace rl::scenario::testing {

// JSON written with single quotes (moc cannot read raw string literals): {'a': 1} -> {"a": 1}.
nlohmann::json J(const char* text);

// A small valid scenario: client web -> service front -> call to back (timeout, retry), an outage on back.
nlohmann::json baseScenario();

// "path: message" lines.
QStringList lines(const Diagnostics& diagnostics);

} // namespace rl::scenario::testing
