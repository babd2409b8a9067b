#pragma once
// The circuit breaker inspector: the state diagram with the live state lit and the last transition
// animated along its arrow, labelled with its cause; the window as a strip of cells; the failure-rate
// and slow-call-rate gauges against their thresholds (grey until minimum calls); the countdown to
// half-open; the half-open trial budget; the transition history. Written for someone who has never read
// about circuit breakers: every part says in words what it means.
#include "ui/inspectors/inspector_figures.h"
#include "ui/inspectors/inspector_view.h"

#include <QElapsedTimer>
#include <QTimer>

namespace rl::ui {

class BreakerView : public InspectorView {
    Q_OBJECT
public:
    explicit BreakerView(QWidget* parent = nullptr);
    void setFigure(const BreakerFigure& figure);
    const BreakerFigure& figure() const { return m_figure; }
    double paintContent(QPainter& p, double width, const Theme& theme) const override;
    QString describe() const override;
    // The state the diagram lights and the words under it (tests).
    QString stateText() const;
    QString causeText() const;

private:
    double paintDiagram(QPainter& p, double y, double width, const Theme& t) const;
    double paintWindow(QPainter& p, double y, double width, const Theme& t) const;
    double paintGauges(QPainter& p, double y, double width, const Theme& t) const;
    double paintOpenPeriod(QPainter& p, double y, double width, const Theme& t) const;
    double paintHistory(QPainter& p, double y, double width, const Theme& t) const;

    BreakerFigure m_figure;
    bool m_hasFigure = false;
    // The transition being animated: its arrow glows and a dot runs along it for a moment.
    std::optional<BreakerTransitionLine> m_animated;
    QElapsedTimer m_animationClock;
    QTimer m_animationTimer;
};

} // namespace rl::ui
