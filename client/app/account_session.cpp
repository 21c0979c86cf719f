#include "account_session.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace natter::app {

AccountSession::AccountSession(client::Client &c, const QString &cacheDir)
    : client(c)
    , m_outgoingDir(cacheDir + QStringLiteral("/outgoing"))
    , m_cache(cacheDir)
    , m_engine(c, m_cache)
    , m_conversations(m_cache, m_engine)
    , m_messages(m_cache, m_engine)
    , m_network(c.connection())
    , m_typing(c)
    , m_presence(c)
    , m_media(c, m_cache, cacheDir + QStringLiteral("/media"))
    , m_profiles(c, m_media)
{
    m_conversations.setPresenceBook(&m_presence);
    m_engine.setOwnedFilesDir(m_outgoingDir);
    // Pasted pictures no outbox message carries (the app quit with them on the tray): gone,
    // on the cache's thread, before anything is sent.
    m_cache.write([dir = m_outgoingDir, openedDir = QString(cacheDir + QStringLiteral("/opened")),
                   started = QDateTime::currentDateTime()](client::LocalCache &cache) {
        // Copies made to open received files: a new run starts without them.
        QDir(openedDir).removeRecursively();
        bool read = false;
        const QList<client::MessageRow> outbox =
            cache.isOpen() ? cache.outbox(0, &read) : QList<client::MessageRow>();
        if (!read)
            return; // the outbox cannot be read: nothing is known to be unneeded
        QSet<QString> carried;
        for (const client::MessageRow &row : outbox) {
            for (const QString &path : row.localFiles)
                carried.insert(QFileInfo(path).fileName());
        }
        // Only files from before this run: one pasted meanwhile is on the tray, not yet sent.
        QDir outgoing(dir);
        for (const QFileInfo &file : outgoing.entryInfoList(QDir::Files)) {
            if (!carried.contains(file.fileName()) && file.lastModified() < started)
                outgoing.remove(file.fileName());
        }
    });
    // After each sync: the presence of everyone in the cached conversations.
    QObject::connect(&m_engine, &client::SyncEngine::synced, &m_presence, [this]() {
        m_cache.read(
            &m_presence,
            [](client::LocalCache &cache) {
                QSet<quint64> people;
                for (const client::ConversationRow &row : cache.conversations()) {
                    for (const client::MemberRow &member : cache.members(row.id))
                        people.insert(member.userId);
                }
                return people;
            },
            [this](QSet<quint64> people) {
                people.remove(client.user().id());
                const QList<quint64> list(people.cbegin(), people.cend());
                m_presence.refresh(list);
                m_profiles.refresh(list); // and their photos
            });
    });
    // A new conversation brings people whose presence is not known yet.
    QObject::connect(&c, &client::Client::conversationChanged, &m_presence,
                     [this](const proto::ConversationEvent &event) {
                         QList<quint64> people;
                         for (const auto &member : event.conversation().members()) {
                             if (member.user().id() != client.user().id())
                                 people.append(member.user().id());
                         }
                         m_presence.refresh(people);
                         m_profiles.refresh(people);
                     });
    m_engine.start();
}

} // namespace natter::app
