#include "core/scenario/replay_log.h"

#include "core/scenario/json_limits.h"
#include "core/scenario/json_line_scanner.h"
#include "core/scenario/json_reader.h"
#include "resources/builtin_scenarios.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>

namespace rl::scenario {

const std::vector<ReplayStatusWord> kReplayStatusWords = {
    {"ok", Outcome::Success},
    {"success", Outcome::Success},
    {"succeeded", Outcome::Success},
    {"error", Outcome::Error},
    {"failed", Outcome::Error},
    {"failure", Outcome::Error},
    {"unavailable", Outcome::Error},
    {"internal", Outcome::Error},
    {"timeout", Outcome::Timeout},
    {"timed_out", Outcome::Timeout},
    {"deadline_exceeded", Outcome::Timeout},
    {"rate_limited", Outcome::RateLimited},
    {"throttled", Outcome::RateLimited},
    {"resource_exhausted", Outcome::RateLimited},
    {"client_error", Outcome::ClientError},
    {"bad_request", Outcome::ClientError},
    {"invalid_argument", Outcome::ClientError},
    {"not_found", Outcome::ClientError},
};

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kNsPerMilli = 1'000'000;
// Plain seconds stop below 1e11 (epoch milliseconds start there) and must fit int64 nanoseconds.
constexpr double kEpochMillisFrom = 1e11;
constexpr std::uint64_t kMaxSeconds = 9'000'000'000;    // about year 2255
constexpr std::uint64_t kMaxMillis = 9'000'000'000'000; // idem
constexpr double kMaxLatencyMs = 86'400'000.0 * 365;    // a year: far beyond any simulated timeout
constexpr std::string_view kTimestampExpected =
    "timestamp must be seconds (a number >= 0), epoch milliseconds or an RFC 3339 date-time with Z or an "
    "offset (2024-03-05T14:02:11.250Z)";

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (x == '-') x = '_';
        if (x != b[i]) return false;
    }
    return true;
}

// Text in double quotes, JSON-escaped; bytes that are not UTF-8 (a log may hold anything) become U+FFFD.
std::string quotedText(std::string_view text) {
    return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A value for a message: quoted and cut after 40 bytes.
std::string shown(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::string s(text.substr(0, kMax));
    if (text.size() > kMax) s += "...";
    return quotedText(s);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Reads `count` digits at `pos` as a number; false if they are not all digits.
bool readDigits(std::string_view s, std::size_t& pos, std::size_t count, int& value) {
    if (pos + count > s.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!isDigit(s[pos + i])) return false;
        value = value * 10 + (s[pos + i] - '0');
    }
    pos += count;
    return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t{era} * 146097 + doe - 719468;
}

int daysInMonth(int y, int m) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// RFC 3339: YYYY-MM-DD(T|t| )HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM|+HHMM|-HHMM).
std::optional<std::int64_t> parseDateTime(std::string_view s) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(s, pos, 4, year) || !expect(s, pos, '-') || !readDigits(s, pos, 2, month) ||
        !expect(s, pos, '-') || !readDigits(s, pos, 2, day))
        return std::nullopt;
    if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
    ++pos;
    if (!readDigits(s, pos, 2, hour) || !expect(s, pos, ':') || !readDigits(s, pos, 2, minute) ||
        !expect(s, pos, ':') || !readDigits(s, pos, 2, second))
        return std::nullopt;
    if (year < 1970 || year > 2250 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
        hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::int64_t fractionNs = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::int64_t scale = kNsPerSecond;
        const std::size_t first = pos;
        while (pos < s.size() && isDigit(s[pos])) {
            if (scale > 1) {
                scale /= 10;
                fractionNs += (s[pos] - '0') * scale;
            }
            ++pos;
        }
        if (pos == first) return std::nullopt;
    }
    if (pos >= s.size()) return std::nullopt; // the zone is required
    std::int64_t offsetS = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!readDigits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (!readDigits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
        offsetS = sign * (oh * 3600 + om * 60);
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    const std::int64_t days = daysFromCivil(year, month, day);
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetS;
    if (secs < 0) return std::nullopt;
    return secs * kNsPerSecond + fractionNs;
}

