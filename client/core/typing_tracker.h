#pragma once

#include "client.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace natter::client {

/// Typing indicators both ways. Incoming: who is typing where, forgotten when the sender stops,
/// sends their message, or goes quiet past the expiry the server gave. Outgoing: the user's
/// keystrokes become at most one "typing" report every few seconds, and "stopped" when the
/// message is sent or the text is cleared.
class TypingTracker : public QObject {
    Q_OBJECT
public:
    explicit TypingTracker(Client &client, QObject *parent = nullptr);

    /// Users typing in the conversation right now, in the order they started.
    [[nodiscard]] QList<quint64> typists(quint64 conversationId) const;
    /// "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…" or "".
    [[nodiscard]] static QString describe(const QStringList &names);

    /// The user edited the composer of this conversation (throttled here).
    void userTyped(quint64 conversationId);
    /// The user sent or cleared their text.
    void userStopped(quint64 conversationId);

    static constexpr int kRepeatMs = 3000; // one report per this long while typing

signals:
    void typistsChanged(quint64 conversationId);

private:
    void onTyping(const proto::TypingEvent &event);
    void onMessage(const proto::Message &message);
    void remove(quint64 conversationId, quint64 userId);
    void expire();

    Client &m_client;
    // conversation → (user → deadline on the monotonic clock)
    QHash<quint64, QList<QPair<quint64, qint64>>> m_typists;
    QElapsedTimer m_clock;
    QTimer m_expiry;
    quint64 m_announcedIn = 0; // where we last reported typing
    qint64 m_announcedAt = -1;
};

} // namespace natter::client
