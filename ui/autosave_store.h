#pragma once
// Unsaved edits (the scenario and its change list) kept in the app's data folder, so a crash or a
// kill -9 loses at most the last 30 s of work: MainWindow writes here every 30 s while the run has
// unsaved changes, clears it when the work is saved or deliberately discarded, and offers to restore
// it at the next start. Written with QSaveFile: never half a file.
#include "core/scenario/scenario.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace rl::ui {

class AutosaveStore {
public:
    // The folder defaults to the app's data location (QStandardPaths::AppDataLocation).
    explicit AutosaveStore(QString folder = {});

    struct Saved {
        scenario::Scenario scenario; // with its changes
        QString file;                // the file it came from ("" for a built-in or a new scenario)
        QDateTime when;
    };
    bool write(const scenario::Scenario& scenario, const QString& file, QString* error = nullptr);
    // nullopt when there is nothing (or nothing readable: a damaged autosave is left for a person to see).
    std::optional<Saved> read() const;
    void clear();
    QString path() const { return m_path; }

private:
    QString m_path;
};

} // namespace rl::ui
