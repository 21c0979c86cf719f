#include "conversation_status.h"

#include "validation.h"

namespace natter::app {

ConversationStatus::ConversationStatus(AccountSession &session, QWidget *parent)
    : QLabel(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("conversationStatus"));
    setAccessibleName(tr("Conversation status"));
    setForegroundRole(QPalette::PlaceholderText);
    connect(&session.typing(), &client::TypingTracker::typistsChanged, this, [this](quint64 id) {
        if (id == m_conversationId)
            refresh();
    });
    connect(&session.presence(), &client::PresenceBook::presenceChanged, this,
            &ConversationStatus::refresh);
}

void ConversationStatus::setConversation(quint64 conversationId)
{
    m_conversationId = conversationId;
    refresh();
    // The other person's presence may never have been asked for (a conversation that is
    // newer than the last sync); asking is cheap and the event updates the line.
    if (const quint64 peer = m_session.conversations().peerOf(conversationId))
        m_session.presence().refresh({peer});
}

void ConversationStatus::refresh()
{
    if (m_conversationId == 0)
        return setText(QString());
    const QList<client::MemberRow> members = m_session.cache().members(m_conversationId);
    QStringList typing;
    for (quint64 userId : m_session.typing().typists(m_conversationId)) {
        for (const auto &member : members) {
            if (member.userId == userId)
                typing.append(validation::shownName(member.displayName, member.username));
        }
    }
    if (!typing.isEmpty())
        return setText(client::TypingTracker::describe(typing));
    const auto row = m_session.cache().conversation(m_conversationId);
    if (row && row->kind == proto::GROUP)
        return setText(tr("%n members", nullptr, int(members.size())));
    const quint64 peer = m_session.conversations().peerOf(m_conversationId);
    setText(peer ? client::PresenceBook::describe(m_session.presence().presence(peer)) : QString());
}

} // namespace natter::app
