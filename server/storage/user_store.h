#pragma once
/// The user store: accounts, device sessions, each user's conversation list ("inbox") and the
/// registry of conversation ids and direct pairs. Runs only on the user database's SqlWorker.

#include "natter.pb.h"
#include "result.h"
#include "storage/sql_util.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <optional>

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

class UserStore {
public:
    explicit UserStore(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    static const MigrationList &migrations();

    Result<UserRow> createUser(const QString &username, const QString &displayName,
                               const QByteArray &passwordHash, qint64 nowMs);
    Result<Credentials> credentials(const QString &username);
    /// Users by name, in the order asked; USER_NOT_FOUND names the first unknown one.
    Result<QList<UserRow>> usersByName(const QStringList &usernames);

    Result<Done> createSession(quint64 userId, const QByteArray &tokenHash,
                               const QString &deviceName, qint64 nowMs, qint64 expiresAtMs);
    /// The live session for a token hash: INVALID_TOKEN when unknown, expired or revoked.
    Result<SessionRow> session(const QByteArray &tokenHash, qint64 nowMs);
    Result<Done> revokeSession(const QByteArray &tokenHash);
    /// The user's sessions that are neither revoked nor expired, oldest first.
    Result<QList<SessionListing>> sessionsOf(const QString &username, qint64 nowMs);
    /// Revokes one of the user's live sessions (`sessionId`) or all of them (0); returns
    /// what was revoked. SESSION_NOT_FOUND when the id names none of them.
    Result<QList<SessionListing>> revokeSessions(const QString &username, quint64 sessionId,
                                                 qint64 nowMs);
    /// Deletes sessions that expired or were revoked (with their push targets); returns how
    /// many went.
    Result<int> pruneSessions(qint64 nowMs);

    /// Blocks (or unblocks) `username` for `userId`; USER_NOT_FOUND when there is none.
    Result<BlockChange> setBlocked(quint64 userId, const QString &username, bool blocked,
                                   qint64 nowMs);
    /// Direct conversations between users one of whom blocked the other.
    Result<QList<quint64>> closedDirectConversations();
    Result<bool> blockedEitherWay(quint64 userA, quint64 userB);
    /// The users `userId` blocked, by name.
    Result<QList<UserRow>> blockedBy(quint64 userId);
    /// Everyone in a block relation with `userId`, either way round.
    Result<QList<quint64>> blockRelations(quint64 userId);
    /// Whether `callerId` may start a direct conversation with (`group` false) or add to a
    /// group (`group` true) each target: NOT_ALLOWED_BY_USER naming the first who does not
    /// allow it (blocked the caller; for groups also their who-may-add-me setting).
    Result<Done> checkMayAdd(quint64 callerId, const QList<UserRow> &targets, bool group);
    /// Whether `userId` consented to a conversation with `otherId`: both are in one that
    /// `userId` started, joined or accepted (not a message request still waiting).
    Result<bool> consentedTo(quint64 userId, quint64 otherId);
    /// Accepts the message request `conversationId` of `userId`; NOT_A_MEMBER when it is not in
    /// their list. Returns whether it was a request still waiting.
    Result<bool> acceptRequest(quint64 userId, quint64 conversationId);

    /// Single-use invite codes (only their hashes are stored).
    Result<Done> createInvite(const QByteArray &codeHash, quint64 createdBy, qint64 nowMs,
                              qint64 expiresAtMs);
    /// INVALID_INVITE unless the code is known, unused and not expired.
    Result<Done> checkInvite(const QByteArray &codeHash, qint64 nowMs);
    Result<Done> useInvite(const QByteArray &codeHash, quint64 userId);

    /// Admin rights live on the account (never on a name that someone may register).
    Result<bool> isAdmin(quint64 userId);
    Result<Done> setAdmin(const QString &username, bool admin);

    /// The one direct conversation of a pair of users, allocating it on first use. The pair is
    /// a primary key, so two concurrent requests can only ever yield one conversation.
    Result<DirectPair> directConversation(quint64 userA, quint64 userB, qint64 nowMs);
    Result<quint64> allocateGroupConversation(qint64 nowMs);

    /// Entries of `requestsFor` are message requests until those users accept or reply.
    /// An existing entry is kept as it is.
    /// `acceptedBy` opened it: their entry is no request, whatever it was.
    Result<Done> addToInbox(const QList<quint64> &userIds, quint64 conversationId,
                            qint64 activityMs, const QSet<quint64> &requestsFor = {},
                            quint64 acceptedBy = 0);
    Result<Done> removeFromInbox(const QList<quint64> &userIds, quint64 conversationId);
    /// Moves last activity forward for every member's entry of each conversation; a sender
    /// who replies to a message request accepts it.
    Result<Done> touchInbox(const QList<InboxEntry> &activity);
    /// A page of the user's conversations, newest activity first, strictly after `after`.
    Result<QList<InboxEntry>> inbox(quint64 userId, std::optional<InboxEntry> after, int limit);

    Result<proto::AccountSettings> accountSettings(quint64 userId);
    Result<Done> setAccountSettings(quint64 userId, const proto::AccountSettings &settings);
    Result<Done> setLastSeen(quint64 userId, qint64 lastSeenMs);
    Result<QList<LastSeen>> lastSeen(const QList<quint64> &userIds);
    /// The conversations in the user's list to which every member consented (no message
    /// request waiting): those that share presence and go into digests.
    Result<QList<quint64>> acceptedConversationIds(quint64 userId);

    /// One target per device session; replaced by a new one, removed with the session. A
    /// user's live sessions hold at most `maxPerUser` targets (TARGET_NOT_ALLOWED beyond).
    Result<Done> setPushTarget(const QByteArray &tokenHash, quint64 userId, proto::PushKind kind,
                               const QString &url, qint64 nowMs, int maxPerUser);
    /// The live sessions' targets of each user (users without any are left out).
    Result<QList<PushRecipient>> pushRecipients(const QList<quint64> &userIds, qint64 nowMs);

    /// Users with an address and digests on, last seen before `offlineBeforeMs`, who got no
    /// digest since they were last seen; ids above `afterUserId`, in id order (a cursor, so
    /// that users skipped for now do not hide the others).
    Result<QList<DigestRecipient>> digestRecipients(qint64 offlineBeforeMs, quint64 afterUserId,
                                                    int limit);
    /// A digest went out: none again until the user was seen after `nowMs`.
    Result<Done> recordDigest(quint64 userId, qint64 nowMs);
    Result<quint64> digestsSent();

    /// A key/value setting of the data directory (e.g. the shard count it was created with).
    Result<QString> setting(const QString &key);
    Result<Done> setSetting(const QString &key, const QString &value);

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage
