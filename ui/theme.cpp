#include "ui/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

namespace rl::ui {

namespace {

const Theme kLight{ThemeId::Light,
                   QStringLiteral("light"),
                   QColor(0xFF, 0xFF, 0xFF),
                   QColor(0xFA, 0xFA, 0xFA),
                   QColor(0x20, 0x20, 0x20),
                   QColor(0x70, 0x70, 0x70),
                   QColor(0xD8, 0xD8, 0xD8),
                   QColor(0xE6, 0xE6, 0xE6),
                   QColor(0x00, 0x72, 0xB2),
                   QColor(0x56, 0xB4, 0xE9),
                   QColor(0xD5, 0x5E, 0x00),
                   QColor(0xE6, 0x9F, 0x00),
                   QColor(0xCC, 0x79, 0xA7),
                   1.0,
                   2.0};

const Theme kDark{ThemeId::Dark,
                  QStringLiteral("dark"),
                  QColor(0x1E, 0x1F, 0x22),
                  QColor(0x2B, 0x2D, 0x31),
                  QColor(0xE8, 0xE8, 0xE8),
                  QColor(0xA0, 0xA0, 0xA0),
                  QColor(0x45, 0x47, 0x4C),
                  QColor(0x4A, 0x4C, 0x52),
                  QColor(0x56, 0xB4, 0xE9), // sky blue reads better than blue on a dark ground
                  QColor(0x8C, 0xCF, 0xF2),
                  QColor(0xE8, 0x74, 0x1A),
                  QColor(0xF0, 0xB0, 0x20),
                  QColor(0xE0, 0x90, 0xC0),
                  1.0,
                  2.0};

// For a beamer in a lit room: black on white, no light greys that wash out, big type, thick lines.
const Theme kProjector{ThemeId::Projector,
                       QStringLiteral("projector"),
                       QColor(0xFF, 0xFF, 0xFF),
                       QColor(0xFF, 0xFF, 0xFF),
                       QColor(0x00, 0x00, 0x00),
                       QColor(0x30, 0x30, 0x30),
                       QColor(0xA0, 0xA0, 0xA0),
                       QColor(0xC8, 0xC8, 0xC8),
                       QColor(0x00, 0x5A, 0x9C),
                       QColor(0x3A, 0x9A, 0xD9),
                       QColor(0xC0, 0x4A, 0x00),
                       QColor(0xD0, 0x80, 0x00),
                       QColor(0xB0, 0x4A, 0x90),
                       1.6,
                       4.0};

ThemeId g_active = ThemeId::Light;

// Widgets (trees, lists, buttons, menus) follow the theme through the application's palette and font.
void applyToApplication(const Theme& t) {
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    if (!app) return;
    static const QFont baseFont = QApplication::font();
    static const QPalette basePalette = QApplication::palette();
    QPalette pal = basePalette;
    if (t.id == ThemeId::Dark) {
        pal.setColor(QPalette::Window, t.surface);
        pal.setColor(QPalette::WindowText, t.text);
        pal.setColor(QPalette::Base, t.background);
        pal.setColor(QPalette::AlternateBase, t.surface);
        pal.setColor(QPalette::Text, t.text);
        pal.setColor(QPalette::Button, t.surface);
        pal.setColor(QPalette::ButtonText, t.text);
        pal.setColor(QPalette::ToolTipBase, t.surface);
        pal.setColor(QPalette::ToolTipText, t.text);
        pal.setColor(QPalette::PlaceholderText, t.muted);
        pal.setColor(QPalette::Highlight, t.busy);
        pal.setColor(QPalette::HighlightedText, QColor(Qt::black));
        pal.setColor(QPalette::Disabled, QPalette::Text, t.muted);
        pal.setColor(QPalette::Disabled, QPalette::WindowText, t.muted);
        pal.setColor(QPalette::Disabled, QPalette::ButtonText, t.muted);
    } else if (t.id == ThemeId::Projector) {
        pal.setColor(QPalette::WindowText, t.text);
        pal.setColor(QPalette::Text, t.text);
        pal.setColor(QPalette::ButtonText, t.text);
    }
    QApplication::setPalette(pal);
    QFont font = baseFont;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(baseFont.pointSizeF() * (t.id == ThemeId::Projector ? 1.35 : 1.0));
    QApplication::setFont(font);
}

} // namespace

const Theme& theme(ThemeId id) {
    switch (id) {
    case ThemeId::Light:
        return kLight;
    case ThemeId::Dark:
        return kDark;
    case ThemeId::Projector:
        return kProjector;
    }
    return kLight;
}

std::optional<ThemeId> themeFromName(const QString& name) {
    for (ThemeId id : {ThemeId::Light, ThemeId::Dark, ThemeId::Projector})
        if (theme(id).name == name) return id;
    return std::nullopt;
}

QStringList themeNames() {
    return {kLight.name, kDark.name, kProjector.name};
}

const Theme& activeTheme() {
    return theme(g_active);
}

void setActiveTheme(ThemeId id) {
    if (id == g_active) return;
    g_active = id;
    applyToApplication(theme(id));
    Q_EMIT ThemeNotifier::instance().themeChanged();
}

QFont themedFont(const Theme& t, double pointSize, bool bold) {
    QFont f;
    f.setPointSizeF(pointSize * t.fontScale);
    f.setBold(bold);
    return f;
}

ThemeNotifier& ThemeNotifier::instance() {
    static ThemeNotifier notifier;
    return notifier;
}

} // namespace rl::ui
