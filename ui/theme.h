#pragma once
// Themes: light, dark and projector (large fonts, thick lines, high contrast). Every view (canvas,
// inspectors, charts, timeline) and every export takes its furniture colours, font scale and line width
// from the active theme; outcome and breaker colours stay Okabe-Ito in every theme (visual_style.h), so a
// class sees the same meaning on any screen. The GUI remembers the choice in QSettings; exports and the
// command line take a theme by name.
#include <QColor>
#include <QFont>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace rl::ui {

enum class ThemeId { Light, Dark, Projector };

struct Theme {
    ThemeId id;
    QString name;      // "light", "dark", "projector" (settings, command line)
    QColor background; // views and exported pictures
    QColor surface;    // boxes drawn on the background (nodes, inspector cards)
    QColor text;       // labels, values
    QColor muted;      // axis titles, secondary text, "not measured yet"
    QColor grid;       // chart grid, cell outlines
    QColor free;       // a free worker or slot
    QColor busy;       // a busy worker, a slot in use
    QColor queued;     // a waiter
    QColor fault;      // an active fault
    QColor brownout;   // a latency or error fault
    QColor selection;  // the selected item
    double fontScale;  // multiplies every point size
    double lineWidth;  // chart series and outlines, in pixels at 96 dpi
};

const Theme& theme(ThemeId id);
std::optional<ThemeId> themeFromName(const QString& name);
QStringList themeNames(); // for help texts and error messages

// The GUI's current theme (GUI thread only). Views repaint when themeChanged() is emitted. When a
// QApplication exists, its palette (dark) and font size (projector) follow, so every widget does too.
const Theme& activeTheme();
void setActiveTheme(ThemeId id);

// A font of `pointSize` scaled for the theme.
QFont themedFont(const Theme& t, double pointSize, bool bold = false);

class ThemeNotifier : public QObject {
    Q_OBJECT
public:
    static ThemeNotifier& instance();
Q_SIGNALS:
    void themeChanged();
};

} // namespace rl::ui
