#include "core/primitives/window_limiters.h"

#include <algorithm>
#include <cmath>

namespace rl {
namespace {
// Index of the aligned window containing t (floor division, also right for negative times).
std::int64_t windowIndexOf(TimePoint t, Duration window) {
    const std::int64_t n = t.count();
    const std::int64_t w = window.count();
    std::int64_t q = n / w;
    if (n % w != 0 && n < 0) --q;
    return q;
}
TimePoint windowStart(std::int64_t index, Duration window) {
    return TimePoint(index * window.count());
}
TimePoint latest(TimePoint now, TimePoint& lastNow) {
    if (now < lastNow) return lastNow;
    lastNow = now;
    return now;
}
} // namespace

// ---- FixedWindowLimiter ---------------------------------------------------------------------------

FixedWindowLimiter::FixedWindowLimiter(std::int64_t limit, Duration window)
    : m_limit(limit)
    , m_window(window) {}

RateDecision FixedWindowLimiter::tryAcquire(TimePoint asked, double cost) {
    const TimePoint now = latest(asked, m_lastNow);
    if (cost < 0) cost = 0;
    const std::int64_t index = windowIndexOf(now, m_window);
    if (index != m_windowIndex) {
        m_windowIndex = index;
        m_count = 0;
    }
    const double limit = static_cast<double>(m_limit);
    if (cost > limit) return {false, kNoLimit};
    if (m_count + cost <= limit) {
        m_count += cost;
        return {true, Duration{0}};
    }
    return {false, windowStart(index + 1, m_window) - asked};
}

double FixedWindowLimiter::count(TimePoint now) const {
    if (now < m_lastNow) now = m_lastNow;
    return windowIndexOf(now, m_window) == m_windowIndex ? m_count : 0.0;
}

void FixedWindowLimiter::reconfigure(std::int64_t limit, Duration window, TimePoint now) {
    latest(now, m_lastNow);
    m_limit = limit;
    if (window != m_window) {
        m_window = window;
        m_count = 0;
        m_windowIndex = windowIndexOf(m_lastNow, m_window);
    }
}

void FixedWindowLimiter::reset() {
    m_count = 0;
    m_lastNow = kEarliest;
}

// ---- SlidingLogLimiter ----------------------------------------------------------------------------

SlidingLogLimiter::SlidingLogLimiter(std::int64_t limit, Duration window)
    : m_limit(limit)
    , m_window(window)
    , m_ring(static_cast<std::size_t>(std::clamp<std::int64_t>(limit, 1, 4096))) {}

void SlidingLogLimiter::expire(TimePoint now) {
    // An admission at `a` counts while now - a < window.
    while (m_size > 0 && now - at(0).at >= m_window) {
        m_sum -= at(0).cost;
        m_head = (m_head + 1) % m_ring.size();
        --m_size;
    }
    if (m_size == 0) m_sum = 0; // no rounding residue from fractional costs
}

void SlidingLogLimiter::push(TimePoint when, double cost) {
    if (m_size == m_ring.size()) {
        std::vector<Entry> bigger(m_ring.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i)
            bigger[i] = at(i);
        m_ring.swap(bigger);
        m_head = 0;
    }
    m_ring[(m_head + m_size) % m_ring.size()] = {when, cost};
    ++m_size;
    m_sum += cost;
}

RateDecision SlidingLogLimiter::tryAcquire(TimePoint asked, double cost) {
    const TimePoint now = latest(asked, m_lastNow);
    if (cost < 0) cost = 0;
    expire(now);
    const double limit = static_cast<double>(m_limit);
    if (cost > limit) return {false, kNoLimit};
    if (m_sum + cost <= limit) {
        if (cost > 0) push(now, cost);
        return {true, Duration{0}};
    }
    // Wait until enough of the oldest admissions have expired.
    double remaining = m_sum;
    for (std::size_t i = 0; i < m_size; ++i) {
        remaining -= at(i).cost;
        const bool lastOfItsTime = i + 1 == m_size || at(i + 1).at != at(i).at;
        if (lastOfItsTime && remaining + cost <= limit) return {false, at(i).at + m_window - asked};
    }
    return {false, at(m_size - 1).at + m_window - asked}; // unreachable: all expired leaves 0 + cost <= limit
}

double SlidingLogLimiter::count(TimePoint now) const {
    if (now < m_lastNow) now = m_lastNow;
    double sum = 0;
    for (std::size_t i = m_size; i-- > 0;) {
        if (now - at(i).at >= m_window) break;
        sum += at(i).cost;
    }
    return sum;
}

void SlidingLogLimiter::reconfigure(std::int64_t limit, Duration window, TimePoint now) {
    latest(now, m_lastNow);
    m_limit = limit;
    m_window = window;
}

void SlidingLogLimiter::reset() {
    m_head = 0;
    m_size = 0;
    m_sum = 0;
    m_lastNow = kEarliest;
}

// ---- SlidingWindowCounterLimiter ------------------------------------------------------------------

SlidingWindowCounterLimiter::SlidingWindowCounterLimiter(std::int64_t limit, Duration window)
    : m_limit(limit)
    , m_window(window) {}

SlidingWindowCounterLimiter::Counters SlidingWindowCounterLimiter::countersAt(std::int64_t index) const {
    if (index == m_counters.index) return m_counters;
    if (index == m_counters.index + 1) return {index, m_counters.current, 0};
    return {index, 0, 0};
}

bool SlidingWindowCounterLimiter::passes(const Counters& c, Duration elapsed, double cost) const {
    const double weight =
        static_cast<double>((m_window - elapsed).count()) / static_cast<double>(m_window.count());
    return c.previous * weight + c.current + cost <= static_cast<double>(m_limit);
}

Duration SlidingWindowCounterLimiter::earliestPass(TimePoint now, const Counters& c, double cost) const {
    const double limit = static_cast<double>(m_limit);
    const double w = static_cast<double>(m_window.count());
    const TimePoint start = windowStart(c.index, m_window);
    // Tries the first nanosecond >= `from` (within window `cc`) that the formula gives, then checks it
    // with the decision itself, stepping forward a little if rounding disagrees.
    auto firstPassIn = [&](const Counters& cc, TimePoint windowBegin, double neededElapsedNs,
                           TimePoint from) -> TimePoint {
        std::int64_t e = static_cast<std::int64_t>(std::ceil(std::max(0.0, neededElapsedNs)));
        e = std::max<std::int64_t>(e, (from - windowBegin).count());
        for (int step = 0; step < 4 && e < m_window.count(); ++step, ++e)
            if (passes(cc, Duration(e), cost)) return windowBegin + Duration(e);
        return TimePoint::max();
    };
    // 1. Later in the current window, if only the previous window's weight is in the way.
    if (c.current + cost <= limit && c.previous > 0) {
        const double needed = w - (limit - c.current - cost) * w / c.previous;
        const TimePoint t = firstPassIn(c, start, needed, now);
        if (t != TimePoint::max()) return t - now;
    }
    // 2. In the next window, the current count becomes the previous one.
    const Counters next{c.index + 1, c.current, 0};
    const TimePoint nextStart = windowStart(c.index + 1, m_window);
    const double neededNext = c.current > 0 ? w - (limit - cost) * w / c.current : 0.0;
    const TimePoint t = firstPassIn(next, nextStart, neededNext, nextStart);
    if (t != TimePoint::max()) return t - now;
    // 3. Two windows on, both counters are empty.
    return windowStart(c.index + 2, m_window) - now;
}

RateDecision SlidingWindowCounterLimiter::tryAcquire(TimePoint asked, double cost) {
    const TimePoint now = latest(asked, m_lastNow);
    if (cost < 0) cost = 0;
    m_counters = countersAt(windowIndexOf(now, m_window));
    if (cost > static_cast<double>(m_limit)) return {false, kNoLimit};
    const Duration elapsed = now - windowStart(m_counters.index, m_window);
    if (passes(m_counters, elapsed, cost)) {
        m_counters.current += cost;
        return {true, Duration{0}};
    }
    return {false, earliestPass(now, m_counters, cost) + (now - asked)};
}

double SlidingWindowCounterLimiter::estimate(TimePoint now) const {
    if (now < m_lastNow) now = m_lastNow;
    const Counters c = countersAt(windowIndexOf(now, m_window));
    const Duration elapsed = now - windowStart(c.index, m_window);
    return c.previous *
               (static_cast<double>((m_window - elapsed).count()) / static_cast<double>(m_window.count())) +
           c.current;
}

double SlidingWindowCounterLimiter::count(TimePoint now) const {
    if (now < m_lastNow) now = m_lastNow;
    return countersAt(windowIndexOf(now, m_window)).current;
}

void SlidingWindowCounterLimiter::reconfigure(std::int64_t limit, Duration window, TimePoint now) {
    latest(now, m_lastNow);
    m_limit = limit;
    if (window != m_window) {
        m_window = window;
        m_counters = {windowIndexOf(m_lastNow, m_window), 0, 0};
    }
}

void SlidingWindowCounterLimiter::reset() {
    m_counters = {0, 0, 0};
    m_lastNow = kEarliest;
}

} // namespace rl
