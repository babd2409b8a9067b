#pragma once
// The inspectors of things that hold capacity: a call's bulkhead (slots, FIFO queue, the oldest
// waiter's wait against max wait), a service (workers, queue, abandoned work, health), its rate limiter
// (a token bucket per tenant filling at its rate, burst as the brim; window limiters as count against
// limit; the last Retry-After) and its load shedder (in-flight against each priority class's limit).
#include "ui/inspectors/inspector_figures.h"
#include "ui/inspectors/inspector_view.h"

namespace rl::ui {

class BulkheadView : public InspectorView {
    Q_OBJECT
public:
    explicit BulkheadView(QWidget* parent = nullptr);
    void setFigure(const BulkheadFigure& figure);
    const BulkheadFigure& figure() const { return m_figure; }
    double paintContent(QPainter& p, double width, const Theme& theme) const override;
    QString describe() const override;

private:
    BulkheadFigure m_figure;
};

class ServiceView : public InspectorView {
    Q_OBJECT
public:
    explicit ServiceView(QWidget* parent = nullptr);
    void setFigure(const ServiceFigure& figure);
    const ServiceFigure& figure() const { return m_figure; }
    double paintContent(QPainter& p, double width, const Theme& theme) const override;
    QString describe() const override;

private:
    ServiceFigure m_figure;
};

class RateLimiterView : public InspectorView {
    Q_OBJECT
public:
    explicit RateLimiterView(QWidget* parent = nullptr);
    void setFigure(const RateLimiterFigure& figure);
    const RateLimiterFigure& figure() const { return m_figure; }
    double paintContent(QPainter& p, double width, const Theme& theme) const override;
    QString describe() const override;

private:
    RateLimiterFigure m_figure;
};

class ShedderView : public InspectorView {
    Q_OBJECT
public:
    explicit ShedderView(QWidget* parent = nullptr);
    void setFigure(const ShedderFigure& figure);
    const ShedderFigure& figure() const { return m_figure; }
    double paintContent(QPainter& p, double width, const Theme& theme) const override;
    QString describe() const override;

private:
    ShedderFigure m_figure;
};

} // namespace rl::ui
