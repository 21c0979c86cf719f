#include "account_session.h"

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
{
    m_conversations.setPresenceBook(&m_presence);
    m_engine.setOwnedFilesDir(m_outgoingDir);
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
                m_presence.refresh(QList<quint64>(people.cbegin(), people.cend()));
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
                     });
    m_engine.start();
}

} // namespace natter::app
