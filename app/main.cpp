// resilience-lab: the GUI by default; headless subcommands (run, validate, sweep, ...) otherwise.
#include "app/cli/command.h"
#include "app/headless_fallback.h"
#include "app/launch_args.h"
#include "ui/main_window.h"
#include "ui/simulation_controller.h"

#include <QApplication>

#include <iostream>
#include <string>
#include <variant>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const rl::app::LaunchRequest request = rl::app::classifyLaunchArgs(args);
    if (const auto* error = std::get_if<rl::app::LaunchError>(&request)) {
        std::cerr << "resilience-lab: " << error->message << "\n";
        return rl::cli::kExitBadInput;
    }
    if (std::holds_alternative<rl::app::CliLaunch>(request))
        return rl::cli::runCli(args, {std::cout, std::cerr});

    const auto& gui = std::get<rl::app::GuiLaunch>(request);
    if (!rl::app::displayAvailable()) return rl::app::runHeadlessInstead(gui.scenario);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Resilience Lab"));
    QApplication::setApplicationVersion(QStringLiteral(RL_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Resilience Lab"));
    rl::ui::MainWindow window;
    window.show();
    window.offerAutosaveRestore(); // after a crash: the unsaved work of last time
    if (gui.scenario && window.openScenario(QString::fromStdString(*gui.scenario)) && gui.play)
        window.controller()->play();
    return QApplication::exec();
}
