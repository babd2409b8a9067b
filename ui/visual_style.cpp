#include "ui/visual_style.h"

#include <QtMath>

namespace rl::ui {

namespace {

const QColor kGreen{0x00, 0x9E, 0x73};
const QColor kYellow{0xF0, 0xE4, 0x42};
const QColor kVermillion{0xD5, 0x5E, 0x00};
const QColor kOrange{0xE6, 0x9F, 0x00};
const QColor kBlue{0x00, 0x72, 0xB2};
const QColor kSky{0x56, 0xB4, 0xE9};
const QColor kGrey{0x99, 0x99, 0x99};

} // namespace

StyleEntry outcomeStyle(Outcome outcome) {
    switch (outcome) {
    case Outcome::Success:
        return {kGreen, kGreen.darker(140), QStringLiteral("success"), Shape::Circle};
    case Outcome::Degraded:
        return {kYellow, QColor(0x60, 0x58, 0x00), QStringLiteral("degraded (fallback)"), Shape::Hexagon};
    case Outcome::Error:
        return {kVermillion, kVermillion.darker(140), QStringLiteral("error"), Shape::Square};
    case Outcome::Timeout:
        return {kOrange, kOrange.darker(150), QStringLiteral("timeout"), Shape::Triangle};
    case Outcome::RateLimited:
        return {kSky, kSky.darker(150), QStringLiteral("rate limited"), Shape::Bar};
    case Outcome::Shed:
        return {kSky, kSky.darker(150), QStringLiteral("shed"), Shape::Diamond};
    case Outcome::BulkheadFull:
        return {kBlue, kBlue.darker(140), QStringLiteral("bulkhead full"), Shape::Square};
    case Outcome::CircuitOpen:
        return {kBlue, kBlue.darker(140), QStringLiteral("circuit open"), Shape::Cross};
    case Outcome::Rejected:
        return {kBlue, kBlue.darker(140), QStringLiteral("rejected (queue full)"), Shape::Diamond};
    case Outcome::ClientError:
        return {kGrey, kGrey.darker(150), QStringLiteral("client error"), Shape::Triangle};
    }
    return {kGrey, kGrey, QStringLiteral("?"), Shape::Circle};
}

StyleEntry breakerStyle(BreakerState state) {
    switch (state) {
    case BreakerState::Closed:
        return {kGreen, kGreen.darker(140), QStringLiteral("CLOSED"), Shape::Circle};
    case BreakerState::Open:
        return {kVermillion, kVermillion.darker(140), QStringLiteral("OPEN"), Shape::Cross};
    case BreakerState::HalfOpen:
        return {kOrange, kOrange.darker(150), QStringLiteral("HALF-OPEN"), Shape::Triangle};
    case BreakerState::ForcedOpen:
        return {kGrey, kGrey.darker(160), QStringLiteral("FORCED OPEN"), Shape::Square};
    case BreakerState::Disabled:
        return {kGrey, kGrey.darker(160), QStringLiteral("DISABLED"), Shape::Square};
    case BreakerState::MetricsOnly:
        return {kGrey, kGrey.darker(160), QStringLiteral("METRICS ONLY"), Shape::Square};
    }
    return {kGrey, kGrey, QStringLiteral("?"), Shape::Circle};
}

QPainterPath shapePath(Shape shape, double size) {
    const double r = size / 2;
    QPainterPath p;
    switch (shape) {
    case Shape::Circle:
        p.addEllipse(QPointF(0, 0), r, r);
        break;
    case Shape::Square:
        p.addRect(-r, -r, size, size);
        break;
    case Shape::Triangle:
        p.moveTo(0, -r);
        p.lineTo(r, r);
        p.lineTo(-r, r);
        p.closeSubpath();
        break;
    case Shape::Diamond:
        p.moveTo(0, -r);
        p.lineTo(r, 0);
        p.lineTo(0, r);
        p.lineTo(-r, 0);
        p.closeSubpath();
        break;
    case Shape::Cross: {
        const double w = r / 2.5;
        p.addRect(-r, -w, size, 2 * w);
        p.addRect(-w, -r, 2 * w, size);
        p.setFillRule(Qt::WindingFill);
        break;
    }
    case Shape::Bar:
        p.addRect(-r, -r / 2, size, r);
        break;
    case Shape::Hexagon:
        for (int i = 0; i < 6; ++i) {
            const double a = M_PI / 3 * i;
            const QPointF pt(r * std::cos(a), r * std::sin(a));
            if (i == 0)
                p.moveTo(pt);
            else
                p.lineTo(pt);
        }
        p.closeSubpath();
        break;
    }
    return p;
}

} // namespace rl::ui
