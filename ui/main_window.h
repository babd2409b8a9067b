#pragma once
#include <QMainWindow>

namespace rl::ui {

// The application window. For now it hosts the menus and a welcome page; the topology canvas,
// inspectors, charts and controls dock into it as they are built.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void createMenus();
    void showAbout();
};

} // namespace rl::ui
