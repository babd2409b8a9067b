#include "ui/event_log_view.h"

#include "ui/event_text.h"
#include "ui/run_model.h"
#include "ui/theme.h"
#include "ui/visual_style.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QVBoxLayout>

namespace rl::ui {

namespace {

constexpr int kTimeRole = Qt::UserRole + 1;

QIcon iconFor(const sim::LogEvent& e) {
    QPixmap pm(14, 14);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.translate(7, 7);
    StyleEntry st{activeTheme().selection, activeTheme().selection, {}, Shape::Diamond};
    if (e.kind == sim::LogEvent::Kind::BreakerTransition) st = breakerStyle(static_cast<BreakerState>(e.to));
    if (e.kind == sim::LogEvent::Kind::FaultStart)
        st = {activeTheme().fault, activeTheme().fault, {}, Shape::Triangle};
    if (e.kind == sim::LogEvent::Kind::FaultEnd)
        st = {activeTheme().muted, activeTheme().muted, {}, Shape::Triangle};
    p.setPen(QPen(st.outline, 1));
    p.setBrush(st.fill);
    p.drawPath(shapePath(st.shape, 11));
    return QIcon(pm);
}

} // namespace

EventLogView::EventLogView(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_breakers(new QCheckBox(tr("Breakers"), this))
    , m_faults(new QCheckBox(tr("Faults"), this))
    , m_changes(new QCheckBox(tr("Changes"), this))
    , m_list(new QListWidget(this)) {
    connect(&ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, [this] {
        if (m_model) rebuild(); // the entries' icons take the theme's colours
    });
    setObjectName(QStringLiteral("eventLog"));
    m_filter->setObjectName(QStringLiteral("eventLogFilter"));
    m_filter->setPlaceholderText(tr("Filter: payments, OPENED, outage..."));
    m_filter->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("eventLogList"));
    m_list->setUniformItemSizes(true);
    for (QCheckBox* box : {m_breakers, m_faults, m_changes}) {
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &EventLogView::rebuild);
    }
    m_breakers->setObjectName(QStringLiteral("eventLogBreakers"));
    m_faults->setObjectName(QStringLiteral("eventLogFaults"));
    m_changes->setObjectName(QStringLiteral("eventLogChanges"));
    connect(m_filter, &QLineEdit::textChanged, this, &EventLogView::rebuild);
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        Q_EMIT seekRequested(TimePoint(item->data(kTimeRole).toLongLong()));
    });
    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_breakers);
    top->addWidget(m_faults);
    top->addWidget(m_changes);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    setToolTip(tr("Click an entry to go back to that moment."));
}

void EventLogView::setModel(const RunModel* model) {
    m_model = model;
    rebuild();
}

bool EventLogView::accepts(std::size_t index, const QString& text) const {
    const auto& e = m_model->log()[index];
    switch (categoryOf(e)) {
    case LogCategory::Breaker:
        if (!m_breakers->isChecked()) return false;
        break;
    case LogCategory::Fault:
        if (!m_faults->isChecked()) return false;
        break;
    case LogCategory::Change:
        if (!m_changes->isChecked()) return false;
        break;
    }
    const QString filter = m_filter->text().trimmed();
    return filter.isEmpty() || text.contains(filter, Qt::CaseInsensitive);
}

void EventLogView::appendFrom(std::size_t index) {
    const auto& log = m_model->log();
    const bool atBottom = m_list->count() == 0 || m_list->currentRow() < 0;
    for (std::size_t i = index; i < log.size(); ++i) {
        const QString text =
            formatSeconds(log[i].at) + QStringLiteral("  ") + describeEvent(log[i], *m_model);
        if (!accepts(i, text)) continue;
        auto* item = new QListWidgetItem(iconFor(log[i]), text, m_list);
        item->setData(kTimeRole, static_cast<qlonglong>(log[i].at.count()));
    }
    m_shown = log.size();
    if (atBottom) m_list->scrollToBottom();
}

void EventLogView::rebuild() {
    m_list->clear();
    m_shown = 0;
    if (m_model) appendFrom(0);
}

void EventLogView::refresh(bool reset) {
    if (!m_model) return;
    if (reset || m_model->log().size() < m_shown)
        rebuild();
    else if (m_model->log().size() > m_shown)
        appendFrom(m_shown);
}

int EventLogView::visibleCount() const {
    return m_list->count();
}

QString EventLogView::entryText(int row) const {
    const auto* item = m_list->item(row);
    return item ? item->text() : QString();
}

} // namespace rl::ui
