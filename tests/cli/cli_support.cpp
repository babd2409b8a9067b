#include "cli_support.h"

#include "app/cli/command.h"

#include <QFile>

#include <fstream>
#include <sstream>
#include <utility>

namespace rl::test {

CliResult runCli(std::vector<std::string> args) {
    std::ostringstream out, err;
    const int code = rl::cli::runCli(args, rl::cli::Streams{out, err});
    CliResult r{code, out.str(), err.str(), {}};
    r.lines = splitLines(r.out);
    return r;
}

CliResult runCommand(const std::string& command, std::vector<std::string> args) {
    args.insert(args.begin(), command);
    return runCli(std::move(args));
}

CliResult runPrimitive(const std::string& kind, const std::string& config, const std::string& trace) {
    return runCli({"primitive", kind, "--config", config, "--trace", trace});
}

std::string traceData(const std::string& kind, const std::string& name) {
    return std::string(RL_TEST_DATA_DIR) + "/traces/" + kind + "/" + name;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(std::move(line));
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> readLines(const std::string& path) {
    std::ifstream in(path);
    if (!in) return {"cannot read " + path};
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(std::move(line));
    return out;
}

std::string J(const char* text) {
    std::string s(text);
    for (char& c : s)
        if (c == '\'') c = '"';
    return s;
}

QtCliResult toQt(const CliResult& r) {
    return {r.exitCode, toQt(r.lines), QString::fromStdString(r.err)};
}

QStringList toQt(const std::vector<std::string>& lines) {
    QStringList out;
    out.reserve(qsizetype(lines.size()));
    for (const std::string& line : lines)
        out << QString::fromStdString(line);
    return out;
}

QtCliResult runPrimitiveQt(const QString& kind, const QString& config, const QString& trace) {
    return toQt(runPrimitive(kind.toStdString(), config.toStdString(), trace.toStdString()));
}

QString traceDataQt(const QString& kind, const QString& name) {
    return QString::fromStdString(traceData(kind.toStdString(), name.toStdString()));
}

QStringList readLinesQt(const QString& path) {
    return toQt(readLines(path.toStdString()));
}

std::string TempFiles::write(const std::string& name, const std::string& text) {
    const QString path = m_dir.filePath(QString::fromStdString(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(text.data(), qint64(text.size()));
    return path.toStdString();
}

QString TempFiles::writeLines(const QString& name, const QStringList& lines) {
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(lines.join(QLatin1Char('\n')).toUtf8() + "\n");
    return path;
}

} // namespace rl::test
