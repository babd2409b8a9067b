#pragma once
// Play, pause, step (one event / one bucket), restart, speed, the simulated time, and "run until"
// (a trainer's breakpoint). Keyboard: Space plays and pauses, Right steps an event, Shift+Right a
// bucket, Home restarts, L loops (the run starts over at its end, for a lesson left playing).
#include <QIcon>
#include <QToolBar>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QToolButton;

namespace rl::ui {

class SimulationController;

class TransportBar : public QToolBar {
    Q_OBJECT
public:
    explicit TransportBar(SimulationController* controller, QWidget* parent = nullptr);
    void refresh(); // after a frame
    QAction* playAction() const { return m_play; }
    QAction* loopAction() const { return m_loop; }
    QComboBox* speedBox() const { return m_speed; }
    static const QList<double>& speeds(); // 0 = max

private:
    void askRunUntilTime();
    void askRunUntilSuccess();

    SimulationController* m_controller;
    QAction* m_play;
    QAction* m_stepEvent;
    QAction* m_stepBucket;
    QAction* m_restart;
    QAction* m_loop;
    QComboBox* m_speed;
    QLabel* m_time;
    QToolButton* m_until;
    std::optional<bool> m_shownPlaying; // what the play button shows now
    QIcon m_playIcon, m_pauseIcon;
};

} // namespace rl::ui
