#include "core/scenario/json_line_scanner.h"

#include <algorithm>

namespace rl::scenario {
namespace {

constexpr std::string_view kValueExpected =
    "a value (a string, a number, an object, an array, true, false or null)";
constexpr std::string_view kUtf8Expected = "UTF-8 text in a string";
constexpr std::string_view kEscapeExpected =
    "an escape \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX after '\\'";
static_assert(kMaxJsonLineDepth == 100, "kTooDeep names the limit");
constexpr std::string_view kTooDeep = "at most 100 levels of arrays and objects inside each other";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Bytes a string holds as they are: printable ASCII other than the quote and the backslash.
bool isPlainStringByte(char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x20 && b < 0x80 && c != '"' && c != '\\';
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The four hex digits at `at` (after "\u"); false when there are not four.
bool readHex4(std::string_view s, std::size_t at, std::uint32_t& value) {
    if (at + 4 > s.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int d = hexDigit(s[at + i]);
        if (d < 0) return false;
        value = value * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    const auto byte = [&out](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
    if (cp < 0x80) {
        byte(cp);
    } else if (cp < 0x800) {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    } else {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

// Open arrays and objects, one bit each (set: an object): a fixed stack instead of recursion, so no
// input can make the reader use more memory or stack than this.
class OpenContainers {
public:
    void push(int level, bool object) {
        const auto bit = std::uint64_t{1} << (level % 64);
        auto& word = m_bits[static_cast<std::size_t>(level / 64)];
        word = object ? (word | bit) : (word & ~bit);
    }
    bool isObject(int level) const {
        return ((m_bits[static_cast<std::size_t>(level / 64)] >> (level % 64)) & 1) != 0;
    }

private:
    std::array<std::uint64_t, (kMaxJsonLineDepth + 63) / 64> m_bits{};
};

} // namespace

JsonLineScanner::JsonLineScanner(std::span<const std::string_view> keys)
    : m_keys(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), kMaxKeys))) {}

bool JsonLineScanner::fail(std::size_t pos, std::string_view expected) {
    m_error.column = pos + 1;
    m_error.expected = expected;
    return false;
}

void JsonLineScanner::skipWhitespace(std::size_t& pos) const {
    while (pos < m_line.size() && isWhitespace(m_line[pos]))
        ++pos;
}

bool JsonLineScanner::scan(std::string_view line) {
    m_line = line;
    m_error = JsonLineError{};
    for (auto& v : m_values)
        v = JsonLineValue{};
    std::size_t pos = line.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0;
    skipWhitespace(pos);
    if (pos < line.size() && line[pos] == '{') {
        m_error.inObject = true;
        ++pos;
        if (!scanMembers(pos)) return false;
        skipWhitespace(pos);
        return pos == line.size() || fail(pos, "the end of the line after the object");
    }
    // Not an object: whether it is JSON at all decides the message.
    const std::size_t start = pos;
    JsonValueKind kind = JsonValueKind::Missing;
    if (!skipValue(pos, 0, kind)) return false;
    skipWhitespace(pos);
    if (pos != line.size()) return fail(pos, "the end of the line after the value");
    m_error.validButNotObject = true;
    return fail(start, "an object");
}

// The members of the line's object, after its '{', through its '}'.
bool JsonLineScanner::scanMembers(std::size_t& pos) {
    skipWhitespace(pos);
    if (pos < m_line.size() && m_line[pos] == '}') {
        ++pos;
        return true;
    }
    std::string_view expectedKey = "a key in double quotes or '}'";
    while (true) {
        std::string_view key;
        if (!scanKey(pos, expectedKey, &m_decodedKey, key)) return false;
        expectedKey = "a key in double quotes";
        std::size_t wanted = 0;
        while (wanted < m_keys.size() && m_keys[wanted] != key)
            ++wanted;
        if (wanted < m_keys.size()) {
            JsonLineValue& v = m_values[wanted];
            const std::size_t start = pos;
            if (pos < m_line.size() && m_line[pos] == '"') {
                v.kind = JsonValueKind::String;
                if (!scanString(pos, &m_decoded[wanted], v.text)) return false;
            } else {
                if (!skipValue(pos, 1, v.kind)) return false;
                v.text = m_line.substr(start, pos - start);
            }
        } else {
            JsonValueKind ignored = JsonValueKind::Missing;
            if (!skipValue(pos, 1, ignored)) return false;
        }
        skipWhitespace(pos);
        if (pos < m_line.size() && m_line[pos] == ',') {
            ++pos;
            continue;
        }
        if (pos < m_line.size() && m_line[pos] == '}') {
            ++pos;
            return true;
        }
        return fail(pos, "',' or '}' after the value");
    }
}

// `"key" :` with the whitespace around; `key` is decoded into `decoded` when it has escapes (raw when
// `decoded` is null: keys of nested objects are only checked).
bool JsonLineScanner::scanKey(std::size_t& pos, std::string_view expected, std::string* decoded,
                              std::string_view& key) {
    skipWhitespace(pos);
    if (pos >= m_line.size() || m_line[pos] != '"') return fail(pos, expected);
    if (!scanString(pos, decoded, key)) return false;
    skipWhitespace(pos);
    if (pos >= m_line.size() || m_line[pos] != ':') return fail(pos, "':' after the key");
    ++pos;
    skipWhitespace(pos);
    return true;
}

// A string from its opening quote through its closing one. `text` is the content: a view of the line
// when it has no escape, else decoded into `decoded` (or left raw when `decoded` is null).
bool JsonLineScanner::scanString(std::size_t& pos, std::string* decoded, std::string_view& text) {
    const std::size_t open = pos;
    const std::size_t start = ++pos;
    bool escaped = false;
    while (true) {
        const std::size_t run = pos;
        while (pos < m_line.size() && isPlainStringByte(m_line[pos]))
            ++pos;
        if (escaped && decoded) decoded->append(m_line.substr(run, pos - run));
        if (pos >= m_line.size()) return fail(open, "a string closed by '\"' on the same line");
        const char c = m_line[pos];
        if (c == '"') break;
        if (c == '\\') {
            if (!escaped && decoded) decoded->assign(m_line.substr(start, pos - start));
            escaped = true;
            if (!decodeEscape(pos, decoded)) return false;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            return fail(pos, "no control character in a string (write \\t, \\n or \\u00XX)");
        } else {
            const std::size_t from = pos;
            if (!scanUtf8(pos)) return false;
            if (escaped && decoded) decoded->append(m_line.substr(from, pos - from));
        }
    }
    text = escaped && decoded ? std::string_view(*decoded) : m_line.substr(start, pos - start);
    ++pos; // the closing quote
    return true;
}

// One escape at `pos` (its backslash), appended decoded to `decoded` unless that is null.
bool JsonLineScanner::decodeEscape(std::size_t& pos, std::string* decoded) {
    if (pos + 1 >= m_line.size()) return fail(pos, kEscapeExpected);
    char simple = 0;
    switch (m_line[pos + 1]) {
    case '"':
    case '\\':
    case '/':
        simple = m_line[pos + 1];
        break;
    case 'b':
        simple = '\b';
        break;
    case 'f':
        simple = '\f';
        break;
    case 'n':
        simple = '\n';
        break;
    case 'r':
        simple = '\r';
        break;
    case 't':
        simple = '\t';
        break;
    case 'u':
        break;
    default:
        return fail(pos, kEscapeExpected);
    }
    if (m_line[pos + 1] != 'u') {
        if (decoded) decoded->push_back(simple);
        pos += 2;
        return true;
    }
    std::uint32_t cp = 0;
    if (!readHex4(m_line, pos + 2, cp)) return fail(pos, "four hex digits after \\u");
    std::size_t next = pos + 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        // A character beyond U+FFFF is written as a surrogate pair: \uD83D\uDE00.
        std::uint32_t low = 0;
        if (next + 1 >= m_line.size() || m_line[next] != '\\' || m_line[next + 1] != 'u' ||
            !readHex4(m_line, next + 2, low) || low < 0xDC00 || low > 0xDFFF)
            return fail(pos, "a low surrogate \\uDC00-\\uDFFF after the high surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        next += 6;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return fail(pos, "a high surrogate \\uD800-\\uDBFF before the low surrogate");
    }
    if (decoded) appendUtf8(*decoded, cp);
    pos = next;
    return true;
}

// One UTF-8 character of two to four bytes at `pos` (RFC 3629: no overlong form, no surrogate, at
// most U+10FFFF), as nlohmann::json checks strings.
bool JsonLineScanner::scanUtf8(std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(m_line[pos]);
    std::size_t continuation = 0;
    unsigned char low = 0x80, high = 0xBF; // the range of the first continuation byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation = 2;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation = 3;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return fail(pos, kUtf8Expected);
    }
    if (pos + continuation >= m_line.size()) return fail(pos, kUtf8Expected);
    for (std::size_t i = 1; i <= continuation; ++i) {
        const auto b = static_cast<unsigned char>(m_line[pos + i]);
        if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xBF)) return fail(pos, kUtf8Expected);
    }
    pos += continuation + 1;
    return true;
}

