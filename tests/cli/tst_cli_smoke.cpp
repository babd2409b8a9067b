// The executable's front door: --help, --version, and a clear exit 2 for unknown commands.
#include <QProcess>
#include <QtTest>

class TestCliSmoke : public QObject {
    Q_OBJECT

private:
    struct Result {
        int exitCode;
        QString out;
        QString err;
    };
    static Result runApp(const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral(RL_EXECUTABLE), args);
        if (!p.waitForFinished(60000)) return {-1, {}, QStringLiteral("timed out")};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void helpListsUsageAndExitsZero() {
        const auto r = runApp({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Usage: resilience-lab")));
        QVERIFY(r.out.contains(QStringLiteral("Exit codes")));
    }
    void versionPrintsProjectVersion() {
        const auto r = runApp({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("resilience-lab " RL_VERSION));
    }
    void unknownCommandExitsTwoAndNamesIt() {
        const auto r = runApp({QStringLiteral("frobnicate"), QStringLiteral("x")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("frobnicate")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
    void withoutDisplayExplainsInsteadOfCrashing() {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(RL_EXECUTABLE), {});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("no display")), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("could not connect to display")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestCliSmoke)
#include "tst_cli_smoke.moc"
