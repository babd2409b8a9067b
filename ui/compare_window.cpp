#include "ui/compare_window.h"

#include "core/scenario/lesson_json.h"
#include "core/scenario/path_override.h"
#include "core/scenario/replay_log.h"
#include "core/scenario/scenario_json.h"
#include "core/scenario/scenario_parse.h"
#include "core/scenario/scenario_writer.h"
#include "ui/compare_charts.h"
#include "ui/event_text.h"
#include "ui/parameters_panel.h"
#include "ui/simulation_controller.h"
#include "ui/topology_scene.h"
#include "ui/topology_view.h"

#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace rl::ui {

namespace {

constexpr int kTickMs = 50;

// The client-side totals of a run so far, every client together.
struct Totals {
    double requests = 0, answered = 0, success = 0, degraded = 0, attempts = 0, duplicates = 0;
};

Totals totalsOf(const RunModel& m) {
    Totals t;
    for (std::size_t c = 0; c < m.scenario().clients.size(); ++c) {
        if (m.bucketsKnown() == 0) break;
        for (const auto& b : m.clientBuckets(c)) {
            t.requests += static_cast<double>(b.requests);
            t.answered += static_cast<double>(b.outcomes.total());
            t.success += static_cast<double>(b.outcomes[Outcome::Success]);
            t.degraded += static_cast<double>(b.outcomes[Outcome::Degraded]);
            t.attempts += static_cast<double>(b.attempts);
            t.duplicates += static_cast<double>(b.duplicateSideEffects);
        }
    }
    return t;
}

QWidget* labelled(const QString& title, QWidget* content, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box);
    label->setWordWrap(true);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

} // namespace

std::optional<scenario::Scenario> compareScenario(const scenario::Scenario& a,
                                                  const std::vector<std::pair<std::string, std::string>>& set,
                                                  QString* problems) {
    nlohmann::json doc = scenario::scenarioToJson(a);
    scenario::Diagnostics all;
    for (const auto& assignment : set) {
        const auto d = scenario::applyOverride(doc, scenario::overrideText(assignment));
        for (const auto& item : d.items())
            all.add(item.path, item.message);
    }
    if (all.empty()) {
        auto loaded = scenario::parseScenarioJson(doc);
        if (loaded.scenario) {
            scenario::carryReplayLogs(a, *loaded.scenario);
            return std::move(*loaded.scenario);
        }
        all = loaded.diagnostics;
    }
    if (problems) *problems = QString::fromStdString(all.toString()).trimmed();
    return std::nullopt;
}

CompareWindow::CompareWindow(const scenario::Scenario& a, const scenario::Scenario& b, const QString& bLabel,
                             QWidget* parent)
    : QMainWindow(parent)
    , m_a(new SimulationController(this))
    , m_b(new SimulationController(this))
    , m_sceneA(new TopologyScene(this))
    , m_sceneB(new TopologyScene(this))
    , m_viewA(new TopologyView(m_sceneA, this))
    , m_viewB(new TopologyView(m_sceneB, this))
    , m_parametersB(new ParametersPanel(m_b, this))
    , m_charts(new CompareCharts(m_a->model(), m_b->model(), bLabel, this))
    , m_table(new QTableWidget(this))
    , m_time(new QLabel(this))
    , m_speed(new QComboBox(this))
    , m_timer(new QTimer(this)) {
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(tr("Compare A / B - %1").arg(QString::fromStdString(a.name)));
    resize(1600, 950);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(labelled(tr("A: as given"), m_viewA, split));
    split->addWidget(labelled(tr("B: %1").arg(bLabel), m_viewB, split));
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({1, 1}); // A and B the same size
    // The charts take the width under the canvases (two columns, readable on a projector); the table
    // goes beside B's parameters, so the instant, the curves that led to it and the totals show at once.
    auto* column = new QSplitter(Qt::Vertical, this);
    column->addWidget(split);
    column->addWidget(labelled(
        tr("Charts: A (cool colours, wide line) and B (warm colours) on the same axes"), m_charts, column));
    column->setStretchFactor(0, 1);
    column->setStretchFactor(1, 1);
    setCentralWidget(column);

    auto* bar = addToolBar(tr("Transport"));
    bar->setObjectName(QStringLiteral("compareTransport"));
    bar->addAction(tr("Play / Pause (Space)"), this, [this] { playing() ? pause() : play(); })
        ->setShortcut(Qt::Key_Space);
    bar->addAction(tr("Restart"), this, [this] { seek(TimePoint{0}); });
    bar->addWidget(new QLabel(tr(" Speed "), bar));
    for (double s : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0})
        m_speed->addItem(QStringLiteral("%1x").arg(s), s);
    m_speed->setCurrentIndex(3);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { setSpeed(m_speed->currentData().toDouble()); });
    bar->addWidget(m_speed);
    bar->addWidget(m_time);

    auto* dock = new QDockWidget(tr("B's parameters (change B only)"), this);
    dock->setObjectName(QStringLiteral("compareParametersDock"));
    dock->setWidget(m_parametersB);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    dock->setMinimumWidth(420);
    auto* differences = new QDockWidget(tr("Differences so far (same seed, same arrivals)"), this);
    differences->setObjectName(QStringLiteral("compareDifferencesDock"));
    differences->setWidget(m_table);
    addDockWidget(Qt::RightDockWidgetArea, differences);
    splitDockWidget(dock, differences, Qt::Vertical);
    resizeDocks({differences}, {360}, Qt::Vertical); // every row without scrolling

    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("measure"), tr("A"), tr("B"), tr("B - A")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch); // the labels get the rest
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    for (auto* c : {m_a, m_b}) {
        const auto side = c == m_a ? CompareCharts::Side::A : CompareCharts::Side::B;
        connect(c, &SimulationController::frameApplied, this, [this, side](const Frame& frame) {
            m_charts->takeFrame(side, frame.reset, frame.firstBucket);
            refresh();
        });
    }
    connect(m_charts, &CompareCharts::seekRequested, this, &CompareWindow::seek);
    connect(m_a, &SimulationController::loaded, this, [this] {
        m_sceneA->rebuild(m_a->model().scenario());
        m_viewA->fit();
    });
    connect(m_b, &SimulationController::loaded, this, [this] {
        m_sceneB->rebuild(m_b->model().scenario());
        m_parametersB->rebuild();
        m_viewB->fit();
    });
    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &CompareWindow::tick);
    m_a->load(a);
    m_b->load(b);
}

