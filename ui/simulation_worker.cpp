#include "ui/simulation_worker.h"

#include "ui/frame_fill.h"

#include "core/primitives/circuit_breaker.h"
#include "core/scenario/changes.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace rl::ui {

namespace {

constexpr int kTickMs = 16;          // paced play: about 60 frames a second
constexpr qint64 kWorkBudgetMs = 30; // simulation work per tick before the thread looks at its queue
constexpr qint64 kMaxFrameMs = 100;  // "max" speed: a frame about every 100 ms
constexpr std::size_t kMaxCheckpoints = 40;
constexpr std::size_t kMaxPendingAttempts = 4000; // when the GUI falls behind, the oldest frames' worth
constexpr double kSampledRequestsPerSecond = 40;  // animated requests per wall-clock second
// Too fast to animate (max speed, run until): still sample a few requests per simulated second, for the
// retry timelines.
constexpr double kSampledRequestsPerSimulatedSecond = 10;

Duration checkpointSpacing(const sim::Simulation& s) {
    // About kMaxCheckpoints over the run, in whole buckets, at least one bucket apart.
    const std::int64_t width = s.bucketWidth().count();
    const std::int64_t wanted = s.end().count() / static_cast<std::int64_t>(kMaxCheckpoints - 1);
    return Duration(std::max<std::int64_t>(1, (wanted + width - 1) / width) * width);
}

} // namespace

SimulationWorker::SimulationWorker(QObject* parent)
    : QObject(parent) {}

SimulationWorker::~SimulationWorker() = default;

void SimulationWorker::start() {
    m_timer = new QTimer(this);
    m_timer->setInterval(kTickMs);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SimulationWorker::tick);
}

void SimulationWorker::load(const scenario::Scenario& scenario) {
    m_playing = false;
    m_until.reset();
    if (m_timer) m_timer->stop();
    m_sim = std::make_unique<sim::Simulation>(scenario);
    m_checkpoints.clear();
    m_checkpointSpacing = checkpointSpacing(*m_sim);
    m_checkpoints.emplace(0, *m_sim);
    setTraceRate();
    beginFrame(true);
    publish(true);
}

void SimulationWorker::setTraceRate() {
    if (!m_sim) return;
    double rate = 0;
    for (const auto& c : m_sim->scenario().clients)
        rate += c.rateRps;
    m_animated = !(m_speed == 0 || m_until);
    const double every = m_animated ? std::ceil(rate * m_speed / kSampledRequestsPerSecond)
                                    : std::ceil(rate / kSampledRequestsPerSimulatedSecond);
    m_sim->setTraceSink(this, static_cast<std::uint64_t>(std::max(1.0, every)));
}

void SimulationWorker::onAttempt(const sim::AttemptTrace& attempt) {
    if (m_pending && m_pending->attempts.size() < kMaxPendingAttempts) m_pending->attempts.push_back(attempt);
}

void SimulationWorker::reanchor() {
    m_wall.restart();
    m_anchorSim = m_sim ? m_sim->now() : TimePoint{0};
}

void SimulationWorker::play() {
    if (!m_sim || m_sim->finished()) return;
    m_playing = true;
    m_keepingPace = true;
    reanchor();
    m_sinceFrame.restart();
    setTraceRate();
    if (m_timer) m_timer->start();
    publish(true);
}

void SimulationWorker::pause() {
    m_playing = false;
    m_until.reset();
    if (m_timer) m_timer->stop();
    setTraceRate();
    publish(true);
}

void SimulationWorker::setSpeed(double speed) {
    m_speed = std::max(0.0, speed);
    reanchor();
    setTraceRate();
    publish(true);
}

void SimulationWorker::stepEvent() {
    if (!m_sim) return;
    pause();
    m_sim->step();
    takeCheckpointIfDue();
    publish(true);
}

void SimulationWorker::stepBucket() {
    if (!m_sim) return;
    pause();
    const std::int64_t width = m_sim->bucketWidth().count();
    advanceTo(TimePoint((m_sim->now().count() / width + 1) * width));
    publish(true);
}

