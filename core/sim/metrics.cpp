#include "core/sim/metrics.h"

#include <algorithm>

namespace rl::sim {

std::int64_t OutcomeCounts::total() const {
    std::int64_t t = 0;
    for (auto v : n)
        t += v;
    return t;
}

OutcomeCounts& OutcomeCounts::operator+=(const OutcomeCounts& other) {
    for (std::size_t i = 0; i < n.size(); ++i)
        n[i] += other.n[i];
    return *this;
}

ClientBucket& operator+=(ClientBucket& a, const ClientBucket& b) {
    a.requests += b.requests;
    a.attempts += b.attempts;
    a.duplicateSideEffects += b.duplicateSideEffects;
    a.outcomes += b.outcomes;
    return a;
}

ServiceBucket& operator+=(ServiceBucket& a, const ServiceBucket& b) {
    a.arrivals += b.arrivals;
    a.started += b.started;
    a.completed += b.completed;
    a.errors += b.errors;
    a.rejected += b.rejected;
    a.rateLimited += b.rateLimited;
    a.shed += b.shed;
    a.expiredDropped += b.expiredDropped;
    a.workers = b.workers;
    return a;
}

CallBucket& operator+=(CallBucket& a, const CallBucket& b) {
    a.calls += b.calls;
    a.attempts += b.attempts;
    a.retries += b.retries;
    a.outcomes += b.outcomes;
    return a;
}

BucketIntegral::BucketIntegral(std::size_t buckets, Duration bucketWidth)
    : m_sums(buckets, 0.0)
    , m_width(bucketWidth)
    , m_currentEnd(bucketWidth) {}

void BucketIntegral::set(TimePoint now, double value) {
    flush(now);
    m_value = value;
}

void BucketIntegral::flush(TimePoint now) {
    if (now <= m_since) return;
    if (now <= m_currentEnd) { // the common case: still inside the bucket of the last change
        if (m_current < m_sums.size()) m_sums[m_current] += m_value * toSeconds(now - m_since);
        m_since = now;
        return;
    }
    while (m_since < now) {
        const auto b = static_cast<std::size_t>(m_since.count() / m_width.count());
        if (b >= m_sums.size()) {
            m_since = now;
            break;
        }
        const TimePoint end = std::min(now, TimePoint(static_cast<std::int64_t>(b + 1) * m_width.count()));
        m_sums[b] += m_value * toSeconds(end - m_since);
        m_since = end;
        m_current = b;
        m_currentEnd = TimePoint(static_cast<std::int64_t>(b + 1) * m_width.count());
    }
}

} // namespace rl::sim
