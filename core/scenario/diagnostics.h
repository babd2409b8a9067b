#pragma once
// Problems found in a scenario (or a primitive's JSON config), each with the JSON path it is about:
// "services[1].calls[0].retry.max_attempts: must be >= 1, got 0". Loaders collect every problem
// instead of stopping at the first, so users fix a file in one go.
#include <string>
#include <vector>

namespace rl::scenario {

struct Diagnostic {
    std::string path;    // e.g. "services[1].calls[0].retry.max_attempts"; empty for the whole file
    std::string message; // what was expected and what was found
    std::string toString() const { return path.empty() ? message : path + ": " + message; }
};

class Diagnostics {
public:
    void add(std::string path, std::string message) {
        m_items.push_back({std::move(path), std::move(message)});
    }
    bool empty() const { return m_items.empty(); }
    std::size_t size() const { return m_items.size(); }
    const std::vector<Diagnostic>& items() const { return m_items; }
    // One problem per line.
    std::string toString() const {
        std::string text;
        for (const auto& d : m_items)
            text += d.toString() + "\n";
        return text;
    }

private:
    std::vector<Diagnostic> m_items;
};

} // namespace rl::scenario