CompareWindow::~CompareWindow() {
    m_timer->stop();
    m_a->disconnect(this);
    m_b->disconnect(this);
}

bool CompareWindow::playing() const {
    return m_timer->isActive();
}

void CompareWindow::play() {
    m_target = std::max(m_a->model().now(), m_b->model().now());
    m_timer->start();
}

void CompareWindow::pause() {
    m_timer->stop();
}

void CompareWindow::setSpeed(double s) {
    m_speedValue = s;
}

void CompareWindow::seek(TimePoint t) {
    m_target = t;
    m_a->seek(t);
    m_b->seek(t);
}

void CompareWindow::tick() {
    // Lock step: the next target only once both have reached the last one, and both run exactly to it.
    const auto& ma = m_a->model();
    const auto& mb = m_b->model();
    if (ma.now() != m_target || mb.now() != m_target || m_a->isPlaying() || m_b->isPlaying()) return;
    if (m_target >= ma.end()) {
        pause();
        return;
    }
    m_target = std::min(ma.end(), m_target + fromMillis(kTickMs * m_speedValue));
    RunUntil until;
    until.time = m_target;
    for (auto* c : {m_a, m_b}) {
        c->setSpeed(0);
        c->runUntil(until);
    }
}

QStringList CompareWindow::differenceRows() const {
    QStringList rows;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < 4; ++c)
            cells << (m_table->item(r, c) ? m_table->item(r, c)->text() : QString());
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

void CompareWindow::refresh() {
    static const std::vector<sim::AttemptTrace> none;
    m_sceneA->updateFrom(m_a->model(), none, [this](const QString& p) { return m_a->layerOn(p); });
    m_sceneB->updateFrom(m_b->model(), none, [this](const QString& p) { return m_b->layerOn(p); });
    m_parametersB->refresh();
    m_time->setText(
        tr("  A at %1, B at %2").arg(formatSeconds(m_a->model().now()), formatSeconds(m_b->model().now())));
    const Totals ta = totalsOf(m_a->model()), tb = totalsOf(m_b->model());
    const Frame::RunLatency& la = m_a->model().latest().runLatency;
    const Frame::RunLatency& lb = m_b->model().latest().runLatency;
    auto pct = [](double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; };
    struct Row {
        QString label;
        double a, b;
        int decimals;
    };
    const Row rows[] = {
        {tr("requests sent"), ta.requests, tb.requests, 0},
        {tr("success % of answers"), pct(ta.success, ta.answered), pct(tb.success, tb.answered), 1},
        {tr("degraded (fallback) %"), pct(ta.degraded, ta.answered), pct(tb.degraded, tb.answered), 1},
        {tr("failed % of answers"), pct(ta.answered - ta.success - ta.degraded, ta.answered),
         pct(tb.answered - tb.success - tb.degraded, tb.answered), 1},
        {tr("goodput % of requests"), pct(ta.success + ta.degraded, ta.requests),
         pct(tb.success + tb.degraded, tb.requests), 1},
        {tr("latency p50 ms"), la.p50Ms, lb.p50Ms, 1},
        {tr("latency p95 ms"), la.p95Ms, lb.p95Ms, 1},
        {tr("latency p99 ms"), la.p99Ms, lb.p99Ms, 1},
        {tr("attempts per request"), ta.requests > 0 ? ta.attempts / ta.requests : 0,
         tb.requests > 0 ? tb.attempts / tb.requests : 0, 2},
        {tr("duplicate side effects"), ta.duplicates, tb.duplicates, 0},
    };
    m_table->setRowCount(static_cast<int>(std::size(rows)));
    for (int r = 0; r < static_cast<int>(std::size(rows)); ++r) {
        const Row& row = rows[r];
        const double d = row.b - row.a;
        const QString cells[] = {
            row.label, QString::number(row.a, 'f', row.decimals), QString::number(row.b, 'f', row.decimals),
            (d > 0 ? QStringLiteral("+") : QString()) + QString::number(d, 'f', row.decimals)};
        for (int c = 0; c < 4; ++c) {
            auto* item = m_table->item(r, c);
            if (!item) m_table->setItem(r, c, item = new QTableWidgetItem);
            item->setText(cells[c]);
            item->setTextAlignment(c == 0 ? Qt::AlignLeft | Qt::AlignVCenter
                                          : Qt::AlignRight | Qt::AlignVCenter);
        }
    }
}

} // namespace rl::ui
