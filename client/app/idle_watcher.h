#pragma once

#include <QObject>
#include <QTimer>

namespace natter::app {

/// Watches the user's input to the application (keys, mouse, wheel, touch): after `idleMs`
/// without any it reports idle, and active again on the next input. The timer is restarted
/// at most once a second, so typing costs nothing measurable.
class IdleWatcher : public QObject {
    Q_OBJECT
public:
    explicit IdleWatcher(int idleMs, QObject *parent = nullptr);
    ~IdleWatcher() override;

    [[nodiscard]] bool isIdle() const { return m_idle; }

signals:
    void idleChanged(bool idle);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onInput();

    QTimer m_timer;
    qint64 m_lastRestartMs = 0;
    bool m_idle = false;
};

} // namespace natter::app
