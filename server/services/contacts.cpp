#include "services/contacts.h"

#include "storage/storage.h"

#include <QSet>
#include <memory>
#include <optional>

namespace natter::server::services {

using storage::ShardStore;
using storage::UserStore;

void contactsOf(storage::Storage &storage, QObject *context, quint64 userId,
                std::function<void(Result<QList<quint64>>)> done)
{
    using Known = QPair<QList<quint64>, QList<quint64>>; // conversations, block relations
    storage.readUsers<Known>(
        userId, context,
        [userId](UserStore &store) -> Result<Known> {
            auto conversations = store.inbox().acceptedConversationIds(userId);
            if (!conversations.ok())
                return conversations.failure();
            auto blocks = store.consent().blockRelations(userId);
            if (!blocks.ok())
                return blocks.failure();
            return qMakePair(conversations.value(), blocks.value());
        },
        [&storage, context, userId, done](Result<Known> known) {
            if (!known.ok())
                return done(known.failure());
            // One query per physical shard, over that shard's conversations.
            QHash<int, QList<quint64>> byShard;
            for (quint64 id : known.value().first)
                byShard[storage.shardMap().physicalShard(id)].append(id);
            if (byShard.isEmpty())
                return done(QList<quint64>{});
            auto remaining = std::make_shared<qsizetype>(byShard.size());
            auto found = std::make_shared<QSet<quint64>>();
            auto failure = std::make_shared<std::optional<Failure>>();
            const QList<quint64> blocked = known.value().second;
            for (auto it = byShard.cbegin(); it != byShard.cend(); ++it) {
                const QList<quint64> ids = it.value();
                storage.readShardAt<QList<quint64>>(
                    it.key(), userId, context,
                    [ids](ShardStore &store) { return store.activeMembers(ids); },
                    [userId, blocked, remaining, found, failure,
                     done](Result<QList<quint64>> members) {
                        if (members.ok()) {
                            for (quint64 id : members.value())
                                found->insert(id);
                        } else if (!*failure) {
                            *failure = members.failure();
                        }
                        if (--*remaining > 0)
                            return;
                        if (*failure)
                            return done(**failure);
                        found->remove(userId);
                        // Neither side of a block sees the other's presence.
                        for (quint64 id : blocked)
                            found->remove(id);
                        done(QList<quint64>(found->cbegin(), found->cend()));
                    });
            }
        });
}

} // namespace natter::server::services
