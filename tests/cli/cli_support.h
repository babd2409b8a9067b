#pragma once
// Shared by every tests/cli suite: run the CLI in-process with string streams and split its output into
// lines, find a trace under tests/data/traces/KIND/, write small trace files into a temporary folder, and
// the Qt-typed views some suites compare with.
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <string>
#include <vector>

namespace rl::test {

struct CliResult {
    int exitCode;
    std::string out, err;
    std::vector<std::string> lines; // `out` split at '\n' (a final newline does not add an empty line)
};

// Runs `resilience-lab ARGS...` through rl::cli::runCli with string streams.
CliResult runCli(std::vector<std::string> args);
// `resilience-lab COMMAND ARGS...`.
CliResult runCommand(const std::string& command, std::vector<std::string> args);
// `resilience-lab primitive KIND --config CONFIG --trace TRACE`.
CliResult runPrimitive(const std::string& kind, const std::string& config, const std::string& trace);

// RL_TEST_DATA_DIR/traces/KIND/NAME.
std::string traceData(const std::string& kind, const std::string& name);

// `text` split at '\n' like std::getline: no empty last line for a final newline.
std::vector<std::string> splitLines(const std::string& text);
// The whole file ("" when it cannot be read).
std::string readFile(const std::string& path);
// The file's lines, or {"cannot read PATH"} when it cannot be read.
std::vector<std::string> readLines(const std::string& path);

// JSON written with single quotes (moc cannot read raw string literals): every ' becomes ".
std::string J(const char* text);

// The same result with Qt types, for suites that compare QStringLists.
struct QtCliResult {
    int exitCode;
    QStringList lines;
    QString err;
};
QtCliResult toQt(const CliResult& r);
QStringList toQt(const std::vector<std::string>& lines);
// runPrimitive, traceData and readLines for suites written with QStrings.
QtCliResult runPrimitiveQt(const QString& kind, const QString& config, const QString& trace);
QString traceDataQt(const QString& kind, const QString& name);
QStringList readLinesQt(const QString& path);

// The real executable run with standard error on a pseudo-terminal and standard output on a pipe,
// for what a command shows only on a terminal (progress).
struct Spawned {
    int exitCode = -1;
    std::string out, tty;
};
Spawned spawnWithTerminalStderr(const std::vector<std::string>& args);

// Files written into one temporary folder that lives as long as the object.
class TempFiles {
    QTemporaryDir m_dir;

public:
    // Writes `text` as is to NAME in the folder; returns its path ("" if it could not be written).
    std::string write(const std::string& name, const std::string& text);
    // Writes the lines, each ended by '\n'; returns the path.
    QString writeLines(const QString& name, const QStringList& lines);
};

} // namespace rl::test
