#include "ui/autosave_store.h"

#include "core/scenario/scenario_json.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace rl::ui {

namespace {
constexpr const char* kFormat = "resilience-lab/autosave@1";
}

AutosaveStore::AutosaveStore(QString folder) {
    if (folder.isEmpty()) folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    m_path = QDir(folder).filePath(QStringLiteral("autosave.json"));
}

bool AutosaveStore::write(const scenario::Scenario& scenario, const QString& file, QString* error) {
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    nlohmann::ordered_json doc;
    doc["format"] = kFormat;
    doc["file"] = file.toStdString();
    doc["when"] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    doc["scenario"] = scenario::scenarioToJson(scenario);
    const std::string text = doc.dump(2) + "\n";
    QSaveFile out(m_path);
    if (out.open(QIODevice::WriteOnly) &&
        out.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size()) &&
        out.commit())
        return true;
    if (error) *error = out.errorString();
    return false;
}

std::optional<AutosaveStore::Saved> AutosaveStore::read() const {
    QFile in(m_path);
    if (!in.open(QIODevice::ReadOnly)) return std::nullopt;
    scenario::Diagnostics problems;
    const auto doc = scenario::parseJsonText(in.readAll().toStdString(), problems);
    if (!doc || !doc->is_object() || doc->value("format", std::string()) != kFormat ||
        !doc->contains("scenario"))
        return std::nullopt;
    auto loaded = scenario::parseScenarioJson((*doc)["scenario"]);
    if (!loaded.scenario) return std::nullopt;
    Saved saved;
    saved.file = QString::fromStdString(doc->value("file", std::string()));
    // Replayed logs are read again, relative to the scenario's file as when it was opened.
    const QString baseDir = saved.file.isEmpty() ? QString() : QFileInfo(saved.file).absolutePath();
    scenario::attachReplayLogs(*loaded.scenario, baseDir.toStdString(), loaded.diagnostics);
    if (!loaded.diagnostics.empty()) return std::nullopt;
    saved.scenario = std::move(*loaded.scenario);
    saved.when =
        QDateTime::fromString(QString::fromStdString(doc->value("when", std::string())), Qt::ISODate);
    return saved;
}

void AutosaveStore::clear() {
    QFile::remove(m_path);
}

} // namespace rl::ui
