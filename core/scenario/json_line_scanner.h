#pragma once
// A hand-written reader for one line of a JSON-lines file holding one flat object, such as a replay
// log's rows ({"timestamp": 12.5, "latency_ms": 41.2, "status": 200, "path": "/v1"}). It picks out the
// values of a few named keys and checks the rest of the line against the JSON grammar (RFC 8259)
// without building a document: a log loads about six times faster than through nlohmann::json per line
// (docs/benchmarks.md, bench_replay).
//
// What it accepts, exactly:
// - one object, with whitespace (space, tab, CR, LF) around tokens, optionally after a UTF-8 byte order
//   mark; nothing else may follow it on the line;
// - values of any JSON type; values of keys that are not wanted are checked and skipped, including
//   arrays and objects nested up to kMaxJsonLineDepth levels (counting the line's object), deeper is
//   an error (an explicit bound instead of a stack that grows with the input);
// - strings as JSON writes them: UTF-8 (overlong forms and surrogates refused), no raw control
//   character, the escapes \" \\ \/ \b \f \n \r \t and \uXXXX (a high surrogate must be followed by
//   a low one; \u0000 is kept as a NUL byte); wanted values and keys are compared after decoding;
// - numbers in the JSON grammar only: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, so no leading
//   zeros, no "1." or ".5", no "+1", NaN or Infinity. Their range is not this reader's business: the
//   value's text is handed over as written (1e400 included);
// - a key written twice: the last value counts (as nlohmann::json does).
// Every read stays within the line. Scanning allocates nothing once its buffers for decoded strings
// have grown to the longest escaped value seen.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rl::scenario {

// Arrays and objects inside each other, the line's object included (as kMaxJsonDepth, json_limits.h).
inline constexpr int kMaxJsonLineDepth = 100;

enum class JsonValueKind : std::uint8_t { Missing, String, Number, True, False, Null, Object, Array };

struct JsonLineValue {
    JsonValueKind kind = JsonValueKind::Missing;
    // String: the decoded text; Number: the number as written; true/false/null: the word; Object and
    // Array: the value's text as written. Valid until the next scan.
    std::string_view text;
};

// Why a line is not one JSON object: the byte where reading stopped and what was expected there.
struct JsonLineError {
    std::size_t column = 0;         // 1-based, in bytes
    std::string_view expected;      // "':' after the key", ... (static text)
    bool inObject = false;          // the line opens an object (else it is not one, or not JSON at all)
    bool validButNotObject = false; // the line is valid JSON but not an object ([1, 2], "text", 42)
};

class JsonLineScanner {
public:
    // The keys whose values scan() picks out (at most kMaxKeys), in the order value() numbers them.
    explicit JsonLineScanner(std::span<const std::string_view> keys);

    // Reads `line` (without its line break). True when it is one JSON object; then value(i) is the
    // value of keys[i] (kind Missing when the object has no such key). False with error() set otherwise.
    bool scan(std::string_view line);
    const JsonLineValue& value(std::size_t key) const { return m_values[key]; }
    const JsonLineError& error() const { return m_error; }

    static constexpr std::size_t kMaxKeys = 8;

private:
    bool fail(std::size_t pos, std::string_view expected);
    void skipWhitespace(std::size_t& pos) const;
    bool scanString(std::size_t& pos, std::string* decoded, std::string_view& text);
    bool decodeEscape(std::size_t& pos, std::string* decoded);
    bool scanUtf8(std::size_t& pos);
    bool scanNumber(std::size_t& pos);
    bool scanWord(std::size_t& pos, std::string_view word);
    bool scanScalar(std::size_t& pos, JsonValueKind& kind);
    bool skipValue(std::size_t& pos, int depth, JsonValueKind& kind);
    bool scanKey(std::size_t& pos, std::string_view expected, std::string* decoded, std::string_view& key);
    bool scanMembers(std::size_t& pos);

    std::vector<std::string_view> m_keys;
    std::array<JsonLineValue, kMaxKeys> m_values{};
    std::array<std::string, kMaxKeys> m_decoded; // escaped strings of wanted values, decoded
    std::string m_decodedKey;                    // an escaped key, decoded
    std::string_view m_line;
    JsonLineError m_error;
};

} // namespace rl::scenario
