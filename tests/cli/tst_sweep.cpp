// `resilience-lab sweep` and `merge`: shards merge into exactly the unsharded CSV; --jobs, --vary and
// --seeds accept what their messages say; progress appears on a terminal only; Ctrl+C keeps the rows
// that were done.
#include "app/cli/command.h"
#include "cli_support.h"

#include <QProcess>
#include <QtTest>

#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

using rl::test::CliResult;
using rl::test::Spawned;
using rl::test::spawnWithTerminalStderr;

extern char** environ;

namespace {

CliResult sweep(std::vector<std::string> args) {
    return rl::test::runCommand("sweep", std::move(args));
}

// A small grid: 3 worker counts x 3 seeds = 9 runs of a 5-second M/M/1.
const std::vector<std::string> kGrid = {
    "builtin:mm1", "--set", "duration_s=5", "--vary", "services[0].workers=1,2,3", "--seeds", "1..3"};

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
    args.insert(args.end(), more);
    return args;
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
    rl::test::TempFiles m_files;

private Q_SLOTS:
    void shardsMergeIntoTheFullSweepByteForByte_data() {
        QTest::addColumn<int>("shards");
        QTest::newRow("2 shards") << 2;
        QTest::newRow("4 shards") << 4;
        QTest::newRow("12 shards, 3 of them empty") << 12;
    }
    void shardsMergeIntoTheFullSweepByteForByte() {
        QFETCH(int, shards);
        const CliResult full = sweep(with(kGrid, {"--jobs", "2"}));
        QCOMPARE(full.exitCode, 0);
        QCOMPARE(full.lines.size(), std::size_t(10));
        std::vector<std::string> files;
        std::size_t rows = 0;
        for (int i = shards; i >= 1; --i) { // written and merged in reverse order: order must not matter
            const std::string shard = std::to_string(i) + "/" + std::to_string(shards);
            const CliResult r = sweep(with(kGrid, {"--shard", shard, "--jobs", "1"}));
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.lines[0], "# resilience-lab sweep shard " + shard + " of 9 runs");
            QCOMPARE(r.lines[1], full.lines.front()); // every shard has the header
            rows += r.lines.size() - 2;
            files.push_back(
                m_files.write("shard" + std::to_string(i) + "of" + std::to_string(shards) + ".csv", r.out));
        }
        QCOMPARE(rows, std::size_t(9));
        const CliResult merged = rl::test::runCommand("merge", files);
        QCOMPARE(merged.err, std::string());
        QCOMPARE(merged.exitCode, 0);
        QCOMPARE(merged.out, full.out);
    }

    void shardsAreEveryNthRun() {
        const CliResult r = sweep(with(kGrid, {"--shard", "2/4"}));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), std::size_t(4));
        QCOMPARE(r.lines[0], std::string("# resilience-lab sweep shard 2/4 of 9 runs"));
        QVERIFY(r.lines[2].starts_with("1,1,2,")); // run 1: 1 worker, seed 2
        QVERIFY(r.lines[3].starts_with("5,2,3,")); // run 5: 2 workers, seed 3
    }

    void mergeRefusesIncompleteOrForeignShards() {
        const std::string a = m_files.write("a.csv", sweep(with(kGrid, {"--shard", "1/3"})).out);
        const std::string b = m_files.write("b.csv", sweep(with(kGrid, {"--shard", "2/3"})).out);
        const std::string c = sweep(with(kGrid, {"--shard", "3/3"})).out;
        const std::string other = m_files.write(
            "other.csv", sweep({"builtin:mm1", "--set", "duration_s=5", "--seeds", "1..2"}).out);
        auto merge = [](std::vector<std::string> files) {
            return rl::test::runCommand("merge", std::move(files));
        };

        // The last shard left out: its runs include the sweep's last one, so only the shard line tells.
        CliResult r = merge({a, b});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 std::string("resilience-lab merge: missing 3 runs: 2, 5, 8 (no file is shard 3/3)\n"));
        QCOMPARE(r.out, std::string());

        // A shard that stopped before its last row.
        const std::string cut = m_files.write("cut.csv", c.substr(0, c.rfind('\n', c.size() - 2) + 1));
        r = merge({a, b, cut});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 std::string("resilience-lab merge: missing 1 run: 8 (a shard that did not finish?)\n"));

        r = merge({a, b, a});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, "resilience-lab merge: " + a + ":3: run 0 is also at " + a + ":3\n");

        r = merge({a, other});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, "resilience-lab merge: " + other + ":1: the header differs from " + a +
                            "'s; these are not shards of one sweep\n");

        const std::string quarter = m_files.write("quarter.csv", sweep(with(kGrid, {"--shard", "2/4"})).out);
        r = merge({a, quarter});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, "resilience-lab merge: " + quarter + ":1: a shard of 4 of a 9-run sweep, but " + a +
                            " is one of 3 of a 9-run sweep\n");

        const std::string junk = m_files.write("junk.csv", "run,seed\nx,1\n");
        r = merge({junk});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, "resilience-lab merge: " + junk +
                            ":2: expected a row starting with its run number, got 'x,1'\n");

        const std::string stray =
            m_files.write("stray.csv", "# resilience-lab sweep shard 1/3 of 9 runs\nrun,seed\n1,1\n");
        r = merge({stray});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, "resilience-lab merge: " + stray + ":3: run 1 is not one of shard 1/3's\n");
    }

    void badShardIsRefused_data() {
        QTest::addColumn<QString>("shard");
        for (const char* s : {"0/3", "4/3", "1/0", "x", "1/", "/2", "1/100001", "-1/2"})
            QTest::newRow(s) << s;
    }
    void badShardIsRefused() {
        QFETCH(QString, shard);
        const CliResult r = sweep(with(kGrid, {"--shard", shard.toStdString()}));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, "resilience-lab sweep: --shard: expected I/N with 1 <= I <= N <= 100000, got '" +
                            shard.toStdString() + "'\n");
    }

    void jobsZeroMeansOnePerCore() {
        const CliResult zero = sweep(with(kGrid, {"--jobs", "0"})), one = sweep(with(kGrid, {"--jobs", "1"}));
        QCOMPARE(zero.exitCode, 0);
        QCOMPARE(zero.out, one.out);
        for (const char* bad : {"x", "1025", "-1", "+2", "2.5", ""}) {
            const CliResult r = sweep(with(kGrid, {"--jobs", bad}));
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err,
                     "resilience-lab sweep: --jobs: expected a whole number in 0..1024 (0 = one per core), "
                     "got '" +
                         std::string(bad) + "'\n");
        }
    }

    void misspelledVaryPathNamesVary() {
        const CliResult r = sweep({"builtin:mm1", "--vary", "services[0].wrokers=1,2"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 std::string("resilience-lab sweep: --vary: services[0].wrokers: unknown key \"wrokers\"; "
                             "did you mean \"workers\"?\n"));
        // A --set problem is still reported as --set.
        const CliResult s = sweep({"builtin:mm1", "--set", "nmae=x", "--seeds", "1..2"});
        QCOMPARE(s.exitCode, 2);
        QVERIFY2(s.err.starts_with("resilience-lab sweep: --set: nmae: unknown key"), s.err.c_str());
    }

    void varyValuesMayBeJsonWithCommas() {
        const CliResult r =
            sweep({"builtin:mm1", "--set", "duration_s=5", "--vary",
                   R"(clients[0].retry={"max_attempts":2,"retry_on":["error","timeout"]},{"max_attempts":3})",
                   "--vary", R"(name="a,b",plain)"});
        QCOMPARE(r.err, std::string());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), std::size_t(5));
        QVERIFY(r.lines[0].starts_with("run,clients[0].retry,name,seed,"));
        QVERIFY2(r.lines[1].starts_with(
                     R"(0,"{""max_attempts"":2,""retry_on"":[""error"",""timeout""]}","""a,b""",)"),
                 r.lines[1].c_str());
        QVERIFY2(r.lines[4].starts_with(R"(3,"{""max_attempts"":3}",plain,)"), r.lines[4].c_str());
    }

    void unbalancedVaryValuesAreExplained_data() {
        QTest::addColumn<QString>("vary");
        QTest::addColumn<QString>("message");
        const QString hint = "; values are separated by commas outside [...], {...} and \"...\"";
        QTest::newRow("open bracket") << "x=[1,2"
                                      << "--vary x: '[' is not closed in '[1,2'" + hint;
        QTest::newRow("stray brace") << "x=1},2"
                                     << "--vary x: unexpected '}' at character 2 of '1},2'" + hint;
        QTest::newRow("open string") << "x=\"a,b"
                                     << "--vary x: a string (\") is not closed in '\"a,b'" + hint;
        QTest::newRow("empty value") << "x=1,,2"
                                     << "--vary x: value 2 of '1,,2' is empty" + hint;
    }
    void unbalancedVaryValuesAreExplained() {
        QFETCH(QString, vary);
        QFETCH(QString, message);
        const CliResult r = sweep({"builtin:mm1", "--vary", vary.toStdString()});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromStdString(r.err), "resilience-lab sweep: " + message + "\n");
    }

    void seedsTakeTwentyDigits() {
        const CliResult r = sweep({"builtin:mm1", "--set", "duration_s=5", "--seeds",
                                   "18446744073709551614..18446744073709551615"});
        QCOMPARE(r.err, std::string());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), std::size_t(3));
        QVERIFY2(r.lines[1].starts_with("0,18446744073709551614,"), r.lines[1].c_str());
        QVERIFY2(r.lines[2].starts_with("1,18446744073709551615,"), r.lines[2].c_str());
        const CliResult over = sweep({"builtin:mm1", "--seeds", "1..18446744073709551616"});
        QCOMPARE(over.exitCode, 2);
        QCOMPARE(over.err, std::string("resilience-lab sweep: --seeds: expected a whole number in "
                                       "0..18446744073709551615, got '18446744073709551616'\n"));
    }

    void hugeGridsAreRefusedBeforeTheyAreBuilt() {
        std::string values = "1";
        for (int i = 2; i <= 1000; ++i)
            values += "," + std::to_string(i);
        const CliResult r = sweep({"builtin:mm1", "--vary", "seed=" + values, "--vary", "seed=" + values,
                                   "--vary", "seed=" + values, "--vary", "seed=" + values});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, std::string("resilience-lab sweep: the sweep has more than 100000 runs\n"));
    }

    void progressGoesToATerminalOnly() {
        const std::vector<std::string> args = {"sweep",   "builtin:mm1", "--set",  "duration_s=20",
                                               "--seeds", "1..40",       "--jobs", "1"};
        const Spawned tty = spawnWithTerminalStderr(args);
        QCOMPARE(tty.exitCode, 0);
        QVERIFY2(tty.tty.find("sweep: ") != std::string::npos && tty.tty.find(" left") != std::string::npos,
                 tty.tty.c_str());
        QVERIFY(tty.out.find("left") == std::string::npos);
        QCOMPARE(std::count(tty.out.begin(), tty.out.end(), '\n'), 41L);

        QProcess pipe; // standard error is a pipe: nothing there
        pipe.start(RL_EXECUTABLE,
                   {"sweep", "builtin:mm1", "--set", "duration_s=20", "--seeds", "1..40", "--jobs", "1"});
        QVERIFY(pipe.waitForFinished(120000));
        QCOMPARE(pipe.exitCode(), 0);
        QCOMPARE(pipe.readAllStandardError(), QByteArray());
        QCOMPARE(pipe.readAllStandardOutput().toStdString(), tty.out);
    }

    void ctrlCStopsCleanlyWithTheFinishedRows() {
        const QStringList args = {"sweep",   "builtin:mm1", "--set",  "duration_s=60",
                                  "--seeds", "1..5000",     "--jobs", "2"};
        QProcess p;
        p.start(RL_EXECUTABLE, args);
        QVERIFY(p.waitForStarted());
        QByteArray out;
        while (out.count('\n') < 3 && p.state() == QProcess::Running) { // the header and two rows
            p.waitForReadyRead(30000);
            out += p.readAllStandardOutput();
        }
        QCOMPARE(p.state(), QProcess::Running);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        out += p.readAllStandardOutput();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.startsWith("resilience-lab sweep: interrupted: wrote "), qPrintable(err));
        const auto rows = rl::test::splitLines(out.toStdString());
        QVERIFY(rows.size() >= 3 && rows.size() < 5001);
        QVERIFY2(err.contains(QString(" of 5000 rows")), qPrintable(err));
        // The rows written are the sweep's own rows: run 0 and 1 as a sweep of seeds 1..2 gives them.
        const CliResult first = sweep({"builtin:mm1", "--set", "duration_s=60", "--seeds", "1..2"});
        QCOMPARE(rows[0], first.lines[0]);
        QCOMPARE(rows[1], first.lines[1]);
        QCOMPARE(rows[2], first.lines[2]);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
