#pragma once
// Keeping a scenario's recorded logs found when the scenario is written to another folder (the GUI's
// File > Save As). A `replay.file` that is a relative path is read from the scenario file's folder
// (replay_log.h), so a copy saved elsewhere must name its logs differently to reach the same files.
#include "core/scenario/scenario.h"

#include <filesystem>
#include <string>

namespace rl::scenario {

// `file`, a replay's file as a scenario in `fromDir` names it, rewritten to name the same file from a
// scenario in `toDir`:
// - "builtin-data:NAME", absolute paths and "" stay as they are, and so does every path when both
//   folders are the same one;
// - otherwise the log's folder is resolved from `fromDir` (symbolic links followed, as opening it
//   would; the file's own name is kept) and the result is relative to `toDir` ("../course/logs/x.csv")
//   when the two share a folder below the root, else absolute ("/home/ann/course/logs/x.csv"): a path
//   climbing to the root is as fragile as an absolute one and harder to read.
// Folders: "" is the current directory, and relative folders are taken from it. Paths are written with
// '/' separators.
std::string rebaseReplayPath(const std::string& file, const std::filesystem::path& fromDir,
                             const std::filesystem::path& toDir);

// rebaseReplayPath for every service's `replay.file`. Loaded rows stay attached: they are the same file's.
void rebaseReplayPaths(Scenario& scenario, const std::filesystem::path& fromDir,
                       const std::filesystem::path& toDir);

} // namespace rl::scenario
