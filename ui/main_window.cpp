#include "ui/main_window.h"

#include "core/scenario/replay_paths.h"
#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"
#include "ui/changes_view.h"
#include "ui/charts/charts_panel.h"
#include "ui/compare_window.h"
#include "ui/event_log_view.h"
#include "ui/inspector_panel.h"
#include "ui/lesson_panel.h"
#include "ui/parameters_panel.h"
#include "ui/report/training_report.h"
#include "ui/simulation_controller.h"
#include "ui/start_page.h"
#include "ui/theme.h"
#include "ui/timeline_scrubber.h"
#include "ui/topology_scene.h"
#include "ui/topology_view.h"
#include "ui/transport_bar.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

namespace rl::ui {

namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentFiles";
const char* kThemeKey = "view/theme";
} // namespace

MainWindow::MainWindow(QWidget* parent, bool persistLayout)
    : QMainWindow(parent)
    , m_controller(new SimulationController(this))
    , m_center(new QStackedWidget(this))
    , m_start(new StartPage(this))
    , m_scene(new TopologyScene(this))
    , m_view(new TopologyView(m_scene, this))
    , m_transport(new TransportBar(m_controller, this))
    , m_scrubber(new TimelineScrubber(this))
    , m_log(new EventLogView(this))
    , m_changes(new ChangesView(m_controller->undoStack(), this))
    , m_parameters(new ParametersPanel(m_controller, this))
    , m_inspector(new InspectorPanel(this))
    , m_charts(new ChartsPanel(this))
    , m_lesson(new LessonPanel(m_controller, this))
    , m_status(new QLabel(this))
    , m_persist(persistLayout) {
    setObjectName(QStringLiteral("mainWindow"));
    resize(1500, 950);
    m_center->addWidget(m_start);
    m_center->addWidget(m_view);
    setCentralWidget(m_center);
    addToolBar(Qt::TopToolBarArea, m_transport);
    addToolBarBreak();
    auto* timeline = new QToolBar(tr("Time line"), this);
    timeline->setObjectName(QStringLiteral("timelineBar"));
    timeline->addWidget(m_scrubber);
    timeline->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    timeline->setMovable(false);
    addToolBar(Qt::TopToolBarArea, timeline);
    statusBar()->addWidget(m_status, 1);
    createDocks();
    createMenus();

    m_scrubber->setModel(&m_controller->model());
    m_log->setModel(&m_controller->model());
    m_changes->setModel(&m_controller->model());
    m_inspector->setModel(&m_controller->model());
    m_charts->setModel(&m_controller->model());
    connect(m_controller, &SimulationController::loaded, this, &MainWindow::onLoaded);
    connect(m_controller, &SimulationController::frameApplied, this,
            [this](const Frame& frame, const std::vector<sim::AttemptTrace>& attempts) {
                if (frame.reset) m_scene->clearParticles();
                static const std::vector<sim::AttemptTrace> none;
                m_scene->updateFrom(m_controller->model(), frame.animated ? attempts : none,
                                    [this](const QString& path) { return m_controller->layerOn(path); });
                onFrame(frame.reset);
            });
    connect(m_controller, &SimulationController::changeRejected, this, [this](const QString& reasons) {
        QMessageBox::warning(this, tr("Change not applied"),
                             tr("The run refused the change:\n\n%1").arg(reasons));
    });
    connect(m_scrubber, &TimelineScrubber::seekRequested, m_controller, &SimulationController::seek);
    connect(m_log, &EventLogView::seekRequested, m_controller, &SimulationController::seek);
    connect(m_changes, &ChangesView::seekRequested, m_controller, &SimulationController::seek);
    connect(m_charts, &ChartsPanel::seekRequested, m_controller, &SimulationController::seek);
    connect(m_scene, &TopologyScene::elementSelected, this, [this](const QString& id) {
        if (!id.isEmpty()) m_inspector->select(id);
    });
    connect(m_inspector, &InspectorPanel::popOutRequested, this, &MainWindow::openPinnedInspector);
    connect(m_start, &StartPage::builtinChosen, this,
            [this](const QString& name) { openScenario(QStringLiteral("builtin:") + name); });
    connect(m_start, &StartPage::openFileRequested, this, &MainWindow::openFileDialog);
    connect(m_controller->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateTitle);

    if (m_persist) {
        QSettings settings;
        if (const auto id = themeFromName(settings.value(QLatin1String(kThemeKey)).toString())) {
            setActiveTheme(*id);
            if (auto* a = findChild<QAction*>(QStringLiteral("theme-") + theme(*id).name))
                a->setChecked(true);
        }
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
        m_autosaveTimer = new QTimer(this);
        m_autosaveTimer->setInterval(30'000);
        connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosaveNow);
        if (!hasAutosave()) m_autosaveTimer->start(); // else once the user has answered about it
    }
    updateRecentMenu();
    updateTitle();
    m_status->setText(tr("Pick a lesson to start."));
}

