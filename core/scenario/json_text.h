#pragma once
// Text and files -> JSON documents, for files people write: syntax errors name the line and column, a
// key written twice in one object is reported at its path, and nesting is bounded (json_limits.h).
#include "core/scenario/diagnostics.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace rl::scenario {

// Text -> JSON document; a syntax error becomes "line L, column C: not valid JSON: ..." (and nullopt).
// A key written twice in one object is reported at its path, but the document is still returned (the
// caller must check `out`), so the other problems can be listed too.
std::optional<nlohmann::json> parseJsonText(const std::string& text, Diagnostics& out);
// Reads a whole file; an unreadable file becomes one diagnostic naming the reason.
std::optional<std::string> readTextFile(const std::string& path, Diagnostics& out);

} // namespace rl::scenario
