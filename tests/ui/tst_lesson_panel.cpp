// The Lesson tab: the lesson's text and steps, the current step following the run, play stopping
// exactly at the lesson's pauses (or at every step), a step's time going there.
#include "core/scenario/scenario_json.h"
#include "core/scenario/scenario_writer.h"
#include "resources/builtin_scenarios.h"
#include "ui/lesson_panel.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QCheckBox>
#include <QFile>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace rl;
using namespace rl::ui;

namespace {

TimePoint at(double seconds) {
    return fromMillis(seconds * 1000);
}

bool stopped(SimulationController* c) {
    return c->waitFor([&] { return !c->isPlaying() && c->model().now().count() > 0; });
}

} // namespace

class TestLessonPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheLessonAndFollowsTheRun() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        const auto& lesson = *c->model().scenario().lesson;
        const QString text = w.lesson()->text();
        QVERIFY(text.contains(QString::fromStdString(lesson.title)));
        QVERIFY(text.contains(QStringLiteral("Predict:")));
        QCOMPARE(w.lesson()->currentStep(), 0); // the step at 0 s
        c->seek(at(75));
        QVERIFY(c->waitFor([&] { return c->model().now() == at(75); }));
        QCOMPARE(w.lesson()->currentStep(), 2); // 0, 60, 70 s passed; 120 s ahead
    }

    void playStopsExactlyAtTheLessonsPauses() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* c = w.controller();
        // The steps that pause: 0 s (already there) and 120 s. At max speed it must still stop exactly.
        c->setSpeed(0);
        c->play();
        QVERIFY(stopped(c));
        QCOMPARE(c->model().now(), at(120));
        QCOMPARE(w.lesson()->currentStep(), 3);
        // Every step: from 0, the first stop is 60 s.
        w.lesson()->pauseAtEveryStep()->setChecked(true);
        c->seek(TimePoint{0});
        QVERIFY(c->waitFor([&] { return c->model().now() == TimePoint{0}; }));
        c->setSpeed(100);
        c->play();
        QVERIFY(stopped(c));
        QCOMPARE(c->model().now(), at(60));
        // Off: play runs to the end.
        w.lesson()->pauseAtEveryStep()->setChecked(false);
        w.lesson()->pauseAtStops()->setChecked(false);
        c->setSpeed(0);
        c->play();
        QVERIFY(c->waitFor([&] { return c->model().latest().finished; }));
        QCOMPARE(c->model().now(), c->model().end());
    }

    void aStepsTimeGoesThere() {
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(QStringLiteral("builtin:payments-outage")));
        auto* browser = w.lesson()->findChild<QTextBrowser*>(QStringLiteral("lessonText"));
        QVERIFY(browser);
        QVERIFY(QMetaObject::invokeMethod(browser, "anchorClicked", Q_ARG(QUrl, QUrl(QStringLiteral("seek:70")))));
        auto* c = w.controller();
        QVERIFY(c->waitFor([&] { return c->model().now() == at(70); }));
        QCOMPARE(w.lesson()->currentStep(), 2);
    }

    void aScenarioWithoutALessonSaysSo() {
        auto s = *scenario::parseScenario(std::string(findBuiltinScenario("mm1")->json)).scenario;
        s.lesson.reset();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(scenario::saveScenarioText(s)));
        f.close();
        MainWindow w(nullptr, false);
        QVERIFY(w.openScenario(path));
        QVERIFY(w.lesson()->text().contains(QStringLiteral("no lesson")));
        QVERIFY(!w.lesson()->pauseAtStops()->isEnabled());
        QCOMPARE(w.lesson()->currentStep(), -1);
    }
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