// A plain decimal (digits, optionally '.' and digits) read exactly: seconds, or epoch milliseconds when
// the whole part is >= 1e11. nullopt when the text is not of that form; `error` set when it is but is out
// of range.
std::optional<Timestamp> parsePlainDecimal(std::string_view s, std::string& error) {
    std::size_t pos = 0;
    std::uint64_t whole = 0;
    while (pos < s.size() && isDigit(s[pos])) {
        if (whole > kMaxMillis) return std::nullopt; // far too large: let the general path report it
        whole = whole * 10 + static_cast<std::uint64_t>(s[pos] - '0');
        ++pos;
    }
    if (pos == 0) return std::nullopt;
    std::string_view fraction;
    if (pos < s.size() && s[pos] == '.') {
        fraction = s.substr(pos + 1);
        if (fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), isDigit)) return std::nullopt;
    } else if (pos != s.size()) {
        return std::nullopt;
    }
    const bool millis = static_cast<double>(whole) >= kEpochMillisFrom;
    if (whole > (millis ? kMaxMillis : kMaxSeconds)) {
        error = std::string(kTimestampExpected) + "; out of range";
        return std::nullopt;
    }
    const std::int64_t unit = millis ? kNsPerMilli : kNsPerSecond;
    std::int64_t fractionNs = 0;
    std::int64_t scale = unit;
    for (char c : fraction) {
        if (scale == 1) break;
        scale /= 10;
        fractionNs += (c - '0') * scale;
    }
    return Timestamp{static_cast<std::int64_t>(whole) * unit + fractionNs,
                     millis ? TimestampKind::EpochMillis : TimestampKind::Seconds};
}