void SimulationWorker::seek(TimePoint t) {
    if (!m_sim) return;
    restoreAt(std::clamp(t, TimePoint{0}, m_sim->end()));
    reanchor();
    publish(true);
}

void SimulationWorker::setBreakpoints(std::vector<TimePoint> times) {
    std::sort(times.begin(), times.end());
    m_breakpoints = std::move(times);
}

std::optional<TimePoint> SimulationWorker::nextBreakpoint() const {
    const auto it = std::upper_bound(m_breakpoints.begin(), m_breakpoints.end(), m_sim->now());
    if (it == m_breakpoints.end()) return std::nullopt;
    return *it;
}

void SimulationWorker::runUntil(const RunUntil& condition) {
    if (!m_sim || m_sim->finished()) return;
    m_until = condition;
    m_playing = true;
    setTraceRate();
    m_sinceFrame.restart();
    if (m_timer) m_timer->start();
    publish(true);
}

void SimulationWorker::applyChangeNow(scenario::Change change) {
    if (!m_sim) return;
    const TimePoint now = m_sim->now();
    // at_s in seconds must lead back to exactly this instant (or the next nanosecond at worst).
    change.atS = toSeconds(now);
    while (scenario::changeTime(change) < now)
        change.atS = std::nextafter(change.atS, 1e300);
    const scenario::Diagnostics problems = m_sim->addChange(change);
    if (!problems.empty()) {
        Q_EMIT changeRejected(QString::fromStdString(problems.toString()).trimmed());
        return;
    }
    // Checkpoints after the change no longer describe this run; those before it get it too.
    const TimePoint at = scenario::changeTime(change);
    for (auto it = m_checkpoints.begin(); it != m_checkpoints.end();) {
        if (it->first > at.count() || !it->second.addChange(change).empty())
            it = m_checkpoints.erase(it);
        else
            ++it;
    }
    publish(true);
}

void SimulationWorker::frameConsumed() {
    m_inFlight = false;
}

void SimulationWorker::tick() {
    if (!m_sim || !m_playing) return;
    QElapsedTimer work;
    work.start();
    const Duration chunk = m_sim->bucketWidth();
    const bool fast = m_speed == 0 || m_until.has_value();
    // A breakpoint ahead (not during run-until, which has its own stop): play stops exactly there.
    const std::optional<TimePoint> breakpoint = m_until ? std::nullopt : nextBreakpoint();
    if (fast) {
        const std::size_t logFrom = m_sim->log().size();
        const auto bucketFrom = static_cast<std::size_t>(m_sim->now().count() / chunk.count());
        TimePoint limit = m_sim->end();
        if (m_until && m_until->kind == RunUntil::Kind::Time) limit = std::min(limit, m_until->time);
        if (breakpoint) limit = std::min(limit, *breakpoint);
        while (m_sim->now() < limit && work.elapsed() < kWorkBudgetMs)
            advanceTo(std::min(limit, m_sim->now() + chunk));
        if (m_until) {
            std::optional<TimePoint> stopAt;
            if (m_until->kind == RunUntil::Kind::Time) {
                if (m_sim->now() >= limit) stopAt = limit;
            } else {
                stopAt = conditionMet(logFrom, bucketFrom);
            }
            if (stopAt) {
                if (*stopAt < m_sim->now()) restoreAt(*stopAt); // back to the very moment
                m_until.reset();
                m_playing = false;
                m_timer->stop();
                setTraceRate();
                publish(true);
                return;
            }
        }
    } else {
        const auto wallNs = static_cast<double>(m_wall.nsecsElapsed());
        TimePoint target =
            std::min(m_sim->end(), m_anchorSim + Duration(static_cast<std::int64_t>(wallNs * m_speed)));
        if (breakpoint) target = std::min(target, *breakpoint);
        while (m_sim->now() < target && work.elapsed() < kWorkBudgetMs)
            advanceTo(std::min(target, m_sim->now() + chunk));
        m_keepingPace = m_sim->now() >= target;
        if (!m_keepingPace) reanchor(); // never build up a debt of simulated time
    }
    if (m_sim->finished() || (breakpoint && m_sim->now() >= *breakpoint)) {
        m_playing = false;
        m_until.reset();
        m_timer->stop();
        setTraceRate();
    }
    if (!fast || !m_playing || m_sinceFrame.elapsed() >= kMaxFrameMs) publish(!m_playing);
}

