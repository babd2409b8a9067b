#pragma once
// The run's time line: fault windows as shaded bands, breaker transitions and changes as ticks, the
// current time as a cursor. Clicking or dragging seeks (a drag seeks when released, and at most every
// 150 ms while it goes on, so a long drag does not flood the simulation with seeks).
#include "core/common/time.h"

#include <QElapsedTimer>
#include <QWidget>

namespace rl::ui {

class RunModel;

class TimelineScrubber : public QWidget {
    Q_OBJECT
public:
    explicit TimelineScrubber(QWidget* parent = nullptr);
    void setModel(const RunModel* model);
    void refresh(); // after a frame
    QSize sizeHint() const override { return {600, 46}; }
    QSize minimumSizeHint() const override { return {200, 46}; }
    // For tests and the status bar: the time at a widget x position.
    TimePoint timeAt(double x) const;
    double xOf(TimePoint t) const;

Q_SIGNALS:
    void seekRequested(TimePoint t);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF track() const;
    const RunModel* m_model = nullptr;
    bool m_dragging = false;
    TimePoint m_dragTime{0};
    QElapsedTimer m_sinceSeek;
};

} // namespace rl::ui