std::optional<double> parseNumber(std::string_view s) {
    if (s.empty()) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::string_view kindName(TimestampKind kind) {
    switch (kind) {
    case TimestampKind::Seconds:
        return "seconds";
    case TimestampKind::EpochMillis:
        return "epoch milliseconds";
    case TimestampKind::DateTime:
        return "a date-time";
    }
    return "?";
}

std::string statusExpected() {
    std::string words;
    for (const auto& w : kReplayStatusWords)
        words += (words.empty() ? "" : ", ") + std::string(w.word);
    return "status must be an HTTP code (100-599) or one of " + words;
}

// One value as a CSV cell or JSON string holds it, for the row parser.
struct RawRow {
    std::int64_t ns = 0;
    double latencyMs = 0;
    Outcome outcome = Outcome::Success;
};

// Collects the rows of one file and its problems (the first kMaxReplayProblems of them).
class LogBuilder {
public:
    LogBuilder(std::string_view name, const std::string& path, Diagnostics& out)
        : m_name(name)
        , m_path(path)
        , m_out(out) {}

    void problem(std::size_t line, const std::string& message) {
        if (++m_bad <= kMaxReplayProblems)
            m_out.add(m_path, m_name + ":" + std::to_string(line) + ": " + message);
    }
    void fileProblem(const std::string& message) {
        ++m_bad;
        m_out.add(m_path, m_name + ": " + message);
    }
    bool failed() const { return m_bad > 0; }

    // Checks that every row writes its timestamp the same way as the first.
    bool checkKind(std::size_t line, const Timestamp& ts, std::string_view text) {
        if (!m_firstKind) {
            m_firstKind = ts.kind;
            m_firstKindLine = line;
            return true;
        }
        if (*m_firstKind == ts.kind) return true;
        problem(line, "timestamp " + shown(text) + " is " + std::string(kindName(ts.kind)) + " but line " +
                          std::to_string(m_firstKindLine) + "'s is " + std::string(kindName(*m_firstKind)) +
                          "; write every timestamp the same way");
        return false;
    }

    void add(const RawRow& row) { m_rows.push_back(row); }
    void reserve(std::size_t n) { m_rows.reserve(n); }

    std::optional<ReplayLog> finish() {
        if (m_bad > kMaxReplayProblems)
            m_out.add(m_path, m_name + ": ... and " + std::to_string(m_bad - kMaxReplayProblems) +
                                  " more bad rows (" + std::to_string(m_bad) + " in all)");
        if (m_bad > 0) return std::nullopt;
        if (m_rows.empty()) {
            m_out.add(m_path,
                      m_name + ": no rows (a log needs at least one row of timestamp, latency_ms, status)");
            return std::nullopt;
        }
        auto byTime = [](const RawRow& a, const RawRow& b) { return a.ns < b.ns; };
        if (!std::is_sorted(m_rows.begin(), m_rows.end(), byTime))
            std::stable_sort(m_rows.begin(), m_rows.end(), byTime);
        ReplayLog log;
        log.name = m_name;
        log.rows.reserve(m_rows.size());
        const std::int64_t origin = m_rows.front().ns;
        std::vector<double> latencies;
        latencies.reserve(m_rows.size());
        for (const auto& r : m_rows) {
            log.rows.push_back(ReplayRow{Duration(r.ns - origin), r.latencyMs, r.outcome});
            latencies.push_back(r.latencyMs);
        }
        const auto mid = latencies.begin() + static_cast<std::ptrdiff_t>(latencies.size() / 2);
        std::nth_element(latencies.begin(), mid, latencies.end());
        log.medianLatencyMs = *mid;
        return log;
    }

private:
    std::string m_name;
    const std::string& m_path;
    Diagnostics& m_out;
    std::size_t m_bad = 0;
    std::optional<TimestampKind> m_firstKind;
    std::size_t m_firstKindLine = 0;
    std::vector<RawRow> m_rows;
};

bool readTimestamp(LogBuilder& log, std::size_t line, std::optional<Timestamp> ts, const std::string& error,
                   std::string_view text, RawRow& row) {
    if (!ts) {
        log.problem(line, error + ", got " + shown(text));
        return false;
    }
    if (!log.checkKind(line, *ts, text)) return false;
    row.ns = ts->ns;
    return true;
}

// `ms`: the text read as a number (nullopt when it is not one).
bool readLatency(LogBuilder& log, std::size_t line, std::optional<double> ms, std::string_view text,
                 RawRow& row) {
    if (!ms || *ms < 0 || *ms > kMaxLatencyMs) {
        log.problem(line, "latency_ms must be a number >= 0" +
                              std::string(ms && *ms > kMaxLatencyMs ? " and at most a year" : "") + ", got " +
                              shown(text));
        return false;
    }
    row.latencyMs = *ms + 0.0; // -0 reads as 0
    return true;
}

bool readStatus(LogBuilder& log, std::size_t line, std::string_view text, RawRow& row) {
    const auto outcome = replayStatusOutcome(text);
    if (!outcome) {
        log.problem(line, statusExpected() + ", got " + shown(text));
        return false;
    }
    row.outcome = *outcome;
    return true;
}

// The three values of a row as text -> a row, or false with every problem reported.
bool readRowValues(LogBuilder& log, std::size_t line, std::string_view timestamp, std::string_view latency,
                   std::string_view status, RawRow& row) {
    std::string error;
    const auto ts = parseTimestampText(timestamp, error);
    const bool tsOk = readTimestamp(log, line, ts, error, timestamp, row);
    const bool latencyOk = readLatency(log, line, parseNumber(trim(latency)), latency, row);
    const bool statusOk = readStatus(log, line, status, row);
    return tsOk && latencyOk && statusOk;
}

// Splits a CSV line into cells (RFC 4180 quoting within the line; quotes are kept off the cell).
bool splitCsv(std::string_view line, std::vector<std::string_view>& cells) {
    cells.clear();
    std::size_t pos = 0;
    while (true) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'))
            ++pos;
        if (pos < line.size() && line[pos] == '"') {
            const std::size_t start = ++pos;
            while (true) {
                const std::size_t q = line.find('"', pos);
                if (q == std::string_view::npos) return false;
                if (q + 1 < line.size() && line[q + 1] == '"') {
                    pos = q + 2;
                    continue;
                }
                cells.push_back(line.substr(start, q - start));
                pos = q + 1;
                break;
            }
            const std::size_t comma = line.find(',', pos);
            if (comma == std::string_view::npos) return true;
            pos = comma + 1;
        } else {
            const std::size_t comma = line.find(',', pos);
            cells.push_back(trim(line.substr(pos, comma == std::string_view::npos ? comma : comma - pos)));
            if (comma == std::string_view::npos) return true;
            pos = comma + 1;
        }
    }
}

