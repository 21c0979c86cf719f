#include "storage/recent_messages.h"
#include "storage/shard.h"

#include <QTemporaryDir>
#include <QtTest>
#include <future>

using namespace natter;
using namespace natter::server::storage;

namespace {
proto::Message message(quint64 conversation, quint64 seq)
{
    proto::Message m;
    m.set_conversation_id(conversation);
    m.set_seq(seq);
    m.set_text(QStringLiteral("m%1").arg(seq).toStdString());
    return m;
}
QList<proto::Message> range(quint64 conversation, quint64 from, quint64 to)
{
    QList<proto::Message> list;
    for (quint64 seq = from; seq <= to; ++seq)
        list.append(message(conversation, seq));
    return list;
}
} // namespace

/// Runs `work` on the shard's thread and waits for its result.
template <typename T> T onShard(Shard &shard, std::function<T(QSqlDatabase &)> work)
{
    std::promise<T> result;
    shard.post([&](QSqlDatabase &db) { result.set_value(work(db)); });
    return result.get_future().get();
}

class TestRecentMessages : public QObject {
    Q_OBJECT
private:
    /// The conversation's summary for `userId`, from the database and through the cache.
    static QPair<std::string, std::string> summaries(Shard &shard, RecentMessages &cache,
                                                     quint64 id, quint64 userId)
    {
        return onShard<QPair<std::string, std::string>>(shard, [&](QSqlDatabase &db) {
            ShardStore plain(db);
            ShardStore cached(db, nullptr, &cache);
            return qMakePair(plain.summary(id, userId).value().SerializeAsString(),
                             cached.summary(id, userId).value().SerializeAsString());
        });
    }

    /// Returns once the shard thread has run every job posted before this call.
    static void waitForJobsPostedSoFar(Shard &shard)
    {
        onShard<int>(shard, [](QSqlDatabase &) { return 0; });
    }

private slots:
    void writeThroughMatchesTheDatabase()
    {
        // Sends, the senders' own cursors and receipt reports go through a real shard; the
        // cached conversation must then say exactly what the database says.
        QTemporaryDir dir;
        RecentMessages cache(10);
        Shard shard(0, dir.filePath(QStringLiteral("shard.sqlite")), nullptr, &cache);
        QString error;
        QVERIFY2(shard.start(&error), qPrintable(error));
        const UserRow ann{1, QStringLiteral("ann"), QStringLiteral("Ann")};
        const UserRow ben{2, QStringLiteral("ben"), QStringLiteral("Ben")};
        const UserRow cat{3, QStringLiteral("cat"), QStringLiteral("Cat")};
        QVERIFY(onShard<bool>(shard, [&](QSqlDatabase &db) {
            return ShardStore(db)
                .createConversation(
                    5, proto::GROUP, QStringLiteral("Room"),
                    {{ann, proto::ADMIN}, {ben, proto::MEMBER}, {cat, proto::MEMBER}}, 1)
                .ok();
        }));
        auto send = [&](const UserRow &from, int n) {
            std::promise<bool> sent;
            shard.send(SendRequest{5, from.id, QStringLiteral("%1-%2").arg(from.username).arg(n),
                                   QStringLiteral("hello"), from.username},
                       [&](Result<SendOutcome> r) { sent.set_value(r.ok()); });
            return sent.get_future().get();
        };
        // A move succeeds and reports the unread count the database would (counted over the
        // cached messages when they reach back to the new read cursor).
        auto move = [&](const UserRow &who, quint64 delivered, quint64 read) {
            std::promise<Result<ReceiptChange>> moved;
            shard.moveCursors(CursorMove{5, who.id, delivered, read},
                              [&](Result<ReceiptChange> r) { moved.set_value(r); });
            const Result<ReceiptChange> r = moved.get_future().get();
            return r.ok() &&
                   r.value().unreadCount == onShard<quint64>(shard, [&](QSqlDatabase &db) {
                       return quint64(ShardStore(db).summary(5, who.id).value().unread_count());
                   });
        };
        QVERIFY(send(ann, 1)); // the first send makes the conversation cached (after its ack)
        waitForJobsPostedSoFar(shard); // the cache takes it after the ack, on the shard thread
        QVERIFY(cache.conversation(5, ann.id).has_value());
        for (int n = 2; n <= 4; ++n)
            QVERIFY(send(n % 2 ? ann : ben, n));
        auto sameAsDatabase = [&] {
            for (const UserRow &user : {ann, ben, cat}) {
                const auto [fromDb, fromCache] = summaries(shard, cache, 5, user.id);
                if (fromCache != fromDb)
                    return false;
            }
            return true;
        };
        QVERIFY(sameAsDatabase());
        QVERIFY(move(cat, 3, 0)); // cat: delivered 0 → 3
        QVERIFY(move(cat, 0, 2)); // cat: read 0 → 2
        QVERIFY(move(ann, 4, 4)); // ann: read 3 (her own) → 4
        QVERIFY(sameAsDatabase());
        QVERIFY(send(cat, 5)); // cat's own cursors jump to 5
        QVERIFY(sameAsDatabase());
        QCOMPARE(cache.conversation(5, ann.id)->conversation.last_seq(), 5u);
        shard.stop();
    }

