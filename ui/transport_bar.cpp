#include "ui/transport_bar.h"

#include "ui/event_text.h"
#include "ui/simulation_controller.h"

#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QStyle>
#include <QToolButton>

namespace rl::ui {

const QList<double>& TransportBar::speeds() {
    static const QList<double> kSpeeds = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0};
    return kSpeeds;
}

TransportBar::TransportBar(SimulationController* controller, QWidget* parent)
    : QToolBar(tr("Simulation"), parent)
    , m_controller(controller) {
    setObjectName(QStringLiteral("transportBar"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_playIcon = style()->standardIcon(QStyle::SP_MediaPlay);
    m_pauseIcon = style()->standardIcon(QStyle::SP_MediaPause);
    m_play = addAction(m_playIcon, tr("Play"), controller, &SimulationController::togglePlay);
    m_play->setObjectName(QStringLiteral("playPause"));
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause (Space)"));
    m_stepEvent = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Event"), controller,
                            &SimulationController::stepEvent);
    m_stepEvent->setObjectName(QStringLiteral("stepEvent"));
    m_stepEvent->setShortcut(Qt::Key_Right);
    m_stepEvent->setToolTip(tr("Run the next event only (Right)"));
    m_stepBucket = addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Bucket"), controller,
                             &SimulationController::stepBucket);
    m_stepBucket->setObjectName(QStringLiteral("stepBucket"));
    m_stepBucket->setShortcut(Qt::SHIFT | Qt::Key_Right);
    m_stepBucket->setToolTip(tr("Run to the end of the current time bucket (Shift+Right)"));
    m_restart = addAction(style()->standardIcon(QStyle::SP_MediaSkipBackward), tr("Restart"), controller,
                          &SimulationController::restart);
    m_restart->setObjectName(QStringLiteral("restart"));
    m_restart->setShortcut(Qt::Key_Home);
    m_restart->setToolTip(tr("Back to 0 s, keeping the changes (Home)"));
    m_loop = addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Loop"));
    m_loop->setObjectName(QStringLiteral("loop"));
    m_loop->setCheckable(true);
    m_loop->setShortcut(Qt::Key_L);
    m_loop->setToolTip(tr("At the end, start again from 0 s and play on, with the same changes (L)"));
    connect(m_loop, &QAction::toggled, controller, &SimulationController::setLoop);
    addSeparator();
    addWidget(new QLabel(tr(" Speed "), this));
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("speed"));
    for (double s : speeds())
        m_speed->addItem(s == 0 ? tr("max") : QStringLiteral("%1x").arg(s), s);
    m_speed->setCurrentIndex(static_cast<int>(speeds().indexOf(1.0)));
    m_speed->setToolTip(tr("Simulated seconds per wall-clock second; max runs as fast as the machine can"));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller->setSpeed(m_speed->itemData(i).toDouble()); });
    addWidget(m_speed);
    addSeparator();
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("simTime"));
    m_time->setMinimumWidth(220);
    QFont f = m_time->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    m_time->setFont(f);
    addWidget(m_time);
    addSeparator();
    m_until = new QToolButton(this);
    m_until->setObjectName(QStringLiteral("runUntil"));
    m_until->setText(tr("Run until..."));
    m_until->setToolTip(tr("Run at full speed and stop at a moment worth showing"));
    m_until->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_until);
    menu->addAction(tr("a circuit breaker opens"), this,
                    [this] { m_controller->runUntil({RunUntil::Kind::BreakerOpens}); })
        ->setObjectName(QStringLiteral("untilBreakerOpens"));
    menu->addAction(tr("a fault starts"), this,
                    [this] { m_controller->runUntil({RunUntil::Kind::FaultStarts}); })
        ->setObjectName(QStringLiteral("untilFaultStarts"));
    menu->addAction(tr("a client's success rate drops below..."), this, &TransportBar::askRunUntilSuccess);
    menu->addAction(tr("a time..."), this, &TransportBar::askRunUntilTime);
    m_until->setMenu(menu);
    addWidget(m_until);
    refresh();
}

void TransportBar::askRunUntilTime() {
    bool ok = false;
    const double end = toSeconds(m_controller->model().end());
    const double t = QInputDialog::getDouble(this, tr("Run until"), tr("Stop at (simulated seconds):"),
                                             toSeconds(m_controller->now()), 0, end, 3, &ok);
    if (!ok) return;
    RunUntil u;
    u.kind = RunUntil::Kind::Time;
    u.time = fromMillis(t * 1000);
    m_controller->runUntil(u);
}

void TransportBar::askRunUntilSuccess() {
    bool ok = false;
    const double pct = QInputDialog::getDouble(
        this, tr("Run until"), tr("Stop when a client's answered-OK share in one bucket is below (%):"), 90,
        0, 100, 1, &ok);
    if (!ok) return;
    RunUntil u;
    u.kind = RunUntil::Kind::SuccessBelow;
    u.fraction = pct / 100;
    m_controller->runUntil(u);
}

void TransportBar::refresh() {
    const bool playing = m_controller->isPlaying();
    const bool loaded = m_controller->hasScenario();
    if (!m_shownPlaying || *m_shownPlaying != playing) {
        // Only when it changes, and always the same two icons: a new QIcon each time leaves its scaled
        // copies in the pixmap cache (the memory of a looping lesson grew by them).
        m_shownPlaying = playing;
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        m_play->setIcon(playing ? m_pauseIcon : m_playIcon);
    }
    for (QAction* a : {m_play, m_stepEvent, m_stepBucket, m_restart, m_loop})
        a->setEnabled(loaded);
    m_until->setEnabled(loaded);
    const auto& frame = m_controller->model().latest();
    QString text = tr("t = %1 / %2").arg(formatSeconds(frame.now), formatSeconds(frame.end));
    if (frame.playing && !frame.keepingPace) text += tr("  (slower than asked)");
    if (frame.finished) text += tr("  (end)");
    m_time->setText(loaded ? text : QString());
}

} // namespace rl::ui
