#pragma once
// Every tunable value of the scenario (from the parameter table) as slider + spin box + unit, grouped by
// client, service and call, each policy layer switchable on and off, and each service's fault buttons
// ("Kill payments now" / "Restore"). A change applies at the current simulated time and is recorded in
// the run's change list.
#include <QHash>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace rl::scenario {
struct Scenario;
}

namespace rl::ui {

class SimulationController;
class ParameterEditor;

class ParametersPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParametersPanel(SimulationController* controller, QWidget* parent = nullptr);
    void rebuild(); // after a load
    void refresh(); // after a frame: values and switches as the changes applied so far left them
    ParameterEditor* editor(const QString& path) const { return m_editors.value(path); }
    // The check box row of a switchable layer ("services[0].calls[0].circuit_breaker").
    QTreeWidgetItem* layerSwitch(const QString& layerPath) const { return m_switches.value(layerPath); }

private:
    void addLayerSwitch(QTreeWidgetItem* group, const QString& layerPath, const QString& label);
    void addFaultButtons(QTreeWidgetItem* group, const QString& service);
    void startOutage(const QString& service);
    void endFault(const QString& service);

    SimulationController* m_controller;
    QTreeWidget* m_tree;
    QHash<QString, ParameterEditor*> m_editors;
    QHash<QString, QTreeWidgetItem*> m_switches; // layer path -> its row (checkable)
    bool m_updating = false;
    std::size_t m_seenChanges = static_cast<std::size_t>(-1);
    std::size_t m_seenApplied = static_cast<std::size_t>(-1);
    int m_manualFaults = 0;
};

} // namespace rl::ui