bool JsonLineScanner::scanNumber(std::size_t& pos) {
    const auto digits = [&] {
        while (pos < m_line.size() && isDigit(m_line[pos]))
            ++pos;
    };
    if (m_line[pos] == '-') ++pos;
    if (pos >= m_line.size() || !isDigit(m_line[pos])) return fail(pos, "a digit after '-'");
    if (m_line[pos] == '0') {
        ++pos;
        if (pos < m_line.size() && isDigit(m_line[pos]))
            return fail(pos - 1, "a number without leading zeros (0, 7, 0.5)");
    } else {
        digits();
    }
    if (pos < m_line.size() && m_line[pos] == '.') {
        ++pos;
        if (pos >= m_line.size() || !isDigit(m_line[pos]))
            return fail(pos, "a digit after the decimal point");
        digits();
    }
    if (pos < m_line.size() && (m_line[pos] == 'e' || m_line[pos] == 'E')) {
        ++pos;
        if (pos < m_line.size() && (m_line[pos] == '+' || m_line[pos] == '-')) ++pos;
        if (pos >= m_line.size() || !isDigit(m_line[pos])) return fail(pos, "a digit in the exponent");
        digits();
    }
    return true;
}

bool JsonLineScanner::scanWord(std::size_t& pos, std::string_view word) {
    if (m_line.substr(pos, word.size()) != word) return fail(pos, kValueExpected);
    pos += word.size();
    return true;
}