// Calls `each(lineNumber, line)` for every line that is not blank, without its line break.
template <typename Each> void forEachLine(std::string_view text, Each each) {
    std::size_t lineNumber = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        ++lineNumber;
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!trim(line).empty()) each(lineNumber, line);
        pos = end + 1;
    }
}

struct CsvColumns {
    std::size_t timestamp = 0, latency = 0, status = 0, needed = 0;
};

std::optional<CsvColumns> readHeader(LogBuilder& log, std::size_t line,
                                     const std::vector<std::string_view>& cells) {
    static constexpr std::array<std::string_view, 3> kColumns = {"timestamp", "latency_ms", "status"};
    std::array<std::optional<std::size_t>, 3> found;
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string_view name = trim(cells[i]);
        names.push_back(name);
        for (std::size_t k = 0; k < kColumns.size(); ++k) {
            if (!equalsIgnoreCase(name, kColumns[k])) continue;
            if (found[k]) {
                log.problem(line, "column " + quotedText(kColumns[k]) + " appears twice in the header");
                return std::nullopt;
            }
            found[k] = i;
        }
    }
    bool ok = true;
    for (std::size_t k = 0; k < kColumns.size(); ++k) {
        if (found[k]) continue;
        std::string message =
            "the header must name the columns timestamp, latency_ms and status; no column " +
            quotedText(kColumns[k]);
        if (auto guess = suggestName(kColumns[k], names))
            message += " (did you mean " + quotedText(*guess) + "?)";
        log.problem(line, message);
        ok = false;
    }
    if (!ok) return std::nullopt;
    CsvColumns c{*found[0], *found[1], *found[2], 0};
    c.needed = std::max({c.timestamp, c.latency, c.status}) + 1;
    return c;
}

void parseCsv(std::string_view text, LogBuilder& log) {
    std::optional<CsvColumns> columns;
    bool headerSeen = false;
    std::size_t headerLine = 0;
    std::vector<std::string_view> cells;
    forEachLine(text, [&](std::size_t line, std::string_view content) {
        if (trim(content).starts_with('#')) return; // a comment
        if (!splitCsv(content, cells)) {
            log.problem(line, "a quoted cell has no closing quote (a cell cannot span lines)");
            return;
        }
        if (!headerSeen) {
            headerSeen = true;
            headerLine = line;
            columns = readHeader(log, line, cells);
            return;
        }
        if (!columns) return; // reported once, at the header
        if (cells.size() < columns->needed) {
            log.problem(line, "expected at least " + std::to_string(columns->needed) +
                                  " cells as the header (line " + std::to_string(headerLine) +
                                  ") names, got " + std::to_string(cells.size()));
            return;
        }
        RawRow row;
        if (readRowValues(log, line, cells[columns->timestamp], cells[columns->latency],
                          cells[columns->status], row))
            log.add(row);
    });
}

