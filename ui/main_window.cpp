#include "ui/main_window.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace rl::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setWindowTitle(tr("Resilience Lab"));
    resize(1200, 800);
    auto* welcome =
        new QLabel(tr("<h2>Resilience Lab</h2>"
                      "<p>A simulator of service resilience patterns.</p>"
                      "<p>The interactive simulation view is not built yet. Meanwhile, run "
                      "scenarios headless:<br><tt>resilience-lab run builtin:payments-outage</tt></p>"),
                   this);
    welcome->setAlignment(Qt::AlignCenter);
    welcome->setTextFormat(Qt::RichText);
    setCentralWidget(welcome);
    createMenus();
    statusBar()->showMessage(tr("Ready"));
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Resilience Lab"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Resilience Lab"),
                       tr("<p><b>Resilience Lab</b> %1</p><p>Circuit breakers, retries, timeouts, "
                          "bulkheads, rate limiters and load shedding, simulated and animated.</p>")
                           .arg(QStringLiteral(RL_VERSION)));
}

} // namespace rl::ui
