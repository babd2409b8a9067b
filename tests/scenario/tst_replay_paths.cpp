// Replay paths rebased for a scenario written to another folder (core/scenario/replay_paths.h): the same
// log is named from the new folder, relative when the folders share one, absolute otherwise; built-in
// logs, absolute paths and saves to the same folder are left as written; a copy saved elsewhere loads
// the same rows.
#include "core/scenario/replay_log.h"
#include "core/scenario/replay_paths.h"
#include "core/scenario/scenario_json.h"
#include "scenario_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace rl::scenario;
using rl::scenario::testing::baseScenario;
namespace fs = std::filesystem;

namespace {

// A course folder as a teacher has it: course/lesson.json reading course/logs/incident.csv.
struct Course {
    QTemporaryDir tmp;
    fs::path root;
    fs::path course;

    Course()
        : root(fs::path(tmp.path().toStdString()))
        , course(root / "course") {
        fs::create_directories(course / "logs");
        std::ofstream(course / "logs" / "incident.csv") << "timestamp,latency_ms,status\n0,5,200\n1,7,503\n";
    }
    QString string(const fs::path& p) const { return QString::fromStdString(p.generic_string()); }
};

QString rebased(const std::string& file, const fs::path& from, const fs::path& to) {
    return QString::fromStdString(rebaseReplayPath(file, from, to));
}

} // namespace

class ReplayPathsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aSiblingFolderReachesBackUp() {
        Course c;
        QCOMPARE(rebased("logs/incident.csv", c.course, c.root / "copies"), "../course/logs/incident.csv");
        QCOMPARE(rebased("logs/incident.csv", c.course, c.root), "course/logs/incident.csv");
        QCOMPARE(rebased("logs/incident.csv", c.course, c.course / "logs"), "incident.csv");
        QCOMPARE(rebased("incident.csv", c.course / "logs", c.course / "a" / "b"), "../../logs/incident.csv");
        // Climbing out of the scenario's folder is followed too.
        QCOMPARE(rebased("../course/logs/incident.csv", c.root / "copies", c.course), "logs/incident.csv");
    }

    void theSameFolderLeavesPathsAsWritten() {
        Course c;
        QCOMPARE(rebased("logs/../logs/incident.csv", c.course, c.course), "logs/../logs/incident.csv");
        QCOMPARE(rebased("logs/incident.csv", c.course, c.course / "logs" / ".."), "logs/incident.csv");
        QCOMPARE(rebased("logs/incident.csv", c.string(c.course).toStdString() + "/", c.course),
                 "logs/incident.csv");
    }

    void builtinAbsoluteAndEmptyStay() {
        Course c;
        const fs::path to = c.root / "copies";
        QCOMPARE(rebased("builtin-data:payments-incident.csv", c.course, to),
                 "builtin-data:payments-incident.csv");
        const std::string absolute = (c.course / "logs" / "incident.csv").string();
        QCOMPARE(rebased(absolute, c.course, to), QString::fromStdString(absolute));
        QCOMPARE(rebased("", c.course, to), "");
    }

    void foldersWithNothingInCommonGetAnAbsolutePath() {
        Course c;
        // From the temporary folder to the root: "../tmp/..." would climb to the root, so absolute.
        QCOMPARE(rebased("logs/incident.csv", c.course, "/"),
                 c.string(fs::weakly_canonical(c.course / "logs" / "incident.csv")));
    }

    void linkedFoldersAreFollowedAsOpeningWould() {
        // The scenario sits in a link to deep/real; "../logs" from there is deep/logs, not root/logs.
        Course c;
        fs::create_directories(c.root / "deep" / "real");
        fs::create_directories(c.root / "deep" / "logs");
        fs::create_directory_symlink(c.root / "deep" / "real", c.root / "link");
        QCOMPARE(rebased("../logs/x.csv", c.root / "link", c.root / "copies"), "../deep/logs/x.csv");
    }

    void aCopySavedElsewhereLoadsTheSameRows() {
        Course c;
        auto doc = baseScenario();
        doc["services"][1]["replay"] = {{"file", "logs/incident.csv"}};
        doc["services"][0]["replay"] = {{"file", "builtin-data:payments-incident.csv"}};
        std::ofstream(c.course / "lesson.json") << doc.dump();
        const LoadResult original = loadScenarioFile((c.course / "lesson.json").string());
        QVERIFY2(original.scenario, original.diagnostics.toString().c_str());

        Scenario copy = *original.scenario;
        const fs::path elsewhere = c.root / "copies";
        fs::create_directories(elsewhere);
        rebaseReplayPaths(copy, c.course, elsewhere);
        QCOMPARE(copy.services[1].replay->file, std::string("../course/logs/incident.csv"));
        QCOMPARE(copy.services[0].replay->file, std::string("builtin-data:payments-incident.csv"));
        QVERIFY(copy.services[1].replay->log == original.scenario->services[1].replay->log); // rows kept
        std::ofstream(elsewhere / "lesson.json") << saveScenarioText(copy);

        const LoadResult reopened = loadScenarioFile((elsewhere / "lesson.json").string());
        QVERIFY2(reopened.scenario, reopened.diagnostics.toString().c_str());
        QVERIFY(reopened.scenario->services[1].replay->log);
        QVERIFY(reopened.scenario->services[1].replay->log->rows ==
                original.scenario->services[1].replay->log->rows);
    }
};

QTEST_APPLESS_MAIN(ReplayPathsTest)
#include "tst_replay_paths.moc"
