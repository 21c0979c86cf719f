#include "presence_book.h"

#include <QLocale>

namespace natter::client {

PresenceBook::PresenceBook(Client &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    connect(&client, &Client::presenceChanged, this, &PresenceBook::store);
    connect(&client, &Client::signedIn, this, [this]() {
        if (m_away)
            m_client.setAway(true, [](Result<Done>) {});
    });
}

proto::Presence PresenceBook::presence(quint64 userId) const
{
    proto::Presence unknown;
    unknown.set_user_id(userId);
    unknown.set_state(proto::OFFLINE);
    return m_presence.value(userId, unknown);
}

void PresenceBook::refresh(const QList<quint64> &userIds)
{
    constexpr qsizetype kPerRequest = 1000; // the server's limit per request
    for (qsizetype i = 0; i < userIds.size(); i += kPerRequest) {
        m_client.presence(
            userIds.mid(i, kPerRequest),
            [this](Result<proto::PresenceReply> reply) {
                if (!reply.ok())
                    return;
                for (const auto &presence : reply.value().presences())
                    store(presence);
            },
            this);
    }
}

void PresenceBook::setAway(bool away)
{
    if (away == m_away)
        return;
    m_away = away;
    if (m_client.connection().state() == Connection::State::Ready)
        m_client.setAway(away, [](Result<Done>) {});
}

void PresenceBook::store(const proto::Presence &presence)
{
    const auto it = m_presence.constFind(presence.user_id());
    if (it != m_presence.constEnd() && it->state() == presence.state() &&
        it->last_seen_ms() == presence.last_seen_ms())
        return;
    m_presence.insert(presence.user_id(), presence);
    emit presenceChanged(presence.user_id());
}

QString PresenceBook::describe(const proto::Presence &presence, const QDateTime &now)
{
    if (presence.state() == proto::ONLINE)
        return tr("online");
    if (presence.state() == proto::AWAY)
        return tr("away");
    if (presence.last_seen_ms() <= 0)
        return tr("last seen recently");
    const QDateTime seen = QDateTime::fromMSecsSinceEpoch(presence.last_seen_ms());
    const QString time = QLocale().toString(seen.time(), QLocale::ShortFormat);
    const qint64 days = seen.date().daysTo(now.date());
    if (days <= 0)
        return tr("last seen today at %1").arg(time);
    if (days == 1)
        return tr("last seen yesterday at %1").arg(time);
    return tr("last seen %1 at %2")
        .arg(QLocale().toString(seen.date(), QLocale::ShortFormat), time);
}

} // namespace natter::client