MainWindow::~MainWindow() {
    // The controller (and its undo stack) go first, while every view they signal still exists.
    m_controller->undoStack()->disconnect(this);
    m_controller->disconnect(this);
    delete m_controller;
}

void MainWindow::createDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    dock(tr("Parameters"), QStringLiteral("parametersDock"), m_parameters, Qt::LeftDockWidgetArea)
        ->setMinimumWidth(440);
    dock(tr("Inspector"), QStringLiteral("inspectorDock"), m_inspector, Qt::RightDockWidgetArea)
        ->setMinimumWidth(400);
    auto* charts = dock(tr("Charts"), QStringLiteral("chartsDock"), m_charts, Qt::BottomDockWidgetArea);
    auto* log = dock(tr("Event log"), QStringLiteral("eventLogDock"), m_log, Qt::BottomDockWidgetArea);
    auto* changes = dock(tr("Changes"), QStringLiteral("changesDock"), m_changes, Qt::BottomDockWidgetArea);
    tabifyDockWidget(charts, log);
    tabifyDockWidget(log, changes);
    auto* lesson = dock(tr("Lesson"), QStringLiteral("lessonDock"), m_lesson, Qt::BottomDockWidgetArea);
    tabifyDockWidget(changes, lesson);
    charts->raise();
    resizeDocks({charts}, {360}, Qt::Vertical); // the canvas gets the rest; a chart row needs about this
}

