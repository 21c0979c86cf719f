#include "server_fixture.h"
#include "test_client.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestNatterdCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_configs;
    QString writeConfig(const char *name, const QByteArray &text)
    {
        QFile file(m_configs.filePath(QString::fromLatin1(name)));
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return QString();
        return file.fileName();
    }
    struct Run {
        int exitCode;
        QString out;
        QString err;
    };
    Run natterd(const QStringList &args)
    {
        QProcess p;
        p.start(ServerFixture::binary("NATTERD_BINARY"), args);
        p.waitForFinished(20'000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void versionAndHelp()
    {
        const Run version = natterd({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("natterd ")));
        const Run help = natterd({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--listen")));
    }

    void badOptionsExitTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("bad listen")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("nonsense")}
            << QStringLiteral("HOST:PORT");
        QTest::newRow("bad listen fd")
            << QStringList{QStringLiteral("--listen-fd"), QStringLiteral("three")}
            << QStringLiteral("--listen-fd must be the number of an open listening socket");
        QTest::newRow("listen and listen fd")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                           QStringLiteral("--listen-fd"), QStringLiteral("3")}
            << QStringLiteral("exclude each other");
        QTest::newRow("listen fd not a socket") // natterd's stdin: a pipe
            << QStringList{QStringLiteral("--listen-fd"), QStringLiteral("0"),
                           QStringLiteral("--data"), m_configs.filePath(QStringLiteral("fd-data"))}
            << QStringLiteral("cannot accept on --listen-fd 0");
        QTest::newRow("bad shards") << QStringList{QStringLiteral("--shards"), QStringLiteral("0")}
                                    << QStringLiteral("--shards");
        QTest::newRow("bad gateway threads")
            << QStringList{QStringLiteral("--gateway-threads"), QStringLiteral("0")}
            << QStringLiteral("must be a number from 1 to 64");
        QTest::newRow("bad gateway threads in config")
            << QStringList{QStringLiteral("--config"),
                           writeConfig("threads.ini", "[server]\ngateway-threads=500\n")}
            << QStringLiteral("[server] gateway-threads");
        QTest::newRow("bad cache size")
            << QStringList{QStringLiteral("--config"),
                           writeConfig("cache.ini", "[cache]\nconversations=0\n")}
            << QStringLiteral("cache/conversations must be a positive number");
        QTest::newRow("admin by name")
            << QStringList{QStringLiteral("--admin"), QStringLiteral("alice"),
                           QStringLiteral("--data"), QDir::tempPath()}
            << QStringLiteral("--grant-admin");
        QTest::newRow("admins in config")
            << QStringList{QStringLiteral("--config"),
                           writeConfig("admins.ini", "[server]\nadmins=alice\n")}
            << QStringLiteral("--grant-admin");
        QTest::newRow("bad registration")
            << QStringList{QStringLiteral("--config"),
                           writeConfig("registration.ini", "[accounts]\nregistration=maybe\n")}
            << QStringLiteral("accounts/registration must be open, closed or invite");
        QTest::newRow("bad log level")
            << QStringList{QStringLiteral("--log-level"), QStringLiteral("loud"),
                           QStringLiteral("--data"), QDir::tempPath()}
            << QStringLiteral("--log-level");
        QTest::newRow("unusable data dir")
            << QStringList{QStringLiteral("--data"), QStringLiteral("/proc/natter-test"),
                           QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}
            << QStringLiteral("--data DIR");
        QTest::newRow("missing config")
            << QStringList{QStringLiteral("--config"), QStringLiteral("/nonexistent.ini")}
            << QStringLiteral("config file");
        QTest::newRow("bad smtp") << QStringList{QStringLiteral("--smtp"),
                                                 QStringLiteral("http://mail.example")}
                                  << QStringLiteral("--smtp must start with smtp://");
        QTest::newRow("bad push setting")
            << QStringList{QStringLiteral("--config"),
                           writeConfig("push.ini", "[push]\nmax-attempts=zero\n")}
            << QStringLiteral("push/max-attempts must be a positive number");
        QTest::newRow("bad queue bound")
            << QStringList{QStringLiteral("--config"),
                           writeConfig("queue.ini", "[limits]\nmax-queued-bytes=-5\n")}
            << QStringLiteral("limits/max-queued-bytes");
    }
    void badOptionsExitTwoWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run run = natterd(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.startsWith(QStringLiteral("natterd: ")), qPrintable(run.err));
        QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    }

    void shardCountIsFixedByTheDataDir()
    {
        ServerFixture server({QStringLiteral("--shards"), QStringLiteral("3")});
        QVERIFY(server.start());
        QCOMPARE(server.stop(), 0);
        const Run run = natterd({QStringLiteral("--data"), server.dataDir(),
                                 QStringLiteral("--shards"), QStringLiteral("5"),
                                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("--shards 3")), qPrintable(run.err));
    }

    void configFileIsRead()
    {
        QTemporaryDir dir;
        QFile ini(dir.filePath(QStringLiteral("natterd.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[server]\nlisten=127.0.0.1:0\nshards=2\n[limits]\nmax-text-bytes=100\n");
        ini.close();
        ServerFixture server({QStringLiteral("--config"), ini.fileName()});
        QVERIFY(server.start());
        TestClient c;
        QVERIFY(c.connectTo(server.url()));
        QCOMPARE(c.client().connection().limits().maxTextBytes, 100u);
        QVERIFY(QFile::exists(server.dataDir() + QStringLiteral("/shard-01.sqlite")));
        QVERIFY(!QFile::exists(server.dataDir() + QStringLiteral("/shard-02.sqlite")));
    }

    void dataDirIsPrivate()
    {
        QTemporaryDir parent;
        const QString dir = parent.filePath(QStringLiteral("new/data"));
        ServerFixture server({QStringLiteral("--data"), dir});
        QVERIFY(server.start());
        const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
        const auto groupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                  QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(QFileInfo(dir).permissions() & (ownerOnly | groupOrOther), ownerOnly);
        const auto files = QDir(dir).entryInfoList(QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QFileInfo &file : files)
            QVERIFY2(!(file.permissions() & groupOrOther), qPrintable(file.fileName()));
        QVERIFY(!server.serverStderr().contains(QStringLiteral("chmod")));
        QCOMPARE(server.stop(), 0);

        // An existing dir that others can read is reported, with the fix.
        QVERIFY(QFile::setPermissions(dir, ownerOnly | QFile::ReadGroup | QFile::ExeGroup |
                                               QFile::ReadOther | QFile::ExeOther));
        QVERIFY(server.restart());
        QTRY_VERIFY(server.serverStderr().contains(QStringLiteral("chmod 700 %1").arg(dir)));
    }

    void sigtermStopsCleanly()
    {
        ServerFixture server;
        QVERIFY(server.start());
        TestClient c;
        QVERIFY(c.connectTo(server.url()));
        QVERIFY(c.registerUser(QStringLiteral("alice")).ok());
        QCOMPARE(server.stop(), 0);
        QTRY_COMPARE(c.client().connection().state(), client::Connection::State::Disconnected);
        // The data survives the restart.
        QVERIFY(server.restart());
        TestClient again;
        QVERIFY(again.connectTo(server.url()));
        QVERIFY(again.login(QStringLiteral("alice"), QStringLiteral("correct horse")).ok());
    }
};

QTEST_GUILESS_MAIN(TestNatterdCli)
#include "tst_natterd_cli.moc"
