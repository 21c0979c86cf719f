#pragma once
/// The rows the user database's tables hand out (storage/user_store.h has the tables).

#include "natter.pb.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

namespace natter::server::storage {

struct UserRow {
    quint64 id = 0;
    QString username;
    QString displayName;
};

struct Credentials {
    UserRow user;
    QByteArray passwordHash;
};

struct SessionRow {
    UserRow user;
    qint64 expiresAtMs = 0;
};

/// A device session as an admin sees it.
struct SessionListing {
    quint64 id = 0; // the first 64 bits of the token hash: names it without revealing it
    QByteArray tokenHash;
    QString deviceName;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
};

struct InboxEntry {
    quint64 conversationId = 0;
    qint64 lastActivityMs = 0;
    /// touchInbox: who sent the message (their own request, if any, is accepted by it).
    /// inbox: whether the entry is a message request the user has not accepted yet.
    quint64 senderId = 0;
    bool request = false;
};

/// After a block or unblock: the pair's direct conversation (0: none) and whether a block
/// still stands between them, either way round.
struct BlockChange {
    quint64 directConversationId = 0;
    bool closed = false;
};

struct DirectPair {
    quint64 conversationId = 0;
    bool created = false;
    bool closed = false; // a block stands between the two, either way (see BlockChange)
};

struct LastSeen {
    quint64 userId = 0;
    qint64 lastSeenMs = 0;
    bool hidden = false;
};

struct PushTarget {
    proto::PushKind kind = proto::WEBHOOK;
    QString url;
};

/// Where and how a user's push notifications go.
struct PushRecipient {
    quint64 userId = 0;
    bool previews = true;
    QList<PushTarget> targets;
    QSet<quint64> requests; // conversations that are unaccepted message requests: no push
};

struct DigestRecipient {
    UserRow user;
    QString email;
};

} // namespace natter::server::storage