CompareWindow* MainWindow::openCompare() {
    if (!m_controller->hasScenario()) return nullptr;
    const scenario::Scenario a = m_controller->scenarioWithChanges();
    std::optional<scenario::Scenario> b = a;
    QString label = tr("a copy of A: change B's parameters");
    if (a.lesson && a.lesson->compare) {
        QString problems;
        b = compareScenario(a, a.lesson->compare->set, &problems);
        if (!b) {
            QMessageBox::warning(this, tr("Compare"),
                                 tr("The lesson's B side does not apply to this run:\n\n%1").arg(problems));
            return nullptr;
        }
        label = QString::fromStdString(a.lesson->compare->label);
    }
    auto* window = new CompareWindow(a, *b, label, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setWindowFlag(Qt::Window);
    window->show();
    return window;
}

bool MainWindow::exportReport(const QString& path, QString* error) {
    // The run so far, again: the same scenario and changes give the same run (the worker's copy stays
    // on its thread). Not started yet: the whole run.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    sim::Simulation run(m_controller->scenarioWithChanges());
    const TimePoint now = m_controller->model().now();
    if (now.count() > 0)
        run.advanceTo(now);
    else
        run.runToEnd();
    const bool ok = writeTrainingReport(path, run, nullptr, QString(), activeTheme(), error);
    QApplication::restoreOverrideCursor();
    return ok;
}

InspectorPanel* MainWindow::openPinnedInspector(const QString& element) {
    if (element.isEmpty()) return nullptr;
    auto* panel = new InspectorPanel(this);
    panel->setModel(&m_controller->model());
    panel->select(element);
    connect(panel, &InspectorPanel::popOutRequested, this, &MainWindow::openPinnedInspector);
    auto* d = new QDockWidget(tr("Inspector: %1").arg(element.section(QLatin1Char(':'), 1)), this);
    d->setObjectName(QStringLiteral("pinnedInspector%1").arg(m_pinned.size()));
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, d);
    d->setFloating(true);
    d->resize(440, 700);
    d->show();
    m_pinned.push_back(panel);
    connect(d, &QObject::destroyed, this, [this, panel] { m_pinned.removeAll(panel); });
    return panel;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open..."), QKeySequence::Open, this, &MainWindow::openFileDialog);
    QMenu* builtins = file->addMenu(tr("Open &built-in lesson"));
    for (const auto& b : builtinScenarios()) {
        const QString name = QString::fromUtf8(b.name.data(), static_cast<qsizetype>(b.name.size()));
        builtins->addAction(name, this, [this, name] { openScenario(QStringLiteral("builtin:") + name); });
    }
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &as..."), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addAction(tr("&Export all charts..."), m_charts, &ChartsPanel::exportAllDialog);
    file->addAction(tr("Export training &report..."), this, [this] {
        if (!m_controller->hasScenario()) return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the training report"), QStringLiteral("report.pdf"), tr("PDF files (*.pdf)"));
        if (path.isEmpty()) return;
        QString error;
        if (!exportReport(path, &error))
            QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1: %2").arg(path, error));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_controller->undoStack()->createUndoAction(this, tr("&Undo change"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_controller->undoStack()->createRedoAction(this, tr("&Redo change"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit the topology"), QKeySequence(Qt::Key_F), m_view, &TopologyView::fit);
    view->addAction(tr("Zoom &in"), QKeySequence::ZoomIn, this, [this] { m_view->zoomBy(1.25); });
    view->addAction(tr("Zoom &out"), QKeySequence::ZoomOut, this, [this] { m_view->zoomBy(0.8); });
    QMenu* themes = view->addMenu(tr("&Theme"));
    auto* themeGroup = new QActionGroup(this);
    const QString themeLabels[] = {tr("&Light"), tr("&Dark"), tr("&Projector (large, high contrast)")};
    for (ThemeId id : {ThemeId::Light, ThemeId::Dark, ThemeId::Projector}) {
        QAction* a = themes->addAction(themeLabels[static_cast<int>(id)]);
        a->setObjectName(QStringLiteral("theme-") + theme(id).name);
        a->setCheckable(true);
        a->setChecked(activeTheme().id == id);
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, id] {
            setActiveTheme(id);
            if (m_persist) QSettings().setValue(QLatin1String(kThemeKey), theme(id).name);
        });
    }
    view->addSeparator();
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());

    QMenu* simulation = menuBar()->addMenu(tr("&Simulation"));
    simulation->addAction(m_transport->playAction());
    simulation->addAction(tr("&Compare A / B..."), this, [this] { openCompare(); });
    for (QAction* a : m_transport->actions())
        if (a != m_transport->playAction() && !a->text().isEmpty() && a->shortcut() != QKeySequence())
            simulation->addAction(a);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Resilience Lab"), this, [this] {
        QMessageBox::about(
            this, tr("About Resilience Lab"),
            tr("<p><b>Resilience Lab</b> %1</p><p>Circuit breakers, retries, timeouts, bulkheads, "
               "rate limiters and load shedding, simulated and animated.</p>")
                .arg(QStringLiteral(RL_VERSION)));
    });
}

