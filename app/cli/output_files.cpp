#include "app/cli/output_files.h"

#include <QDir>
#include <QSaveFile>
#include <QString>

#include <sstream>
#include <stdexcept>

namespace rl::cli {

void ensureDirectory(const std::string& dir) {
    if (!QDir().mkpath(QString::fromStdString(dir)))
        throw std::runtime_error("cannot create directory '" + dir + "'");
}

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    std::ostringstream buffer;
    write(buffer);
    const std::string bytes = buffer.str();
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        throw std::runtime_error("cannot write '" + path + "': " + file.errorString().toStdString());
    if (file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()) ||
        !file.commit())
        throw std::runtime_error("cannot write '" + path + "': " + file.errorString().toStdString());
}

} // namespace rl::cli
