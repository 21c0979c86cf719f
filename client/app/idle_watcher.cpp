#include "idle_watcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>

namespace natter::app {

IdleWatcher::IdleWatcher(int idleMs, QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(idleMs);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this]() {
        m_idle = true;
        emit idleChanged(true);
    });
    m_timer.start();
    QCoreApplication::instance()->installEventFilter(this);
}

IdleWatcher::~IdleWatcher()
{
    QCoreApplication::instance()->removeEventFilter(this);
}

bool IdleWatcher::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        onInput();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void IdleWatcher::onInput()
{
    if (m_idle) {
        m_idle = false;
        emit idleChanged(false);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastRestartMs >= 1000) {
        m_lastRestartMs = now;
        m_timer.start();
    }
}

} // namespace natter::app
