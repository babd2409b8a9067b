#include "cli_support.h"

#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/cli/command.h"

#include <QFile>

#include <fstream>
#include <sstream>
#include <utility>

namespace rl::test {

// Runs the executable with standard error on a pseudo-terminal and standard output on a pipe.
Spawned spawnWithTerminalStderr(const std::vector<std::string>& args) {
    Spawned r;
    int master = -1, slave = -1, pipeFds[2];
    if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0 || pipe(pipeFds) != 0) return r;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, slave, STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, master);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    std::vector<std::string> argv = {RL_EXECUTABLE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv)
        cargs.push_back(a.data());
    cargs.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, RL_EXECUTABLE, &actions, nullptr, cargs.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(slave);
    close(pipeFds[1]);
    if (spawned != 0) return r;
    pollfd fds[2] = {{master, POLLIN, 0}, {pipeFds[0], POLLIN, 0}};
    char buf[4096];
    for (int open = 2; open > 0;) {
        if (poll(fds, 2, 60000) <= 0) break;
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = read(fds[k].fd, buf, sizeof buf);
            if (n <= 0) { // EOF (pipe) or EIO (terminal without a writer)
                close(fds[k].fd);
                fds[k].fd = -1;
                --open;
            } else {
                (k == 0 ? r.tty : r.out).append(buf, std::size_t(n));
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    for (const auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    return r;
}

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
