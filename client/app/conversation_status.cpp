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
    // Names and the member count come with the open conversation's members.
    connect(&session.messages(), &client::MessageListModel::membersChanged, this,
            &ConversationStatus::refresh);
    connect(&session.conversations(), &client::ConversationListModel::loaded, this,
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
    // The open conversation's members (this line is the open conversation's).
    const client::MessageListModel &open = m_session.messages();
    const QList<client::MemberRow> others = open.conversationId() == m_conversationId
                                                ? open.otherMembers()
                                                : QList<client::MemberRow>();
    QStringList typing;
    for (quint64 userId : m_session.typing().typists(m_conversationId)) {
        for (const auto &member : others) {
            if (member.userId == userId)
                typing.append(validation::shownName(member.displayName, member.username));
        }
    }
    if (!typing.isEmpty())
        return setText(client::TypingTracker::describe(typing));
    const auto row = m_session.conversations().conversation(m_conversationId);
    if (row && row->kind == proto::GROUP)
        return setText(others.isEmpty() ? QString()
                                        : tr("%n members", nullptr, int(others.size()) + 1));
    const quint64 peer = m_session.conversations().peerOf(m_conversationId);
    setText(peer ? client::PresenceBook::describe(m_session.presence().presence(peer)) : QString());
}

} // namespace natter::app
