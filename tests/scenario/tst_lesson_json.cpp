// The scenario's `lesson` object: it loads into the model, goes back to JSON unchanged, and every
// mistake in it is reported at its exact path, all at once, like the rest of the file.
#include "core/scenario/lesson_json.h"
#include "core/scenario/scenario_json.h"
#include "scenario_support.h"

#include <QtTest>

using namespace rl::scenario;
using rl::scenario::testing::baseScenario;
using rl::scenario::testing::J;
using rl::scenario::testing::lines;

namespace {

nlohmann::json withLesson(const char* lesson) {
    auto doc = baseScenario();
    doc["lesson"] = J(lesson);
    return doc;
}

const char* kLesson = "{'title': 'Timeouts', 'story': 'A hang holds workers.', 'watch': 'busy workers',"
                      " 'try': 'a shorter timeout',"
                      " 'steps': [{'at_s': 0, 'note': 'calm', 'question': 'what p99?', 'pause': true},"
                      "           {'at_s': 30, 'note': 'the outage'}],"
                      " 'compare': {'label': 'no retry', 'set': {'services[0].calls[0].retry': null,"
                      "                                           'clients[0].arrival.rate_rps': 5}}}";

} // namespace

class TestLessonJson : public QObject {
    Q_OBJECT

private slots:
    void lessonLoadsIntoTheModel() {
        const LoadResult r = parseScenarioJson(withLesson(kLesson));
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        const Lesson& l = *r.scenario->lesson;
        QCOMPARE(l.title, std::string("Timeouts"));
        QCOMPARE(l.tryThis, std::string("a shorter timeout"));
        QCOMPARE(l.steps.size(), std::size_t{2});
        QCOMPARE(l.steps[0].question, std::string("what p99?"));
        QVERIFY(l.steps[0].pause);
        QVERIFY(!l.steps[1].pause);
        QCOMPARE(l.steps[1].atS, 30.0);
        QCOMPARE(l.compare->label, std::string("no retry"));
        QCOMPARE(l.compare->set.size(), std::size_t{2});
    }

    void noLessonIsFine() {
        const LoadResult r = parseScenarioJson(baseScenario());
        QVERIFY(r.scenario);
        QVERIFY(!r.scenario->lesson);
    }

    void roundTrip() {
        const LoadResult r = parseScenarioJson(withLesson(kLesson));
        QVERIFY(r.scenario);
        const std::string text = saveScenarioText(*r.scenario);
        const LoadResult again = parseScenario(text);
        QVERIFY2(again.scenario, again.diagnostics.toString().c_str());
        QVERIFY(*again.scenario == *r.scenario);
        QCOMPARE(saveScenarioText(*again.scenario), text);
        // Optional parts at their defaults are left out.
        const auto j = lessonToJson(Lesson{"t", "s", "", "", {{5, "n", "", false}}, std::nullopt});
        QCOMPARE(j.dump(), std::string(R"({"title":"t","story":"s","steps":[{"at_s":5,"note":"n"}]})"));
    }

    void theBSideIsTheScenarioWithTheOverrides() {
        const auto doc = withLesson(kLesson);
        const LoadResult a = parseScenarioJson(doc);
        Diagnostics d;
        const LoadResult b = parseScenarioJson(applyCompare(doc, *a.scenario->lesson->compare, d));
        QVERIFY2(d.empty() && b.scenario, b.diagnostics.toString().c_str());
        QVERIFY(a.scenario->services[0].calls[0].retry);
        QVERIFY(!b.scenario->services[0].calls[0].retry); // null removed the key
        QCOMPARE(b.scenario->clients[0].rateRps, 5.0);
        QVERIFY(!b.scenario->lesson);
    }

    // Changes recorded on A (a slider on a layer B takes away) do not make the file invalid.
    void theBSideIsCheckedWithoutTheChanges() {
        auto doc = withLesson(kLesson);
        doc["changes"] = J("[{'at_s': 5, 'set': {'services[0].calls[0].retry.max_attempts': 3}}]");
        const LoadResult r = parseScenarioJson(doc);
        QVERIFY2(r.scenario, r.diagnostics.toString().c_str());
        QCOMPARE(parseScenario(saveScenarioText(*r.scenario)).scenario, r.scenario);
    }

    void everyMistakeAtItsPath() {
        const LoadResult r = parseScenarioJson(withLesson(
            "{'title': '', 'story': 'one\\n\\ntwo', 'tyr': 'x', 'watch': 3,"
            " 'steps': [{'at_s': 10, 'note': 'a'}, {'at_s': 5, 'note': 'b'}, {'at_s': -1, 'note': 'c'},"
            "           {'note': 'd', 'paus': true}, {'at_s': 20, 'note': ''}],"
            " 'compare': {'set': {}}}"));
        QVERIFY(!r.scenario);
        const QStringList expected = {
            "lesson.tyr: unknown key \"tyr\"; did you mean \"try\"?",
            "lesson.title: must not be empty",
            "lesson.story: must be one paragraph (no blank line); put the rest in \"watch\", \"try\" or the "
            "steps",
            "lesson.watch: expected a string, got 3",
            "lesson.steps[1].at_s: steps must be ordered by time: must be >= 10 (the previous step's at_s), "
            "got 5",
            "lesson.steps[2].at_s: must be in [0, 9200000000], got -1",
            "lesson.steps[3].paus: unknown key \"paus\"; did you mean \"pause\"?",
            "lesson.steps[3].at_s: missing required key",
            "lesson.steps[4].note: must not be empty",
            "lesson.compare.label: missing required key",
            "lesson.compare.set: must hold at least one PATH: VALUE override (the B side must differ)",
        };
        const QStringList got = lines(r.diagnostics);
        for (const auto& e : expected)
            QVERIFY2(got.contains(e), qPrintable(e + "\n  not in:\n" + got.join('\n')));
        QCOMPARE(got.size(), expected.size());
    }

    void aBadBSideIsReportedAtItsPath() {
        const LoadResult r = parseScenarioJson(
            withLesson("{'title': 't', 'story': 's', 'compare': {'label': 'b', 'set': {"
                       "'services[0].calls[0].retyr.max_attempts': 1, 'lesson.title': 'x'}}}"));
        QVERIFY(!r.scenario);
        const QStringList got = lines(r.diagnostics);
        QVERIFY2(got.contains("lesson.compare.set.lesson.title: the B side cannot change the lesson itself"),
                 qPrintable(got.join('\n')));
        const LoadResult r2 =
            parseScenarioJson(withLesson("{'title': 't', 'story': 's', 'compare': {'label': 'b', 'set': "
                                         "{'services[0].calls[0].retyr': 1}}}"));
        QVERIFY(!r2.scenario);
        QVERIFY2(lines(r2.diagnostics)
                     .join('\n')
                     .startsWith("lesson.compare.set.services[0].calls[0].retyr: unknown key \"retyr\"; did "
                                 "you mean \"retry\"?"),
                 qPrintable(lines(r2.diagnostics).join('\n')));
        const LoadResult r3 = parseScenarioJson(withLesson(
            "{'title': 't', 'story': 's', 'compare': {'label': 'b', 'set': {'services[0].workers': 0}}}"));
        QVERIFY(!r3.scenario);
        QCOMPARE(
            lines(r3.diagnostics).join('\n'),
            QString("lesson.compare.set.services[0].workers: the B side is not a valid scenario: must be in "
                    "[1, 1000000], got 0"));
    }
};

QTEST_APPLESS_MAIN(TestLessonJson)
#include "tst_lesson_json.moc"
