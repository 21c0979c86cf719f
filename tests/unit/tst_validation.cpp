#include "sha256.h"
#include "validation.h"

#include <QtTest>

using namespace natter::validation;

class TestValidation : public QObject {
    Q_OBJECT
private slots:
    void sha256MatchesTheStandardAndQt()
    {
        natter::Sha256 abc;
        abc.add(QByteArrayLiteral("abc"));
        // FIPS 180-2, appendix B.1.
        QCOMPARE(
            abc.hex(),
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QTemporaryFile file;
        QVERIFY(file.open());
        QByteArray bytes(3 * 1024 * 1024 + 17, Qt::Uninitialized); // spans read buffers
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = char(i * 31 + i / 977);
        file.write(bytes);
        file.close();
        QCOMPARE(natter::sha256HexOfFile(file.fileName()),
                 QString::fromLatin1(
                     QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(natter::sha256HexOfFile(QStringLiteral("/no/such/file")), QString());
    }

    void usernames_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << QStringLiteral("alice") << true;
        QTest::newRow("mixed") << QStringLiteral("Bob_the.2nd-x") << true;
        QTest::newRow("too short") << QStringLiteral("ab") << false;
        QTest::newRow("shortest") << QStringLiteral("abc") << true;
        QTest::newRow("longest") << QString(32, QLatin1Char('a')) << true;
        QTest::newRow("too long") << QString(33, QLatin1Char('a')) << false;
        QTest::newRow("space") << QStringLiteral("al ice") << false;
        QTest::newRow("at sign") << QStringLiteral("al@ice") << false;
        QTest::newRow("non-ascii") << QStringLiteral("jürgen") << false;
        QTest::newRow("leading dot") << QStringLiteral(".alice") << false;
        QTest::newRow("leading dash") << QStringLiteral("-alice") << false;
    }
    void usernames()
    {
        QFETCH(QString, username);
        QFETCH(bool, valid);
        QCOMPARE(usernameProblem(username).isEmpty(), valid);
    }

    void usernameKeyIsCaseInsensitive()
    {
        QCOMPARE(usernameKey(QStringLiteral("Alice")), usernameKey(QStringLiteral("aLICE")));
    }

    void passwords()
    {
        QVERIFY(!passwordProblem("short").isEmpty());
        QVERIFY(passwordProblem("long enough").isEmpty());
        QVERIFY(!passwordProblem(QByteArray(2000, 'x')).isEmpty());
        // Eight characters, more bytes: length counts characters.
        QVERIFY(passwordProblem(QStringLiteral("ääääääää").toUtf8()).isEmpty());
    }

    void utf8_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("hello") << true;
        QTest::newRow("two-byte") << QByteArray("gr\xc3\xbc\xc3\x9f") << true;
        QTest::newRow("emoji") << QByteArray("\xf0\x9f\x98\x80") << true;
        QTest::newRow("lone continuation") << QByteArray("\x80") << false;
        QTest::newRow("truncated") << QByteArray("\xe2\x82") << false;
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
        QTest::newRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("invalid lead") << QByteArray("\xff") << false;
    }
    void utf8()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        // Qt's check, which natterd relies on for texts and passwords.
        QCOMPARE(bytes.isValidUtf8(), valid);
    }

    void groupTitles()
    {
        QVERIFY(!groupTitleProblem(QStringLiteral("   ")).isEmpty());
        QVERIFY(groupTitleProblem(QStringLiteral("Design")).isEmpty());
        QVERIFY(!groupTitleProblem(QString(101, QLatin1Char('x'))).isEmpty());
    }
    void emailAddresses()
    {
        QVERIFY(emailProblem(QStringLiteral("zoe@example.test")).isEmpty());
        for (const char *bad : {"zoe", "zoe@localhost", "zoe @example.test", "<zoe@example.test>",
                                "zoe@@example.test", "\"zoe\"@example.test"})
            QVERIFY2(emailProblem(QString::fromLatin1(bad))
                         .contains(QStringLiteral("is not an e-mail address")),
                     bad);
        QVERIFY(!emailProblem(QString(251, QLatin1Char('z')) + QStringLiteral("@a.b")).isEmpty());
    }

    void pushUrls()
    {
        QVERIFY(pushUrlProblem(QStringLiteral("https://push.example.test/natter/abc")).isEmpty());
        QVERIFY(pushUrlProblem(QStringLiteral("http://10.0.0.1:8080/push")).isEmpty()); // form only
        QVERIFY(pushUrlProblem(QStringLiteral("ftp://push.example.test/"))
                    .contains(QStringLiteral("not an http:// or https:// URL")));
        QVERIFY(!pushUrlProblem(QStringLiteral("https:///nohost")).isEmpty());
        QVERIFY(pushUrlProblem(QStringLiteral("https://user:pw@push.example.test/"))
                    .contains(QStringLiteral("user name or password")));
        QVERIFY(pushUrlProblem(QStringLiteral("https://p.example.test/") +
                               QString(2048, QLatin1Char('a')))
                    .contains(QStringLiteral("longer than 2048")));
    }

    void shownNamesCarryTheUsernameWhenTheyDiffer()
    {
        using natter::validation::shownName;
        QCOMPARE(shownName(QStringLiteral("Bob"), QStringLiteral("bob")), QStringLiteral("Bob"));
        QCOMPARE(shownName(QString(), QStringLiteral("bob")), QStringLiteral("bob"));
        QCOMPARE(shownName(QStringLiteral("alice"), QStringLiteral("mallory")),
                 QStringLiteral("alice (@mallory)"));
        QCOMPARE(shownName(QStringLiteral("aIice"), QStringLiteral("alice")),
                 QStringLiteral("aIice (@alice)"));
    }

    void displayTextIsCleaned()
    {
        using natter::validation::cleanDisplayText;
        QCOMPARE(cleanDisplayText(QStringLiteral(" a\u202Eb\u200Bc\n\x1b[2Jd\u2066 ")),
                 QStringLiteral("abc [2Jd"));
        QCOMPARE(natter::validation::quoted(QString(100, QLatin1Char('x'))).size(),
                 natter::validation::kQuotedMaxLength + 1);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
