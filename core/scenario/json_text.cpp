#include "core/scenario/json_text.h"

#include "core/scenario/json_limits.h"
#include "core/scenario/json_reader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <vector>

namespace rl::scenario {
namespace {

// Files above this size are not scenarios; refusing them keeps a wrong path from filling memory.
constexpr std::uintmax_t kMaxFileBytes = 64u * 1024u * 1024u;

std::pair<std::size_t, std::size_t> lineAndColumn(const std::string& text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// Finds keys written twice in one object (JSON parsers keep the last one silently) while parsing,
// keeping the path of the current position.
class DuplicateKeyFinder {
public:
    explicit DuplicateKeyFinder(Diagnostics& out)
        : m_out(out) {}

    bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            enterElement();
            m_frames.push_back({event == Event::array_start, 0, 0, {}, {}});
            break;
        case Event::object_end:
        case Event::array_end:
            if (!m_frames.empty()) m_frames.pop_back();
            break;
        case Event::key:
            if (!m_frames.empty()) enterKey(parsed.get<std::string>());
            break;
        case Event::value:
            enterElement();
            break;
        }
        return true;
    }

private:
    struct Frame {
        bool array;
        std::size_t nextIndex;
        std::size_t index;          // the element being parsed (arrays)
        std::string key;            // the member being parsed (objects)
        std::set<std::string> seen; // a set: an object with 100,000 keys must not take quadratic time
    };
    void enterElement() {
        if (!m_frames.empty() && m_frames.back().array) m_frames.back().index = m_frames.back().nextIndex++;
    }
    void enterKey(std::string key) {
        Frame& top = m_frames.back();
        top.key = std::move(key);
        if (!top.seen.insert(top.key).second)
            m_out.add(path(), "duplicate key " + nlohmann::json(top.key).dump() +
                                  " in this object (only the last one would count)");
    }
    std::string path() const {
        std::string p;
        for (const auto& f : m_frames)
            p = f.array ? indexPath(p, f.index) : childPath(p, f.key);
        return p;
    }

    Diagnostics& m_out;
    std::vector<Frame> m_frames;
};

// "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> the reason.
std::string syntaxErrorReason(const nlohmann::json::parse_error& e) {
    std::string reason = e.what();
    if (auto at = reason.find("column"); at != std::string::npos)
        if (auto colon = reason.find(": ", at); colon != std::string::npos) reason = reason.substr(colon + 2);
    return reason;
}

} // namespace

std::optional<nlohmann::json> parseJsonText(const std::string& text, Diagnostics& out) {
    try {
        DuplicateKeyFinder finder(out);
        return parseJsonLimited(text, std::ref(finder));
    } catch (const JsonTooDeep& e) {
        out.add("", std::string(e.what()) + "; a scenario needs fewer than 10");
        return std::nullopt;
    } catch (const nlohmann::json::parse_error& e) {
        const auto [line, column] = lineAndColumn(text, e.byte);
        out.add("", "line " + std::to_string(line) + ", column " + std::to_string(column) +
                        ": not valid JSON: " + syntaxErrorReason(e));
        return std::nullopt;
    }
}

std::optional<std::string> readTextFile(const std::string& path, Diagnostics& out) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        out.add("", "cannot read '" + path + "': it is a directory");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.add("", "cannot read '" + path + "': " + std::strerror(errno));
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) {
        out.add("", "cannot read '" + path + "': larger than 64 MiB; not a scenario file");
        return std::nullopt;
    }
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

} // namespace rl::scenario
