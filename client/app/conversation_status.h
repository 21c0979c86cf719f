#pragma once

#include "account_session.h"

#include <QLabel>

namespace natter::app {

/// The line under the conversation title: who is typing; otherwise the other person's
/// presence ("online", "last seen today at 14:02") or a group's member count.
class ConversationStatus : public QLabel {
    Q_OBJECT
public:
    ConversationStatus(AccountSession &session, QWidget *parent = nullptr);

    /// Shows this conversation's line and asks for the other person's presence.
    void setConversation(quint64 conversationId);
    /// Recomputes the line (members, typing or presence changed).
    void refresh();

private:
    AccountSession &m_session;
    quint64 m_conversationId = 0;
};

} // namespace natter::app