// A string, number, true, false or null at `pos` (which is within the line).
bool JsonLineScanner::scanScalar(std::size_t& pos, JsonValueKind& kind) {
    const char c = m_line[pos];
    if (c == '"') {
        kind = JsonValueKind::String;
        std::string_view ignored;
        return scanString(pos, nullptr, ignored);
    }
    if (c == '-' || isDigit(c)) {
        kind = JsonValueKind::Number;
        return scanNumber(pos);
    }
    if (c == 't') {
        kind = JsonValueKind::True;
        return scanWord(pos, "true");
    }
    if (c == 'f') {
        kind = JsonValueKind::False;
        return scanWord(pos, "false");
    }
    if (c == 'n') {
        kind = JsonValueKind::Null;
        return scanWord(pos, "null");
    }
    return fail(pos, kValueExpected);
}

// Checks one value of any type at `pos` (after whitespace) and moves past it; `depth` is the number of
// arrays and objects around it. Nested values are walked in a loop with an explicit stack.
bool JsonLineScanner::skipValue(std::size_t& pos, int depth, JsonValueKind& kind) {
    OpenContainers open;
    int level = 0; // containers opened and not closed yet within this value
    while (true) {
        // A value is expected at `pos`.
        skipWhitespace(pos);
        if (pos >= m_line.size()) return fail(pos, kValueExpected);
        const char c = m_line[pos];
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            if (level == 0) kind = object ? JsonValueKind::Object : JsonValueKind::Array;
            if (depth + level + 1 > kMaxJsonLineDepth) return fail(pos, kTooDeep);
            open.push(level++, object);
            ++pos;
            skipWhitespace(pos);
            if (pos < m_line.size() && m_line[pos] == (object ? '}' : ']')) {
                ++pos;
                --level; // empty: a value ended
            } else {
                std::string_view key;
                if (object && !scanKey(pos, "a key in double quotes or '}'", nullptr, key)) return false;
                continue;
            }
        } else {
            JsonValueKind scalar = JsonValueKind::Missing;
            if (!scanScalar(pos, scalar)) return false;
            if (level == 0) kind = scalar;
        }
        // A value ended: close the containers it ends, or go on to the next element or member.
        while (true) {
            if (level == 0) return true;
            skipWhitespace(pos);
            const bool object = open.isObject(level - 1);
            if (pos < m_line.size() && m_line[pos] == ',') {
                ++pos;
                std::string_view key;
                if (object && !scanKey(pos, "a key in double quotes", nullptr, key)) return false;
                break;
            }
            if (pos < m_line.size() && m_line[pos] == (object ? '}' : ']')) {
                ++pos;
                --level;
                continue;
            }
            return fail(pos, object ? "',' or '}' after the value" : "',' or ']' after the value");
        }
    }
}

} // namespace rl::scenario
