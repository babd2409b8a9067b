#pragma once
// The event log in plain words: breaker transitions, faults and changes, newest at the bottom,
// filterable by kind and by text. Clicking an entry seeks to its time.
#include "core/common/time.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QListWidget;

namespace rl::ui {

class RunModel;

class EventLogView : public QWidget {
    Q_OBJECT
public:
    explicit EventLogView(QWidget* parent = nullptr);
    void setModel(const RunModel* model);
    void refresh(bool reset); // after a frame; `reset` after a seek, a restart or a load
    int visibleCount() const;
    QString entryText(int row) const; // of the visible entries, for tests

Q_SIGNALS:
    void seekRequested(TimePoint t);

private:
    void rebuild();
    void appendFrom(std::size_t index);
    bool accepts(std::size_t index, const QString& text) const;

    const RunModel* m_model = nullptr;
    QLineEdit* m_filter;
    QCheckBox* m_breakers;
    QCheckBox* m_faults;
    QCheckBox* m_changes;
    QListWidget* m_list;
    std::size_t m_shown = 0; // log entries looked at so far
};

} // namespace rl::ui
