// wss:// with a certificate made at test time: refused with the reason when not trusted,
// accepted when its fingerprint is, and renewed without a restart on SIGHUP.
#include "blocking.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <memory>

using namespace natter;
using natter::client::connectAndWait;
using natter::test::ServerFixture;

class TestTls : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerFixture> m_server;
    QString m_fingerprint;

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    /// A self-signed certificate for 127.0.0.1 into server.pem / server.key; its fingerprint.
    QString makeCertificate(const QString &commonName)
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), path("server.key"), QStringLiteral("-out"),
                       path("server.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName,
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
        if (!openssl.waitForFinished(30'000) || openssl.exitCode() != 0) {
            qWarning("openssl failed (run scripts/setup): %s",
                     openssl.readAllStandardError().constData());
            return {};
        }
        const auto certificates = QSslCertificate::fromPath(path("server.pem"));
        if (certificates.isEmpty())
            return {};
        return QString::fromLatin1(
            certificates.constFirst().digest(QCryptographicHash::Sha256).toHex(':'));
    }

    Result<Done> connect(client::Client &client, const QString &trusted = {})
    {
        client.connection().setAutoReconnect(false);
        if (!trusted.isEmpty())
            client.connection().setTrustedCertificate(trusted);
        return connectAndWait(client, m_server->url());
    }

private slots:
    void initTestCase()
    {
        m_fingerprint = makeCertificate(QStringLiteral("natter-test-1"));
        QVERIFY(!m_fingerprint.isEmpty());
        m_server = std::make_unique<ServerFixture>(
            QStringList{QStringLiteral("--tls-cert"), path("server.pem"),
                        QStringLiteral("--tls-key"), path("server.key")});
        QVERIFY(m_server->start());
        QCOMPARE(m_server->url().scheme(), QStringLiteral("wss"));
    }

    void untrustedCertificateIsRefusedWithTheReason()
    {
        client::Client client(QStringLiteral("tls-test"));
        const auto refused = connect(client);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.failure().message.contains(QStringLiteral("not trusted")),
                 qPrintable(refused.failure().message));
        QVERIFY2(refused.failure().message.contains(m_fingerprint, Qt::CaseInsensitive),
                 qPrintable(refused.failure().message));
        QVERIFY(refused.failure().message.contains(QStringLiteral("--trust-cert")));
    }

    void trustedCertificateCarriesTheProtocol()
    {
        test::TestClient alice;
        alice.client().connection().setTrustedCertificate(m_fingerprint);
        QVERIFY(alice.connectTo(m_server->url()));
        QVERIFY(alice.registerUser(QStringLiteral("alice")).ok());
        const auto group = alice.createGroup(QStringLiteral("Encrypted"), {});
        QVERIFY(group.ok());
        QVERIFY(alice.send(group.value().id(), QStringLiteral("over TLS")).ok());
    }

    void natterctlTrustsOnlyWithTheOption()
    {
        QTemporaryDir home;
        auto natterctl = [&](const QStringList &extra) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("NATTER_CONFIG_DIR"), home.path());
            p.setProcessEnvironment(env);
            p.start(ServerFixture::binary("NATTERCTL_BINARY"),
                    QStringList{QStringLiteral("--server"), m_server->url().toString()} + extra +
                        QStringList{QStringLiteral("register"), QStringLiteral("bob"),
                                    QStringLiteral("--password-stdin")});
            p.write("correct horse\n");
            p.closeWriteChannel();
            p.waitForFinished(30'000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
        };
        const auto [refusedCode, refusedError] = natterctl({});
        QCOMPARE(refusedCode, 1);
        QVERIFY2(refusedError.contains(QStringLiteral("--trust-cert")), qPrintable(refusedError));
        const auto [code, error] = natterctl({QStringLiteral("--trust-cert"), m_fingerprint});
        QVERIFY2(code == 0, qPrintable(error));
    }

    void sighupLoadsARenewedCertificate()
    {
        const QString renewed = makeCertificate(QStringLiteral("natter-test-2"));
        QVERIFY(!renewed.isEmpty() && renewed != m_fingerprint);
        ::kill(pid_t(m_server->pid()), SIGHUP);
        // New connections get the new certificate once natterd has read it.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                client::Client client(QStringLiteral("tls-test"));
                return connect(client, renewed).ok();
            }(),
            10'000);
        client::Client old(QStringLiteral("tls-test"));
        QVERIFY(!connect(old, m_fingerprint).ok());
        // A broken file is reported and the certificate in use stays.
        QFile broken(path("server.pem"));
        QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
        broken.write("not a certificate\n");
        broken.close();
        ::kill(pid_t(m_server->pid()), SIGHUP);
        QTRY_VERIFY(m_server->serverStderr().contains(QStringLiteral("keeping the certificate")));
        client::Client still(QStringLiteral("tls-test"));
        QVERIFY(connect(still, renewed).ok());
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
