#include "push/notification.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace natter::server::push {

namespace {
constexpr int kPreviewChars = 140;
}

QByteArray idempotencyKey(const storage::PushWork &work)
{
    return QByteArrayLiteral("natter-") + QByteArray::number(work.userId) + '-' +
           QByteArray::number(work.conversationId) + '-' + QByteArray::number(work.lastSeq);
}

QString notificationSummary(const storage::PushWork &work)
{
    const qsizetype count = work.jobIds.size();
    if (count == 1)
        return work.isGroup ? QStringLiteral("%1 in %2").arg(work.senderName, work.title)
                            : QStringLiteral("New message from %1").arg(work.senderName);
    return work.isGroup ? QStringLiteral("%1 new messages in %2").arg(count).arg(work.title)
                        : QStringLiteral("%1 new messages from %2").arg(count).arg(work.title);
}

QByteArray notificationJson(const storage::PushWork &work, bool withPreview, const QByteArray &key)
{
    QJsonObject notification{
        {QStringLiteral("event_id"), QString::fromLatin1(key)},
        {QStringLiteral("type"), QStringLiteral("message")},
        {QStringLiteral("user_id"), QString::number(work.userId)},
        {QStringLiteral("conversation_id"), QString::number(work.conversationId)},
        {QStringLiteral("conversation_title"), work.title},
        {QStringLiteral("conversation_kind"),
         work.isGroup ? QStringLiteral("group") : QStringLiteral("direct")},
        {QStringLiteral("sender_display_name"), work.senderName},
        {QStringLiteral("message_seq"), qint64(work.lastSeq)},
        {QStringLiteral("message_count"), qint64(work.jobIds.size())},
        {QStringLiteral("summary"), notificationSummary(work)},
        {QStringLiteral("counts"),
         QJsonObject{{QStringLiteral("unread"), qint64(work.unreadCount)}}},
    };
    if (withPreview) {
        QString preview = work.lastText;
        if (preview.size() > kPreviewChars) {
            qsizetype cut = kPreviewChars - 1;
            if (preview.at(cut - 1).isHighSurrogate())
                --cut; // never split a character outside the BMP (emoji)
            preview = preview.left(cut) + QChar(0x2026);
        }
        notification.insert(QStringLiteral("content"),
                            QJsonObject{{QStringLiteral("body"), preview}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("notification"), notification}})
        .toJson(QJsonDocument::Compact);
}

} // namespace natter::server::push
