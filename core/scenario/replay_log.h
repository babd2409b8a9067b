#pragma once
// Recorded request logs that drive a service (a scenario's `services[i].replay`; the format and its
// meaning: docs/scenario-format.md, "Replaying a recorded log"). A log is CSV with a header naming the
// columns `timestamp`, `latency_ms` and `status` (in any order, extra columns ignored), or JSON lines
// with those keys. Every bad row is reported with the file's name and line and what was expected:
//   incident.csv:17: latency_ms must be a number >= 0, got "abc"
// Nothing here throws on bad input.
#include "core/common/outcome.h"
#include "core/common/time.h"
#include "core/scenario/diagnostics.h"
#include "core/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario {

struct ReplayRow {
    Duration t{0};        // since the log's earliest row
    double latencyMs = 0; // >= 0
    Outcome outcome = Outcome::Success;

    bool operator==(const ReplayRow&) const = default;
};

struct ReplayLog {
    std::string name;            // the file's name, as messages show it
    std::vector<ReplayRow> rows; // ordered by t (ties keep the file's order); rows.front().t == 0
    double medianLatencyMs = 0;  // of every row (`latency: "scale"` divides by it)

    Duration span() const { return rows.empty() ? Duration::zero() : rows.back().t; }
};

// How many bad rows a load reports before it summarises the rest ("... and 12 more bad rows").
inline constexpr std::size_t kMaxReplayProblems = 20;
// Larger files are refused before reading (a log of 10^7 rows is about 500 MB).
inline constexpr std::uintmax_t kMaxReplayFileBytes = std::uintmax_t{1} << 30;
// `file` values of this form name a log compiled into the program (resources/replay/NAME).
inline constexpr std::string_view kBuiltinDataPrefix = "builtin-data:";

// A status as recorded -> the simulator's outcome. HTTP codes: 1xx, 2xx, 3xx success; 429 rate_limited;
// 504 timeout; other 4xx client_error; other 5xx error. Words (any case): see kReplayStatusWords.
// nullopt when the text is neither.
std::optional<Outcome> replayStatusOutcome(std::string_view status);
struct ReplayStatusWord {
    std::string_view word;
    Outcome outcome;
};
extern const std::vector<ReplayStatusWord> kReplayStatusWords;

// A timestamp as written -> nanoseconds since the Unix epoch (or since any origin, for plain seconds).
// Numbers are seconds, or epoch milliseconds when >= 1e11; text is a number or an RFC 3339 date-time
// with Z or an offset ("2024-03-05T14:02:11.250Z", "2024-03-05 16:02:11+02:00"). Sets `error` to what
// was expected when it cannot read it.
enum class TimestampKind : std::uint8_t { Seconds, EpochMillis, DateTime };
struct Timestamp {
    std::int64_t ns = 0;
    TimestampKind kind = TimestampKind::Seconds;
};
std::optional<Timestamp> parseTimestampText(std::string_view text, std::string& error);
std::optional<Timestamp> timestampFromNumber(double value, std::string& error);

// Parses a whole log's text. `name` is the file name used in messages; problems are added at `path`
// (e.g. "services[1].replay.file"), at most kMaxReplayProblems of them plus one summary. Rows come out
// sorted by time and relative to the earliest. nullopt when any row is bad or there is no row.
std::optional<ReplayLog> parseReplayText(std::string_view text, std::string_view name, ReplayFormat format,
                                         const std::string& path, Diagnostics& out);

// The format a file is read as: `format` unless Auto; else .csv -> Csv, .jsonl/.ndjson/.json -> Jsonl,
// else Jsonl when the first non-blank byte is '{', Csv otherwise.
ReplayFormat resolveReplayFormat(ReplayFormat format, std::string_view fileName, std::string_view text);

// Writes rows as a log (a header line first for CSV): parsing the result gives the same rows.
// Timestamps are written as relative seconds with nanosecond precision, statuses as outcome names.
std::string writeReplayCsv(const std::vector<ReplayRow>& rows);
std::string writeReplayJsonl(const std::vector<ReplayRow>& rows);

// Reads and parses the log a replay names: "builtin-data:NAME", an absolute path, or a path relative
// to `baseDir` ("" = the current directory). Problems are added at `path`.
std::shared_ptr<const ReplayLog> loadReplayLog(const Replay& replay, const std::string& baseDir,
                                               const std::string& path, Diagnostics& out);

// Loads the log of every service with a `replay` whose rows are not loaded yet; each problem is added
// at services[i].replay.file. `baseDir` is the scenario file's directory ("" = the current one).
void attachReplayLogs(Scenario& scenario, const std::string& baseDir, Diagnostics& out);
// The same for built-in logs only ("builtin-data:NAME", parsed once per process): parseScenarioJson does
// this, so a scenario naming only built-in logs is ready to run as soon as it is parsed.
void attachReplayLogs(Scenario& scenario, const std::string& baseDir, Diagnostics& out, bool builtinOnly);

// Gives `next` the loaded logs of `current` where both name the same file the same way (a scenario
// rebuilt from its JSON by a change keeps its rows without reading the files again).
void carryReplayLogs(const Scenario& current, Scenario& next);

} // namespace rl::scenario
