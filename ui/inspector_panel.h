#pragma once
// The selected element's figures now, in a table: for a call its breaker (state, failure rate against
// its threshold, the countdown to half-open), bulkhead, in-flight calls and recent attempts; for a
// service its workers, queue, limiter and shedder; for a client its requests and answers. Reads the
// controller's RunModel only. (The state diagrams, window strips and charts are built on this.)
#include <QWidget>

class QLabel;

namespace rl::ui {

class RunModel;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget* parent = nullptr);
    void setModel(const RunModel* model);
    void select(const QString& element);
    const QString& selected() const { return m_element; }
    void refresh();
    QString text() const; // what it shows, as plain text (tests)

private:
    QString callHtml(std::size_t call) const;
    QString serviceHtml(std::size_t service) const;
    QString clientHtml(std::size_t client) const;

    const RunModel* m_model = nullptr;
    QString m_element;
    QLabel* m_body;
};

} // namespace rl::ui
