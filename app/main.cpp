// resilience-lab: the GUI by default; headless subcommands (run, validate, sweep, ...) otherwise.
#include "app/cli/command.h"
#include "app/headless_fallback.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QApplication>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // The GUI: no arguments, or a scenario (file or builtin:NAME) and optionally --play.
    std::string scenarioArg;
    bool play = false;
    bool guiRequest = true;
    for (const auto& a : args) {
        if (a == "--play")
            play = true;
        else if (scenarioArg.empty() && !a.starts_with("-") && !rl::cli::findCommand(a) && a != "help")
            scenarioArg = a;
        else
            guiRequest = false;
    }
    if (!guiRequest) return rl::cli::runCli(args, {std::cout, std::cerr});

    if (!rl::app::displayAvailable()) return rl::app::runHeadlessInstead();

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Resilience Lab"));
    QApplication::setApplicationVersion(QStringLiteral(RL_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Resilience Lab"));
    rl::ui::MainWindow window;
    window.show();
    if (!scenarioArg.empty() && window.openScenario(QString::fromStdString(scenarioArg)) && play)
        window.controller()->play();
    return QApplication::exec();
}
