#pragma once
// What the window shows before a scenario is open: the built-in lessons, one click each, with their
// one-line story, and a button to open a file.
#include <QWidget>

class QListWidget;

namespace rl::ui {

class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(QWidget* parent = nullptr);
    int lessonCount() const;

Q_SIGNALS:
    void builtinChosen(const QString& name);
    void openFileRequested();

private:
    QListWidget* m_list;
};

} // namespace rl::ui
