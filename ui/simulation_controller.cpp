#include "ui/simulation_controller.h"

#include "core/scenario/changes.h"
#include "core/scenario/parameter_table.h"
#include "core/scenario/replay_paths.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QUndoStack>

#include <cmath>
#include <functional>

namespace rl::ui {

namespace {

// One change made in the GUI. Redo applies it at the current time; undo applies its inverse (the
// values before it) at the current time: history is never rewritten, it only grows.
class ChangeCommand : public QUndoCommand {
public:
    ChangeCommand(scenario::Change forward, scenario::Change backward, const QString& text)
        : QUndoCommand(text)
        , m_forward(std::move(forward))
        , m_backward(std::move(backward)) {}
    void redo() override { m_send(m_forward); }
    void undo() override { m_send(m_backward); }
    std::function<void(const scenario::Change&)> m_send;

private:
    scenario::Change m_forward, m_backward;
};

} // namespace

SimulationController::SimulationController(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new SimulationWorker)
    , m_undo(new QUndoStack(this)) {
    qRegisterMetaType<FramePtr>();
    m_thread->setObjectName(QStringLiteral("simulation"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::framePublished, this, &SimulationController::handleFrame,
            Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::changeRejected, this, &SimulationController::changeRejected,
            Qt::QueuedConnection);
    m_thread->start();
    send([w = m_worker] { w->start(); });
}

SimulationController::~SimulationController() {
    m_thread->quit();
    m_thread->wait();
}

template <typename F> void SimulationController::send(F&& command) {
    QMetaObject::invokeMethod(m_worker, std::forward<F>(command), Qt::QueuedConnection);
}

void SimulationController::load(const scenario::Scenario& scenario) {
    m_base = scenario;
    m_loaded = true;
    m_model.clear(scenario);
    m_undo->clear();
    send([w = m_worker, scenario] { w->load(scenario); });
    Q_EMIT loaded();
}

void SimulationController::play() {
    send([w = m_worker] { w->play(); });
}
void SimulationController::pause() {
    send([w = m_worker] { w->pause(); });
}
void SimulationController::togglePlay() {
    if (isPlaying())
        pause();
    else
        play();
}
void SimulationController::setSpeed(double speed) {
    m_speed = speed;
    send([w = m_worker, speed] { w->setSpeed(speed); });
}
void SimulationController::stepEvent() {
    send([w = m_worker] { w->stepEvent(); });
}
void SimulationController::stepBucket() {
    send([w = m_worker] { w->stepBucket(); });
}
void SimulationController::restart() {
    send([w = m_worker] {
        w->pause();
        w->seek(TimePoint{0});
    });
}
void SimulationController::seek(TimePoint t) {
    send([w = m_worker, t] { w->seek(t); });
}
void SimulationController::runUntil(const RunUntil& condition) {
    send([w = m_worker, condition] { w->runUntil(condition); });
}
void SimulationController::setBreakpoints(const std::vector<TimePoint>& times) {
    send([w = m_worker, times] { w->setBreakpoints(times); });
}

void SimulationController::applyChange(const scenario::Change& change, const QString& description) {
    // The inverse: the values now of what the change sets, and the opposite switch of each layer.
    scenario::Change backward;
    for (const auto& [path, value] : change.set)
        backward.set.emplace_back(path, currentValue(QString::fromStdString(path)).toStdString());
    for (const auto& [path, on] : change.layers)
        backward.layers.emplace_back(path, layerOn(QString::fromStdString(path)));
    if (change.startFault) backward.endFault = change.startFault->id;
    auto* command = new ChangeCommand(change, backward, description);
    command->m_send = [this](const scenario::Change& c) {
        send([w = m_worker, c] { w->applyChangeNow(c); });
    };
    m_undo->push(command); // runs redo(): the change goes to the simulation
}

scenario::Scenario SimulationController::scenarioWithChanges() const {
    scenario::Scenario s = m_base;
    s.changes = m_model.changes();
    return s;
}

void SimulationController::rebaseReplayPaths(const std::string& fromDir, const std::string& toDir) {
    scenario::rebaseReplayPaths(m_base, fromDir, toDir);
}

QString SimulationController::currentValue(const QString& path) const {
    const scenario::Scenario state = m_model.scenarioAt(m_model.now());
    const auto t = scenario::findTunable(state, path.toStdString());
    if (!t) return {};
    if (t->spec->type == scenario::ParameterType::Choice)
        return QString::fromStdString(nlohmann::json(t->choice).dump());
    if (t->spec->type == scenario::ParameterType::Boolean) return *t->value != 0 ? "true" : "false";
    if (!t->value) return QStringLiteral("null");
    const double v = *t->value;
    if (v == std::floor(v) && std::fabs(v) < 1e15) return QString::number(static_cast<qlonglong>(v));
    return QString::fromStdString(nlohmann::json(v).dump());
}

bool SimulationController::layerOn(const QString& layerPath) const {
    bool on = true;
    for (const auto& c : m_model.changes()) {
        if (scenario::changeTime(c) > m_model.now()) break;
        for (const auto& [path, value] : c.layers)
            if (path == layerPath.toStdString()) on = value;
    }
    return on;
}

bool SimulationController::faultActive(const QString& id) const {
    bool active = false;
    for (const auto& e : m_model.log()) {
        if (e.kind != sim::LogEvent::Kind::FaultStart && e.kind != sim::LogEvent::Kind::FaultEnd) continue;
        if (e.subject < m_model.faults().size() && m_model.faults()[e.subject].id == id.toStdString())
            active = e.kind == sim::LogEvent::Kind::FaultStart;
    }
    return active;
}

void SimulationController::handleFrame(const FramePtr& frame) {
    send([w = m_worker] { w->frameConsumed(); });
    m_model.apply(*frame);
    ++m_framesSeen;
    Q_EMIT frameApplied(*frame, frame->attempts);
    if (frame->playing != m_wasPlaying) {
        const bool endedPlaying = m_wasPlaying && frame->finished; // it played to the end
        m_wasPlaying = frame->playing;
        Q_EMIT playingChanged(frame->playing);
        if (m_loop && endedPlaying) {
            ++m_loopsDone;
            send([w = m_worker] {
                w->seek(TimePoint{0});
                w->play();
            });
        }
    }
}

bool SimulationController::waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
    return true;
}

} // namespace rl::ui
