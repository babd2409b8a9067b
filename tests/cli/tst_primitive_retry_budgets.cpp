// `resilience-lab primitive retry-budget | retry-throttle | adaptive-throttle`: exact outputs for small
// traces, config errors naming the key (all problems at once), a bad line -> exit 2 naming file:line.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QtTest>

#include <sstream>

namespace {
using Run = rl::test::QtCliResult;
using rl::test::J;

Run runPrimitive(const std::string& kind, const std::string& config, const std::string& trace) {
    return rl::test::toQt(rl::test::runPrimitive(kind, config, rl::test::traceData("retry-budget", trace)));
}

QStringList lines(std::initializer_list<const char*> items) {
    QStringList out;
    for (const char* item : items)
        out << QString::fromStdString(J(item));
    return out;
}
} // namespace

class TestPrimitiveRetryBudgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void retryBudget() {
        // 50 % of active requests (retries included), at least 1.
        const Run r = runPrimitive("retry-budget", J("{'budget_percent': 50, 'min_retry_concurrency': 1}"),
                                   "budget.jsonl");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines,
                 lines({
                     "{'t_ms':0,'active_requests':1,'active_retries':0,'limit':1,'can_retry':true}",
                     "{'t_ms':0,'active_requests':2,'active_retries':0,'limit':1,'can_retry':true}",
                     "{'t_ms':0,'active_requests':3,'active_retries':0,'limit':1,'can_retry':true}",
                     "{'t_ms':0,'active_requests':4,'active_retries':0,'limit':2,'can_retry':true}",
                     "{'t_ms':0,'active_requests':5,'active_retries':0,'limit':2,'can_retry':true}",
                     // each retry is an active request too, so the limit grows with it
                     "{'t_ms':10,'permitted':true,'active_requests':6,'active_retries':1,'limit':3,'can_"
                     "retry':true}",
                     "{'t_ms':11,'permitted':true,'active_requests':7,'active_retries':2,'limit':3,'can_"
                     "retry':true}",
                     "{'t_ms':12,'permitted':true,'active_requests':8,'active_retries':3,'limit':4,'can_"
                     "retry':true}",
                     "{'t_ms':20,'active_requests':7,'active_retries':2,'limit':3,'can_retry':true}",
                     "{'t_ms':21,'permitted':true,'active_requests':8,'active_retries':3,'limit':4,'can_"
                     "retry':true}",
                     // a first attempt ends: 7 active, floor(3.5) = 3 = the retries in flight
                     "{'t_ms':30,'active_requests':7,'active_retries':3,'limit':3,'can_retry':false}",
                 }));
    }

    void retryThrottle() {
        // 4 tokens, +0.5 per success: retries need more than 2.
        const Run r =
            runPrimitive("retry-throttle", J("{'max_tokens': 4, 'token_ratio': 0.5}"), "throttle.jsonl");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines, lines({
                              "{'t_ms':0,'tokens':4,'can_retry':true}",
                              "{'t_ms':1,'tokens':3,'can_retry':true}",
                              "{'t_ms':2,'tokens':2,'can_retry':false}",
                              "{'t_ms':3,'tokens':2.5,'can_retry':true}",
                              "{'t_ms':4,'tokens':3,'can_retry':true}",
                              "{'t_ms':5,'tokens':2,'can_retry':false}",
                          }));
    }

    void adaptiveThrottle() {
        // k 2, a 2 s window; seed 3 decides the draws.
        const Run r =
            runPrimitive("adaptive-throttle", J("{'k': 2, 'window_s': 2, 'seed': 3}"), "adaptive.jsonl");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines,
                 lines({
                     "{'t_ms':0,'rejected':false,'requests':1,'accepts':0,'reject_probability':0.5}",
                     "{'t_ms':5,'requests':1,'accepts':1,'reject_probability':0}",
                     "{'t_ms':10,'rejected':false,'requests':2,'accepts':1,'reject_probability':0}",
                     "{'t_ms':20,'rejected':false,'requests':3,'accepts':1,'reject_probability':0.25}",
                     "{'t_ms':30,'rejected':true,'requests':4,'accepts':1,'reject_probability':0.4}",
                     // seconds 0 and 1 have left the window by t = 3 s
                     "{'t_ms':3000,'rejected':false,'requests':1,'accepts':0,'reject_probability':0.5}",
                 }));
    }

    void configErrorsNameEveryKey_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QStringList>("problems");
        QTest::newRow("budget") << QStringLiteral("retry-budget")
                                << QString::fromStdString(
                                       J("{'budget_percent': 120, 'min_retry_concurency': 1}"))
                                << QStringList{QStringLiteral("budget_percent: must be in [0, 100], got 120"),
                                               QStringLiteral("did you mean \"min_retry_concurrency\"")};
        QTest::newRow("throttle") << QStringLiteral("retry-throttle")
                                  << QString::fromStdString(J("{'max_tokens': 0, 'token_ratio': 0}"))
                                  << QStringList{
                                         QStringLiteral("max_tokens: must be in [1, 1000], got 0"),
                                         QStringLiteral("token_ratio: must be in [0.001, 1000], got 0")};
        QTest::newRow("adaptive") << QStringLiteral("adaptive-throttle")
                                  << QString::fromStdString(J("{'k': 'two', 'window_s': 0, 'seed': -3}"))
                                  << QStringList{QStringLiteral("seed: must be a whole number >= 0, got -3"),
                                                 QStringLiteral("k: expected a number"),
                                                 QStringLiteral("window_s: must be in [1, 3600], got 0")};
    }
    void configErrorsNameEveryKey() {
        QFETCH(QString, kind);
        QFETCH(QString, config);
        QFETCH(QStringList, problems);
        const Run r = runPrimitive(kind.toStdString(), config.toStdString(), "budget.jsonl");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.lines.isEmpty());
        for (const QString& p : problems)
            QVERIFY2(r.err.contains(p), qPrintable(r.err));
    }

    void badLineExitsTwoNamingTheLine() {
        const Run r = runPrimitive("retry-budget", "{}", "bad_line.jsonl");
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.lines.size(), 1);
        QVERIFY2(r.err.contains(QLatin1String("bad_line.jsonl:2: unknown op \"retry_start\"")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestPrimitiveRetryBudgets)
#include "tst_primitive_retry_budgets.moc"
