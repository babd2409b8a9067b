#include "core/scenario/scenario_checks.h"

#include "core/scenario/json_reader.h"
#include "core/scenario/scenario_schema.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace rl::scenario {
namespace {

template <typename T>
void checkUniqueNames(const std::vector<T>& items, const std::vector<std::string>& paths, Diagnostics& out) {
    std::map<std::string, std::string> firstPath;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string& name = items[i].name;
        if (name.empty()) continue;
        auto [it, inserted] = firstPath.emplace(name, paths[i]);
        if (!inserted)
            out.add(paths[i] + ".name", "duplicate name " + quoteName(name) + " (also " + it->second + ")");
    }
}

void checkServiceReference(const Scenario& s, const std::string& name, const std::string& path,
                           Diagnostics& out) {
    if (name.empty() || s.findService(name)) return;
    std::vector<std::string_view> names;
    for (const auto& service : s.services)
        names.push_back(service.name);
    std::string message = "no service named " + quoteName(name);
    if (auto suggestion = suggestName(name, names))
        message += "; did you mean " + quoteName(*suggestion) + "?";
    else if (!names.empty()) {
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + quoteName(n);
        message += "; the services are " + list;
    }
    out.add(path, message);
}

// Each fault's target, and its id's uniqueness, fault by fault.
void checkFaults(const Scenario& s, Diagnostics& out) {
    std::map<std::string, std::size_t> faultIds;
    for (std::size_t i = 0; i < s.faults.size(); ++i) {
        checkServiceReference(s, s.faults[i].target, indexPath("faults", i) + ".target", out);
        const std::string& id = s.faults[i].id;
        if (id.empty()) continue;
        if (const auto [it, fresh] = faultIds.emplace(id, i); !fresh)
            out.add(indexPath("faults", i) + ".id",
                    "duplicate id " + quoteName(id) + " (also faults[" + std::to_string(it->second) + "])");
    }
}

std::string callPath(const std::vector<std::string>& servicePaths, std::size_t service, std::size_t call) {
    return indexPath(servicePaths[service] + ".calls", call) + ".to";
}

// Reports each call cycle once, at the call that closes it: "a -> b -> a". Depth-first with an
// explicit stack: a chain of 10,000 services must not recurse 10,000 deep.
class CycleFinder {
public:
    CycleFinder(const Scenario& s, const std::vector<std::string>& servicePaths, Diagnostics& out)
        : m_s(s)
        , m_servicePaths(servicePaths)
        , m_out(out)
        , m_mark(s.services.size(), Mark::New) {
        for (std::size_t i = 0; i < s.services.size(); ++i)
            m_indexOf.emplace(s.services[i].name, i);
    }

    void run() {
        for (std::size_t root = 0; root < m_mark.size(); ++root)
            if (m_mark[root] == Mark::New) walkFrom(root);
    }

private:
    enum class Mark { New, Active, Done };
    struct Frame {
        std::size_t service;
        std::size_t nextCall;
    };

    void walkFrom(std::size_t root) {
        m_mark[root] = Mark::Active;
        m_stack.push_back({root, 0});
        while (!m_stack.empty()) {
            Frame& top = m_stack.back();
            const std::size_t i = top.service;
            const auto& calls = m_s.services[i].calls;
            if (top.nextCall == calls.size()) {
                m_mark[i] = Mark::Done;
                m_stack.pop_back();
                continue;
            }
            const std::size_t c = top.nextCall++;
            auto it = m_indexOf.find(calls[c].to);
            if (it == m_indexOf.end()) continue;
            const std::size_t j = it->second;
            if (m_mark[j] == Mark::Active) {
                m_out.add(callPath(m_servicePaths, i, c), "call cycle: " + cycleTo(j));
            } else if (m_mark[j] == Mark::New) {
                m_mark[j] = Mark::Active;
                m_stack.push_back({j, 0}); // invalidates `top`
            }
        }
    }

