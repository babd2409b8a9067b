#include "ui/parameters_panel.h"

#include "core/scenario/changes.h"
#include "core/scenario/parameter_table.h"
#include "ui/parameter_editor.h"
#include "ui/simulation_controller.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace rl::ui {

namespace {

QString pretty(std::string_view key) {
    QString s = QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()));
    s.replace('_', ' ');
    s.replace('.', QStringLiteral(": "));
    return s;
}

} // namespace

ParametersPanel::ParametersPanel(SimulationController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_tree(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("parametersPanel"));
    m_tree->setObjectName(QStringLiteral("parametersTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Parameter"), tr("Value (applies now)")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setUniformRowHeights(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (m_updating || column != 0) return;
        const QString path = m_switches.key(item);
        if (path.isEmpty()) return;
        scenario::Change change;
        const bool on = item->checkState(0) == Qt::Checked;
        change.layers.emplace_back(path.toStdString(), on);
        m_controller->applyChange(change, tr("%1 %2").arg(item->text(0), on ? tr("on") : tr("off")));
    });
}

void ParametersPanel::rebuild() {
    m_updating = true;
    m_tree->clear();
    m_editors.clear();
    m_switches.clear();
    m_seenChanges = m_seenApplied = static_cast<std::size_t>(-1);
    const auto& s = m_controller->model().scenario();
    std::map<std::string, QTreeWidgetItem*> groups, layers;
    QList<QTreeWidgetItem*> order;
    for (const auto& t : scenario::tunableParameters(s)) {
        QTreeWidgetItem*& group = groups[t.group];
        if (!group) {
            group = new QTreeWidgetItem(m_tree, {QString::fromStdString(t.group)});
            QFont f = group->font(0);
            f.setBold(true);
            group->setFont(0, f);
            group->setFirstColumnSpanned(true);
            group->setExpanded(true);
            if (t.group.starts_with("service "))
                addFaultButtons(group, QString::fromStdString(t.group.substr(8)));
        }
        QTreeWidgetItem* parent = group;
        if (!t.layer.empty()) {
            QTreeWidgetItem*& layer = layers[t.group + "/" + t.layer];
            if (!layer) {
                layer = new QTreeWidgetItem(group, {QString::fromStdString(t.layer)});
                layer->setExpanded(t.layer == "circuit breaker" || t.layer == "retry" ||
                                   t.layer == "bulkhead");
                // A layer of a call's (or client's) stack can be switched off: OWNER.LAYER.
                static const std::map<std::string, std::string> kSwitchable = {
                    {"retry", "retry"},
                    {"circuit breaker", "circuit_breaker"},
                    {"bulkhead", "bulkhead"},
                    {"fallback", "fallback"}};
                if (const auto it = kSwitchable.find(t.layer); it != kSwitchable.end()) {
                    const auto cut = t.path.find("." + it->second + ".");
                    if (cut != std::string::npos) {
                        const QString layerPath =
                            QString::fromStdString(t.path.substr(0, cut + 1 + it->second.size()));
                        std::string error;
                        if (scenario::resolveLayerPath(s, layerPath.toStdString(), error)) {
                            layer->setFlags(layer->flags() | Qt::ItemIsUserCheckable);
                            layer->setCheckState(0, Qt::Checked);
                            layer->setToolTip(0,
                                              tr("Switch the %1 on or off from now on").arg(layer->text(0)));
                            m_switches.insert(layerPath, layer);
                        }
                    }
                }
            }
            parent = layer;
        }
        auto* row = new QTreeWidgetItem(parent, {pretty(t.spec->key)});
        auto* editor = new ParameterEditor(t, m_tree);
        m_tree->setItemWidget(row, 1, editor);
        m_editors.insert(editor->path(), editor);
        connect(editor, &ParameterEditor::valueCommitted, this,
                [this, row](const QString& path, const QString& json) {
                    scenario::Change change;
                    change.set.emplace_back(path.toStdString(), json.toStdString());
                    m_controller->applyChange(change, tr("%1 = %2").arg(row->text(0), json));
                });
    }
    // A timeout has no values of its own here but can be switched too.
    for (std::size_t si = 0; si < s.services.size(); ++si)
        for (std::size_t k = 0; k < s.services[si].calls.size(); ++k) {
            const QString path = QStringLiteral("services[%1].calls[%2].timeout").arg(si).arg(k);
            std::string error;
            if (!scenario::resolveLayerPath(s, path.toStdString(), error)) continue;
            const std::string group = s.services[si].name + " -> " + s.services[si].calls[k].to;
            if (auto it = groups.find(group); it != groups.end())
                addLayerSwitch(it->second, path, tr("timeout"));
        }
    m_updating = false;
    refresh();
}

