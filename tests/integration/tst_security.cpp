// What a hostile client tries with well-formed requests: lingering in a group it was removed
// from, names that pose as others, oversized fields, frames that make libraries talk.
#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>
#include <memory>

using namespace natter;
using natter::client::waitFor;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestSecurity : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<ServerFixture> m_server;

    std::unique_ptr<TestClient> signedIn(const QString &name)
    {
        return TestClient::signedIn(m_server->url(), name);
    }

    static Result<proto::Envelope> typing(TestClient &client, quint64 conversationId, bool on)
    {
        proto::Envelope request;
        request.mutable_typing_request()->set_conversation_id(conversationId);
        request.mutable_typing_request()->set_typing(on);
        return client.request(request);
    }

    static bool hasHiddenCharacters(const QString &text)
    {
        for (QChar c : text) {
            const char16_t u = c.unicode();
            if (c.category() == QChar::Other_Control || (u >= 0x200B && u <= 0x200F) ||
                (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
                return true;
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        // Typing lasts a minute here: whatever ends it in this test is not the expiry.
        // Few requests in flight and waiting per connection, to see the bounds.
        m_server = std::make_unique<ServerFixture>(
            QStringList{}, "[typing]\nexpiry-ms=60000\n[limits]\nmax-requests-in-flight=4\n"
                           "max-requests-waiting=100\n");
        QVERIFY(m_server->start());
    }

    void removedMemberStopsTypingAndHearsNoMore()
    {
        auto alice = signedIn(QStringLiteral("alice"));
        auto bob = signedIn(QStringLiteral("bob"));
        auto carol = signedIn(QStringLiteral("carol"));
        QVERIFY(alice && bob && carol);
        const auto group = alice->createGroup(QStringLiteral("Typing"),
                                              {QStringLiteral("bob"), QStringLiteral("carol")});
        QVERIFY(group.ok());
        const quint64 id = group.value().id();
        const quint64 aliceId = alice->client().user().id();
        const quint64 bobId = bob->client().user().id();

        QVERIFY(typing(*bob, id, true).ok());
        QVERIFY(typing(*alice, id, true).ok());
        QTRY_COMPARE(carol->typing.size(), 2);
        QTRY_COMPARE(bob->typing.size(), 1); // Alice's

        proto::Envelope remove;
        remove.mutable_remove_members_request()->set_conversation_id(id);
        remove.mutable_remove_members_request()->add_usernames("bob");
        QVERIFY(alice->request(remove).ok());

        // Bob's typing ends for the others with his removal, not a minute later.
        QTRY_VERIFY_WITH_TIMEOUT(carol->typing.size() >= 3, 5000);
        QCOMPARE(carol->typing[2].user_id(), bobId);
        QVERIFY(!carol->typing[2].typing());

        // Alice keeps typing: Carol hears it, Bob does not. A direct message to Bob, sent
        // after, marks the point by which anything forwarded to him would have arrived.
        QVERIFY(typing(*alice, id, true).ok());
        QTRY_COMPARE(carol->typing.size(), 4);
        QCOMPARE(carol->typing[3].user_id(), aliceId);
        const auto direct = carol->createDirect(QStringLiteral("bob"));
        QVERIFY(direct.ok());
        QVERIFY(carol->send(direct.value().id(), QStringLiteral("sentinel")).ok());
        QVERIFY(bob->waitForMessages(1));
        QCOMPARE(bob->typing.size(), 1);
    }

    void namesAreCleanedOfHiddenCharacters()
    {
        TestClient mallory;
        QVERIFY(mallory.connectTo(m_server->url()));
        const QString posing = QStringLiteral("ali\u202Ece\u200B\n\x1b[2J\x07");
        const auto registered = waitFor<proto::AuthReply>([&](auto done) {
            mallory.client().registerUser(QStringLiteral("mallory"),
                                          QStringLiteral("correct horse"), posing, done);
        });
        QVERIFY(registered.ok());
        const QString shown = protocol::fromStd(registered.value().user().display_name());
        QVERIFY2(!hasHiddenCharacters(shown), qPrintable(shown));
        QCOMPARE(shown, QStringLiteral("alice [2J"));
        // Wherever a display name differs from the username, the username is shown with it.
        auto bob = signedIn(QStringLiteral("bob"));
        QVERIFY(bob);
        QVERIFY(mallory.createDirect(QStringLiteral("bob")).ok());
        const auto list = bob->conversations();
        QVERIFY(list.ok());
        bool found = false;
        for (const auto &summary : list.value().conversations())
            found = found || summary.conversation().title() == "alice [2J (@mallory)";
        QVERIFY2(found, list.value().DebugString().c_str());

        const auto group =
            mallory.createGroup(QStringLiteral("Team\u202E\r\nnews\u2066"), QStringList{});
        QVERIFY(group.ok());
        QCOMPARE(protocol::fromStd(group.value().title()), QStringLiteral("Team news"));
    }

    void oversizedFieldsAreRefusedAndNotEchoed()
    {
        TestClient client;
        QVERIFY(client.connectTo(m_server->url()));
        proto::Envelope login;
        login.mutable_login_request()->set_username("alice");
        login.mutable_login_request()->set_password("correct horse");
        login.mutable_login_request()->set_device_name(std::string(200'000, 'd'));
        const auto refused = client.request(login);
        QCOMPARE(refused.failure().code, proto::INVALID_ARGUMENT);
        QVERIFY(refused.failure().message.contains(QStringLiteral("device name")));

        auto alice = signedIn(QStringLiteral("alice"));
        QVERIFY(alice);
        const auto unknown =
            alice->createGroup(QStringLiteral("Echo"), {QString(200'000, QLatin1Char('u'))});
        QCOMPARE(unknown.failure().code, proto::USER_NOT_FOUND);
        QVERIFY2(unknown.failure().message.size() < 200, qPrintable(unknown.failure().message));
    }

    void failedLoginsLockTheAccountOutForAWhile()
    {
        auto owner = signedIn(QStringLiteral("grace"));
        QVERIFY(owner);
        TestClient guesser;
        QVERIFY(guesser.connectTo(m_server->url()));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(guesser.login(QStringLiteral("grace"), QStringLiteral("guess %1").arg(i))
                         .failure()
                         .code,
                     proto::WRONG_CREDENTIALS);
        QCOMPARE(guesser.login(QStringLiteral("grace"), QStringLiteral("guess 5")).failure().code,
                 proto::WRONG_CREDENTIALS);
        // Locked now, even for the right password; the answer says for how long.
        const auto locked = guesser.login(QStringLiteral("GRACE"), QStringLiteral("correct horse"));
        QCOMPARE(locked.failure().code, proto::RATE_LIMITED);
        QVERIFY(locked.failure().retryAfterMs > 0);
        QVERIFY(locked.failure().retryAfterMs <= 1000);
        // Other accounts from the same address are not locked with it.
        TestClient other;
        QVERIFY(other.connectTo(m_server->url()));
        QVERIFY(other.login(QStringLiteral("alice"), QStringLiteral("correct horse")).ok());
    }

    void loginsAbandonedBeforeTheirCheckDoNotLockTheAccount()
    {
        QVERIFY(signedIn(QStringLiteral("heidi")));
        // Alice's logins keep the password pool busy, so that heidi's wait behind them...
        std::vector<std::unique_ptr<TestClient>> busy;
        std::atomic<int> answered{0};
        for (int i = 0; i < 32; ++i) {
            auto &c = busy.emplace_back(std::make_unique<TestClient>());
            QVERIFY(c->connectTo(m_server->url()));
        }
        for (auto &c : busy)
            c->client().login(QStringLiteral("alice"), QStringLiteral("correct horse"),
                              [&answered](Result<proto::AuthReply>) { ++answered; });
        {
            // ...and leave before any of them is checked: the pool skips them all.
            std::vector<std::unique_ptr<TestClient>> leaving;
            for (int i = 0; i < 8; ++i) {
                auto &c = leaving.emplace_back(std::make_unique<TestClient>());
                QVERIFY(c->connectTo(m_server->url()));
                c->client().login(QStringLiteral("heidi"), QStringLiteral("correct horse"),
                                  [](Result<proto::AuthReply>) {});
                QCOMPARE(c->conversations().failure().code, proto::NOT_AUTHENTICATED);
            }
        }
        // Sentinel: a login queued after them has its answer once they are all worked off.
        TestClient sentinel;
        QVERIFY(sentinel.connectTo(m_server->url()));
        QVERIFY(sentinel.login(QStringLiteral("alice"), QStringLiteral("correct horse")).ok());
        QTRY_COMPARE(answered.load(), int(busy.size()));
        // Heidi is not locked out by what her vanished clients did not get to try.
        TestClient heidi;
        QVERIFY(heidi.connectTo(m_server->url()));
        const auto login = heidi.login(QStringLiteral("heidi"), QStringLiteral("correct horse"));
        QVERIFY2(login.ok(), qPrintable(login.failure().message));
    }

    void typingFloodIsRateLimited()
    {
        auto ivan = signedIn(QStringLiteral("ivan"));
        auto judy = signedIn(QStringLiteral("judy"));
        QVERIFY(ivan && judy);
        const auto direct = ivan->createDirect(QStringLiteral("judy"));
        QVERIFY(direct.ok());
        const quint64 id = direct.value().id();
        constexpr int kRequests = 50;
        int refused = 0;
        quint32 retryAfter = 0;
        for (int i = 0; i < kRequests; ++i) {
            const auto answer = typing(*ivan, id, true);
            if (!answer.ok()) {
                QCOMPARE(answer.failure().code, proto::RATE_LIMITED);
                retryAfter = answer.failure().retryAfterMs;
                ++refused;
            }
        }
        QVERIFY2(refused >= kRequests - 15, qPrintable(QString::number(refused)));
        QVERIFY(retryAfter > 0);
        // A message sent after the flood marks the point by which every event has arrived.
        QVERIFY(ivan->send(id, QStringLiteral("sentinel")).ok());
        QVERIFY(judy->waitForMessages(1));
        QVERIFY2(judy->typing.size() <= kRequests - refused + 1,
                 qPrintable(QString::number(judy->typing.size())));
    }

    void pipelinedRequestsWaitTheirTurnWithinABound()
    {
        auto kim = signedIn(QStringLiteral("kim"));
        QVERIFY(kim);
        // More than may be in flight: they wait, and every one is answered.
        QList<Result<proto::AccountSettings>> answers;
        int pending = 30;
        for (int i = 0; i < 30; ++i)
            kim->client().settings([&](Result<proto::AccountSettings> r) {
                answers.append(r);
                --pending;
            });
        QTRY_COMPARE(pending, 0);
        for (const auto &answer : answers)
            QVERIFY(answer.ok());

        // Far more than may wait on the server: natterd stops reading the connection while 128
        // are unanswered, so the rest wait in TCP's buffers; every one is answered in turn.
        auto leo = signedIn(QStringLiteral("leo"));
        QVERIFY(leo);
        int answered = 0;
        proto::Envelope request;
        request.mutable_get_settings_request();
        for (int i = 1; i <= 3000; ++i)
            leo->client().connection().request(request, [&answered](Result<proto::Envelope> r) {
                if (r.ok() && r.value().has_settings_reply())
                    ++answered;
            });
        QVERIFY(kim->conversations().ok()); // others carry on meanwhile
        QTRY_COMPARE_WITH_TIMEOUT(answered, 3000, 30'000);
        QCOMPARE(leo->client().connection().state(), client::Connection::State::Ready);
    }

    void aConnectionBeyondTheWaitingBoundIsClosed()
    {
        // The guard behind the back-pressure: with fewer allowed to wait than natterd reads
        // ahead, a pipelining connection is closed with 4009.
        ServerFixture strict(QStringList{}, "[limits]\nmax-requests-waiting=10\n");
        QVERIFY(strict.start());
        auto leo = TestClient::signedIn(strict.url(), QStringLiteral("leo"));
        QVERIFY(leo);
        proto::Envelope request;
        request.mutable_get_settings_request();
        for (int i = 1; i <= 3000; ++i) {
            request.set_request_id(1'000'000 + quint64(i));
            leo->client().connection().sendRawFrame(protocol::encode(request));
        }
        QTRY_COMPARE_WITH_TIMEOUT(leo->client().connection().state(),
                                  client::Connection::State::Disconnected, 10'000);
        QCOMPARE(leo->client().connection().lastCloseCode(),
                 int(protocol::closecode::kTooManyRequests));
    }

    void blockedUsersCannotStartConversationsOrAddYou()
    {
        auto pat = signedIn(QStringLiteral("pat"));
        auto quentin = signedIn(QStringLiteral("quentin"));
        QVERIFY(pat && quentin);
        proto::Envelope block;
        block.mutable_block_user_request()->set_username("quentin");
        QVERIFY(pat->request(block).ok());
        QCOMPARE(quentin->createDirect(QStringLiteral("pat")).failure().code,
                 proto::NOT_ALLOWED_BY_USER);
        QCOMPARE(
            quentin->createGroup(QStringLiteral("Spam"), {QStringLiteral("pat")}).failure().code,
            proto::NOT_ALLOWED_BY_USER);
        const auto spam = quentin->createGroup(QStringLiteral("Spam"), QStringList{});
        QVERIFY(spam.ok());
        proto::Envelope add;
        add.mutable_add_members_request()->set_conversation_id(spam.value().id());
        add.mutable_add_members_request()->add_usernames("pat");
        QCOMPARE(quentin->request(add).failure().code, proto::NOT_ALLOWED_BY_USER);

        proto::Envelope list;
        list.mutable_get_blocked_request();
        const auto blocked = pat->request(list);
        QVERIFY(blocked.ok());
        QCOMPARE(blocked.value().blocked_reply().users_size(), 1);
        QCOMPARE(blocked.value().blocked_reply().users(0).username(), "quentin");

        block.mutable_block_user_request()->set_unblock(true);
        QVERIFY(pat->request(block).ok());
        QVERIFY(quentin->createDirect(QStringLiteral("pat")).ok());
    }

    void whoMayAddYouToGroups()
    {
        auto rita = signedIn(QStringLiteral("rita"));
        auto sam = signedIn(QStringLiteral("sam"));
        QVERIFY(rita && sam);
        proto::AccountSettings settings;
        settings.set_who_can_add_me(proto::CONTACTS);
        QVERIFY(rita->updateSettings(settings).ok());
        // Sam shares no conversation with Rita yet.
        QCOMPARE(
            sam->createGroup(QStringLiteral("Cold call"), {QStringLiteral("rita")}).failure().code,
            proto::NOT_ALLOWED_BY_USER);
        QVERIFY(rita->createDirect(QStringLiteral("sam")).ok());
        QVERIFY(sam->createGroup(QStringLiteral("Team"), {QStringLiteral("rita")}).ok());

        settings.set_who_can_add_me(proto::NOBODY);
        QVERIFY(rita->updateSettings(settings).ok());
        QCOMPARE(sam->createGroup(QStringLiteral("Again"), {QStringLiteral("rita")}).failure().code,
                 proto::NOT_ALLOWED_BY_USER);
        settings.set_who_can_add_me(proto::GroupAddPolicy(7));
        QCOMPARE(rita->updateSettings(settings).failure().code, proto::INVALID_ARGUMENT);
    }

    void directConversationsFromStrangersAreRequests()
    {
        auto vic = signedIn(QStringLiteral("vic"));
        auto wes = signedIn(QStringLiteral("wes"));
        QVERIFY(vic && wes);
        const quint64 vicId = vic->client().user().id();
        const quint64 wesId = wes->client().user().id();
        proto::AccountSettings contactsOnly;
        contactsOnly.set_who_can_add_me(proto::CONTACTS);
        QVERIFY(vic->updateSettings(contactsOnly).ok());

        const auto dm = wes->createDirect(QStringLiteral("vic"));
        QVERIFY(dm.ok());
        const quint64 id = dm.value().id();
        QVERIFY(wes->send(id, QStringLiteral("hi, buy my course")).ok());
        // A request for Vic (told so live and in her list), not for Wes who started it.
        QTRY_COMPARE(vic->conversationEvents.size(), 1);
        QVERIFY(vic->conversationEvents.front().is_request());
        QTRY_COMPARE(wes->conversationEvents.size(), 1);
        QVERIFY(!wes->conversationEvents.front().is_request());
        QVERIFY(vic->conversations().value().conversations(0).is_request());
        QVERIFY(!wes->conversations().value().conversations(0).is_request());
        // Vic still gets the message itself.
        QVERIFY(vic->waitForMessages(1));

        // Until she consents: no presence either way, and Wes is no contact of hers.
        const auto presenceOf = [](TestClient &asker, quint64 userId) {
            proto::Envelope ask;
            ask.mutable_get_presence_request()->add_user_ids(userId);
            return asker.request(ask).value().presence_reply().presences_size();
        };
        QCOMPARE(presenceOf(*wes, vicId), 0);
        QCOMPARE(presenceOf(*vic, wesId), 0);
        QCOMPARE(
            wes->createGroup(QStringLiteral("Webinar"), {QStringLiteral("vic")}).failure().code,
            proto::NOT_ALLOWED_BY_USER);
        // Asking again changes nothing.
        QVERIFY(wes->createDirect(QStringLiteral("vic")).ok());
        QVERIFY(vic->conversations().value().conversations(0).is_request());

        // Replying accepts.
        QVERIFY(vic->send(id, QStringLiteral("who are you?")).ok());
        QTRY_VERIFY(!vic->conversations().value().conversations(0).is_request());
        QCOMPARE(presenceOf(*wes, vicId), 1);
        QCOMPARE(presenceOf(*vic, wesId), 1);
        QVERIFY(wes->createGroup(QStringLiteral("Webinar"), {QStringLiteral("vic")}).ok());
    }

    void acceptingAMessageRequest()
    {
        auto xia = signedIn(QStringLiteral("xia"));
        auto yan = signedIn(QStringLiteral("yan"));
        auto zed = signedIn(QStringLiteral("zed"));
        QVERIFY(xia && yan && zed);
        const auto dm = xia->createDirect(QStringLiteral("yan"));
        QVERIFY(dm.ok());
        const quint64 id = dm.value().id();
        QVERIFY(yan->conversations().value().conversations(0).is_request());
        QVERIFY(yan->acceptRequest(id).ok());
        QVERIFY(!yan->conversations().value().conversations(0).is_request());
        QVERIFY(yan->acceptRequest(id).ok()); // twice is fine
        // Once they share a conversation, a new one between them is no request.
        const auto back = yan->createDirect(QStringLiteral("xia"));
        QVERIFY(back.ok());
        QCOMPARE(back.value().id(), id);
        QVERIFY(!xia->conversations().value().conversations(0).is_request());

        // Opening a request yourself accepts it.
        const auto fromZed = zed->createDirect(QStringLiteral("xia"));
        QVERIFY(fromZed.ok());
        QVERIFY(xia->createDirect(QStringLiteral("zed")).ok());
        const auto listed = xia->conversations();
        QVERIFY(listed.ok());
        for (const auto &summary : listed.value().conversations())
            QVERIFY(!summary.is_request());

        QCOMPARE(zed->acceptRequest(id).failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(zed->acceptRequest(0).failure().code, proto::INVALID_ARGUMENT);
        // Members of a group are no requests: groups have their own consent (who may add me).
        const auto group = zed->createGroup(QStringLiteral("Open"), {QStringLiteral("xia")});
        QVERIFY(group.ok());
        const auto xiaList = xia->conversations();
        QVERIFY(xiaList.ok());
        for (const auto &summary : xiaList.value().conversations())
            QVERIFY(!summary.is_request());
    }

    void aBlockClosesTheDirectConversation()
    {
        auto ann = signedIn(QStringLiteral("ann"));
        auto ben = signedIn(QStringLiteral("ben"));
        QVERIFY(ann && ben);
        const auto dm = ann->createDirect(QStringLiteral("ben"));
        QVERIFY(dm.ok());
        const quint64 id = dm.value().id();
        QVERIFY(ben->send(id, QStringLiteral("hello ann")).ok());
        proto::Envelope block;
        block.mutable_block_user_request()->set_username("ann");
        QVERIFY(ben->request(block).ok());

        // Neither writes nor types in it any more; both still read it.
        QCOMPARE(ann->send(id, QStringLiteral("why?")).failure().code, proto::NOT_ALLOWED_BY_USER);
        QCOMPARE(ben->send(id, QStringLiteral("bye")).failure().code, proto::NOT_ALLOWED_BY_USER);
        QCOMPARE(typing(*ann, id, true).failure().code, proto::NOT_ALLOWED_BY_USER);
        QCOMPARE(ann->messages(id, 0, 0, 50).value().messages_size(), 1);
        QCOMPARE(ben->messages(id, 0, 0, 50).value().messages_size(), 1);
        // Outsiders learn nothing of the block.
        auto eve = signedIn(QStringLiteral("eve"));
        QVERIFY(eve);
        QCOMPARE(eve->send(id, QStringLiteral("hm?")).failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(typing(*eve, id, true).failure().code, proto::NOT_A_MEMBER);
        // The one who blocked cannot open a new conversation with them either.
        auto cal = signedIn(QStringLiteral("cal"));
        QVERIFY(cal);
        QVERIFY(cal->request(block).ok()); // ann blocked by cal (block names "ann")
        QCOMPARE(cal->createDirect(QStringLiteral("ann")).failure().code,
                 proto::NOT_ALLOWED_BY_USER);

        // It stays closed across a restart.
        ann.reset();
        ben.reset();
        QVERIFY(m_server->restart(/*samePort=*/true));
        ann = signedIn(QStringLiteral("ann"));
        ben = signedIn(QStringLiteral("ben"));
        QVERIFY(ann && ben);
        QCOMPARE(ann->send(id, QStringLiteral("still?")).failure().code,
                 proto::NOT_ALLOWED_BY_USER);

        block.mutable_block_user_request()->set_unblock(true);
        QVERIFY(ben->request(block).ok());
        QVERIFY(ann->send(id, QStringLiteral("thanks")).ok());
        // Blocking the other way closes it again; lifting one of two blocks keeps it closed.
        block.mutable_block_user_request()->set_unblock(false);
        QVERIFY(ben->request(block).ok());
        block.mutable_block_user_request()->set_username("ben");
        QVERIFY(ann->request(block).ok());
        block.mutable_block_user_request()->set_unblock(true);
        QVERIFY(ann->request(block).ok());
        QCOMPARE(ann->send(id, QStringLiteral("again")).failure().code, proto::NOT_ALLOWED_BY_USER);
    }

    void blockedUsersSeeNoPresence()
    {
        auto tom = signedIn(QStringLiteral("tom"));
        auto uma = signedIn(QStringLiteral("uma"));
        QVERIFY(tom && uma);
        const auto direct = tom->createDirect(QStringLiteral("uma"));
        QVERIFY(direct.ok());
        QVERIFY(uma->acceptRequest(direct.value().id()).ok());
        // Groups stay open to a blocked member: the sentinel below goes there.
        const auto group = tom->createGroup(QStringLiteral("Both"), {QStringLiteral("uma")});
        QVERIFY(group.ok());
        const quint64 umaId = uma->client().user().id();
        proto::Envelope block;
        block.mutable_block_user_request()->set_username("tom");
        QVERIFY(uma->request(block).ok());

        proto::Envelope ask;
        ask.mutable_get_presence_request()->add_user_ids(umaId);
        const auto asked = tom->request(ask);
        QVERIFY(asked.ok());
        QCOMPARE(asked.value().presence_reply().presences_size(), 0);

        tom->presences.clear();
        proto::Envelope away;
        away.mutable_set_presence_request()->set_away(true);
        QVERIFY(uma->request(away).ok());
        // A message sent after marks the point by which a presence event would have arrived.
        QVERIFY(uma->send(group.value().id(), QStringLiteral("sentinel")).ok());
        QVERIFY(tom->waitForMessages(1));
        for (const auto &presence : tom->presences)
            QVERIFY(presence.user_id() != umaId);
    }

    void protobufComplaintsDoNotFloodTheLog()
    {
        auto alice = signedIn(QStringLiteral("alice"));
        QVERIFY(alice);
        // An Envelope whose Hello.client_name is not UTF-8: libprotobuf refuses and complains.
        const QByteArray badString("\x52\x03\x12\x01\xff", 5);
        constexpr int kFrames = 50;
        for (int i = 0; i < kFrames; ++i)
            alice->client().connection().sendRawFrame(badString);
        QTRY_COMPARE(alice->serverErrors.size(), kFrames);
        for (const auto &error : alice->serverErrors)
            QCOMPARE(error.code(), proto::MALFORMED_FRAME);
        QVERIFY(alice->conversations().ok());
        const int complaints = int(m_server->serverStderr().count(QStringLiteral("UTF-8")));
        QVERIFY2(complaints <= 5, qPrintable(m_server->serverStderr().left(2000)));
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
