#pragma once
// What the Charts tab and the Compare window's charts share: a scrollable grid of chart tiles on the
// theme's ground, two per row.
#include <cstddef>

class QGridLayout;
class QLabel;
class QScrollArea;
class QWidget;

namespace rl::ui {

class ChartTile;
struct Theme;

// Puts `grid` (laid out by `layout`, `empty` shown while there is no chart) into `area`.
void setUpChartGrid(QScrollArea* area, QWidget* grid, QGridLayout* layout, QLabel* empty);
// The grid's ground and a tile's, in `theme` (the tiles' plots follow the theme themselves).
void paintChartGround(QWidget* grid, const Theme& theme);
void applyThemeToTile(ChartTile* tile, const Theme& theme);
// Tile `index` at its place in the grid, two per row.
void placeChartTile(QGridLayout* layout, ChartTile* tile, std::size_t index);

} // namespace rl::ui
