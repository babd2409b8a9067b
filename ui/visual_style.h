#pragma once
// The visual language, in one table: every view (canvas, inspectors, log, charts, exports) takes the
// colour, label and shape of an outcome or a breaker state from here. Never colour alone: each entry
// also has a text label and a shape, so a colour-blind viewer, a washed-out projector or a
// black-and-white printout still tells them apart. Palette: Okabe-Ito (colour-blind safe).
#include "core/common/outcome.h"
#include "core/primitives/circuit_breaker.h"

#include <QColor>
#include <QPainterPath>
#include <QString>

namespace rl::ui {

enum class Shape { Circle, Square, Triangle, Diamond, Cross, Bar, Hexagon };

struct StyleEntry {
    QColor fill;
    QColor outline; // dark outline for light fills (yellow), else a darker fill
    QString label;  // for people: "success", "circuit open", "OPEN"
    Shape shape;
};

StyleEntry outcomeStyle(Outcome outcome);
StyleEntry breakerStyle(BreakerState state);

// A shape of the given size centred on (0, 0).
QPainterPath shapePath(Shape shape, double size);

// The canvas furniture's colours (free, busy, queued, fault, text ...) come from the theme (theme.h).

} // namespace rl::ui
