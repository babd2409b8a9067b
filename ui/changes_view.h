#pragma once
// The run's change list: every change with its time, those still ahead (after a seek back) in grey.
// Undo and redo add new changes at the current time (Ctrl+Z, Ctrl+Shift+Z); clicking a row seeks there.
#include "core/common/time.h"

#include <QWidget>

class QTableWidget;
class QUndoStack;

namespace rl::ui {

class RunModel;

class ChangesView : public QWidget {
    Q_OBJECT
public:
    ChangesView(QUndoStack* undo, QWidget* parent = nullptr);
    void setModel(const RunModel* model);
    void refresh();
    int rowCountShown() const;
    QString rowText(int row) const; // "63.2 s | description", for tests

Q_SIGNALS:
    void seekRequested(TimePoint t);

private:
    const RunModel* m_model = nullptr;
    QTableWidget* m_table;
    std::size_t m_shownChanges = static_cast<std::size_t>(-1);
    TimePoint m_shownNow{-1};
};

} // namespace rl::ui
