#pragma once
// FallbackChain: an ordered list of alternatives tried in order until one answers (e.g. a replica in
// another region, then a cache, then a static default). An alternative returns std::optional<Value>:
// nullopt means "no answer, try the next". The answer reports the index that answered and is always
// labelled degraded (source Alternative); when none answers the source is None and the failure stands.
//
// - Alternatives are tried in the order they were added; the first answer wins, later ones are not
//   called. An alternative that throws propagates the exception (the chain does not swallow errors:
//   catch inside the alternative and return nullopt if failing over is what you want).
// - Args... are passed to every alternative (e.g. the request key), by const reference.
// - The list is built up front (add() allocates); answer() does not allocate beyond what the
//   alternatives do (std::function may allocate for large captures, once, at add()).
//
// Compare: Polly v8 composes several FallbackStrategy layers, each with a ShouldHandle predicate;
// Resilience4j chains Decorators.ofSupplier(...).withFallback(...). Here one object holds the order.
#include "core/primitives/fallback.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rl {

template <typename Value, typename... Args> class FallbackChain {
public:
    using Alternative = std::function<std::optional<Value>(const Args&...)>;
    static constexpr int kNoAnswer = -1;

    struct Answer {
        std::optional<Value> value;
        int index = kNoAnswer; // which alternative answered, in add() order; kNoAnswer if none
        FallbackSource source = FallbackSource::None;
        bool degraded() const { return source != FallbackSource::None; }
    };

    struct View {
        std::vector<std::string> names;     // in order
        std::vector<std::int64_t> answered; // per alternative: how many answers it gave
        std::int64_t unanswered = 0;        // answer() calls where no alternative answered
    };

    // Appends an alternative; returns its index.
    int add(std::string name, Alternative alternative) {
        m_names.push_back(std::move(name));
        m_alternatives.push_back(std::move(alternative));
        m_answered.push_back(0);
        return static_cast<int>(m_alternatives.size()) - 1;
    }

    std::size_t size() const { return m_alternatives.size(); }
    const std::string& name(int index) const { return m_names[static_cast<std::size_t>(index)]; }

    Answer answer(const Args&... args) {
        for (std::size_t i = 0; i < m_alternatives.size(); ++i) {
            std::optional<Value> v = m_alternatives[i](args...);
            if (v) {
                ++m_answered[i];
                return Answer{std::move(v), static_cast<int>(i), FallbackSource::Alternative};
            }
        }
        ++m_unanswered;
        return Answer{};
    }

    View view() const { return View{m_names, m_answered, m_unanswered}; }

private:
    std::vector<std::string> m_names;
    std::vector<Alternative> m_alternatives;
    std::vector<std::int64_t> m_answered;
    std::int64_t m_unanswered = 0;
};

} // namespace rl