    // "a -> b -> a": the services on the stack from `j` on, and `j` again.
    std::string cycleTo(std::size_t j) const {
        std::string cycle;
        auto from =
            std::find_if(m_stack.begin(), m_stack.end(), [j](const Frame& f) { return f.service == j; });
        for (auto k = from; k != m_stack.end(); ++k)
            cycle += m_s.services[k->service].name + " -> ";
        return cycle + m_s.services[j].name;
    }

    const Scenario& m_s;
    const std::vector<std::string>& m_servicePaths;
    Diagnostics& m_out;
    std::map<std::string, std::size_t> m_indexOf;
    std::vector<Mark> m_mark;
    std::vector<Frame> m_stack; // the services on the current path, each with the call to look at next
};

std::vector<std::string> listPaths(std::string_view list, std::size_t count) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < count; ++i)
        paths.push_back(indexPath(std::string(list), i));
    return paths;
}

} // namespace

bool checkTimeBuckets(const Scenario& s, Diagnostics& out) {
    if (s.bucketS > s.durationS) {
        out.add("bucket_s",
                "must be <= duration_s (" + formatNumber(s.durationS) + "), got " + formatNumber(s.bucketS));
        return false;
    }
    if (s.durationS / s.bucketS > schema::kMaxBuckets) {
        out.add("bucket_s", "too small: duration_s / bucket_s = " + formatNumber(s.durationS / s.bucketS) +
                                " buckets, at most " + formatNumber(schema::kMaxBuckets));
        return false;
    }
    return true;
}

void checkReferences(const Scenario& s, Diagnostics& out) {
    const auto clientPaths = listPaths("clients", s.clients.size());
    const auto servicePaths = listPaths("services", s.services.size());
    checkUniqueNames(s.clients, clientPaths, out);
    checkUniqueNames(s.services, servicePaths, out);
    for (std::size_t i = 0; i < s.clients.size(); ++i)
        checkServiceReference(s, s.clients[i].target, clientPaths[i] + ".target", out);
    for (std::size_t i = 0; i < s.services.size(); ++i)
        for (std::size_t c = 0; c < s.services[i].calls.size(); ++c)
            checkServiceReference(s, s.services[i].calls[c].to, callPath(servicePaths, i, c), out);
    checkFaults(s, out);
    CycleFinder(s, servicePaths, out).run();
}

void checkBatchArrivals(const Scenario& s, Diagnostics& out) {
    for (std::size_t i = 0; i < s.clients.size(); ++i) {
        const Client& c = s.clients[i];
        if (c.arrival != ArrivalKind::Batch) continue;
        const std::string path = indexPath("clients", i) + ".arrival.";
        const double endS = c.batch.atS + c.batch.spreadMs / 1000.0;
        if (!(c.batch.atS < s.durationS))
            out.add(path + "at_s", "must be < duration_s (" + formatNumber(s.durationS) +
                                       "): the batch would never be sent; got " + formatNumber(c.batch.atS));
        else if (endS > s.durationS)
            out.add(path + "spread_ms",
                    "the batch must be sent within the run: at_s + spread_ms / 1000 = " + formatNumber(endS) +
                        " s is past duration_s (" + formatNumber(s.durationS) + ")");
    }
}

void checkMetricsSize(const Scenario& s, Diagnostics& out) {
    std::size_t entities = s.clients.size() + s.services.size();
    for (const auto& svc : s.services)
        entities += svc.calls.size();
    const double buckets = std::ceil(s.durationS / s.bucketS);
    const double entityBuckets = buckets * static_cast<double>(entities);
    if (entityBuckets > schema::kMaxEntityBuckets)
        out.add("bucket_s", "too small for this scenario: " + formatNumber(buckets) + " buckets x " +
                                std::to_string(entities) + " clients, services and calls = " +
                                formatNumber(entityBuckets) + " series points, at most " +
                                formatNumber(schema::kMaxEntityBuckets) + "; use a wider bucket_s");
}

} // namespace rl::scenario
