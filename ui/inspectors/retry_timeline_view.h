#pragma once
// The retry timeline: the last sampled requests through one call's policy stack, one row each, their
// attempts as bars on a shared time scale (Jaeger-style), backoff gaps drawn to scale between them,
// each attempt coloured and shaped by outcome; attempts refused before reaching the callee (breaker,
// bulkhead, retry budget or throttle) are marked with the layer that refused them.
#include "ui/inspectors/inspector_figures.h"
#include "ui/inspectors/inspector_view.h"

namespace rl::ui {

class RetryTimelineView : public InspectorView {
    Q_OBJECT
public:
    explicit RetryTimelineView(QWidget* parent = nullptr);
    // `policy`: the retry budget's or throttle's state now, in words (empty: the call has neither).
    void setRows(const QString& title, std::vector<RetryRow> rows, const QString& policy = {});
    const std::vector<RetryRow>& rows() const { return m_rows; }
    double paintContent(QPainter& p, double width, const Theme& theme) const override;
    QString describe() const override;

private:
    QString m_title;
    QString m_policy;
    std::vector<RetryRow> m_rows;
};

} // namespace rl::ui
