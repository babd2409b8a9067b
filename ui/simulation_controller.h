#pragma once
// The GUI's handle on a run. Owns the worker thread and its SimulationWorker; sends commands as queued
// calls (never waits for the simulation) and keeps the RunModel up to date from the frames it gets.
// Widgets talk to this object only.
//
// A run is scenario + seed + change list: applyChange() adds a change at the current simulated time
// (a slider, a layer switch, a fault by hand), the undo stack takes them back with new changes, and
// scenarioWithChanges() is what File > Save writes.
#include "ui/frame.h"
#include "ui/run_model.h"
#include "ui/simulation_worker.h"

#include <QObject>
#include <QString>

#include <functional>

class QThread;
class QUndoStack;

namespace rl::ui {

class SimulationController : public QObject {
    Q_OBJECT
public:
    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    void load(const scenario::Scenario& scenario);
    bool hasScenario() const { return m_loaded; }
    void play();
    void pause();
    void togglePlay();
    void setSpeed(double speed); // 0 = max
    double speed() const { return m_speed; }
    void stepEvent();
    void stepBucket();
    void restart();
    // Loop: a run that plays to its end starts again from 0 and plays on (a lesson left running in
    // front of a class). A pause or a breakpoint before the end does not loop.
    void setLoop(bool loop) { m_loop = loop; }
    bool loops() const { return m_loop; }
    int loopsDone() const { return m_loopsDone; }
    void seek(TimePoint t);
    void runUntil(const RunUntil& condition);
    // Play stops by itself at these times (a lesson's pauses); replaces the previous ones.
    void setBreakpoints(const std::vector<TimePoint>& times);
    // A change at the current simulated time; `description` names it in the undo history.
    void applyChange(const scenario::Change& change, const QString& description);

    const RunModel& model() const { return m_model; }
    bool isPlaying() const { return m_model.latest().playing; }
    TimePoint now() const { return m_model.now(); }
    QUndoStack* undoStack() const { return m_undo; }
    // The scenario as loaded, with the run's change list: what saving writes.
    scenario::Scenario scenarioWithChanges() const;
    // Renames the scenario's relative replay logs for a scenario file in `toDir` instead of `fromDir`
    // (scenario::rebaseReplayPaths), as Save As to another folder needs. The run is not touched: the
    // rows it replays are the same file's.
    void rebaseReplayPaths(const std::string& fromDir, const std::string& toDir);
    // The value a tunable parameter has now (after the changes applied so far), as JSON text.
    QString currentValue(const QString& path) const;
    bool layerOn(const QString& layerPath) const;
    // Whether the fault with this id (scheduled or started by hand) is active now.
    bool faultActive(const QString& id) const;

    // Processes events until `done` holds (tests and the screenshot command only; the GUI never
    // waits). False on timeout.
    bool waitFor(const std::function<bool()>& done, int timeoutMs = 60000);

Q_SIGNALS:
    void loaded(); // a new scenario: rebuild views
    void frameApplied(const rl::ui::Frame& frame, const std::vector<sim::AttemptTrace>& attempts);
    void changeRejected(const QString& reasons);
    void playingChanged(bool playing);

private:
    void handleFrame(const FramePtr& frame);
    template <typename F> void send(F&& command);

    QThread* m_thread = nullptr;
    SimulationWorker* m_worker = nullptr;
    RunModel m_model;
    QUndoStack* m_undo = nullptr;
    scenario::Scenario m_base;
    bool m_loaded = false;
    double m_speed = 1.0;
    bool m_wasPlaying = false;
    bool m_loop = false;
    int m_loopsDone = 0;
    std::uint64_t m_framesSeen = 0;
};

} // namespace rl::ui