bool MainWindow::openScenario(const QString& source, QString* problems, bool quiet) {
    if (!maybeSave()) return false;
    scenario::LoadResult loaded;
    QString file;
    if (source.startsWith(QLatin1String("builtin:"))) {
        const auto* b = findBuiltinScenario(source.mid(8).toStdString());
        if (!b) {
            loaded.diagnostics.add("", "no built-in scenario named '" + source.mid(8).toStdString() + "'");
        } else {
            loaded = scenario::parseScenario(std::string(b->json));
        }
    } else {
        loaded = scenario::loadScenarioFile(source.toStdString());
        file = QFileInfo(source).absoluteFilePath();
    }
    if (!loaded.scenario) {
        const QString text = QString::fromStdString(loaded.diagnostics.toString()).trimmed();
        if (problems) *problems = text;
        if (!quiet)
            QMessageBox::warning(
                this, tr("Cannot open %1").arg(source),
                tr("%1 is not a valid scenario; the current one stays open.\n\n%2").arg(source, text));
        m_status->setText(
            tr("Could not open %1 (see the message); the current scenario stays open.").arg(source));
        return false;
    }
    openScenarioModel(*loaded.scenario, file);
    if (!file.isEmpty()) addRecent(file);
    return true;
}

void MainWindow::openScenarioModel(const scenario::Scenario& scenario, const QString& file) {
    m_file = file;
    m_title = QString::fromStdString(scenario.name);
    m_savedText = scenario::saveScenarioText(scenario);
    m_controller->load(scenario);
}

void MainWindow::onLoaded() {
    m_scene->rebuild(m_controller->model().scenario());
    m_parameters->rebuild();
    m_lesson->rebuild();
    m_inspector->select(QString());
    for (InspectorPanel* pinned : std::as_const(m_pinned)) // their elements belonged to the old scenario
        pinned->parentWidget()->close();
    m_center->setCurrentWidget(m_view);
    m_view->fit();
    updateTitle();
    const auto& s = m_controller->model().scenario();
    m_status->setText(tr("%1 (seed %2, %3 s). Press Space to play.")
                          .arg(QString::fromStdString(s.name))
                          .arg(s.seed)
                          .arg(s.durationS));
}

void MainWindow::onFrame(bool reset) {
    const auto& frame = m_controller->model().latest();
    if (frame.playing)
        m_status->setText(frame.speed == 0 ? tr("Running as fast as it goes. Space pauses.")
                                           : tr("Playing at %1x. Space pauses.").arg(frame.speed));
    else if (frame.finished)
        m_status->setText(tr("The run is over. Home goes back to the start; the time line to any moment."));
    else if (frame.now.count() > 0)
        m_status->setText(tr("Paused. Space plays; Right runs one event."));
    m_transport->refresh();
    m_scrubber->refresh();
    m_log->refresh(reset);
    m_changes->refresh();
    m_parameters->refresh();
    m_inspector->refresh();
    for (InspectorPanel* pinned : std::as_const(m_pinned))
        if (pinned->isVisible()) pinned->refresh();
    m_charts->refresh(reset);
    m_lesson->refresh();
    // "Modified" changes only with the change list: do not save the scenario to text on every frame.
    if (m_controller->model().changes().size() != m_titleChanges) {
        m_titleChanges = m_controller->model().changes().size();
        updateTitle();
    }
}

void MainWindow::openFileDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) openScenario(path);
}

bool MainWindow::isModified() const {
    return m_controller->hasScenario() &&
           scenario::saveScenarioText(m_controller->scenarioWithChanges()) != m_savedText;
}

void MainWindow::autosaveNow() {
    if (!m_persist || !isModified()) return;
    QString error;
    if (!m_autosave.write(m_controller->scenarioWithChanges(), m_file, &error))
        m_status->setText(tr("Could not autosave to %1: %2").arg(m_autosave.path(), error));
}

bool MainWindow::hasAutosave() const {
    return m_autosave.read().has_value();
}

bool MainWindow::restoreAutosave() {
    auto saved = m_autosave.read();
    if (!saved) return false;
    openScenarioModel(saved->scenario, saved->file);
    // Unsaved until saved: compared with the file as it is on disk (or with nothing).
    m_savedText.clear();
    if (!saved->file.isEmpty())
        if (const auto onDisk = scenario::loadScenarioFile(saved->file.toStdString()); onDisk.scenario)
            m_savedText = scenario::saveScenarioText(*onDisk.scenario);
    updateTitle();
    m_status->setText(
        tr("Restored the unsaved work of %1. Save it to keep it.").arg(saved->when.toLocalTime().toString()));
    return true;
}

