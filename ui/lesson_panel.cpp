#include "ui/lesson_panel.h"

#include "ui/event_text.h"
#include "ui/simulation_controller.h"
#include "ui/theme.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace rl::ui {

namespace {

QString html(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped();
}

QString seconds(double s) {
    return formatSeconds(fromMillis(s * 1000));
}

} // namespace

LessonPanel::LessonPanel(SimulationController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_text(new QTextBrowser(this))
    , m_pauseAtStops(new QCheckBox(tr("Pause at the lesson's stops"), this))
    , m_pauseAtEvery(new QCheckBox(tr("Pause at every step"), this)) {
    setObjectName(QStringLiteral("lessonPanel"));
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setOpenLinks(false);
    m_pauseAtStops->setChecked(true);
    m_pauseAtStops->setToolTip(tr("Play stops by itself at the steps marked \u25CF, so the class can answer "
                                  "the question before it sees"));
    m_pauseAtEvery->setToolTip(tr("Play stops at each step's time"));
    auto* options = new QHBoxLayout;
    options->addWidget(m_pauseAtStops);
    options->addWidget(m_pauseAtEvery);
    options->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(options);
    layout->addWidget(m_text, 1);
    connect(m_text, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String("seek"))
            m_controller->seek(fromMillis(url.path().toDouble() * 1000));
    });
    connect(m_pauseAtStops, &QCheckBox::toggled, this, &LessonPanel::updateBreakpoints);
    connect(m_pauseAtEvery, &QCheckBox::toggled, this, &LessonPanel::updateBreakpoints);
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, &LessonPanel::render);
}

void LessonPanel::rebuild() {
    const auto& s = m_controller->model().scenario();
    m_lesson = s.lesson;
    m_description = s.description;
    m_pauseAtStops->setEnabled(m_lesson && !m_lesson->steps.empty());
    m_pauseAtEvery->setEnabled(m_pauseAtStops->isEnabled());
    m_current = -2;
    updateBreakpoints();
    refresh();
}

void LessonPanel::updateBreakpoints() {
    std::vector<TimePoint> times;
    if (m_lesson)
        for (const auto& step : m_lesson->steps)
            if ((m_pauseAtStops->isChecked() && step.pause) || m_pauseAtEvery->isChecked())
                times.push_back(fromMillis(step.atS * 1000));
    m_controller->setBreakpoints(times);
}

void LessonPanel::refresh() {
    int current = -1;
    if (m_lesson) {
        const TimePoint now = m_controller->model().now();
        for (std::size_t i = 0; i < m_lesson->steps.size(); ++i)
            if (fromMillis(m_lesson->steps[i].atS * 1000) <= now) current = static_cast<int>(i);
    }
    if (current == m_current) return;
    m_current = current;
    render();
}

void LessonPanel::render() {
    const Theme& t = activeTheme();
    QString h;
    if (!m_lesson) {
        h = QStringLiteral("<p>%1</p><p style='color:%2'>%3</p>")
                .arg(html(m_description), t.muted.name(),
                     tr("This scenario has no lesson: no guided steps."));
        m_text->setHtml(h);
        return;
    }
    const auto& l = *m_lesson;
    h += QStringLiteral("<h2>%1</h2><p>%2</p>").arg(html(l.title), html(l.story));
    if (!l.watch.empty()) h += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Watch:"), html(l.watch));
    if (!l.tryThis.empty()) h += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Try:"), html(l.tryThis));
    if (l.compare)
        h += QStringLiteral("<p><b>%1</b> %2</p>")
                 .arg(tr("Compare with:"),
                      html(l.compare->label) + tr(" (Simulation > Compare A / B; run --compare lesson)"));
    h += QStringLiteral("<h3>%1</h3><table width='100%' cellspacing='0' cellpadding='6'>").arg(tr("Steps"));
    QColor lit = t.busy;
    lit.setAlpha(50);
    for (std::size_t i = 0; i < l.steps.size(); ++i) {
        const auto& step = l.steps[i];
        const bool current = static_cast<int>(i) == m_current;
        const bool ahead = static_cast<int>(i) > m_current;
        QString cell = html(step.note);
        if (!step.question.empty())
            cell += QStringLiteral("<br/><i>%1 %2</i>").arg(tr("Predict:"), html(step.question));
        h += QStringLiteral("<tr%1><td valign='top' width='90'><a name='step%7'></a><a "
                            "href='seek:%2'>%3</a>%4</td><td%5>%6</td></tr>")
                 .arg(current ? QStringLiteral(" style='background-color:%1'").arg(lit.name(QColor::HexArgb))
                              : QString())
                 .arg(step.atS)
                 .arg(seconds(step.atS))
                 .arg(step.pause ? QStringLiteral(" \u25CF") : QString())
                 .arg(ahead ? QStringLiteral(" style='color:%1'").arg(t.muted.name()) : QString())
                 .arg(current ? QStringLiteral("<b>%1</b>").arg(cell) : cell)
                 .arg(i);
    }
    h += QStringLiteral("</table>");
    if (!l.steps.empty())
        h +=
            QStringLiteral("<p style='color:%1'>%2</p>")
                .arg(t.muted.name(), tr("\u25CF: play stops here when \"Pause at the lesson's stops\" is on. "
                                        "Click a time to go there."));
    const int scroll = m_text->verticalScrollBar()->value(); // keep the reader's place
    m_text->setHtml(h);
    m_text->verticalScrollBar()->setValue(scroll);
    if (m_current > 0)
        m_text->scrollToAnchor(QStringLiteral("step%1").arg(m_current)); // the step now in view
}

QString LessonPanel::text() const {
    return m_text->toPlainText();
}

} // namespace rl::ui
