#include "transfer_strip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace natter::app {

TransferRow::TransferRow(const QString &name, std::function<void()> cancel, QWidget *parent)
    : QWidget(parent)
    , m_name(name)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_retry(new QToolButton(this))
    , m_close(new QToolButton(this))
    , m_cancel(std::move(cancel))
{
    setObjectName(QStringLiteral("transfer"));
    m_label->setObjectName(QStringLiteral("transferLabel"));
    m_label->setText(tr("⬇ %1").arg(name));
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse); // a reason can be copied
    m_bar->setObjectName(QStringLiteral("transferProgress"));
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setMaximumWidth(200);
    m_bar->setAccessibleName(tr("Progress of %1").arg(name));
    m_retry->setObjectName(QStringLiteral("retryTransfer"));
    m_retry->setText(tr("Retry"));
    m_retry->setAccessibleName(tr("Retry %1").arg(name));
    m_retry->hide();
    m_close->setObjectName(QStringLiteral("cancelTransfer"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Cancel"));
    m_close->setAccessibleName(tr("Cancel %1").arg(name));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_bar);
    layout->addWidget(m_retry);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, [this] {
        if (auto callOff = std::exchange(m_cancel, {}))
            callOff();
        finish();
    });
    connect(m_retry, &QToolButton::clicked, this, [this] {
        finish();
        if (auto retry = std::exchange(m_retryAction, {}))
            retry();
    });
    hide();
}

void TransferRow::setProgress(quint64 received, quint64 total)
{
    m_bar->setValue(total > 0 ? int(received * 1000 / total) : 1000);
    m_bar->setFormat(QStringLiteral("%1 / %2").arg(QLocale().formattedDataSize(qint64(received)),
                                                   QLocale().formattedDataSize(qint64(total))));
    show();
}

void TransferRow::fail(const QString &why, std::function<void()> retry)
{
    m_cancel = {}; // nothing left to call off: ✕ only puts the row away
    m_retryAction = std::move(retry);
    m_label->setText(tr("⚠ %1: %2").arg(m_name, why));
    m_bar->hide();
    m_retry->show();
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss %1").arg(m_name));
    show();
}

void TransferRow::finish()
{
    hide();
    deleteLater();
}

TransferStrip::TransferStrip(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("transfers"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
}

TransferRow *TransferStrip::add(const QString &name, std::function<void()> cancel)
{
    auto *row = new TransferRow(name, std::move(cancel), this);
    layout()->addWidget(row);
    emit rowAdded(row);
    return row;
}

} // namespace natter::app
