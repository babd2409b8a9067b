#pragma once
// A / B on one seed, in the window (Simulation > Compare A / B): A is the run as it stands, B the same
// scenario with the lesson's B side applied (or an exact copy, to change with B's own sliders). Both run
// in lock step: every tick moves both to exactly the same simulated time, so the two canvases side by
// side always show the same instant, on the same arrivals and faults. Under them, the main charts with
// A and B overlaid (compare_charts.h) and a table of the headline differences so far.
#include "core/scenario/scenario.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;

namespace rl::ui {

class CompareCharts;
class ParametersPanel;
class SimulationController;
class TopologyScene;
class TopologyView;

class CompareWindow : public QMainWindow {
    Q_OBJECT
public:
    // `b` is A with B's overrides (see compareScenario); `bLabel` names it.
    CompareWindow(const scenario::Scenario& a, const scenario::Scenario& b, const QString& bLabel,
                  QWidget* parent = nullptr);
    ~CompareWindow() override;

    SimulationController* controllerA() const { return m_a; }
    SimulationController* controllerB() const { return m_b; }
    void play();
    void pause();
    bool playing() const;
    void seek(TimePoint t);  // both, to exactly t
    void setSpeed(double s); // simulated seconds per wall second
    // The table's rows as text: "success %|60.3|66.7|+6.4" (tests).
    QStringList differenceRows() const;
    CompareCharts* charts() const { return m_charts; }

private:
    void tick();
    void refresh();

    SimulationController* m_a;
    SimulationController* m_b;
    TopologyScene* m_sceneA;
    TopologyScene* m_sceneB;
    TopologyView* m_viewA;
    TopologyView* m_viewB;
    ParametersPanel* m_parametersB;
    CompareCharts* m_charts;
    QTableWidget* m_table;
    QLabel* m_time;
    QComboBox* m_speed;
    QTimer* m_timer;
    TimePoint m_target{0};
    double m_speedValue = 10;
};

// A with B's overrides (the `--set` path language, e.g. the lesson's compare.set); nullopt and
// `problems` if they do not give a valid scenario.
std::optional<scenario::Scenario> compareScenario(const scenario::Scenario& a,
                                                  const std::vector<std::pair<std::string, std::string>>& set,
                                                  QString* problems);

} // namespace rl::ui