// The decimal exponent of a JSON number's first significant digit (12.5 -> 1, 0.02 -> -2, 3e-400 ->
// -400), for a number too far from 1 for a double. Saturates far beyond any double's range.
std::int64_t decimalMagnitude(std::string_view number) {
    if (number.starts_with('-')) number.remove_prefix(1);
    const std::size_t e = number.find_first_of("eE");
    std::int64_t exponent = 0;
    if (e != std::string_view::npos) {
        std::string_view digits = number.substr(e + 1);
        const bool negative = digits.starts_with('-');
        if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
        for (char c : digits)
            exponent = std::min<std::int64_t>(exponent * 10 + (c - '0'), 1'000'000'000);
        if (negative) exponent = -exponent;
        number = number.substr(0, e);
    }
    const std::size_t point = number.find('.');
    const std::string_view whole = number.substr(0, point);
    if (whole != "0") return static_cast<std::int64_t>(whole.size()) - 1 + exponent;
    const std::string_view fraction = point == std::string_view::npos ? "" : number.substr(point + 1);
    const std::size_t firstNonZero = fraction.find_first_not_of('0');
    return -static_cast<std::int64_t>(firstNonZero == std::string_view::npos ? 0 : firstNonZero + 1) +
           exponent;
}

// A number as JSON writes it (checked by the scanner) -> the nearest double; one too small for a double
// reads as 0 (as strtod and nlohmann::json read it), one too large as infinite (then refused).
double jsonNumber(std::string_view number) {
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc::result_out_of_range) return value;
    const double magnitude = decimalMagnitude(number) < 0 ? 0.0 : std::numeric_limits<double>::infinity();
    return number.starts_with('-') ? -magnitude : magnitude;
}

std::optional<Timestamp> jsonTimestamp(const JsonLineValue& v, std::string& error) {
    if (v.kind == JsonValueKind::String) return parseTimestampText(v.text, error);
    if (v.kind == JsonValueKind::Number) {
        // A fraction or an exponent is read as a double; integers are read exactly, as text.
        if (v.text.find_first_of(".eE") != std::string_view::npos)
            return timestampFromNumber(jsonNumber(v.text), error);
        return parseTimestampText(v.text, error);
    }
    error = std::string(kTimestampExpected);
    return std::nullopt;
}

std::optional<double> jsonLatency(const JsonLineValue& v) {
    if (v.kind == JsonValueKind::String) return parseNumber(trim(v.text));
    if (v.kind != JsonValueKind::Number) return std::nullopt;
    const double ms = jsonNumber(v.text);
    return std::isfinite(ms) ? std::optional<double>(ms) : std::nullopt;
}

// Why a line is not one object: where reading stopped and what was expected there; a line that is not
// an object at all is shown whole with the format it should have.
std::string jsonLineProblem(const JsonLineError& e, std::string_view line) {
    const std::string oneObject =
        "expected one object per line with \"timestamp\", \"latency_ms\" and \"status\", got " +
        shown(trim(line));
    if (e.validButNotObject) return "not a JSON object; " + oneObject;
    if (!e.inObject) return "not valid JSON; " + oneObject;
    const std::size_t at = e.column - 1;
    return "not valid JSON at column " + std::to_string(e.column) + ": expected " + std::string(e.expected) +
           ", got " + (at < line.size() ? shown(line.substr(at)) : std::string("the end of the line"));
}

static_assert(kMaxJsonLineDepth == kMaxJsonDepth, "one nesting limit for every JSON a user hands us");
constexpr std::array<std::string_view, 3> kJsonlKeys = {"timestamp", "latency_ms", "status"};

void parseJsonl(std::string_view text, LogBuilder& log) {
    JsonLineScanner scanner(kJsonlKeys);
    std::string error;
    forEachLine(text, [&](std::size_t line, std::string_view content) {
        if (!scanner.scan(content)) {
            log.problem(line, jsonLineProblem(scanner.error(), content));
            return;
        }
        bool ok = true;
        for (std::size_t k = 0; k < kJsonlKeys.size(); ++k)
            if (scanner.value(k).kind == JsonValueKind::Missing) {
                log.problem(line, "missing key \"" + std::string(kJsonlKeys[k]) + "\"");
                ok = false;
            }
        if (!ok) return;
        const JsonLineValue& t = scanner.value(0);
        const JsonLineValue& l = scanner.value(1);
        const JsonLineValue& st = scanner.value(2);
        RawRow row;
        const bool tsOk = readTimestamp(log, line, jsonTimestamp(t, error), error, t.text, row);
        const bool latencyOk = readLatency(log, line, jsonLatency(l), l.text, row);
        const bool statusOk = readStatus(log, line, st.text, row);
        if (tsOk && latencyOk && statusOk) log.add(row);
    });
}

