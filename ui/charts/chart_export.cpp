#include "ui/charts/chart_export.h"

#include "ui/picture_file.h"

#include "ui/theme.h"

#include <QChart>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>

#include <cmath>

namespace rl::ui {

namespace {

constexpr double kLayoutDpi = 96;

QSizeF layoutSize() {
    return {kChartSizeInches.width() * kLayoutDpi, kChartSizeInches.height() * kLayoutDpi};
}

QString csvField(QString s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    return QLatin1Char('"') + s.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
}

QString number(double v) {
    return std::isnan(v) ? QString() : QString::number(v, 'g', 8);
}

} // namespace

std::optional<ChartFormat> chartFormatFromName(const QString& name) {
    for (ChartFormat f : {ChartFormat::Png, ChartFormat::Svg, ChartFormat::Pdf, ChartFormat::Csv})
        if (chartFormatName(f) == name) return f;
    return std::nullopt;
}

QString chartFormatName(ChartFormat format) {
    switch (format) {
    case ChartFormat::Png:
        return QStringLiteral("png");
    case ChartFormat::Svg:
        return QStringLiteral("svg");
    case ChartFormat::Pdf:
        return QStringLiteral("pdf");
    case ChartFormat::Csv:
        return QStringLiteral("csv");
    }
    return {};
}

QStringList chartFormatNames() {
    return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("csv")};
}

QSize chartPixelSize(int dpi) {
    return {static_cast<int>(std::lround(kChartSizeInches.width() * dpi)),
            static_cast<int>(std::lround(kChartSizeInches.height() * dpi))};
}

ChartMeta chartMeta(const ChartSet& set) {
    return {set.scenarioName(), set.seed(), 0.0, toSeconds(set.now())};
}

void renderChart(QPainter& painter, const QRectF& target, const ChartSet& set, std::size_t index,
                 const Theme& theme, const ChartMeta& meta, std::optional<QSizeF> layout) {
    QGraphicsScene scene;
    auto* chart = new QChart;
    scene.addItem(chart); // the scene owns it
    const QSizeF size = layout.value_or(layoutSize());
    // The plot is about 85% of the width: decimate to the pixels the target will have.
    const double scale = target.width() * painter.worldTransform().m11() / size.width(); // device pixels
    ChartPlot plot(chart, set, index, theme, static_cast<int>(size.width() * 0.85 * std::max(scale, 1.0)),
                   meta);
    chart->setGeometry(QRectF(QPointF(0, 0), size));
    scene.setSceneRect(QRectF(QPointF(0, 0), size));
    // Lay the chart out now (Qt Charts does it on posted events). Posted events only: no input is
    // handled in the middle of an export.
    QCoreApplication::sendPostedEvents();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene.render(&painter, target, scene.sceneRect(), Qt::KeepAspectRatio);
    painter.restore();
}

void writeChartCsv(QIODevice& out, const ChartSet& set, std::size_t index) {
    const Chart& c = set.charts()[index];
    QTextStream s(&out);
    if (c.kind == ChartKind::StateBands) {
        s << "call,from_s,to_s,state\n";
        for (const auto& row : c.rows)
            for (const auto& seg : row.segments)
                s << csvField(row.name) << ',' << number(toSeconds(seg.from)) << ','
                  << number(toSeconds(seg.to)) << ',' << QString::fromUtf8(breakerStateName(seg.state).data())
                  << '\n';
        return;
    }
    s << "t_s";
    for (const auto& series : c.series)
        s << ',' << csvField(series.name + QStringLiteral(" (") + c.yTitle + QLatin1Char(')'));
    s << '\n';
    for (std::size_t b = 0; b < set.buckets(); ++b) {
        s << number(set.bucketStartS(b));
        for (const auto& series : c.series)
            s << ',' << (b < series.values.size() ? number(series.values[b]) : QString());
        s << '\n';
    }
}

bool exportChart(const QString& path, ChartFormat format, const ChartSet& set, std::size_t index,
                 const Theme& theme, int dpi, QString* error) {
    if (format == ChartFormat::Csv) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            if (error) *error = file.errorString();
            return false;
        }
        writeChartCsv(file, set, index);
        if (!file.commit()) {
            if (error) *error = file.errorString();
            return false;
        }
        return true;
    }
    const ChartMeta meta = chartMeta(set);
    PictureSpec spec;
    spec.size = layoutSize();
    spec.dpi = dpi;
    spec.title = set.charts()[index].title;
    spec.subject = QStringLiteral("%1, seed %2").arg(meta.scenario).arg(meta.seed);
    const PictureFormat picture = format == ChartFormat::Png   ? PictureFormat::Png
                                  : format == ChartFormat::Svg ? PictureFormat::Svg
                                                               : PictureFormat::Pdf;
    return writePicture(
        path, picture, spec, theme,
        [&](QPainter& painter, const QRectF& area) { renderChart(painter, area, set, index, theme, meta); },
        error);
}

} // namespace rl::ui