    void unreadOnlyWhenTheCacheReachesTheReadCursor()
    {
        RecentMessages cache(10);
        proto::Conversation c;
        c.set_id(1);
        for (quint64 user : {7u, 8u}) {
            auto *m = c.add_members();
            m->mutable_user()->set_id(user);
        }
        c.mutable_members(1)->set_read_seq(55); // user 8 read up to 55; user 7 nothing
        QList<proto::Message> newest = range(1, 51, 60);
        for (auto &m : newest)
            m.set_sender_id(m.seq() == 60 ? 8 : 7);
        cache.fill(1, newest, false, c, 1000);
        const auto cached = cache.conversation(1, 8);
        QVERIFY(cached);
        QCOMPARE(cached->unread, std::optional<quint64>(4));      // 56..59, not their own 60
        QCOMPARE(cache.conversation(1, 7)->unread, std::nullopt); // unread reach back before 51
        QCOMPARE(cached->lastMessage.seq(), 60u);
    }

    void missThenFillThenServe()
    {
        RecentMessages cache(10);
        bool member = false;
        QVERIFY(!cache.newest(1, 7, 20, &member));
        QCOMPARE(cache.misses(), 1u);
        cache.fill(1, range(1, 1, 30), /*startReached=*/true, {7, 8});
        auto page = cache.newest(1, 7, 20, &member);
        QVERIFY(page && member);
        QCOMPARE(page->messages.size(), 20);
        QCOMPARE(page->messages.front().seq(), 11u);
        QVERIFY(page->hasMore);
        page = cache.newest(1, 7, 50, &member); // all 30, and nothing before them
        QCOMPARE(page->messages.size(), 30);
        QVERIFY(!page->hasMore);
        QCOMPARE(cache.hits(), 2u);
        QVERIFY(cache.newest(1, 9, 20, &member) && !member); // not a member: the caller refuses
    }

    void aWholePageIsEncodedOnceUntilTheNextMessage()
    {
        RecentMessages cache(10);
        bool member = false;
        cache.fill(1, range(1, 1, 30), /*startReached=*/true, {7, 8});
        const auto decode = [](const RecentMessages::Page &page) {
            proto::MessagesReply reply;
            reply.ParseFromArray(page.encoded->constData(), int(page.encoded->size()));
            return reply;
        };
        const auto first = cache.newestEncoded(1, 7, 50, &member);
        QVERIFY(first && member && first->encoded && first->messages.isEmpty());
        QCOMPARE(decode(*first).messages_size(), 30);
        QVERIFY(!decode(*first).has_more());
        // Another reader shares the same bytes.
        QCOMPARE(cache.newestEncoded(1, 8, 50, &member)->encoded.get(), first->encoded.get());
        // Less than every cached message: a copy, as newest() gives.
        const auto part = cache.newestEncoded(1, 7, 20, &member);
        QVERIFY(!part->encoded);
        QCOMPARE(part->messages.size(), 20);
        QVERIFY(part->hasMore);
        // A commit makes the next reader's page anew; the first reader's bytes stay as they were.
        cache.append(message(1, 31));
        const auto next = cache.newestEncoded(1, 7, 50, &member);
        QVERIFY(next->encoded.get() != first->encoded.get());
        QCOMPARE(decode(*next).messages_size(), 31);
        QCOMPARE(decode(*next).messages(30).seq(), 31u);
        QCOMPARE(decode(*first).messages_size(), 30);
        // Beyond the cache's 50 the oldest leaves, and older messages exist before.
        for (quint64 seq = 32; seq <= 51; ++seq)
            cache.append(message(1, seq));
        const auto full = cache.newestEncoded(1, 7, 50, &member);
        QCOMPARE(decode(*full).messages_size(), 50);
        QCOMPARE(decode(*full).messages(0).seq(), 2u);
        QVERIFY(decode(*full).has_more());
        QVERIFY(cache.newestEncoded(1, 9, 50, &member) && !member); // no bytes for a non-member
    }

    void commitsExtendAndTrim()
    {
        RecentMessages cache(10);
        bool member = false;
        cache.fill(1, range(1, 1, 49), true, {7});
        cache.append(message(1, 50));
        cache.append(message(1, 50)); // already there: ignored
        QCOMPARE(cache.newest(1, 7, 50, &member)->messages.back().seq(), 50u);
        QVERIFY(!cache.newest(1, 7, 50, &member)->hasMore);
        cache.append(message(1, 51)); // the oldest leaves: older ones now exist before
        auto page = cache.newest(1, 7, 50, &member);
        QCOMPARE(page->messages.front().seq(), 2u);
        QVERIFY(page->hasMore);
        QVERIFY(!cache.newest(1, 7, 51, &member)); // more than kept: the database answers
        cache.append(message(1, 53));              // a gap cannot be trusted: the entry goes
        QVERIFY(!cache.newest(1, 7, 10, &member));
        cache.append(message(2, 1)); // not cached: nothing happens
        QVERIFY(!cache.newest(2, 7, 10, &member));
    }

    void emptyConversationAndInvalidation()
    {
        RecentMessages cache(10);
        bool member = false;
        cache.fill(3, {}, true, {7});
        auto page = cache.newest(3, 7, 50, &member);
        QVERIFY(page && page->messages.isEmpty() && !page->hasMore);
        cache.append(message(3, 1));
        QCOMPARE(cache.newest(3, 7, 50, &member)->messages.size(), 1);
        cache.invalidate(3); // members changed
        QVERIFY(!cache.newest(3, 7, 50, &member));
    }

    void boundedByConversations()
    {
        RecentMessages cache(2);
        bool member = false;
        for (quint64 id = 1; id <= 3; ++id)
            cache.fill(id, range(id, 1, 5), true, {7});
        QCOMPARE(cache.size(), 2);
        QVERIFY(!cache.newest(1, 7, 5, &member)); // least recently used went first
        QVERIFY(cache.newest(3, 7, 5, &member));
    }
};

QTEST_GUILESS_MAIN(TestRecentMessages)
#include "tst_recent_messages.moc"