std::string secondsText(Duration t) {
    const std::int64_t ns = t.count();
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%lld.%09lld", static_cast<long long>(ns / kNsPerSecond),
                  static_cast<long long>(ns % kNsPerSecond));
    return buffer;
}

std::string numberText(double value) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("0");
}

std::optional<std::string> readLogFile(const std::filesystem::path& file, const std::string& shownName,
                                       const std::string& path, Diagnostics& out) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        out.add(path, "cannot read the log " + quotedText(shownName) + " (" + file.string() + "): " +
                          (std::filesystem::exists(file, ec) ? "not a regular file" : "no such file"));
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > kMaxReplayFileBytes) {
        out.add(path, "cannot read the log " + quotedText(shownName) + ": " +
                          (ec ? ec.message() : std::string("larger than 1 GiB")));
        return std::nullopt;
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    std::FILE* f = std::fopen(file.string().c_str(), "rb");
    if (!f) {
        out.add(path, "cannot read the log " + quotedText(shownName) + " (" + file.string() + ")");
        return std::nullopt;
    }
    const std::size_t got = std::fread(text.data(), 1, text.size(), f);
    std::fclose(f);
    text.resize(got);
    return text;
}

// A built-in log is parsed once per process and shared: its bytes never change, and every scenario
// that names it (each parse of a built-in lesson, each change re-reading it) gets the same rows.
// NOTE: a process-wide memo (behind a mutex) of constant data; a bad built-in is reported every time.
std::shared_ptr<const ReplayLog> builtinLog(const BuiltinData& data, ReplayFormat format,
                                            const std::string& path, Diagnostics& out) {
    static std::mutex mutex;
    static std::map<std::pair<std::string_view, ReplayFormat>, std::shared_ptr<const ReplayLog>> parsed;
    const std::lock_guard lock(mutex);
    auto& log = parsed[{data.name, format}];
    if (!log) {
        if (auto rows = parseReplayText(data.bytes, data.name, format, path, out))
            log = std::make_shared<const ReplayLog>(std::move(*rows));
    }
    return log;
}

} // namespace

std::optional<Outcome> replayStatusOutcome(std::string_view status) {
    status = trim(status);
    if (status.size() == 3 && std::all_of(status.begin(), status.end(), isDigit)) {
        const int code = (status[0] - '0') * 100 + (status[1] - '0') * 10 + (status[2] - '0');
        if (code < 100 || code > 599) return std::nullopt;
        if (code < 400) return Outcome::Success;
        if (code == 429) return Outcome::RateLimited;
        if (code == 504) return Outcome::Timeout;
        if (code < 500) return Outcome::ClientError;
        return Outcome::Error;
    }
    for (const auto& w : kReplayStatusWords)
        if (equalsIgnoreCase(status, w.word)) return w.outcome;
    return std::nullopt;
}

std::optional<Timestamp> timestampFromNumber(double value, std::string& error) {
    if (!std::isfinite(value) || value < 0) {
        error = std::string(kTimestampExpected);
        return std::nullopt;
    }
    const bool millis = value >= kEpochMillisFrom;
    if (value > static_cast<double>(millis ? kMaxMillis : kMaxSeconds)) {
        error = std::string(kTimestampExpected) + "; out of range";
        return std::nullopt;
    }
    const double ns = value * static_cast<double>(millis ? kNsPerMilli : kNsPerSecond);
    return Timestamp{std::llround(ns), millis ? TimestampKind::EpochMillis : TimestampKind::Seconds};
}

std::optional<Timestamp> parseTimestampText(std::string_view text, std::string& error) {
    text = trim(text);
    error.clear();
    if (auto plain = parsePlainDecimal(text, error)) return plain;
    if (!error.empty()) return std::nullopt;
    if (auto number = parseNumber(text)) return timestampFromNumber(*number, error);
    if (auto ns = parseDateTime(text)) return Timestamp{*ns, TimestampKind::DateTime};
    error = std::string(kTimestampExpected);
    return std::nullopt;
}

