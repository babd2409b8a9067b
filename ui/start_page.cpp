#include "ui/start_page.h"

#include "core/scenario/scenario_json.h"
#include "resources/builtin_scenarios.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace rl::ui {

namespace {

// The first sentence of a description: the lesson in one line. A full stop after a short word
// ("et al.", "e.g.") does not end it.
QString firstSentence(const std::string& text) {
    std::size_t dot = text.find(". ");
    while (dot != std::string::npos) {
        const std::size_t wordStart = text.find_last_of(" (", dot);
        const std::size_t wordLength = wordStart == std::string::npos ? dot : dot - wordStart - 1;
        if (wordLength > 3) break;
        dot = text.find(". ", dot + 2);
    }
    return QString::fromStdString(dot == std::string::npos ? text : text.substr(0, dot + 1));
}

} // namespace

StartPage::StartPage(QWidget* parent)
    : QWidget(parent)
    , m_list(new QListWidget(this)) {
    setObjectName(QStringLiteral("startPage"));
    m_list->setObjectName(QStringLiteral("builtinList"));
    m_list->setWordWrap(true);
    m_list->setSpacing(4);
    auto* title =
        new QLabel(tr("<h1>Resilience Lab</h1><p>Pick a lesson and press <b>Play</b> (Space): watch "
                      "circuit breakers trip and recover, retries pile up, bulkheads fill and "
                      "rate limiters push back. Drag the sliders on the left while it runs.</p>"),
                   this);
    title->setWordWrap(true);
    for (const auto& b : builtinScenarios()) {
        const auto loaded = scenario::parseScenario(std::string(b.json));
        if (!loaded.scenario) continue;
        const QString name = QString::fromUtf8(b.name.data(), static_cast<qsizetype>(b.name.size()));
        auto* item =
            new QListWidgetItem(QStringLiteral("%1\n%2").arg(QString::fromStdString(loaded.scenario->name),
                                                             firstSentence(loaded.scenario->description)),
                                m_list);
        item->setData(Qt::UserRole, name);
        item->setToolTip(QString::fromStdString(loaded.scenario->description));
        QFont f = item->font();
        f.setPointSizeF(f.pointSizeF() * 1.1);
        item->setFont(f);
    }
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT builtinChosen(item->data(Qt::UserRole).toString()); });
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { Q_EMIT builtinChosen(item->data(Qt::UserRole).toString()); });
    auto* open = new QPushButton(tr("Open a scenario file..."), this);
    open->setObjectName(QStringLiteral("startOpenFile"));
    connect(open, &QPushButton::clicked, this, &StartPage::openFileRequested);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(40, 20, 40, 20);
    layout->addWidget(title);
    layout->addWidget(new QLabel(tr("<b>Built-in lessons</b> (click one to open it)"), this));
    layout->addWidget(m_list, 1);
    layout->addWidget(open, 0, Qt::AlignLeft);
}

int StartPage::lessonCount() const {
    return m_list->count();
}

} // namespace rl::ui
