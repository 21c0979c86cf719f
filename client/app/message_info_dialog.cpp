#include "message_info_dialog.h"

#include "validation.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace natter::app {

MessageInfoDialog::MessageInfoDialog(const QList<client::MemberRow> &others, quint64 seq,
                                     QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("messageInfoDialog"));
    setWindowTitle(tr("Message info"));
    auto *list = new QTreeWidget(this);
    list->setObjectName(QStringLiteral("receiptList"));
    list->setAccessibleName(tr("Who received and read the message"));
    list->setHeaderLabels({tr("Member"), tr("Status")});
    list->setRootIsDecorated(false);
    for (const client::MemberRow &member : others) {
        QString status;
        if (member.readSeq >= seq) {
            // Cursors, not per-message rows: the time is when the reader's cursor last moved,
            // exact for their newest read message.
            status =
                member.readAtMs > 0
                    ? tr("Read %1").arg(QLocale().toString(
                          QDateTime::fromMSecsSinceEpoch(member.readAtMs), QLocale::ShortFormat))
                    : tr("Read");
        } else if (member.deliveredSeq >= seq) {
            status = tr("Delivered");
        } else {
            status = tr("Not delivered yet");
        }
        list->addTopLevelItem(new QTreeWidgetItem(
            {validation::shownName(member.displayName, member.username), status}));
    }
    list->resizeColumnToContents(0);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(list);
    layout->addWidget(buttons);
}

} // namespace natter::app
