#pragma once
// Bounds on JSON that users hand us (scenario files, --set values, --config, trace lines). nlohmann's
// parser is iterative, but dumping, copying and comparing a value recurse once per nesting level, so a
// syntactically valid file holding an array nested 100,000 deep would overflow the stack long after
// it was parsed. Every parse of user JSON goes through parseJsonLimited, which refuses such documents
// at the bracket that goes too deep, so nothing downstream ever sees one.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rl::scenario {

// Arrays and objects inside each other, counting the outermost one. A scenario needs about 8 levels;
// the limit leaves room for hand-written extras and keeps the deepest recursion small.
inline constexpr int kMaxJsonDepth = 100;

// The document nests deeper than kMaxJsonDepth; the position is that of the bracket that went too deep.
class JsonTooDeep : public std::runtime_error {
public:
    JsonTooDeep(std::size_t byte, std::size_t line, std::size_t column);
    std::size_t byte() const { return m_byte; }     // 0-based offset in the text
    std::size_t line() const { return m_line; }     // 1-based
    std::size_t column() const { return m_column; } // 1-based, in bytes
    // "nesting deeper than 100 levels of arrays and objects" (no position).
    static std::string reason();

private:
    std::size_t m_byte, m_line, m_column;
};

// nlohmann::json::parse(text, inner) that throws JsonTooDeep for a document nested deeper than
// kMaxJsonDepth, and nlohmann::json::parse_error for bad syntax, as parse does, and also for a number
// too large for a double such as 1e400 (which nlohmann::json::parse throws as out_of_range). `inner`
// (optional) sees every parse event, as a parse callback would.
nlohmann::json parseJsonLimited(std::string_view text,
                                const nlohmann::json::parser_callback_t& inner = nullptr);

} // namespace rl::scenario
