#pragma once
// Runs a Simulation on its own thread (moved there by SimulationController) and publishes Frames:
// paced play (simulated time = wall time x speed), "max" (as fast as possible, a frame about every
// 100 ms), single steps, seeks through checkpoints, run-until breakpoints and changes during the run.
// Every public slot is called through a queued call from the controller; nothing here blocks the GUI.
#include "ui/frame.h"

#include <QElapsedTimer>
#include <QObject>

#include <map>
#include <memory>
#include <optional>

class QTimer;

namespace rl::ui {

// A trainer's breakpoint: stop when this happens.
struct RunUntil {
    enum class Kind { Time, BreakerOpens, FaultStarts, SuccessBelow };
    Kind kind = Kind::Time;
    TimePoint time{0};     // Time
    double fraction = 0.9; // SuccessBelow: a bucket's success (incl. degraded) share of answers < this
};

class SimulationWorker : public QObject, private sim::TraceSink {
    Q_OBJECT
public:
    explicit SimulationWorker(QObject* parent = nullptr);
    ~SimulationWorker() override;

    // Slots, called on the worker's thread.
    void start(); // creates the pacing timer on this thread
    void load(const scenario::Scenario& scenario);
    void play();
    void pause();
    void setSpeed(double speed); // 0 = max
    void stepEvent();
    void stepBucket();
    void seek(TimePoint t);
    void runUntil(const RunUntil& condition);
    // Times at which play stops by itself (a lesson's pauses), exactly there; not during run-until.
    void setBreakpoints(std::vector<TimePoint> times);
    // Adds the change at the current simulated time (its at_s is set here). Emits changeRejected with
    // the reasons if the run refuses it.
    void applyChangeNow(scenario::Change change);
    void frameConsumed(); // the GUI took the last frame: the next one may go

    // The number of checkpoints kept and their memory estimate, for benchmarks and the status bar.
    std::size_t checkpointCount() const { return m_checkpoints.size(); }

Q_SIGNALS:
    void framePublished(rl::ui::FramePtr frame);
    void changeRejected(const QString& reasons);

private:
    void onAttempt(const sim::AttemptTrace& attempt) override;
    void tick();
    void advanceTo(TimePoint t); // through checkpoints as it passes them
    void restoreAt(TimePoint t); // the state a fresh run reaches at t
    void takeCheckpointIfDue();
    void publish(bool force);
    void beginFrame(bool reset);
    void collectInto(Frame& f);
    std::optional<TimePoint> conditionMet(std::size_t logFrom, std::size_t bucketFrom) const;
    void setTraceRate();
    void reanchor();
    std::optional<TimePoint> nextBreakpoint() const; // the first one after now

    std::unique_ptr<sim::Simulation> m_sim;
    std::map<std::int64_t, sim::Simulation> m_checkpoints; // by simulated time (ns)
    Duration m_checkpointSpacing{0};
    QTimer* m_timer = nullptr;
    QElapsedTimer m_wall;
    QElapsedTimer m_sinceFrame;
    TimePoint m_anchorSim{0};
    bool m_playing = false;
    bool m_keepingPace = true;
    std::vector<TimePoint> m_breakpoints; // sorted
    bool m_animated = false; // attempts are sampled for animation (paced play), not just for the timelines
    double m_speed = 1.0;
    std::optional<RunUntil> m_until;

    // The frame being gathered, and what the GUI has already been sent.
    std::unique_ptr<Frame> m_pending;
    bool m_inFlight = false;
    std::size_t m_logSent = 0;
    std::size_t m_bucketSent = 0;
    std::uint64_t m_serial = 0;
};

} // namespace rl::ui
