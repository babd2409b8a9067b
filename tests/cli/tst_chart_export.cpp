// `resilience-lab run --out DIR --charts ...` through the real executable without a display: every
// chart in every asked format under DIR/charts/, each a valid file of its kind (a PNG of the size the
// DPI asks, an SVG that parses, a whole PDF); bad chart options refused with exit 2 and a message
// naming the option and what it expects.
#include "tests/cli/cli_support.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Run {
    int exitCode;
    QString err;
};

Run runHeadless(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command chooses offscreen itself
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RL_EXECUTABLE), QStringList{QStringLiteral("run")} + args);
    p.waitForFinished(180000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

const QStringList kCharts = {"throughput-web",      "latency-web",         "breaker-states",
                             "bulkhead-occupancy",  "service-utilisation", "service-queue",
                             "retry-amplification", "rejections"};

} // namespace

class TestChartExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesEveryChartInEveryFormat() {
        QTemporaryDir dir;
        const Run r = runHeadless({"builtin:payments-outage", "--out", dir.path(), "--charts",
                                   "png,svg,pdf,csv", "--dpi", "120", "--theme", "dark"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QDir charts(dir.filePath(QStringLiteral("charts")));
        QStringList expected;
        for (const QString& name : kCharts)
            for (const char* ext : {"png", "svg", "pdf", "csv"})
                expected << name + QLatin1Char('.') + QLatin1String(ext);
        expected.sort();
        QCOMPARE(charts.entryList(QDir::Files, QDir::Name), expected);

        for (const QString& name : kCharts) {
            // PNG: 10 x 5.625 inches at 120 DPI, the dark theme's ground in the corner.
            const QImage png(charts.filePath(name + QStringLiteral(".png")));
            QVERIFY2(!png.isNull(), qPrintable(name));
            QCOMPARE(png.size(), QSize(1200, 675));
            QCOMPARE(png.pixelColor(2, 2), QColor(0x1E, 0x1F, 0x22));
            QCOMPARE(qRound(png.dotsPerMeterX() * 0.0254), 120);

            // SVG: well-formed XML whose root is <svg>.
            QFile svgFile(charts.filePath(name + QStringLiteral(".svg")));
            QVERIFY(svgFile.open(QIODevice::ReadOnly));
            QXmlStreamReader xml(&svgFile);
            QString root;
            int elements = 0;
            while (!xml.atEnd()) {
                if (xml.readNext() == QXmlStreamReader::StartElement) {
                    if (root.isEmpty()) root = xml.name().toString();
                    ++elements;
                }
            }
            QVERIFY2(!xml.hasError(), qPrintable(name + QStringLiteral(": ") + xml.errorString()));
            QCOMPARE(root, QStringLiteral("svg"));
            QVERIFY(elements > 20); // drawn, not empty

            // PDF: a whole file, from %PDF to %%EOF.
            QFile pdfFile(charts.filePath(name + QStringLiteral(".pdf")));
            QVERIFY(pdfFile.open(QIODevice::ReadOnly));
            const QByteArray pdf = pdfFile.readAll();
            QVERIFY(pdf.startsWith("%PDF"));
            QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        }
        // CSV: the chart's numbers, one row per bucket (180 one-second buckets) after the header.
        const QStringList csv = rl::test::readLinesQt(charts.filePath(QStringLiteral("throughput-web.csv")));
        QCOMPARE(csv.size(), 181);
        QVERIFY(csv.front().startsWith(QLatin1String("t_s,success (answers (requests/s))")));
    }

    void badChartOptionsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown format")
            << QStringList{"builtin:mm1", "--out", "OUT", "--charts", "png,gif"}
            << "--charts: unknown format 'gif'; expected a comma-separated list of png, svg, pdf and csv";
        QTest::newRow("empty format") << QStringList{"builtin:mm1", "--out", "OUT", "--charts", "png,"}
                                      << "--charts: unknown format ''";
        QTest::newRow("unknown theme")
            << QStringList{"builtin:mm1", "--out", "OUT", "--charts", "png", "--theme", "neon"}
            << "--theme: unknown theme 'neon'; expected light, dark or projector";
        QTest::newRow("dpi too high")
            << QStringList{"builtin:mm1", "--out", "OUT", "--charts", "png", "--dpi", "5000"}
            << "--dpi: expected a whole number from 48 to 600, got '5000'";
        QTest::newRow("dpi not a number")
            << QStringList{"builtin:mm1", "--out", "OUT", "--charts", "png", "--dpi", "high"}
            << "--dpi: expected a whole number from 48 to 600, got 'high'";
        QTest::newRow("charts without out")
            << QStringList{"builtin:mm1", "--charts", "png"} << "--charts needs --out DIR";
        QTest::newRow("theme without charts") << QStringList{"builtin:mm1", "--out", "OUT", "--theme", "dark"}
                                              << "--theme and --dpi apply to charts and the report";
    }
    void badChartOptionsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        std::vector<std::string> argv;
        for (const QString& a : args)
            argv.push_back(a == QLatin1String("OUT") ? dir.filePath(QStringLiteral("out")).toStdString()
                                                     : a.toStdString());
        const auto r = rl::test::runCommand("run", argv);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromStdString(r.err).contains(message), r.err.c_str());
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out")))); // nothing written
    }

    void helpListsTheChartOptions() {
        const auto r = rl::test::runCommand("run", {"--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char* option : {"--charts FORMATS", "--theme NAME", "--dpi N"})
            QVERIFY2(r.out.find(option) != std::string::npos, option);
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
