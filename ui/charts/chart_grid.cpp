#include "ui/charts/chart_grid.h"

#include "ui/charts/chart_tile.h"
#include "ui/theme.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>

namespace rl::ui {

namespace {
constexpr int kColumns = 2;
}

void setUpChartGrid(QScrollArea* area, QWidget* grid, QGridLayout* layout, QLabel* empty) {
    area->setWidgetResizable(true);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(6);
    layout->addWidget(empty, 0, 0);
    area->setWidget(grid);
}

void paintChartGround(QWidget* grid, const Theme& theme) {
    QPalette p = grid->palette();
    p.setColor(QPalette::Window, theme.background);
    p.setColor(QPalette::WindowText, theme.text);
    grid->setPalette(p);
    grid->setAutoFillBackground(true);
}

void applyThemeToTile(ChartTile* tile, const Theme& theme) {
    tile->plot().applyTheme(theme);
    tile->setBackgroundBrush(theme.background);
}

void placeChartTile(QGridLayout* layout, ChartTile* tile, std::size_t index) {
    const int n = static_cast<int>(index);
    layout->addWidget(tile, n / kColumns, n % kColumns);
}

} // namespace rl::ui
