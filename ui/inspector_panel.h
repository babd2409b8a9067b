#pragma once
// The inspector of the selected element, following the selection: for a call its circuit breaker
// (state diagram, window, gauges, open period, history), bulkhead and retry timeline; for a service its
// workers and health, rate limiter and load shedder; for a client its retry timeline. Below them, the
// element's figures in a table. Reads the controller's RunModel only. "Open in a window" pins the
// current element in a floating copy (popOutRequested).
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

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
    // The drawings (hidden when the element has no such layer).
    class BreakerView* breakerView() const {
        return m_breaker;
    }
    class BulkheadView* bulkheadView() const {
        return m_bulkhead;
    }
    class ServiceView* serviceView() const {
        return m_service;
    }
    class RateLimiterView* rateLimiterView() const {
        return m_limiter;
    }
    class ShedderView* shedderView() const {
        return m_shedder;
    }
    class RetryTimelineView* retryTimelineView() const {
        return m_retries;
    }

Q_SIGNALS:
    void popOutRequested(const QString& element);

private:
    void refreshViews();
    void refreshText();
    static constexpr qint64 kTextIntervalMs = 200; // the words' refresh while playing
    QString callHtml(std::size_t call) const;
    QString serviceHtml(std::size_t service) const;
    QString clientHtml(std::size_t client) const;

    const RunModel* m_model = nullptr;
    QString m_element;
    QElapsedTimer m_textClock; // since the words were last laid out
    QTimer m_textTimer;        // the last frame's words, when frames stop coming
    QLabel* m_body;
    QPushButton* m_popOut;
    BreakerView* m_breaker;
    BulkheadView* m_bulkhead;
    ServiceView* m_service;
    RateLimiterView* m_limiter;
    ShedderView* m_shedder;
    RetryTimelineView* m_retries;
};

} // namespace rl::ui
