// `resilience-lab screenshot` through the real executable, without a display: a PNG of the asked size
// that shows the window (not a blank image), bad arguments refused with exit 2, and the `parameters`
// command that lists the tunable paths the GUI's sliders use.
#include "tests/cli/cli_support.h"

#include <QImage>
#include <QProcess>
#include <QtTest>

namespace {

struct Run {
    int exitCode;
    QString err;
};

Run screenshot(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command chooses offscreen itself
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RL_EXECUTABLE), QStringList{QStringLiteral("screenshot")} + args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestScreenshot : public QObject {
    Q_OBJECT
    rl::test::TempFiles m_files;

private Q_SLOTS:
    void writesThePictureOfTheWindow() {
        const QString out = QString::fromStdString(m_files.write("shot.png", ""));
        QFile::remove(out);
        const Run r =
            screenshot({QStringLiteral("builtin:payments-outage"), QStringLiteral("--at"),
                        QStringLiteral("75"), QStringLiteral("--out"), out, QStringLiteral("--size"),
                        QStringLiteral("1200x800"), QStringLiteral("--select"), QStringLiteral("call:0")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QImage image(out);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1200, 800));
        // Not blank: the breaker badge's vermillion (OPEN) is somewhere on it.
        bool vermillion = false;
        for (int y = 0; y < image.height() && !vermillion; y += 2)
            for (int x = 0; x < image.width() && !vermillion; x += 2)
                vermillion = image.pixelColor(x, y) == QColor(0xD5, 0x5E, 0x00);
        QVERIFY(vermillion);
    }

    void badArgumentsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no --at") << QStringList{"builtin:mm1", "--out", "x.png"} << "missing --at SECONDS";
        QTest::newRow("bad --at") << QStringList{"builtin:mm1", "--at", "soon", "--out", "x.png"}
                                  << "--at expects seconds >= 0, e.g. --at 90, got 'soon'";
        QTest::newRow("past the end") << QStringList{"builtin:mm1", "--at", "100000", "--out", "x.png"}
                                      << "--at must be <= the scenario's duration_s";
        QTest::newRow("bad size") << QStringList{"builtin:mm1", "--at",   "1",  "--out",
                                                 "x.png",       "--size", "big"}
                                  << "--size expects WIDTHxHEIGHT";
        QTest::newRow("unknown element")
            << QStringList{"builtin:mm1", "--at", "1", "--out", "x.png", "--select", "service:nope"}
            << "--select: no element 'service:nope'";
        QTest::newRow("unknown scenario")
            << QStringList{"builtin:nope", "--at", "1", "--out", "x.png"} << "nope";
    }
    void badArgumentsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = screenshot(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void parametersListsTheTunablePaths() {
        const auto r = rl::test::runCommand("parameters", {"builtin:payments-outage"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(std::find(r.lines.begin(), r.lines.end(), "services[0].calls[0].retry.max_attempts = 2") !=
                r.lines.end());
        QVERIFY(std::find(r.lines.begin(), r.lines.end(),
                          "services[0].calls[0].circuit_breaker.failure_rate_threshold = 0.5") !=
                r.lines.end());
        const auto table = rl::test::runCommand("parameters", {});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.starts_with("| object | key |"));
        QCOMPARE(rl::test::runCommand("parameters", {"builtin:payments-outage", "--bogus"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
