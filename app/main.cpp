// resilience-lab: the GUI by default; headless subcommands (run, validate, sweep, ...) otherwise.
#include "app/cli/command.h"
#include "app/headless_fallback.h"
#include "ui/main_window.h"

#include <QApplication>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool guiRequest = args.empty() || (args.size() == 1 && !args[0].starts_with("-") &&
                                             !rl::cli::findCommand(args[0]) && args[0] != "help");
    if (!guiRequest) return rl::cli::runCli(args, {std::cout, std::cerr});

    if (!rl::app::displayAvailable()) return rl::app::runHeadlessInstead();

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Resilience Lab"));
    QApplication::setApplicationVersion(QStringLiteral(RL_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Resilience Lab"));
    rl::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
