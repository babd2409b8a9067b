// `resilience-lab primitive adaptive-timeout`: exact timeouts while warming up and after (nearest-rank
// percentile x factor), config errors naming the key, and a bad line -> exit 2 naming file:line.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QtTest>

#include <sstream>

namespace {
using Run = rl::test::QtCliResult;
using rl::test::J;

Run runPrimitive(const std::string& config, const std::string& trace) {
    return rl::test::toQt(
        rl::test::runPrimitive("adaptive-timeout", config, rl::test::traceData("adaptive-timeout", trace)));
}
} // namespace

class TestPrimitiveAdaptiveTimeout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void timeoutsForATrace() {
        // p50 x 2, clamped to [5, 1000] ms, 500 ms until 3 samples, window 10 (recomputed every record).
        const Run r = runPrimitive(J("{'percentile': 0.5, 'factor': 2, 'min_ms': 5, 'max_ms': 1000, "
                                     "'initial_ms': 500, 'window': 10, 'minimum_samples': 3}"),
                                   "warmup.jsonl");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QStringList expected = {
            QString(J("{'t_ms':0,'timeout_ms':500,'samples':0,'warming_up':true}").c_str()),
            QString(J("{'t_ms':1,'timeout_ms':500,'samples':1,'warming_up':true}").c_str()),
            QString(J("{'t_ms':2,'timeout_ms':500,'samples':2,'warming_up':true}").c_str()),
            // {10, 30, 40}: 2nd smallest 30 x 2
            QString(J("{'t_ms':3,'timeout_ms':60,'samples':3,'warming_up':false}").c_str()),
            // {10, 20, 30, 40}: 2nd = 20 x 2
            QString(J("{'t_ms':4,'timeout_ms':40,'samples':4,'warming_up':false}").c_str()),
            // {10 .. 50}: 3rd = 30 x 2
            QString(J("{'t_ms':5,'timeout_ms':60,'samples':5,'warming_up':false}").c_str()),
            // {0.5, 10 .. 50}: 3rd = 20 x 2
            QString(J("{'t_ms':6,'timeout_ms':40,'samples':6,'warming_up':false}").c_str()),
            // {0.5, 10 .. 50, 900}: 4th = 30 x 2
            QString(J("{'t_ms':7,'timeout_ms':60,'samples':7,'warming_up':false}").c_str()),
            QString(J("{'t_ms':8,'timeout_ms':60,'samples':7,'warming_up':false}").c_str()),
        };
        QCOMPARE(r.lines, expected);
    }

    void clampedToMinAndMax() {
        // factor 100 pushes 30 ms to 3 s: clamped to max 1 s. min 80 lifts 2 x 20 = 40 to 80.
        Run r = runPrimitive(
            J("{'percentile': 0.5, 'factor': 100, 'min_ms': 5, 'max_ms': 1000, 'initial_ms': 500, "
              "'window': 10, 'minimum_samples': 3}"),
            "warmup.jsonl");
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.lines[3].contains(QLatin1String("\"timeout_ms\":1000")));
        r = runPrimitive(
            J("{'percentile': 0.5, 'factor': 2, 'min_ms': 80, 'max_ms': 1000, 'initial_ms': 500, "
              "'window': 10, 'minimum_samples': 3}"),
            "warmup.jsonl");
        QVERIFY(r.lines[4].contains(QLatin1String("\"timeout_ms\":80")));
    }

    void badLineExitsTwoNamingTheLine() {
        const Run r = runPrimitive("{}", "bad_line.jsonl");
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), 1);
        QVERIFY2(r.err.contains(QLatin1String("bad_line.jsonl:2: missing \"latency_ms\" (a number)")),
                 qPrintable(r.err));
    }

    void configErrorsNameTheKey_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("problem");
        QTest::newRow("percentile 1") << QString(J("{'percentile': 1}").c_str())
                                      << QStringLiteral("percentile: must be in (0, 1), got 1");
        QTest::newRow("window too small") << QString(J("{'window': 3}").c_str())
                                          << QStringLiteral("window: must be in [10, 100000], got 3");
        QTest::newRow("unknown key") << QString(J("{'windw': 30}").c_str())
                                     << QStringLiteral("did you mean \"window\"");
    }
    void configErrorsNameTheKey() {
        QFETCH(QString, config);
        QFETCH(QString, problem);
        const Run r = runPrimitive(config.toStdString(), "warmup.jsonl");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.lines.isEmpty());
        QVERIFY2(r.err.contains(problem), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveAdaptiveTimeout)
#include "tst_primitive_adaptive_timeout.moc"
