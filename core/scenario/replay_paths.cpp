#include "core/scenario/replay_paths.h"

#include "core/scenario/replay_log.h"

#include <system_error>

namespace rl::scenario {
namespace {

namespace fs = std::filesystem;

// A folder as an absolute path without links, "." or "..", or a trailing '/' (so two names of one
// folder compare equal). Parts that do not exist are normalised as written.
fs::path resolvedFolder(const fs::path& dir) {
    std::error_code ec;
    fs::path absolute = fs::absolute(dir.empty() ? fs::path(".") : dir, ec);
    if (ec) absolute = dir;
    fs::path resolved = fs::weakly_canonical(absolute, ec);
    if (ec) resolved = absolute;
    resolved = resolved.lexically_normal();
    if (!resolved.has_filename() && resolved.has_relative_path()) resolved = resolved.parent_path();
    return resolved;
}

// Whether two absolute paths have a folder in common below the root (/home/a and /home/b do, /home/a
// and /tmp do not).
bool shareAFolder(const fs::path& a, const fs::path& b) {
    if (a.root_path() != b.root_path()) return false;
    const fs::path ra = a.relative_path(), rb = b.relative_path();
    return !ra.empty() && !rb.empty() && *ra.begin() == *rb.begin();
}

} // namespace

std::string rebaseReplayPath(const std::string& file, const fs::path& fromDir, const fs::path& toDir) {
    const fs::path path(file);
    if (file.empty() || file.starts_with(kBuiltinDataPrefix) || path.is_absolute()) return file;
    const fs::path from = resolvedFolder(fromDir);
    const fs::path to = resolvedFolder(toDir);
    if (from == to) return file;
    const fs::path target =
        resolvedFolder(path.has_parent_path() ? from / path.parent_path() : from) / path.filename();
    const fs::path relative = target.lexically_relative(to);
    if (relative.empty() || !shareAFolder(target, to)) return target.generic_string();
    return relative.generic_string();
}

void rebaseReplayPaths(Scenario& scenario, const fs::path& fromDir, const fs::path& toDir) {
    for (auto& service : scenario.services)
        if (service.replay) service.replay->file = rebaseReplayPath(service.replay->file, fromDir, toDir);
}

} // namespace rl::scenario
