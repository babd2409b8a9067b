#pragma once
// The application window: transport and time line on top, the topology canvas in the middle, the
// parameters on the left, the inspector on the right, the event log and the change list below.
// Opens, saves (atomically) and remembers scenario files; never drops unsaved changes without asking.
#include "core/common/time.h"
#include "ui/autosave_store.h"

#include <QMainWindow>

class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;

namespace rl::scenario {
struct Scenario;
}

namespace rl::ui {

class ChangesView;
class ChartsPanel;
class LessonPanel;
class EventLogView;
class InspectorPanel;
class ParametersPanel;
class SimulationController;
class StartPage;
class TimelineScrubber;
class TopologyScene;
class TopologyView;
class TransportBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // persistLayout: restore and save the window layout and recent files in QSettings (the GUI); off
    // for renderings that must look the same on every machine (the screenshot command, tests).
    explicit MainWindow(QWidget* parent = nullptr, bool persistLayout = true);
    ~MainWindow() override;

    // "FILE.json" or "builtin:NAME". On a problem: a message box (unless `quiet`), false, and the
    // current scenario stays open. `problems` receives the validator's lines.
    bool openScenario(const QString& source, QString* problems = nullptr, bool quiet = false);
    // A scenario already loaded and checked (the screenshot command, with --set applied); `file` is ""
    // when it has no file of its own.
    void openScenarioModel(const scenario::Scenario& scenario, const QString& file);
    bool saveTo(const QString& path, QString* error = nullptr);
    bool isModified() const;

    // Unsaved work is written to the autosave every 30 s (when the layout is persistent, i.e. the real
    // GUI). After a crash, main() calls offerAutosaveRestore(), which asks; restoreAutosave() does it.
    void autosaveNow();
    bool hasAutosave() const;
    bool restoreAutosave();
    void offerAutosaveRestore();
    const AutosaveStore& autosave() const { return m_autosave; }
    const QString& currentFile() const { return m_file; }

    SimulationController* controller() const { return m_controller; }
    TopologyScene* scene() const { return m_scene; }
    TopologyView* view() const { return m_view; }
    TimelineScrubber* scrubber() const { return m_scrubber; }
    EventLogView* eventLog() const { return m_log; }
    ChangesView* changesView() const { return m_changes; }
    ParametersPanel* parameters() const { return m_parameters; }
    InspectorPanel* inspector() const { return m_inspector; }
    // Inspectors opened in their own windows ("Open in a window"), each pinned to one element.
    const QList<InspectorPanel*>& pinnedInspectors() const { return m_pinned; }
    InspectorPanel* openPinnedInspector(const QString& element);
    // File > Export training report: the run so far (or the whole run, before play) as report.pdf.
    bool exportReport(const QString& path, QString* error = nullptr);
    // Simulation > Compare A / B: A as it stands, B the lesson's B side (or a copy to change).
    class CompareWindow* openCompare();
    ChartsPanel* charts() const { return m_charts; }
    LessonPanel* lesson() const { return m_lesson; }
    TransportBar* transport() const { return m_transport; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createMenus();
    void onLoaded();
    void onFrame(bool reset);
    void openFileDialog();
    bool save();
    bool saveAs();
    bool maybeSave();
    void addRecent(const QString& path);
    void updateRecentMenu();
    void updateTitle();

    SimulationController* m_controller;
    QStackedWidget* m_center;
    StartPage* m_start;
    TopologyScene* m_scene;
    TopologyView* m_view;
    TransportBar* m_transport;
    TimelineScrubber* m_scrubber;
    EventLogView* m_log;
    ChangesView* m_changes;
    ParametersPanel* m_parameters;
    InspectorPanel* m_inspector;
    QList<InspectorPanel*> m_pinned;
    ChartsPanel* m_charts;
    LessonPanel* m_lesson;
    QLabel* m_status;
    QMenu* m_recentMenu = nullptr;
    QString m_file;          // "" for a built-in not saved yet
    QString m_title;         // the scenario's name
    std::string m_savedText; // the scenario with its changes as last opened or saved
    bool m_persist;
    std::size_t m_titleChanges = static_cast<std::size_t>(-1); // change count the title was last set for
    AutosaveStore m_autosave;
    QTimer* m_autosaveTimer = nullptr;
};

} // namespace rl::ui
