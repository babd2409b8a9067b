#pragma once
// The Lesson tab: the scenario's lesson (title, story, what to watch, what to try) and its guided steps,
// the current one lit as the run passes it. A question to predict is shown before the run gets there;
// a step's time is a link that goes there. With "Pause at the lesson's stops" on, play stops exactly at
// the steps marked to pause (or at every step), so a class can answer before it sees.
#include "core/scenario/scenario.h"

#include <QWidget>

class QCheckBox;
class QTextBrowser;

namespace rl::ui {

class SimulationController;

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(SimulationController* controller, QWidget* parent = nullptr);
    void rebuild();                               // a new scenario
    void refresh();                               // a new frame: lights the current step
    int currentStep() const { return m_current; } // -1 before the first
    QString text() const;                         // what it shows, as plain text (tests)
    QCheckBox* pauseAtStops() const { return m_pauseAtStops; }
    QCheckBox* pauseAtEveryStep() const { return m_pauseAtEvery; }

private:
    void render();
    void updateBreakpoints();

    SimulationController* m_controller;
    QTextBrowser* m_text;
    QCheckBox* m_pauseAtStops;
    QCheckBox* m_pauseAtEvery;
    std::optional<scenario::Lesson> m_lesson;
    std::string m_description;
    int m_current = -2; // -2: not rendered yet
};

} // namespace rl::ui
