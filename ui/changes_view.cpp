#include "ui/changes_view.h"

#include "core/scenario/changes.h"
#include "ui/event_text.h"
#include "ui/run_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace rl::ui {

ChangesView::ChangesView(QUndoStack* undo, QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this)) {
    setObjectName(QStringLiteral("changesView"));
    m_table->setObjectName(QStringLiteral("changesTable"));
    m_table->setHorizontalHeaderLabels({tr("Time"), tr("Change")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (m_model && row >= 0 && static_cast<std::size_t>(row) < m_model->changes().size())
            Q_EMIT seekRequested(scenario::changeTime(m_model->changes()[static_cast<std::size_t>(row)]));
    });
    auto* undoButton = new QToolButton(this);
    undoButton->setObjectName(QStringLiteral("undoChange"));
    undoButton->setDefaultAction(undo->createUndoAction(this, tr("Undo")));
    auto* redoButton = new QToolButton(this);
    redoButton->setObjectName(QStringLiteral("redoChange"));
    redoButton->setDefaultAction(undo->createRedoAction(this, tr("Redo")));
    auto* hint =
        new QLabel(tr("Undo and redo make new changes at the current time; the history is kept."), this);
    hint->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(undoButton);
    top->addWidget(redoButton);
    top->addWidget(hint, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
}

void ChangesView::setModel(const RunModel* model) {
    m_model = model;
    m_shownChanges = static_cast<std::size_t>(-1);
    refresh();
}

void ChangesView::refresh() {
    if (!m_model) return;
    const auto& changes = m_model->changes();
    // Rows change when the list does, and their shade when time crosses one of them.
    if (changes.size() == m_shownChanges && m_model->now() == m_shownNow) return;
    m_shownChanges = changes.size();
    m_shownNow = m_model->now();
    m_table->setRowCount(static_cast<int>(changes.size()));
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const bool ahead = scenario::changeTime(changes[i]) > m_model->now();
        auto* time = new QTableWidgetItem(formatSeconds(scenario::changeTime(changes[i])));
        auto* text =
            new QTableWidgetItem(describeChange(changes[i], m_model->scenario()) +
                                 (ahead ? tr("  (ahead: applies when the run gets there)") : QString()));
        for (auto* item : {time, text})
            if (ahead) item->setForeground(QColor(0x90, 0x90, 0x90));
        m_table->setItem(static_cast<int>(i), 0, time);
        m_table->setItem(static_cast<int>(i), 1, text);
    }
    m_table->resizeColumnToContents(0);
}

int ChangesView::rowCountShown() const {
    return m_table->rowCount();
}

QString ChangesView::rowText(int row) const {
    const auto* t = m_table->item(row, 0);
    const auto* d = m_table->item(row, 1);
    return t && d ? t->text() + QStringLiteral(" | ") + d->text() : QString();
}

} // namespace rl::ui
