// libFuzzer target: bytes -> the replay log importer (core/scenario/replay_log.h). The first line names
// the format ("csv", "jsonl"; anything else: auto), the rest is the log. A log that loads must be
// ordered, start at 0, have latencies >= 0, and read back equal after writeReplayCsv (exact) and with
// the same statuses after writeReplayJsonl.
#include "core/scenario/replay_log.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rl::scenario;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto newline = text.find('\n');
    const std::string first = text.substr(0, newline);
    const ReplayFormat format = first == "csv"     ? ReplayFormat::Csv
                                : first == "jsonl" ? ReplayFormat::Jsonl
                                                   : ReplayFormat::Auto;
    const std::string body = newline == std::string::npos ? std::string() : text.substr(newline + 1);
    Diagnostics out;
    const auto log = parseReplayText(body, "fuzz.log", format, "services[0].replay.file", out);
    if (!log) {
        if (out.empty() || out.size() > kMaxReplayProblems + 1) std::abort();
        return 0;
    }
    if (!out.empty() || log->rows.empty() || log->rows.front().t.count() != 0) std::abort();
    for (std::size_t i = 0; i < log->rows.size(); ++i) {
        if (!(log->rows[i].latencyMs >= 0)) std::abort();
        if (i > 0 && log->rows[i].t < log->rows[i - 1].t) std::abort();
    }
    Diagnostics again;
    const auto csv = parseReplayText(writeReplayCsv(log->rows), "fuzz.csv", ReplayFormat::Csv, "", again);
    if (!csv || csv->rows != log->rows) std::abort();
    const auto jsonl =
        parseReplayText(writeReplayJsonl(log->rows), "fuzz.jsonl", ReplayFormat::Jsonl, "", again);
    if (!jsonl || jsonl->rows.size() != log->rows.size()) std::abort();
    for (std::size_t i = 0; i < log->rows.size(); ++i)
        if (jsonl->rows[i].outcome != log->rows[i].outcome) std::abort();
    return 0;
}