void MainWindow::offerAutosaveRestore() {
    if (!m_persist) return;
    const auto saved = m_autosave.read();
    if (saved) {
        const auto answer = QMessageBox::question(
            this, tr("Restore unsaved work?"),
            tr("Resilience Lab did not close normally. Unsaved work on \"%1\" (%2 changes) was kept at %3. "
               "Restore it?")
                .arg(QString::fromStdString(saved->scenario.name))
                .arg(saved->scenario.changes.size())
                .arg(saved->when.toLocalTime().toString()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes)
            restoreAutosave();
        else
            m_autosave.clear();
    }
    if (m_autosaveTimer) m_autosaveTimer->start();
}

bool MainWindow::saveTo(const QString& path, QString* error) {
    // A relative replay log is named from the scenario file's folder (m_file's, or the current one for
    // a scenario without a file): saved to another folder, it is renamed to reach the same file.
    const std::string fromDir =
        m_file.isEmpty() ? std::string() : QFileInfo(m_file).absolutePath().toStdString();
    const std::string toDir = QFileInfo(path).absolutePath().toStdString();
    scenario::Scenario scenario = m_controller->scenarioWithChanges();
    scenario::rebaseReplayPaths(scenario, fromDir, toDir);
    const std::string text = scenario::saveScenarioText(scenario);
    QSaveFile out(path); // written beside, renamed over: a crash never leaves half a file
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) ||
        !out.commit()) {
        if (error) *error = out.errorString();
        return false;
    }
    m_controller->rebaseReplayPaths(fromDir, toDir); // the open scenario is now the saved one
    m_file = QFileInfo(path).absoluteFilePath();
    m_savedText = text;
    if (m_persist) m_autosave.clear();
    addRecent(m_file);
    updateTitle();
    return true;
}

bool MainWindow::save() {
    if (m_file.isEmpty()) return saveAs();
    QString error;
    if (!saveTo(m_file, &error)) {
        QMessageBox::warning(this, tr("Not saved"), tr("Could not save %1: %2").arg(m_file, error));
        return false;
    }
    m_status->setText(tr("Saved %1").arg(m_file));
    return true;
}

bool MainWindow::saveAs() {
    if (!m_controller->hasScenario()) return false;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the scenario and its changes"),
        m_file.isEmpty() ? m_title + QStringLiteral(".json") : m_file, tr("Scenarios (*.json)"));
    if (path.isEmpty()) return false;
    QString error;
    if (!saveTo(path, &error)) {
        QMessageBox::warning(this, tr("Not saved"), tr("Could not save %1: %2").arg(path, error));
        return false;
    }
    return true;
}

bool MainWindow::maybeSave() {
    if (!isModified()) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"),
        tr("The run has changes that are not saved (%1). Save them first?").arg(m_title),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) return save();
    if (answer == QMessageBox::Discard && m_persist) m_autosave.clear(); // thrown away on purpose
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    if (m_persist) {
        m_autosave.clear(); // closed normally, the work saved or let go
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
    }
    event->accept();
}

void MainWindow::addRecent(const QString& path) {
    if (!m_persist) return;
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QLatin1String(kRecentKey), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!m_recentMenu) return;
    m_recentMenu->clear();
    const QStringList recent =
        m_persist ? QSettings().value(QLatin1String(kRecentKey)).toStringList() : QStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openScenario(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle() {
    QString title = tr("Resilience Lab");
    if (m_controller->hasScenario())
        title = QStringLiteral("%1%2 - %3")
                    .arg(m_title, isModified() ? QStringLiteral(" *") : QString(),
                         m_file.isEmpty() ? tr("built-in") : QFileInfo(m_file).fileName()) +
                QStringLiteral(" - ") + title;
    if (windowTitle() != title) setWindowTitle(title);
}

} // namespace rl::ui
