#pragma once
// Writes an output file atomically (QSaveFile: a temporary beside it, renamed on success), so a reader
// never sees half a file and a failed run never destroys the previous output.
#include <functional>
#include <iosfwd>
#include <string>

namespace rl::cli {

// Creates `dir` (and parents) if needed; throws std::runtime_error naming it on failure.
void ensureDirectory(const std::string& dir);
// Calls `write` with a stream, then commits the file; throws std::runtime_error naming the file on failure.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace rl::cli
