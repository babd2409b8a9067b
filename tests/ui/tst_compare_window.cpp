// Compare A / B in the window: A and B run in lock step (always at the same simulated time), on the same
// arrivals; the table shows B without the breaker and fallback failing where A degrades; B's own
// changes leave A alone.
#include "ui/compare_window.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QtTest>

using namespace rl;
using namespace rl::ui;

namespace {

double cell(const CompareWindow* w, const QString& measure, int column) {
    for (const QString& row : w->differenceRows())
        if (row.startsWith(measure + QLatin1Char('|'))) return row.split(QLatin1Char('|')).at(column).toDouble();
    return -1;
}

} // namespace

class TestCompareWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aAndBRunInLockStepOnTheSameArrivals() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        CompareWindow* cw = w.openCompare();
        QVERIFY(cw);
        auto* a = cw->controllerA();
        auto* b = cw->controllerB();
        QVERIFY(a->waitFor([&] { return a->model().end().count() > 0 && b->model().end().count() > 0; }));
        // The lesson's B side: no breaker, no fallback.
        QVERIFY(!b->model().scenario().services[0].calls[0].circuitBreaker);
        QVERIFY(a->model().scenario().services[0].calls[0].circuitBreaker);
        cw->setSpeed(100);
        cw->play();
        QVERIFY(a->waitFor([&] { return a->model().now() >= fromMillis(100'000); }, 120000));
        cw->pause();
        QVERIFY(a->waitFor([&] { return !a->isPlaying() && !b->isPlaying(); }));
        // Lock step: the same instant on both sides, and the same requests sent.
        QCOMPARE(a->model().now(), b->model().now());
        QVERIFY(cell(cw, QStringLiteral("requests sent"), 1) > 10000);
        QCOMPARE(cell(cw, QStringLiteral("requests sent"), 1), cell(cw, QStringLiteral("requests sent"), 2));
        // During the outage A degrades (fallback) where B fails.
        QVERIFY(cell(cw, QStringLiteral("degraded (fallback) %"), 1) > 10);
        QCOMPARE(cell(cw, QStringLiteral("degraded (fallback) %"), 2), 0.0);
        QVERIFY(cell(cw, QStringLiteral("failed % of answers"), 2) > cell(cw, QStringLiteral("failed % of answers"), 1) + 10);
        cw->close();
    }

    void bsChangesLeaveAAlone() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:mm1")));
        CompareWindow* cw = w.openCompare(); // mm1's B side: 90 requests/s
        QVERIFY(cw);
        auto* a = cw->controllerA();
        auto* b = cw->controllerB();
        QVERIFY(a->waitFor([&] { return a->model().end().count() > 0 && b->model().end().count() > 0; }));
        scenario::Change change;
        change.set.emplace_back("services[0].workers", "3");
        b->applyChange(change, QStringLiteral("3 workers"));
        QVERIFY(b->waitFor([&] { return b->model().changes().size() == 1; }));
        QCOMPARE(a->model().changes().size(), std::size_t{0});
        cw->seek(fromMillis(30'000));
        QVERIFY(a->waitFor([&] {
            return a->model().now() == fromMillis(30'000) && b->model().now() == fromMillis(30'000);
        }));
        QCOMPARE(b->model().snapshot().services[0].workers, 3);
        QCOMPARE(a->model().snapshot().services[0].workers, 1);
        cw->close();
    }
};

QTEST_MAIN(TestCompareWindow)
#include "tst_compare_window.moc"
