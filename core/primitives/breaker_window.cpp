#include "core/primitives/breaker_window.h"

#include <algorithm>

namespace rl {

// ---- CountWindow ----

void CountWindow::resize(std::int32_t size) {
    m_ring.assign(static_cast<std::size_t>(size), 0);
    clear();
}

void CountWindow::resizeKeepingNewest(std::int32_t size) {
    std::vector<std::uint8_t> newest; // oldest first
    newest.reserve(static_cast<std::size_t>(m_filled));
    for (std::int32_t i = 0, slot = m_filled == this->size() ? m_next : 0; i < m_filled; ++i) {
        newest.push_back(m_ring[static_cast<std::size_t>(slot)]);
        if (++slot == this->size()) slot = 0;
    }
    resize(size);
    const std::size_t keep = std::min(newest.size(), static_cast<std::size_t>(size));
    for (std::size_t i = newest.size() - keep; i < newest.size(); ++i)
        record((newest[i] & kFailure) != 0, (newest[i] & kSlow) != 0);
}

void CountWindow::clear() {
    m_next = 0;
    m_filled = 0;
    m_totals = {};
}

void CountWindow::record(bool failure, bool slow) {
    auto& slot = m_ring[static_cast<std::size_t>(m_next)];
    if (m_filled == size()) { // the oldest outcome leaves the window
        m_totals.calls -= 1;
        m_totals.failures -= (slot & kFailure) ? 1 : 0;
        m_totals.slow -= (slot & kSlow) ? 1 : 0;
    } else {
        ++m_filled;
    }
    slot = static_cast<std::uint8_t>((failure ? kFailure : 0) | (slow ? kSlow : 0));
    m_totals.calls += 1;
    m_totals.failures += failure ? 1 : 0;
    m_totals.slow += slow ? 1 : 0;
    if (++m_next == size()) m_next = 0;
}

void CountWindow::cells(std::vector<WindowTotals>& out) const {
    out.clear();
    for (std::int32_t i = 0, slot = m_filled == size() ? m_next : 0; i < m_filled; ++i) {
        const std::uint8_t flags = m_ring[static_cast<std::size_t>(slot)];
        out.push_back({1, (flags & kFailure) ? 1 : 0, (flags & kSlow) ? 1 : 0});
        if (++slot == size()) slot = 0;
    }
}

// ---- TimeWindow ----

std::int64_t TimeWindow::secondOf(TimePoint t) {
    constexpr std::int64_t kNsPerSecond = 1'000'000'000;
    const std::int64_t ns = t.count();
    std::int64_t s = ns / kNsPerSecond;
    if (ns % kNsPerSecond < 0) --s; // floor for times before the caller's epoch
    return s;
}

void TimeWindow::resize(std::int32_t seconds) {
    m_ring.assign(static_cast<std::size_t>(seconds), Bucket{});
    clear();
}

void TimeWindow::clear() {
    m_head = 0;
    m_tail = 0;
    m_count = 0;
    m_totals = {};
}

void TimeWindow::expire(TimePoint now) {
    const std::int64_t second = secondOf(now);
    while (m_count > 0 && expired(bucket(m_head), second)) {
        const Bucket& b = bucket(m_head);
        m_totals.calls -= b.calls;
        m_totals.failures -= b.failures;
        m_totals.slow -= b.slow;
        m_head = nextIndex(m_head);
        --m_count;
    }
}

void TimeWindow::record(TimePoint now, bool failure, bool slow) {
    expire(now);
    const std::int64_t second = secondOf(now);
    if (m_count == 0) {
        m_head = m_tail = 0;
        bucket(0) = Bucket{second, 0, 0, 0};
        m_count = 1;
    } else if (bucket(m_tail).second < second) {
        // At most seconds() distinct seconds are ever in the window, so the ring never overflows.
        m_tail = nextIndex(m_tail);
        bucket(m_tail) = Bucket{second, 0, 0, 0};
        ++m_count;
    }
    Bucket& newest = bucket(m_tail);
    newest.calls += 1;
    newest.failures += failure ? 1 : 0;
    newest.slow += slow ? 1 : 0;
    m_totals.calls += 1;
    m_totals.failures += failure ? 1 : 0;
    m_totals.slow += slow ? 1 : 0;
}

WindowTotals TimeWindow::totalsAt(TimePoint now) const {
    const std::int64_t second = secondOf(now);
    WindowTotals t = m_totals;
    for (std::int32_t i = 0, index = m_head; i < m_count && expired(bucket(index), second);
         ++i, index = nextIndex(index)) {
        t.calls -= bucket(index).calls;
        t.failures -= bucket(index).failures;
        t.slow -= bucket(index).slow;
    }
    return t;
}

void TimeWindow::cellsAt(TimePoint now, std::vector<WindowTotals>& out) const {
    out.assign(m_ring.size(), WindowTotals{});
    const std::int64_t current = secondOf(now);
    const std::int64_t first = current - seconds() + 1;
    for (std::int32_t i = 0, index = m_head; i < m_count; ++i, index = nextIndex(index)) {
        const Bucket& b = bucket(index);
        if (b.second < first) continue;
        // Time going backwards adds to the newest bucket (see record()): clamp it into the window.
        const auto at = static_cast<std::size_t>(std::min(b.second, current) - first);
        out[at].calls += b.calls;
        out[at].failures += b.failures;
        out[at].slow += b.slow;
    }
}

// ---- OutcomeWindow ----

void OutcomeWindow::configure(BreakerWindow kind, std::int32_t size) {
    m_kind = kind;
    m_size = size;
    // Release the storage of the kind not in use; allocate the one in use.
    m_count.resize(kind == BreakerWindow::Count ? size : 0);
    m_time.resize(kind == BreakerWindow::Time ? size : 0);
    clear();
}

void OutcomeWindow::clear() {
    m_count.clear();
    m_time.clear();
    m_consecutive.clear();
}

void OutcomeWindow::record(TimePoint now, bool failure, bool slow) {
    switch (m_kind) {
    case BreakerWindow::Count:
        m_count.record(failure, slow);
        break;
    case BreakerWindow::Time:
        m_time.record(now, failure, slow);
        break;
    case BreakerWindow::Consecutive:
        m_consecutive.record(failure);
        break;
    }
}

WindowTotals OutcomeWindow::totals() const {
    switch (m_kind) {
    case BreakerWindow::Count:
        return m_count.totals();
    case BreakerWindow::Time:
        return m_time.totals();
    case BreakerWindow::Consecutive:
        break;
    }
    return {};
}

void OutcomeWindow::cellsAt(TimePoint now, std::vector<WindowTotals>& out) const {
    switch (m_kind) {
    case BreakerWindow::Count:
        m_count.cells(out);
        return;
    case BreakerWindow::Time:
        m_time.cellsAt(now, out);
        return;
    case BreakerWindow::Consecutive:
        break;
    }
    out.clear();
}

WindowTotals OutcomeWindow::totalsAt(TimePoint now) const {
    switch (m_kind) {
    case BreakerWindow::Count:
        return m_count.totals();
    case BreakerWindow::Time:
        return m_time.totalsAt(now);
    case BreakerWindow::Consecutive:
        break;
    }
    return {};
}

} // namespace rl
