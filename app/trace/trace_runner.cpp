#include "app/trace/trace_runner.h"

#include "core/scenario/json_limits.h"
#include "core/scenario/json_reader.h"

#include <istream>
#include <limits>
#include <ostream>

namespace rl::trace {
namespace {

nlohmann::json parseLine(const std::string& text) {
    try {
        return scenario::parseJsonLimited(text);
    } catch (const scenario::JsonTooDeep& e) {
        throw TraceLineError("column " + std::to_string(e.column()) + ": " + scenario::JsonTooDeep::reason());
    } catch (const nlohmann::json::parse_error& e) {
        // The file and line are named by the caller: keep the column and the reason only.
        std::string reason = e.what();
        if (const auto at = reason.find("column"); at != std::string::npos)
            if (const auto colon = reason.find(": ", at); colon != std::string::npos)
                reason = reason.substr(colon + 2);
        throw TraceLineError("column " + std::to_string(e.byte) + ": not valid JSON: " + reason);
    }
}

} // namespace

std::optional<TraceProblem> driveTrace(TraceDriver& driver, std::istream& in, std::ostream& out) {
    std::string text;
    long lineNumber = 0;
    double previousMs = -std::numeric_limits<double>::infinity();
    while (std::getline(in, text)) {
        ++lineNumber;
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            const nlohmann::json line = parseLine(text);
            if (!line.is_object())
                throw TraceLineError("expected a JSON object, got " + scenario::describeValue(line));
            const double tMs = requireNumber(line, "t_ms");
            if (tMs < 0) throw TraceLineError("\"t_ms\" must be >= 0, got " + line.at("t_ms").dump());
            if (tMs > 9.0e12) throw TraceLineError("\"t_ms\" is too large (at most 9e12 ms)");
            if (tMs < previousMs)
                throw TraceLineError("lines must be ordered by time: t_ms " + line.at("t_ms").dump() +
                                     " comes after " + nlohmann::json(previousMs).dump());
            previousMs = tMs;
            auto op = line.find("op");
            if (op == line.end() || !op->is_string()) throw TraceLineError("missing \"op\" (a string)");
            nlohmann::ordered_json answer;
            answer["t_ms"] = line.at("t_ms");
            driver.apply(fromMillis(tMs), op->get<std::string>(), line, answer);
            out << answer.dump() << "\n";
        } catch (const TraceLineError& e) {
            out.flush();
            return TraceProblem{lineNumber, e.what()};
        }
    }
    return std::nullopt;
}

} // namespace rl::trace
