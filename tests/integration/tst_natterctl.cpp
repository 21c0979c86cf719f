#include "server_fixture.h"
#include "test_images.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using natter::test::ServerFixture;

/// natterctl end to end against a real natterd: two users, each with their own config dir,
/// as if in two shells.
class TestNatterctl : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    QTemporaryDir m_aliceHome;
    QTemporaryDir m_bobHome;

    struct Run {
        int exitCode;
        QString out;
        QString err;
    };

    QProcess *start(const QTemporaryDir &home, const QStringList &args,
                    const QByteArray &input = {})
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NATTER_CONFIG_DIR"), home.path());
        p->setProcessEnvironment(env);
        p->start(ServerFixture::binary("NATTERCTL_BINARY"),
                 QStringList{QStringLiteral("--server"), m_server.url().toString()} + args);
        p->waitForStarted();
        if (!input.isEmpty())
            p->write(input);
        p->closeWriteChannel();
        return p;
    }
    Run finish(QProcess *p)
    {
        p->waitForFinished(30'000);
        Run run{p->exitCode(), QString::fromUtf8(p->readAllStandardOutput()).trimmed(),
                QString::fromUtf8(p->readAllStandardError())};
        p->deleteLater();
        return run;
    }
    Run ctl(const QTemporaryDir &home, const QStringList &args, const QByteArray &input = {})
    {
        return finish(start(home, args, input));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        const Run alice = ctl(m_aliceHome,
                              {QStringLiteral("register"), QStringLiteral("alice"),
                               QStringLiteral("--display-name"), QStringLiteral("Alice Liddell"),
                               QStringLiteral("--password-stdin")},
                              "wonderland1\n");
        QVERIFY2(alice.exitCode == 0, qPrintable(alice.err));
        const Run bob = ctl(
            m_bobHome,
            {QStringLiteral("register"), QStringLiteral("bob"), QStringLiteral("--password-stdin")},
            "builder12\n");
        QVERIFY2(bob.exitCode == 0, qPrintable(bob.err));
    }

    void sessionFileIsPrivate()
    {
        const QFileInfo file(m_aliceHome.filePath(QStringLiteral("natterctl.json")));
        QVERIFY(file.exists());
        QCOMPARE(file.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        const Run who = ctl(m_aliceHome, {QStringLiteral("whoami")});
        QCOMPARE(who.exitCode, 0);
        QVERIFY(who.out.contains(QStringLiteral("Alice Liddell")));
    }

    void conversationBetweenTwoShells()
    {
        QProcess *tail = start(m_bobHome, {QStringLiteral("tail"), QStringLiteral("--count"),
                                           QStringLiteral("2"), QStringLiteral("--timeout"),
                                           QStringLiteral("20"), QStringLiteral("--json")});
        // The messages go out once tail says it listens.
        QByteArray tailErr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (tailErr += tail->readAllStandardError(), tailErr.contains("listening")), 10'000);
        const Run dm = ctl(m_aliceHome, {QStringLiteral("dm"), QStringLiteral("bob")});
        QCOMPARE(dm.exitCode, 0);
        const QString conv = dm.out;
        QVERIFY(conv.toULongLong() > 0);
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("send"), conv, QStringLiteral("hello bob")}).out,
                 QStringLiteral("1"));
        // Alice is new to Bob: a message request in his list until he replies (or accepts).
        QVERIFY(ctl(m_bobHome, {QStringLiteral("conversations")})
                    .out.contains(QStringLiteral("message request")));
        const Run reply = ctl(m_bobHome, {QStringLiteral("send"), conv, QStringLiteral("hi alice"),
                                          QStringLiteral("--id"), QStringLiteral("fixed-id")});
        QCOMPARE(reply.out, QStringLiteral("2"));
        // The same --id again is a retry: same seq, nothing new stored.
        QCOMPARE(ctl(m_bobHome, {QStringLiteral("send"), conv, QStringLiteral("hi alice"),
                                 QStringLiteral("--id"), QStringLiteral("fixed-id")})
                     .out,
                 QStringLiteral("2"));

        const Run tailed = finish(tail);
        QCOMPARE(tailed.exitCode, 0);
        // tail prints conversation events too (bob was added to a new conversation).
        QStringList lines = tailed.out.split(QLatin1Char('\n'));
        QVERIFY(lines.first().contains(QStringLiteral("CREATED")));
        lines.removeFirst();
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        QCOMPARE(first.value(QStringLiteral("text")).toString(), QStringLiteral("hello bob"));
        QCOMPARE(first.value(QStringLiteral("sender_username")).toString(),
                 QStringLiteral("alice"));

        const Run history = ctl(m_aliceHome, {QStringLiteral("history"), conv});
        QCOMPARE(history.exitCode, 0);
        QCOMPARE(history.out.split(QLatin1Char('\n')).size(), 2);
        QVERIFY(history.out.contains(QStringLiteral("bob: hi alice")));
        const Run older =
            ctl(m_aliceHome, {QStringLiteral("history"), conv, QStringLiteral("--before"),
                              QStringLiteral("2"), QStringLiteral("--json")});
        QCOMPARE(older.out.split(QLatin1Char('\n')).size(), 1);

        const Run list = ctl(m_bobHome, {QStringLiteral("conversations")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains(QStringLiteral("Alice Liddell")), qPrintable(list.out));
        QVERIFY2(!list.out.contains(QStringLiteral("message request")), qPrintable(list.out));
        const Run accepted = ctl(m_bobHome, {QStringLiteral("accept"), conv});
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
        QVERIFY(accepted.out.startsWith(QStringLiteral("accepted conversation")));
        QCOMPARE(ctl(m_bobHome, {QStringLiteral("accept"), QStringLiteral("x")}).exitCode, 2);
    }

    void searchFindsWhatWasSaid()
    {
        const QString conv = ctl(m_aliceHome, {QStringLiteral("dm"), QStringLiteral("bob")}).out;
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("send"), conv,
                                   QStringLiteral("Deployment moved to Café Friday")})
                     .exitCode,
                 0);
        const Run found = ctl(m_bobHome, {QStringLiteral("search"), QStringLiteral("deplo"),
                                          QStringLiteral("cafe"), QStringLiteral("--from"),
                                          QStringLiteral("alice")});
        QVERIFY2(found.exitCode == 0, qPrintable(found.err));
        QVERIFY2(found.out.endsWith(QStringLiteral("alice: Deployment moved to Café Friday")),
                 qPrintable(found.out));
        const Run json = ctl(m_bobHome, {QStringLiteral("search"), QStringLiteral("FRIDAY"),
                                         QStringLiteral("--conv"), conv, QStringLiteral("--limit"),
                                         QStringLiteral("1"), QStringLiteral("--json")});
        const QJsonObject hit = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(hit.value(QStringLiteral("snippet")).toString(),
                 QStringLiteral("Deployment moved to Café Friday"));
        const QJsonObject range = hit.value(QStringLiteral("ranges")).toArray()[0].toObject();
        QCOMPARE(range.value(QStringLiteral("start")).toInt(), 25);
        QCOMPARE(range.value(QStringLiteral("length")).toInt(), 6);
        const Run none = ctl(m_bobHome, {QStringLiteral("search"), QStringLiteral("nowhere")});
        QCOMPARE(none.exitCode, 0);
        QVERIFY(none.out.isEmpty());
        QVERIFY(none.err.contains(QStringLiteral("no messages match")));
        const Run bad = ctl(m_bobHome, {QStringLiteral("search")});
        QCOMPARE(bad.exitCode, 2);
    }

    void groups()
    {
        QTemporaryDir carolHome;
        QCOMPARE(ctl(carolHome,
                     {QStringLiteral("register"), QStringLiteral("carol"),
                      QStringLiteral("--password-stdin")},
                     "carolpass1\n")
                     .exitCode,
                 0);
        const Run created = ctl(m_aliceHome, {QStringLiteral("group"), QStringLiteral("create"),
                                              QStringLiteral("Tea party"), QStringLiteral("bob")});
        QCOMPARE(created.exitCode, 0);
        const QString conv = created.out;
        const Run added = ctl(m_aliceHome, {QStringLiteral("group"), QStringLiteral("add"), conv,
                                            QStringLiteral("carol")});
        QCOMPARE(added.exitCode, 0);
        QVERIFY(added.out.contains(QStringLiteral("carol")));
        const Run notAdmin = ctl(m_bobHome, {QStringLiteral("group"), QStringLiteral("remove"),
                                             conv, QStringLiteral("carol")});
        QCOMPARE(notAdmin.exitCode, 1);
        QVERIFY(notAdmin.err.contains(QStringLiteral("NOT_ADMIN")));
        QCOMPARE(ctl(carolHome, {QStringLiteral("send"), conv, QStringLiteral("thanks")}).exitCode,
                 0);
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("group"), QStringLiteral("remove"), conv,
                                   QStringLiteral("carol")})
                     .exitCode,
                 0);
        const Run refused =
            ctl(carolHome, {QStringLiteral("send"), conv, QStringLiteral("hello?")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains(QStringLiteral("not a member")));
    }

    void errorsAreOneLineAndNonZero()
    {
        QTemporaryDir strangerHome;
        const Run wrong = ctl(
            strangerHome,
            {QStringLiteral("login"), QStringLiteral("alice"), QStringLiteral("--password-stdin")},
            "not-the-password\n");
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(wrong.err.count(QLatin1Char('\n')), 1);
        QVERIFY(wrong.err.contains(QStringLiteral("wrong username or password")));

        const Run notSignedIn = ctl(strangerHome, {QStringLiteral("conversations")});
        QVERIFY(notSignedIn.exitCode != 0);
        QVERIFY(notSignedIn.err.contains(QStringLiteral("login")));

        const Run usage = ctl(m_aliceHome, {QStringLiteral("send"), QStringLiteral("abc")});
        QCOMPARE(usage.exitCode, 2);

        QProcess unreachable;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NATTER_CONFIG_DIR"), m_aliceHome.path());
        unreachable.setProcessEnvironment(env);
        unreachable.start(ServerFixture::binary("NATTERCTL_BINARY"),
                          {QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:1"),
                           QStringLiteral("whoami")});
        QVERIFY(unreachable.waitForFinished(20'000));
        QCOMPARE(unreachable.exitCode(), 1);
        QVERIFY(QString::fromUtf8(unreachable.readAllStandardError())
                    .contains(QStringLiteral("cannot reach")));
    }

    void aFileGoesFromOneShellToTheOther()
    {
        const QString conv = ctl(m_aliceHome, {QStringLiteral("dm"), QStringLiteral("bob")}).out;
        QTemporaryDir files;
        QByteArray content(500 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < content.size(); ++i)
            content[i] = char(i * 7 + i / 1000);
        QFile original(files.filePath(QStringLiteral("report.bin")));
        QVERIFY(original.open(QIODevice::WriteOnly) && original.write(content) == content.size());
        original.close();
        const Run sent = ctl(m_aliceHome, {QStringLiteral("send-file"), conv, original.fileName(),
                                           QStringLiteral("--caption"), QStringLiteral("numbers")});
        QCOMPARE(sent.exitCode, 0);
        const QString seq = sent.out;
        QVERIFY(seq.toULongLong() > 0);
        const QString saveTo = files.filePath(QStringLiteral("bob"));
        QVERIFY(QDir().mkpath(saveTo));
        const Run fetched = ctl(
            m_bobHome, {QStringLiteral("download"), conv, seq, QStringLiteral("--out"), saveTo});
        QCOMPARE(fetched.exitCode, 0);
        QCOMPARE(fetched.out, QDir(saveTo).filePath(QStringLiteral("report.bin")));
        QFile copy(fetched.out);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), content);
        // Never over an existing file; a message without a file says so.
        const Run again = ctl(
            m_bobHome, {QStringLiteral("download"), conv, seq, QStringLiteral("--out"), saveTo});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains(QStringLiteral("exists already")));
        // A sender's hidden-file name is not kept hidden (nor able to replace a dotfile).
        QFile hidden(files.filePath(QStringLiteral(".bashrc")));
        QVERIFY(hidden.open(QIODevice::WriteOnly) && hidden.write("echo hi\n") > 0);
        hidden.close();
        const QString hiddenSeq =
            ctl(m_aliceHome, {QStringLiteral("send-file"), conv, hidden.fileName()}).out;
        QCOMPARE(ctl(m_bobHome,
                     {QStringLiteral("download"), conv, hiddenSeq, QStringLiteral("--out"), saveTo})
                     .out,
                 QDir(saveTo).filePath(QStringLiteral("bashrc")));
        const QString text =
            ctl(m_aliceHome, {QStringLiteral("send"), conv, QStringLiteral("no file")}).out;
        QVERIFY(ctl(m_bobHome, {QStringLiteral("download"), conv, text})
                    .err.contains(QStringLiteral("carries no file")));
    }

    void avatarSetAndRemove()
    {
        QTemporaryDir files;
        const QString path = files.filePath(QStringLiteral("me.png"));
        QVERIFY(natter::test::picture(1000, 700).save(path));
        const Run set = ctl(m_aliceHome, {QStringLiteral("--json"), QStringLiteral("avatar"),
                                          QStringLiteral("set"), path});
        QCOMPARE(set.exitCode, 0);
        const QJsonObject profile = QJsonDocument::fromJson(set.out.toUtf8())
                                        .object()[QStringLiteral("profiles")]
                                        .toArray()
                                        .first()
                                        .toObject();
        QCOMPARE(profile[QStringLiteral("photo_blob_id")].toString().size(), 64);
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("avatar"), QStringLiteral("remove")}).out,
                 QStringLiteral("Profile photo removed."));
        // What is not a picture is refused before anything is sent, and says why.
        const Run notAPicture = ctl(m_aliceHome, {QStringLiteral("avatar"), QStringLiteral("set"),
                                                  QFINDTESTDATA("tst_natterctl.cpp")});
        QCOMPARE(notAPicture.exitCode, 2);
        QVERIFY2(notAPicture.err.contains(QStringLiteral("not a PNG, JPEG or GIF")),
                 qPrintable(notAPicture.err));
    }

    void logoutEndsTheSession()
    {
        QCOMPARE(ctl(m_bobHome, {QStringLiteral("logout")}).exitCode, 0);
        const Run after = ctl(m_bobHome, {QStringLiteral("whoami")});
        QVERIFY(after.exitCode != 0);
        QCOMPARE(ctl(m_bobHome,
                     {QStringLiteral("login"), QStringLiteral("bob"),
                      QStringLiteral("--password-stdin")},
                     "builder12\n")
                     .exitCode,
                 0);
        QCOMPARE(ctl(m_bobHome, {QStringLiteral("whoami")}).exitCode, 0);
    }

    void settingsPushTargetAndAdminStats()
    {
        const Run changed =
            ctl(m_bobHome, {QStringLiteral("settings"), QStringLiteral("--hide-last-seen"),
                            QStringLiteral("on"), QStringLiteral("--email"),
                            QStringLiteral("bob@example.test")});
        QCOMPARE(changed.exitCode, 0);
        QVERIFY2(changed.out.contains(QStringLiteral("hide-last-seen\ton")),
                 qPrintable(changed.out));
        QVERIFY(changed.out.contains(QStringLiteral("email\tbob@example.test")));
        const Run policy =
            ctl(m_bobHome, {QStringLiteral("settings"), QStringLiteral("--who-can-add"),
                            QStringLiteral("contacts")});
        QVERIFY2(policy.out.contains(QStringLiteral("who-can-add\tcontacts")),
                 qPrintable(policy.out));
        QCOMPARE(ctl(m_bobHome, {QStringLiteral("settings"), QStringLiteral("--who-can-add"),
                                 QStringLiteral("friends")})
                     .exitCode,
                 2);
        const Run blocking = ctl(m_bobHome, {QStringLiteral("block"), QStringLiteral("alice")});
        QVERIFY2(blocking.exitCode == 0, qPrintable(blocking.err));
        QVERIFY(
            ctl(m_bobHome, {QStringLiteral("blocked")}).out.startsWith(QStringLiteral("alice\t")));
        const Run refused = ctl(m_aliceHome, {QStringLiteral("group"), QStringLiteral("create"),
                                              QStringLiteral("Uninvited"), QStringLiteral("bob")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("NOT_ALLOWED_BY_USER")),
                 qPrintable(refused.err));
        QCOMPARE(ctl(m_bobHome, {QStringLiteral("unblock"), QStringLiteral("alice")}).exitCode, 0);
        QVERIFY(ctl(m_bobHome, {QStringLiteral("blocked")}).out.isEmpty());
        // Stored: a plain read shows the same.
        QVERIFY(ctl(m_bobHome, {QStringLiteral("settings")})
                    .out.contains(QStringLiteral("hide-last-seen\ton")));
        const Run badSwitch = ctl(m_bobHome, {QStringLiteral("settings"),
                                              QStringLiteral("--digest"), QStringLiteral("maybe")});
        QCOMPARE(badSwitch.exitCode, 2);
        QVERIFY(badSwitch.err.contains(QStringLiteral("--digest takes on or off")));
        const Run badMail = ctl(m_bobHome, {QStringLiteral("settings"), QStringLiteral("--email"),
                                            QStringLiteral("nope")});
        QCOMPARE(badMail.exitCode, 1);
        QVERIFY(badMail.err.contains(QStringLiteral("not an e-mail address")));

        const Run loopback = ctl(
            m_bobHome, {QStringLiteral("push-target"), QStringLiteral("http://127.0.0.1:9/push")});
        QCOMPARE(loopback.exitCode, 1);
        QVERIFY2(loopback.err.contains(QStringLiteral("TARGET_NOT_ALLOWED")),
                 qPrintable(loopback.err));
        const Run denied = ctl(m_bobHome, {QStringLiteral("admin"), QStringLiteral("push-stats")});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY(denied.err.contains(QStringLiteral("natterctl admin grant bob")));
        // Rights are on the account; the first admin comes from natterd's command line.
        QVERIFY(m_server.grantAdmin(QStringLiteral("alice")));
        const Run stats = ctl(m_aliceHome, {QStringLiteral("--json"), QStringLiteral("admin"),
                                            QStringLiteral("push-stats")});
        QCOMPARE(stats.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(stats.out.toUtf8()).isObject());
        // Alice reads a conversation twice: the second newest page comes from the cache.
        const Run list = ctl(m_aliceHome, {QStringLiteral("conversations")});
        const QString conversation = list.out.section(QLatin1Char('\t'), 0, 0);
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("history"), conversation}).exitCode, 0);
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("history"), conversation}).exitCode, 0);
        const Run server = ctl(m_aliceHome, {QStringLiteral("--json"), QStringLiteral("admin"),
                                             QStringLiteral("server-stats")});
        QCOMPARE(server.exitCode, 0);
        const QJsonObject serverStats = QJsonDocument::fromJson(server.out.toUtf8()).object();
        // proto3 JSON: 64-bit numbers are strings.
        QVERIFY2(serverStats[QStringLiteral("cache_hits")].toString().toInt() >= 1,
                 qPrintable(server.out));
        QVERIFY(serverStats[QStringLiteral("connections")].toString().toInt() >= 1);

        const Run invite = ctl(m_aliceHome, {QStringLiteral("admin"), QStringLiteral("invite")});
        QCOMPARE(invite.exitCode, 0);
        QVERIFY2(invite.out.trimmed().size() >= 20, qPrintable(invite.out));
        // Admins see and end other users' sessions.
        const Run sessions = ctl(m_aliceHome, {QStringLiteral("admin"), QStringLiteral("sessions"),
                                               QStringLiteral("bob")});
        QCOMPARE(sessions.exitCode, 0);
        QVERIFY2(!sessions.out.isEmpty(), qPrintable(sessions.err));
        const Run revoked = ctl(m_aliceHome, {QStringLiteral("admin"), QStringLiteral("sessions"),
                                              QStringLiteral("revoke"), QStringLiteral("bob")});
        QCOMPARE(revoked.exitCode, 0);
        QVERIFY2(revoked.out.startsWith(QStringLiteral("revoked")), qPrintable(revoked.out));
        const Run locked = ctl(m_bobHome, {QStringLiteral("conversations")});
        QCOMPARE(locked.exitCode, 1);
        QVERIFY2(locked.err.contains(QStringLiteral("INVALID_TOKEN")), qPrintable(locked.err));
    }

    void terminalControlsArePrintedNotObeyed()
    {
        // Carol registered in groups().
        const Run direct = ctl(m_aliceHome, {QStringLiteral("dm"), QStringLiteral("carol")});
        QCOMPARE(direct.exitCode, 0);
        // Retitles the terminal, clears it, rings the bell, reverses what follows.
        const QString hostile = QStringLiteral("\x1b]0;pwned\x07\x1b[2J\u202Edlrow\u009b31m");
        QCOMPARE(ctl(m_aliceHome, {QStringLiteral("send"), direct.out, hostile}).exitCode, 0);
        const Run history = ctl(m_aliceHome, {QStringLiteral("history"), direct.out});
        QCOMPARE(history.exitCode, 0);
        for (QChar c : history.out) {
            const char16_t u = c.unicode();
            QVERIFY2((u >= 0x20 || u == u'\n' || u == u'\t') && !(u >= 0x7f && u <= 0x9f) &&
                         u != 0x202e,
                     qPrintable(QString::number(u, 16)));
        }
        QVERIFY2(history.out.contains(QStringLiteral("\\x1b]0;pwned\\x07")),
                 qPrintable(history.out));
        QVERIFY(history.out.contains(QStringLiteral("\\u202edlrow")));
    }
};

QTEST_GUILESS_MAIN(TestNatterctl)
#include "tst_natterctl.moc"
