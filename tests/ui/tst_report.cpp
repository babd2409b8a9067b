// The training report: a valid PDF with the expected pages, from the command line (run --report, with
// and without --compare) and from the window (File > Export training report); bad options.
#include "core/scenario/scenario_json.h"
#include "core/sim/simulation.h"
#include "resources/builtin_scenarios.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/run_view.h"
#include "ui/main_window.h"
#include "ui/report/training_report.h"
#include "ui/simulation_controller.h"
#include "ui/theme.h"

#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace rl;
using namespace rl::ui;

namespace {

// Pages of a PDF written by Qt: one "/Type /Page" object each ("/Type /Pages" is the tree).
int pdfPages(const QByteArray& pdf) {
    return static_cast<int>(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") +
                            pdf.count("/Type /Page>") + pdf.count("/Type /Page/"));
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Run {
    int exitCode;
    QString err;
};
Run cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(RL_EXECUTABLE), args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aChartLaidOutAtItsSlotFillsTheSlot() {
        // The report's chart slots are wide and low: laid out at the slot's size, a chart uses the whole
        // width (legend at the right edge); kept in the standard proportion, it used half of it.
        const auto* b = findBuiltinScenario("payments-outage");
        sim::Simulation run(*scenario::parseScenario(std::string(b->json)).scenario);
        run.runToEnd();
        const SimulationRunSource source(run);
        const ChartSet set(source.view());
        const QRectF slot(0, 0, 1000, 290);
        auto inkRightOf = [&](std::optional<QSizeF> layout) {
            QImage image(slot.size().toSize(), QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            renderChart(painter, slot, set, 0, activeTheme(), chartMeta(set), layout);
            painter.end();
            int ink = 0; // dark pixels in the slot's right quarter
            for (int y = 0; y < image.height(); ++y)
                for (int x = 750; x < image.width(); ++x)
                    ink += qGray(image.pixel(x, y)) < 128;
            return ink;
        };
        QVERIFY(inkRightOf(slot.size()) > 200);
        QCOMPARE(inkRightOf(std::nullopt), 0); // what it was: the chart kept to the left
    }

    void reportHasTheExpectedPages() {
        const auto s =
            *scenario::parseScenario(std::string(findBuiltinScenario("payments-outage")->json)).scenario;
        sim::Simulation a(s);
        a.runToEnd();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report.pdf"));
        QString error;
        QVERIFY2(writeTrainingReport(path, a, nullptr, QString(), theme(ThemeId::Light), &error),
                 qPrintable(error));
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        // Lesson, setup, parameters, 8 charts two to a page, one page of transitions.
        QCOMPARE(trainingReportPages(a, nullptr), 3 + 4 + 1);
        QCOMPARE(pdfPages(pdf), trainingReportPages(a, nullptr));
    }

    void runReportWritesItWithTheComparison() {
        QTemporaryDir dir;
        const Run r =
            cli({QStringLiteral("run"), QStringLiteral("builtin:payments-outage"),
                 QStringLiteral("--compare"), QStringLiteral("lesson"), QStringLiteral("--out"), dir.path(),
                 QStringLiteral("--report"), QStringLiteral("--theme"), QStringLiteral("projector")});
        QCOMPARE(r.exitCode, 0);
        const QByteArray pdf = readAll(dir.filePath(QStringLiteral("report.pdf")));
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdfPages(pdf) >= 8);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("A/summary.json"))));
    }

    void reportNeedsOut() {
        const Run r = cli({QStringLiteral("run"), QStringLiteral("builtin:mm1"), QStringLiteral("--report")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--report needs --out DIR")), qPrintable(r.err));
    }

    void theWindowExportsTheRunSoFar() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        c->seek(fromMillis(90'000));
        QVERIFY(c->waitFor([&] { return c->model().now() == fromMillis(90'000); }));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("from-window.pdf"));
        QString error;
        QVERIFY2(w.exportReport(path, &error), qPrintable(error));
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdfPages(pdf) >= 8);
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