void ParametersPanel::addLayerSwitch(QTreeWidgetItem* group, const QString& layerPath, const QString& label) {
    auto* item = new QTreeWidgetItem(group, {label});
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, Qt::Checked);
    item->setToolTip(0, tr("Switch the %1 on or off from now on").arg(label));
    m_switches.insert(layerPath, item);
}

void ParametersPanel::addFaultButtons(QTreeWidgetItem* group, const QString& service) {
    auto* row = new QTreeWidgetItem(group, {tr("fault by hand")});
    auto* box = new QWidget(m_tree);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* kill = new QPushButton(tr("Kill now"), box);
    kill->setObjectName(QStringLiteral("kill:") + service);
    kill->setToolTip(
        tr("Start an outage of %1 now: every call to it fails at once, until you restore it").arg(service));
    auto* restore = new QPushButton(tr("Restore"), box);
    restore->setObjectName(QStringLiteral("restore:") + service);
    restore->setToolTip(tr("End the outage you started by hand (or the scheduled fault) now"));
    layout->addWidget(kill);
    layout->addWidget(restore);
    layout->addStretch(1);
    m_tree->setItemWidget(row, 1, box);
    connect(kill, &QPushButton::clicked, this, [this, service] { startOutage(service); });
    connect(restore, &QPushButton::clicked, this, [this, service] { endFault(service); });
}

void ParametersPanel::startOutage(const QString& service) {
    scenario::Change change;
    scenario::Fault f;
    // Ids stay unique across the run: those already used by the change list are skipped.
    QString id;
    do
        id = QStringLiteral("kill-%1-%2").arg(service).arg(++m_manualFaults);
    while (std::any_of(m_controller->model().faults().begin(), m_controller->model().faults().end(),
                       [&](const scenario::Fault& x) { return x.id == id.toStdString(); }) ||
           std::any_of(m_controller->model().changes().begin(), m_controller->model().changes().end(),
                       [&](const scenario::Change& c) {
                           return c.startFault && c.startFault->id == id.toStdString();
                       }));
    f.id = id.toStdString();
    f.target = service.toStdString();
    f.kind = scenario::FaultKind::Outage;
    change.startFault = f;
    m_controller->applyChange(change, tr("kill %1").arg(service));
}

void ParametersPanel::endFault(const QString& service) {
    // The latest active fault on this service: by its id, or by its place in the scenario.
    const auto& model = m_controller->model();
    std::map<std::uint32_t, bool> active;
    for (const auto& e : model.log()) {
        if (e.kind == sim::LogEvent::Kind::FaultStart) active[e.subject] = true;
        if (e.kind == sim::LogEvent::Kind::FaultEnd) active[e.subject] = false;
    }
    std::string target;
    for (const auto& [index, on] : active) {
        if (!on || index >= model.faults().size() || model.faults()[index].target != service.toStdString())
            continue;
        const auto& f = model.faults()[index];
        target = !f.id.empty() ? f.id : "faults[" + std::to_string(index) + "]";
    }
    if (target.empty()) {
        Q_EMIT m_controller->changeRejected(tr("%1 has no fault going on now").arg(service));
        return;
    }
    scenario::Change change;
    change.endFault = target;
    m_controller->applyChange(change, tr("restore %1").arg(service));
}

void ParametersPanel::refresh() {
    const auto& model = m_controller->model();
    std::size_t applied = 0;
    for (const auto& c : model.changes())
        if (scenario::changeTime(c) <= model.now()) ++applied;
    if (model.changes().size() == m_seenChanges && applied == m_seenApplied) return;
    m_seenChanges = model.changes().size();
    m_seenApplied = applied;
    const scenario::Scenario state = model.scenarioAt(model.now());
    for (const auto& t : scenario::tunableParameters(state)) {
        auto* editor = m_editors.value(QString::fromStdString(t.path));
        if (!editor || editor->isEditing()) continue;
        if (t.spec->type == scenario::ParameterType::Choice)
            editor->showValue(QString::fromStdString(nlohmann::json(t.choice).dump()));
        else if (t.value)
            editor->showValue(t.spec->type == scenario::ParameterType::Boolean
                                  ? (*t.value != 0 ? "true" : "false")
                                  : QString::number(*t.value, 'g', 17));
        else
            editor->showValue(QStringLiteral("null"));
    }
    m_updating = true;
    for (auto it = m_switches.begin(); it != m_switches.end(); ++it)
        it.value()->setCheckState(0, m_controller->layerOn(it.key()) ? Qt::Checked : Qt::Unchecked);
    m_updating = false;
}

} // namespace rl::ui