ReplayFormat resolveReplayFormat(ReplayFormat format, std::string_view fileName, std::string_view text) {
    if (format != ReplayFormat::Auto) return format;
    auto endsWith = [&](std::string_view ext) {
        return fileName.size() >= ext.size() &&
               equalsIgnoreCase(fileName.substr(fileName.size() - ext.size()), ext);
    };
    if (endsWith(".csv")) return ReplayFormat::Csv;
    if (endsWith(".jsonl") || endsWith(".ndjson") || endsWith(".json")) return ReplayFormat::Jsonl;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '{' ? ReplayFormat::Jsonl : ReplayFormat::Csv;
}

std::optional<ReplayLog> parseReplayText(std::string_view text, std::string_view name, ReplayFormat format,
                                         const std::string& path, Diagnostics& out) {
    LogBuilder log(name, path, out);
    log.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    if (resolveReplayFormat(format, name, text) == ReplayFormat::Jsonl)
        parseJsonl(text, log);
    else
        parseCsv(text, log);
    return log.finish();
}

std::string writeReplayCsv(const std::vector<ReplayRow>& rows) {
    std::string text = "timestamp,latency_ms,status\n";
    for (const auto& r : rows)
        text += secondsText(r.t) + "," + numberText(r.latencyMs) + "," + std::string(outcomeName(r.outcome)) +
                "\n";
    return text;
}

std::string writeReplayJsonl(const std::vector<ReplayRow>& rows) {
    std::string text;
    for (const auto& r : rows)
        text += "{\"timestamp\": " + secondsText(r.t) + ", \"latency_ms\": " + numberText(r.latencyMs) +
                ", \"status\": \"" + std::string(outcomeName(r.outcome)) + "\"}\n";
    return text;
}

std::shared_ptr<const ReplayLog> loadReplayLog(const Replay& replay, const std::string& baseDir,
                                               const std::string& path, Diagnostics& out) {
    std::optional<std::string> text;
    if (replay.file.starts_with(kBuiltinDataPrefix)) {
        const std::string name = replay.file.substr(kBuiltinDataPrefix.size());
        const BuiltinData* data = findBuiltinData(name);
        if (!data) {
            std::vector<std::string_view> names;
            std::string all;
            for (const auto& d : builtinData()) {
                names.push_back(d.name);
                all += (all.empty() ? "" : ", ") + std::string(d.name);
            }
            std::string message = "no built-in log named " + quotedText(name);
            if (auto guess = suggestName(name, names))
                message += "; did you mean " + quotedText(*guess) + "?";
            out.add(path, message + " (built-in logs: " + all + ")");
            return nullptr;
        }
        return builtinLog(*data, replay.format, path, out);
    } else {
        std::filesystem::path file(replay.file);
        if (file.is_relative() && !baseDir.empty()) file = std::filesystem::path(baseDir) / file;
        text = readLogFile(file, replay.file, path, out);
    }
    if (!text) return nullptr;
    auto log = parseReplayText(*text, std::filesystem::path(replay.file).filename().string(), replay.format,
                               path, out);
    if (!log) return nullptr;
    return std::make_shared<const ReplayLog>(std::move(*log));
}

void attachReplayLogs(Scenario& scenario, const std::string& baseDir, Diagnostics& out) {
    attachReplayLogs(scenario, baseDir, out, false);
}

void attachReplayLogs(Scenario& scenario, const std::string& baseDir, Diagnostics& out, bool builtinOnly) {
    for (std::size_t i = 0; i < scenario.services.size(); ++i) {
        auto& replay = scenario.services[i].replay;
        if (!replay || replay->log) continue;
        if (builtinOnly && !replay->file.starts_with(kBuiltinDataPrefix)) continue;
        replay->log =
            loadReplayLog(*replay, baseDir, childPath(indexPath("services", i), "replay.file"), out);
    }
}

void carryReplayLogs(const Scenario& current, Scenario& next) {
    const std::size_t n = std::min(current.services.size(), next.services.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto& from = current.services[i].replay;
        auto& to = next.services[i].replay;
        if (from && to && !to->log && from->file == to->file && from->format == to->format)
            to->log = from->log;
    }
}

} // namespace rl::scenario
