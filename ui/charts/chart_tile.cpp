#include "ui/charts/chart_tile.h"

#include "ui/event_text.h"
#include "ui/theme.h"
#include "ui/visual_style.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace rl::ui {

namespace {
constexpr int kLivePlotPixels = 400; // decimation of live charts: a min and a max per two pixels of a tile
}

ChartTile::ChartTile(const ChartSet& set, std::size_t index, QWidget* parent)
    : QChartView(parent) {
    auto* chart = new QChart;
    setChart(chart); // the view owns it
    m_plot = std::make_unique<ChartPlot>(chart, set, index, activeTheme(), kLivePlotPixels);
    m_plot->setSolidLines(true);
    setObjectName(QStringLiteral("chart-") + m_plot->data().id);
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setMinimumSize(420, 330); // room for the legend under the plot
    setRubberBand(QChartView::NoRubberBand);
    setCursor(Qt::CrossCursor);
    setToolTip(QString()); // the hover text is built for the time under the mouse
}

ChartTile::~ChartTile() = default;

QRectF ChartTile::plotAreaInView() const {
    return mapFromScene(chart()->mapToScene(chart()->plotArea())).boundingRect();
}

TimePoint ChartTile::timeAt(double x) const {
    const QRectF plot = plotAreaInView();
    if (plot.width() <= 0) return TimePoint{0};
    const double f = std::clamp((x - plot.left()) / plot.width(), 0.0, 1.0);
    return fromMillis(f * m_plot->endS() * 1000);
}

QString ChartTile::describe(TimePoint t) const {
    const ChartSet& set = m_plot->set();
    const Chart& c = data();
    const auto width = set.bucketWidth().count();
    const auto bucket = static_cast<std::size_t>(t.count() / std::max<std::int64_t>(width, 1));
    QString text = QStringLiteral("<b>t = %1</b>").arg(formatSeconds(t));
    if (c.kind == ChartKind::StateBands) {
        for (const auto& row : c.rows)
            for (const auto& s : row.segments)
                if (s.from <= t && t < s.to)
                    text += QStringLiteral("<br>%1: %2")
                                .arg(row.name.toHtmlEscaped(), breakerStyle(s.state).label);
    } else if (bucket < set.buckets()) {
        text += QStringLiteral(" <span style=\"color:gray\">(bucket %1&ndash;%2 s)</span>")
                    .arg(set.bucketStartS(bucket))
                    .arg(set.bucketStartS(bucket + 1));
        for (const auto& s : c.series) {
            if (bucket >= s.values.size()) continue;
            const double v = s.values[bucket];
            if (c.kind == ChartKind::StackedArea && v == 0)
                continue; // a legend's worth of zeros says nothing
            text += QStringLiteral("<br><span style=\"color:%1\">&#9632;</span> %2: %3")
                        .arg(seriesColour(s.look, m_plot->theme()).name(), s.name.toHtmlEscaped(),
                             std::isnan(v) ? tr("nothing measured") : QString::number(v, 'g', 4));
        }
        text += QStringLiteral("<br><span style=\"color:gray\">%1</span>").arg(c.yTitle.toHtmlEscaped());
    } else {
        text += QStringLiteral("<br>") + tr("not simulated yet");
    }
    for (const auto& w : set.faultWindows())
        if (w.from <= t && t < w.to)
            text += QStringLiteral("<br>") + tr("fault: %1").arg(w.label.toHtmlEscaped());
    return text + QStringLiteral("<br><i>") + tr("Click to go to this time; right-click to export.") +
           QStringLiteral("</i>");
}

void ChartTile::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (plotAreaInView().adjusted(-2, -2, 2, 2).contains(pos))
        QToolTip::showText(event->globalPosition().toPoint(), describe(timeAt(pos.x())), this);
    else
        QToolTip::hideText();
    QChartView::mouseMoveEvent(event);
}

void ChartTile::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && plotAreaInView().contains(event->position())) {
        Q_EMIT seekRequested(timeAt(event->position().x()));
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartTile::mouseReleaseEvent(QMouseEvent* event) {
    event->accept(); // no rubber band, no zoom: the time axis stays the run's
}

void ChartTile::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Export PNG..."), this, [this] { exportWithDialog(ChartFormat::Png); });
    menu.addAction(tr("Export SVG..."), this, [this] { exportWithDialog(ChartFormat::Svg); });
    menu.addAction(tr("Export PDF..."), this, [this] { exportWithDialog(ChartFormat::Pdf); });
    menu.addAction(tr("Export CSV (the chart's numbers)..."), this,
                   [this] { exportWithDialog(ChartFormat::Csv); });
    menu.exec(event->globalPos());
}

bool ChartTile::exportWithDialog(ChartFormat format) {
    int dpi = kDefaultChartDpi;
    if (format == ChartFormat::Png) {
        bool ok = false;
        dpi = QInputDialog::getInt(this, tr("Export PNG"),
                                   tr("Resolution in dots per inch (the chart is %1 x %2 inches):")
                                       .arg(kChartSizeInches.width())
                                       .arg(kChartSizeInches.height()),
                                   kDefaultChartDpi, kMinChartDpi, kMaxChartDpi, 1, &ok);
        if (!ok) return false;
    }
    const QString ext = chartFormatName(format);
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the chart"), data().id + QLatin1Char('.') + ext,
                                     tr("%1 files (*.%2)").arg(ext.toUpper(), ext));
    if (path.isEmpty()) return false;
    QString error;
    if (!exportChart(path, format, m_plot->set(), m_plot->index(), activeTheme(), dpi, &error)) {
        QMessageBox::warning(this, tr("Not exported"), tr("Could not write %1: %2").arg(path, error));
        return false;
    }
    return true;
}

} // namespace rl::ui
