#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

/// An acknowledged message survives natterd being killed without warning.
class TestDurability : public QObject {
    Q_OBJECT
private slots:
    void killedDuringSendsKeepsEveryAckedMessage()
    {
        ServerFixture server;
        QVERIFY(server.start());
        QString token;
        quint64 id = 0;
        QSet<QString> acked;
        QHash<QString, quint64> ackedSeq;
        {
            TestClient alice;
            QVERIFY(alice.connectTo(server.url()));
            const auto registered = alice.registerUser(QStringLiteral("alice"));
            QVERIFY(registered.ok());
            token = QString::fromStdString(registered.value().token());
            TestClient bob;
            QVERIFY(bob.connectTo(server.url()));
            QVERIFY(bob.registerUser(QStringLiteral("bob")).ok());
            id = alice.createDirect(QStringLiteral("bob")).value().id();

            // Keep a window of sends in flight and kill the server in the middle of it.
            int sent = 0;
            std::function<void()> sendNext = [&] {
                const QString clientId = QStringLiteral("k%1").arg(sent++);
                alice.client().sendMessage(id, clientId, clientId,
                                           [&, clientId](Result<proto::SendMessageReply> r) {
                                               if (!r.ok())
                                                   return;
                                               acked.insert(clientId);
                                               ackedSeq.insert(clientId, r.value().seq());
                                               sendNext();
                                           });
            };
            for (int i = 0; i < 16; ++i)
                sendNext();
            QTRY_VERIFY_WITH_TIMEOUT(acked.size() >= 300, 30'000);
            server.kill();
            QTRY_COMPARE(alice.client().connection().state(),
                         client::Connection::State::Disconnected);
        }
        QVERIFY(acked.size() >= 300);

        QVERIFY(server.restart());
        TestClient alice;
        alice.client().setToken(token);
        QVERIFY(alice.connectTo(server.url()));
        QHash<QString, quint64> stored;
        QList<quint64> seqs;
        quint64 before = 0; // 0: the newest page, then older ones
        for (;;) {
            const auto page = alice.messages(id, before, 0, 200);
            QVERIFY(page.ok());
            QList<quint64> pageSeqs;
            for (const auto &m : page.value().messages()) {
                pageSeqs.append(m.seq());
                stored.insert(QString::fromStdString(m.client_msg_id()), m.seq());
            }
            seqs = pageSeqs + seqs;
            if (!page.value().has_more())
                break;
            before = pageSeqs.front();
        }
        for (int i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs[i], quint64(i + 1)); // gapless from 1
        for (const QString &clientId : std::as_const(acked)) {
            QVERIFY2(stored.contains(clientId), qPrintable(clientId + QStringLiteral(" lost")));
            QCOMPARE(stored.value(clientId), ackedSeq.value(clientId));
        }
        // Retrying an acknowledged send after the restart stores nothing new.
        const QString someId = *acked.cbegin();
        const auto retry = alice.send(id, someId, someId);
        QVERIFY(retry.ok());
        QVERIFY(retry.value().duplicate());
        QCOMPARE(retry.value().seq(), ackedSeq.value(someId));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
