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

// Fixed colours of the canvas furniture.
namespace palette {
inline const QColor kBusy{0x00, 0x72, 0xB2};     // a busy worker, a slot in use
inline const QColor kFree{0xE6, 0xE6, 0xE6};     // a free worker or slot
inline const QColor kQueued{0x56, 0xB4, 0xE9};   // a waiter
inline const QColor kFault{0xD5, 0x5E, 0x00};    // an active fault
inline const QColor kBrownout{0xE6, 0x9F, 0x00}; // latency or error fault
inline const QColor kText{0x20, 0x20, 0x20};
inline const QColor kMuted{0x70, 0x70, 0x70};
inline const QColor kNodeFill{0xFA, 0xFA, 0xFA};
inline const QColor kSelection{0xCC, 0x79, 0xA7}; // reddish purple: nothing else uses it
} // namespace palette

} // namespace rl::ui
