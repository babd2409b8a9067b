#include "core/scenario/json_limits.h"

namespace rl::scenario {
namespace {

// Thrown from the parse callback to stop the parser at once; turned into JsonTooDeep by the caller.
struct StopParsing {};

// Where the first container deeper than kMaxJsonDepth opens. Called only after the parser stopped
// there, so the text before it is a valid JSON prefix: tracking strings and brackets is enough.
JsonTooDeep locateTooDeep(std::string_view text) {
    int depth = 0;
    bool inString = false, escaped = false;
    std::size_t line = 1, lineStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '\n') {
            ++line;
            lineStart = i + 1;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return JsonTooDeep(i, line, i - lineStart + 1);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return JsonTooDeep(text.size(), line, text.size() - lineStart + 1); // not reached for a stopped parse
}

// The parse error nlohmann reports for a syntax error, made for a number too large for a double
// ("1e400"), which nlohmann throws as out_of_range 406 without a position: the position is that of the
// first such token outside strings (the parser stopped there, so the text before it is valid JSON).
nlohmann::json::parse_error numberOverflow(std::string_view text, const std::string& what) {
    std::string token; // from "... number overflow parsing '1e400'"
    if (const auto open = what.find('\''); open != std::string::npos)
        token = what.substr(open + 1, what.rfind('\'') - open - 1);
    std::size_t line = 0, lineStart = 0, at = text.size();
    bool inString = false, escaped = false;
    for (std::size_t i = 0; i < text.size() && !token.empty(); ++i) {
        const char c = text[i];
        if (inString) {
            inString = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if (c == '"') {
            inString = true;
        } else if (c == '\n') {
            ++line;
            lineStart = i + 1;
        } else if (text.compare(i, token.size(), token) == 0) {
            at = i;
            break;
        }
    }
    nlohmann::detail::position_t position;
    position.chars_read_total = at + 1;
    position.chars_read_current_line = at - lineStart + 1;
    position.lines_read = line;
    return nlohmann::json::parse_error::create(406, position,
                                               "number " + token + " is out of range for a double", nullptr);
}

} // namespace

JsonTooDeep::JsonTooDeep(std::size_t byte, std::size_t line, std::size_t column)
    : std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                         reason())
    , m_byte(byte)
    , m_line(line)
    , m_column(column) {}

std::string JsonTooDeep::reason() {
    return "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels of arrays and objects";
}

nlohmann::json parseJsonLimited(std::string_view text, const nlohmann::json::parser_callback_t& inner) {
    using Event = nlohmann::json::parse_event_t;
    // `depth` is the number of enclosing containers of the one starting (0 for the outermost).
    auto bounded = [&inner](int depth, Event event, nlohmann::json& parsed) {
        if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxJsonDepth)
            throw StopParsing{};
        return inner ? inner(depth, event, parsed) : true;
    };
    try {
        return nlohmann::json::parse(text, bounded);
    } catch (const StopParsing&) {
        throw locateTooDeep(text);
    } catch (const nlohmann::json::out_of_range& e) {
        throw numberOverflow(text, e.what());
    }
}

} // namespace rl::scenario
