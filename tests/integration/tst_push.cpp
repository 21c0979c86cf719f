// The offline push queue and e-mail digests, end to end: a real natterd, real clients, a real
// local HTTP receiver and a real local SMTP server (Debian's python3-aiosmtpd).
#include "http_receiver.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QDir>
#include <QSet>
#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::HttpReceiver;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestPush : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    std::unique_ptr<ServerFixture> m_server;
    HttpReceiver m_receiver;
    QProcess m_smtp;
    int m_nextUser = 0;

    std::unique_ptr<TestClient> signedIn(const QString &name)
    {
        return TestClient::signedIn(m_server->url(), name);
    }

    /// A pair: `sender` (admin alice stays online) and a recipient who registered a push
    /// target, then went offline (the sender has seen them go).
    struct Pair {
        std::unique_ptr<TestClient> sender;
        quint64 conversationId = 0;
        QString recipient;
        std::unique_ptr<TestClient> stranger;
        quint64 requestId = 0; // the stranger's direct conversation: a message request
    };
    /// With `stranger`: that user also starts a direct conversation with the recipient, who
    /// leaves it unaccepted (the one with the sender is accepted).
    Pair offlinePair(const proto::AccountSettings *settings = nullptr, const QString &stranger = {})
    {
        Pair pair;
        pair.recipient = QStringLiteral("user%1").arg(++m_nextUser);
        pair.sender = signedIn(QStringLiteral("alice"));
        auto recipient = signedIn(pair.recipient);
        if (!pair.sender || !recipient)
            return pair;
        if (!client::waitFor<Done>([&](auto done) {
                 recipient->client().registerPushTarget(proto::WEBHOOK, m_receiver.url().toString(),
                                                        done);
             }).ok())
            return pair;
        if (settings && !recipient->updateSettings(*settings).ok())
            return pair;
        const auto dm = pair.sender->createDirect(pair.recipient);
        if (!dm.ok() || !recipient->acceptRequest(dm.value().id()).ok())
            return pair;
        if (!stranger.isEmpty()) {
            pair.stranger = signedIn(stranger);
            if (!pair.stranger)
                return pair;
            const auto request = pair.stranger->createDirect(pair.recipient);
            if (!request.ok())
                return pair;
            pair.requestId = request.value().id();
        }
        const quint64 recipientId = recipient->client().user().id();
        recipient.reset();
        // Offline once the sender has been told so; a pair that never got there is no pair
        // (the caller's QVERIFY fails rather than testing something else).
        const auto &presences = pair.sender->presences;
        if (!QTest::qWaitFor(
                [&] {
                    return std::any_of(
                        presences.cbegin(), presences.cend(), [&](const proto::Presence &p) {
                            return p.user_id() == recipientId && p.state() == proto::OFFLINE;
                        });
                },
                5000))
            return pair;
        pair.conversationId = dm.value().id();
        return pair;
    }

    proto::PushStatsReply stats(TestClient &admin)
    {
        auto reply = client::waitFor<proto::PushStatsReply>(
            [&](auto done) { admin.client().pushStats(done); });
        return reply.ok() ? reply.value() : proto::PushStatsReply{};
    }

    /// Starts aiosmtpd on a free port; its port once it accepts connections, 0 when it exited.
    quint16 startSmtp()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return 0;
        const quint16 port = probe.serverPort();
        probe.close();
        m_smtp.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"),
                      QStringLiteral("-l"), QStringLiteral("127.0.0.1:%1").arg(port),
                      QStringLiteral("-c"), QStringLiteral("aiosmtpd.handlers.Mailbox"),
                      m_work.filePath(QStringLiteral("mail"))});
        if (!m_smtp.waitForStarted())
            return 0;
        QTcpSocket socket;
        const bool up = QTest::qWaitFor(
            [&] {
                if (m_smtp.state() == QProcess::NotRunning)
                    return true; // the port was taken
                socket.abort();
                socket.connectToHost(QHostAddress::LocalHost, port);
                // Its greeting, not just any listener on that port.
                return socket.waitForConnected(200) && socket.waitForReadyRead(1000) &&
                       socket.readAll().startsWith("220");
            },
            10'000);
        if (up && m_smtp.state() == QProcess::Running)
            return port;
        m_smtp.kill();
        m_smtp.waitForFinished();
        return 0;
    }

    /// Jobs waiting for a first or a further attempt.
    quint64 queueLength(TestClient &admin)
    {
        const auto now = stats(admin);
        return now.queued() + now.retrying();
    }

    /// The digests mailed to `address` so far, as raw messages.
    QList<QByteArray> mailsTo(const QByteArray &address) const
    {
        QList<QByteArray> out;
        const QDir newMail(m_work.filePath(QStringLiteral("mail/new")));
        for (const QString &name : newMail.entryList(QDir::Files)) {
            QFile file(newMail.filePath(name));
            if (file.open(QIODevice::ReadOnly)) {
                const QByteArray text = file.readAll();
                if (text.contains(QByteArray("<" + address + ">")))
                    out.append(text);
            }
        }
        return out;
    }

    QList<HttpReceiver::Request> acceptedFor(quint64 conversationId) const
    {
        QList<HttpReceiver::Request> out;
        for (const auto &r : m_receiver.accepted()) {
            if (r.body[QStringLiteral("notification")]
                    .toObject()[QStringLiteral("conversation_id")]
                    .toString() == QString::number(conversationId))
                out.append(r);
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_receiver.listen());
        quint16 smtpPort = 0;
        // aiosmtpd cannot listen on port 0 and tell which port it got: a free port is probed
        // and released, and another process may take it first, so a few tries.
        for (int attempt = 0; attempt < 5 && !smtpPort; ++attempt)
            smtpPort = startSmtp();
        QVERIFY2(smtpPort, "no SMTP server: python3-aiosmtpd missing? run scripts/setup");

        // The receivers run on loopback, which push may reach only when an admin allows it.
        const QByteArray config =
            QStringLiteral("[push]\nallow-private=127.0.0.1\n\npoll-ms=50\nretry-base-ms=100\n"
                           "retry-max-ms=400\nmax-attempts=4\n"
                           "timeout-ms=2000\n"
                           "[digest]\nsmtp-url=smtp://127.0.0.1:%1\n"
                           "after-ms=300\ncheck-ms=100\n"
                           "from=natter@example.test\n")
                .arg(smtpPort)
                .toUtf8();
        m_server = std::make_unique<ServerFixture>(QStringList{}, config);
        QVERIFY(m_server->start());
        QVERIFY(signedIn(QStringLiteral("alice"))); // reads the push statistics
        QVERIFY(m_server->grantAdmin(QStringLiteral("alice")));
    }

    void cleanupTestCase()
    {
        m_smtp.kill();
        m_smtp.waitForFinished();
    }

    void notificationReachesTheWebhook()
    {
        auto pair = offlinePair();
        QVERIFY(pair.conversationId);
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("lunch at noon?")).ok());
        QTRY_COMPARE(acceptedFor(pair.conversationId).size(), 1);
        const auto request = acceptedFor(pair.conversationId).front();
        QCOMPARE(request.path, QByteArray("/push"));
        QCOMPARE(request.idempotencyKey.isEmpty(), false);
        const QJsonObject n = request.body[QStringLiteral("notification")].toObject();
        QCOMPARE(n[QStringLiteral("sender_display_name")].toString(), QStringLiteral("alice"));
        QCOMPARE(n[QStringLiteral("conversation_title")].toString(), QStringLiteral("alice"));
        QCOMPARE(n[QStringLiteral("message_seq")].toInt(), 1);
        QCOMPARE(n[QStringLiteral("counts")].toObject()[QStringLiteral("unread")].toInt(), 1);
        QCOMPARE(n[QStringLiteral("content")].toObject()[QStringLiteral("body")].toString(),
                 QStringLiteral("lunch at noon?"));
        QCOMPARE(n[QStringLiteral("event_id")].toString().toUtf8(), request.idempotencyKey);
        QTRY_VERIFY(stats(*pair.sender).delivered() >= 1);
    }

    void previewsCanBeTurnedOff()
    {
        proto::AccountSettings noPreviews;
        noPreviews.set_push_previews(false);
        auto pair = offlinePair(&noPreviews);
        QVERIFY(pair.conversationId);
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("secret")).ok());
        QTRY_COMPARE(acceptedFor(pair.conversationId).size(), 1);
        const QJsonObject n = acceptedFor(pair.conversationId)
                                  .front()
                                  .body[QStringLiteral("notification")]
                                  .toObject();
        QVERIFY(!n.contains(QStringLiteral("content")));
        QCOMPARE(n[QStringLiteral("summary")].toString(), QStringLiteral("New message from alice"));
    }

    void failingReceiverIsRetriedUntilItTakesItOnce()
    {
        auto pair = offlinePair();
        QVERIFY(pair.conversationId);
        m_receiver.setFailing(true);
        const qsizetype before = m_receiver.requests.size();
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("are you there?")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_receiver.requests.size() >= before + 2, 5000); // retried
        QTRY_VERIFY(stats(*pair.sender).retrying() >= 1);
        m_receiver.setFailing(false);
        QTRY_COMPARE_WITH_TIMEOUT(acceptedFor(pair.conversationId).size(), 1, 5000);
        // Nothing is left to try again, so no further delivery can come.
        QTRY_COMPARE_WITH_TIMEOUT(queueLength(*pair.sender), 0u, 5000);
        QCOMPARE(acceptedFor(pair.conversationId).size(), 1);
    }

    void messageRequestsRaiseNoPush()
    {
        auto pair = offlinePair(nullptr, QStringLiteral("spammer"));
        QVERIFY(pair.conversationId && pair.requestId);
        const quint64 skippedBefore = stats(*pair.sender).skipped();
        QVERIFY(pair.stranger->send(pair.requestId, QStringLiteral("win a prize")).ok());
        QTRY_VERIFY(stats(*pair.sender).skipped() > skippedBefore);
        // The sentinel: a message in the accepted conversation is pushed; the request's never.
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("real news")).ok());
        QTRY_COMPARE(acceptedFor(pair.conversationId).size(), 1);
        QCOMPARE(acceptedFor(pair.requestId).size(), 0);
    }

    void readingCancelsPendingJobs()
    {
        auto pair = offlinePair();
        QVERIFY(pair.conversationId);
        m_receiver.setFailing(true);
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("never mind")).ok());
        const quint64 cancelledBefore = stats(*pair.sender).cancelled();
        auto back = signedIn(pair.recipient);
        QVERIFY(back);
        QVERIFY(back->markRead(pair.conversationId, 1).ok());
        QTRY_VERIFY(stats(*pair.sender).cancelled() > cancelledBefore);
        m_receiver.setFailing(false);
        // The cancelled job left the queue; had it stayed, it would be delivered before that.
        QTRY_COMPARE_WITH_TIMEOUT(queueLength(*pair.sender), 0u, 5000);
        QCOMPARE(acceptedFor(pair.conversationId).size(), 0);
    }

    void jobsSurviveSigkillAndAreDeliveredOnceAfterRestart()
    {
        auto pair = offlinePair();
        QVERIFY(pair.conversationId);
        m_receiver.setRefusing(true); // every attempt fails: every job stays queued
        const int refusedBefore = m_receiver.refusedConnections();
        for (int i = 1; i <= 3; ++i)
            QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("m%1").arg(i)).ok());
        QTRY_VERIFY(m_receiver.refusedConnections() > refusedBefore); // natterd has tried
        m_server->kill();
        // A request the killed natterd sent may still wait in the receiver's backlog: refuse
        // everything up to a connection of our own (accepted in order) before taking again.
        QTcpSocket lastInLine;
        lastInLine.connectToHost(QHostAddress::LocalHost, m_receiver.port());
        QVERIFY(lastInLine.waitForConnected(5000));
        QTRY_COMPARE(lastInLine.state(), QAbstractSocket::UnconnectedState);
        m_receiver.setRefusing(false);
        QVERIFY(m_server->restart());

        // All three messages were announced (coalesced), and no notification came twice.
        QTRY_VERIFY_WITH_TIMEOUT(!acceptedFor(pair.conversationId).isEmpty() &&
                                     acceptedFor(pair.conversationId)
                                             .back()
                                             .body[QStringLiteral("notification")]
                                             .toObject()[QStringLiteral("message_seq")]
                                             .toInt() == 3,
                                 10000);
        auto admin = signedIn(QStringLiteral("alice"));
        QVERIFY(admin);
        QTRY_COMPARE_WITH_TIMEOUT(queueLength(*admin), 0u, 10000); // nothing more can come
        QSet<QByteArray> keys;
        for (const auto &r : acceptedFor(pair.conversationId)) {
            QVERIFY2(!keys.contains(r.idempotencyKey), r.idempotencyKey.constData());
            keys.insert(r.idempotencyKey);
        }
    }

    void privateAndLoopbackTargetsAreRefused()
    {
        auto mallory = signedIn(QStringLiteral("mallory"));
        QVERIFY(mallory);
        auto target = [&](const QString &url) {
            return client::waitFor<Done>([&](auto done) {
                mallory->client().registerPushTarget(proto::WEBHOOK, url, done);
            });
        };
        // Loopback beyond the allowed 127.0.0.1, in the spellings that reach it, cloud
        // metadata, private ranges, IPv6 loopback and unique-local.
        for (const char *url :
             {"http://127.0.0.2:9/push", "http://0x7f000002/push", "http://2130706434/push",
              "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/push",
              "https://192.168.1.1/push", "http://172.16.5.4/push", "http://[::1]:9/push",
              "http://[fd00::1]/push", "http://0.0.0.0:9/push", "http://[64:ff9b::7f00:1]/push",
              "http://[2002:7f00:1::1]/push", "http://[::7f00:1]/push"}) {
            const auto refused = target(QString::fromLatin1(url));
            QVERIFY2(refused.failure().code == proto::TARGET_NOT_ALLOWED, url);
        }
        const auto withPassword = target(QStringLiteral("http://user:pass@127.0.0.1:9/push"));
        QCOMPARE(withPassword.failure().code, proto::INVALID_ARGUMENT);
        QVERIFY(target(m_receiver.url().toString()).ok()); // the allowed receiver
    }

    void pushTargetsPerUserAreCapped()
    {
        // Ten sessions may each register the same receiver; the eleventh is refused.
        std::vector<std::unique_ptr<TestClient>> sessions;
        for (int i = 0; i < 11; ++i) {
            auto session = std::make_unique<TestClient>();
            QVERIFY(session->connectTo(m_server->url()));
            QVERIFY(
                i == 0
                    ? session->registerUser(QStringLiteral("many")).ok()
                    : session->login(QStringLiteral("many"), QStringLiteral("correct horse")).ok());
            const auto registered = client::waitFor<Done>([&](auto done) {
                session->client().registerPushTarget(proto::WEBHOOK, m_receiver.url().toString(),
                                                     done);
            });
            QVERIFY2(registered.ok() == (i < 10), qPrintable(QString::number(i)));
            sessions.push_back(std::move(session));
        }
    }

    void aFailingTargetIsRetriedAloneAndSharedUrlsGetOneRequest()
    {
        HttpReceiver failing;
        QVERIFY(failing.listen());
        failing.setFailing(true);
        const QString user = QStringLiteral("user%1").arg(++m_nextUser);
        auto alice = signedIn(QStringLiteral("alice"));
        Result<proto::Conversation> dm = Failure{};
        quint64 userId = 0;
        // Three sessions: two name the working receiver, one a receiver that fails.
        std::vector<std::unique_ptr<TestClient>> sessions;
        for (const QUrl &url : {m_receiver.url(), m_receiver.url(), failing.url()}) {
            auto &session = sessions.emplace_back(std::make_unique<TestClient>());
            QVERIFY(session->connectTo(m_server->url()));
            QVERIFY(session->registerUser(user).ok() ||
                    session->login(user, QStringLiteral("correct horse")).ok());
            QVERIFY(client::waitFor<Done>([&](auto done) {
                        session->client().registerPushTarget(proto::WEBHOOK, url.toString(), done);
                    }).ok());
            if (!dm.ok()) { // the user accepts Alice's conversation (requests are not pushed)
                dm = alice->createDirect(user);
                QVERIFY(dm.ok());
                QVERIFY(session->acceptRequest(dm.value().id()).ok());
                userId = session->client().user().id();
            }
        }
        // Offline (every session gone at once) once Alice has been told so.
        sessions.clear();
        QTRY_VERIFY(std::any_of(alice->presences.cbegin(), alice->presences.cend(),
                                [&](const proto::Presence &p) {
                                    return p.user_id() == userId && p.state() == proto::OFFLINE;
                                }));
        QVERIFY(alice->send(dm.value().id(), QStringLiteral("ping")).ok());
        // The failing receiver is asked again and again...
        QTRY_VERIFY_WITH_TIMEOUT(failing.requests.size() >= 3, 10'000);
        // ...the working one once, although two sessions name it.
        QCOMPARE(acceptedFor(dm.value().id()).size(), 1);
        failing.setFailing(false);
        QTRY_VERIFY_WITH_TIMEOUT(!failing.accepted().isEmpty(), 10'000);
        QCOMPARE(acceptedFor(dm.value().id()).size(), 1);
    }

    void deadAfterTheLastTry()
    {
        auto pair = offlinePair();
        QVERIFY(pair.conversationId);
        m_receiver.setFailing(true);
        const quint64 deadBefore = stats(*pair.sender).dead();
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("hello?")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(stats(*pair.sender).dead() == deadBefore + 1, 8000);
        m_receiver.setFailing(false);
    }

    void pushStatsAreForAdminsOnly()
    {
        auto bob = signedIn(QStringLiteral("bob"));
        auto reply = client::waitFor<proto::PushStatsReply>(
            [&](auto done) { bob->client().pushStats(done); });
        QCOMPARE(reply.failure().code, proto::PERMISSION_DENIED);
        auto bad = client::waitFor<Done>([&](auto done) {
            bob->client().registerPushTarget(proto::WEBHOOK, QStringLiteral("ftp://x"), done);
        });
        QCOMPARE(bad.failure().code, proto::INVALID_ARGUMENT);
    }

    void digestMailedOnceAfterALongAbsence()
    {
        proto::AccountSettings mail;
        mail.set_email("zoe@example.test");
        mail.set_email_digest(true);
        mail.set_push_previews(true);
        auto pair = offlinePair(&mail);
        QVERIFY(pair.conversationId);
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("first")).ok());
        QVERIFY(pair.sender->send(pair.conversationId, QStringLiteral("second")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(mailsTo("zoe@example.test").size(), 1, 10000);
        // The sentinel: a later absence's digest, mailed several checks after zoe's.
        proto::AccountSettings sentinelMail = mail;
        sentinelMail.set_email("yan@example.test");
        auto sentinel = offlinePair(&sentinelMail);
        QVERIFY(sentinel.conversationId);
        QVERIFY(sentinel.sender->send(sentinel.conversationId, QStringLiteral("ping")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(mailsTo("yan@example.test").size(), 1, 10000);
        const QList<QByteArray> mails = mailsTo("zoe@example.test");
        QCOMPARE(mails.size(), 1); // still one digest for this absence
        const QByteArray &mailText = mails.front();
        QVERIFY(mailText.contains("To: user"));
        QVERIFY(mailText.contains("<zoe@example.test>"));
        QVERIFY(mailText.contains("Subject: You have 2 unread messages on Natter"));
        QVERIFY(mailText.contains("alice: 2 unread"));
        QVERIFY(mailText.contains("--digest off"));
        QTRY_COMPARE(stats(*pair.sender).digests_sent(), 2u);

        QCOMPARE(client::waitFor<proto::AccountSettings>([&](auto done) {
                     proto::AccountSettings bad;
                     bad.set_email("not an address");
                     pair.sender->client().updateSettings(bad, done);
                 })
                     .failure()
                     .code,
                 proto::INVALID_ARGUMENT);
    }
};

QTEST_GUILESS_MAIN(TestPush)
#include "tst_push.moc"
