#pragma once

#include <QWidget>
#include <functional>

class QLabel;
class QProgressBar;
class QToolButton;

namespace natter::app {

/// One download the user asked for: its name, a progress bar and a button that calls it off;
/// once it fails, why, with Retry and a button that puts the row away. Hidden until it has
/// something to show (a file already on this device never flashes a row).
class TransferRow : public QWidget {
    Q_OBJECT
public:
    TransferRow(const QString &name, std::function<void()> cancel, QWidget *parent);

    void setProgress(quint64 received, quint64 total);
    /// Says why it failed; Retry puts this row away and runs `retry`.
    void fail(const QString &why, std::function<void()> retry);
    /// Done (or called off): the row goes.
    void finish();

private:
    QString m_name;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_retry;
    QToolButton *m_close;
    std::function<void()> m_cancel;
    std::function<void()> m_retryAction;
};

/// The downloads of a window (Save as, Open), one row each, above the composer.
class TransferStrip : public QWidget {
    Q_OBJECT
public:
    explicit TransferStrip(QWidget *parent = nullptr);
    /// A row for a new transfer of `name`; `cancel` runs when the user calls it off, and the
    /// row goes after it. Whatever belongs to the transfer may be parented to the row: it goes
    /// with it.
    TransferRow *add(const QString &name, std::function<void()> cancel);

signals:
    void rowAdded(TransferRow *row);
};

} // namespace natter::app
