// bench_primitives' command line: --help lists the benchmarks, an unknown filter or option is refused
// (exit 2) instead of silently running nothing, and a section it prints is never empty.
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

namespace {

struct Run {
    int exitCode;
    QString out, err;
};

Run bench(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(RL_BENCH_PRIMITIVES), args);
    if (!p.waitForFinished(300000)) return {-1, {}, QStringLiteral("timed out")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestBenchPrimitivesArgs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpListsTheBenchmarks() {
        const Run r = bench({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: bench_primitives [FILTER]")), qPrintable(r.out));
        for (const char* name : {"circuit_breaker", "limiters", "scenario_json"})
            QVERIFY2(r.out.contains(QLatin1String(name)), name);
        QVERIFY2(!r.out.contains(QStringLiteral("ns/op")), "--help must not run benchmarks");
    }

    void unknownFilterIsRefused() {
        const Run r = bench({QStringLiteral("nosuch")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("bench_primitives: no benchmark name contains 'nosuch'")),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void unknownOptionIsRefused() {
        const Run r = bench({QStringLiteral("--fast")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unexpected argument '--fast'")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    // The quickest section; every printed section must be followed by at least one measurement.
    void aSectionHasMeasurements() {
        const Run r = bench({QStringLiteral("scenario_json")});
        QCOMPARE(r.exitCode, 0);
        const QStringList sections = r.out.split(QRegularExpression(QStringLiteral("\\n\\[[a-z_]+\\]\\n")));
        QCOMPARE(sections.size(), 2); // the title, then one section
        QVERIFY2(sections[1].contains(QStringLiteral("ns/op")), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestBenchPrimitivesArgs)
#include "tst_bench_primitives_args.moc"