void SimulationWorker::advanceTo(TimePoint t) {
    while (m_sim->now() < t) {
        const std::int64_t spacing = m_checkpointSpacing.count();
        const TimePoint nextCheckpoint((m_sim->now().count() / spacing + 1) * spacing);
        m_sim->advanceTo(std::min(t, nextCheckpoint));
        takeCheckpointIfDue();
        if (m_sim->finished()) break;
    }
}

void SimulationWorker::takeCheckpointIfDue() {
    const std::int64_t now = m_sim->now().count();
    if (now % m_checkpointSpacing.count() != 0 || m_checkpoints.contains(now)) return;
    if (m_checkpoints.size() >= kMaxCheckpoints + 1) return;
    m_checkpoints.emplace(now, *m_sim);
}

void SimulationWorker::restoreAt(TimePoint t) {
    auto it = m_checkpoints.upper_bound(t.count());
    --it; // the one at 0 is always there
    const bool currentIsCloser = m_sim->now() <= t && m_sim->now().count() >= it->first;
    if (!currentIsCloser) m_sim = std::make_unique<sim::Simulation>(it->second);
    m_sim->setTraceSink(nullptr); // replaying to t is not shown
    advanceTo(t);
    setTraceRate();
    beginFrame(true);
}

std::optional<TimePoint> SimulationWorker::conditionMet(std::size_t logFrom, std::size_t bucketFrom) const {
    const auto& log = m_sim->log();
    for (std::size_t i = logFrom; i < log.size(); ++i) {
        const auto& e = log[i];
        if (m_until->kind == RunUntil::Kind::BreakerOpens &&
            e.kind == sim::LogEvent::Kind::BreakerTransition &&
            e.to == static_cast<std::uint8_t>(BreakerState::Open))
            return e.at;
        if (m_until->kind == RunUntil::Kind::FaultStarts && e.kind == sim::LogEvent::Kind::FaultStart)
            return e.at;
    }
    if (m_until->kind == RunUntil::Kind::SuccessBelow) {
        const std::int64_t width = m_sim->bucketWidth().count();
        const auto complete = static_cast<std::size_t>(m_sim->now().count() / width);
        for (std::size_t b = bucketFrom; b < complete && b < m_sim->bucketCount(); ++b) {
            for (std::size_t c = 0; c < m_sim->scenario().clients.size(); ++c) {
                const auto& o = m_sim->clientBuckets(c)[b].outcomes;
                const std::int64_t answered = o.total();
                const double good = static_cast<double>(o[Outcome::Success] + o[Outcome::Degraded]);
                if (answered > 0 && good / static_cast<double>(answered) < m_until->fraction)
                    return TimePoint(static_cast<std::int64_t>(b + 1) * width);
            }
        }
    }
    return std::nullopt;
}

void SimulationWorker::beginFrame(bool reset) {
    auto frame = std::make_unique<Frame>();
    frame->reset = reset;
    if (reset) {
        m_logSent = 0;
        m_bucketSent = 0;
        m_inFlight = false;
    } else if (m_pending) {
        frame->reset = m_pending->reset; // a reset not sent yet stays a reset
    }
    m_pending = std::move(frame);
}

void SimulationWorker::collectInto(Frame& f) {
    f.serial = ++m_serial;
    f.playing = m_playing;
    f.keepingPace = m_keepingPace;
    f.speed = m_speed;
    f.animated = m_animated;
    m_bucketSent = fillFrame(f, *m_sim, m_logSent, m_bucketSent); // the bucket in progress is sent again
    m_logSent = m_sim->log().size();
}

void SimulationWorker::publish(bool force) {
    if (!m_sim || !m_pending) return;
    if (m_inFlight && !force) return; // the GUI is behind: keep gathering into this frame
    collectInto(*m_pending);
    auto frame = FramePtr(std::move(m_pending));
    beginFrame(false);
    m_inFlight = true;
    m_sinceFrame.restart();
    Q_EMIT framePublished(frame);
}

} // namespace rl::ui
