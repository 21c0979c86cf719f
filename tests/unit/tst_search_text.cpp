// What a search matches and what it highlights: the rules natterd and the desktop share.
#include "search_text.h"

#include <QtTest>
#include <cmath>

using namespace natter::search;

class TestSearchText : public QObject {
    Q_OBJECT
private slots:
    void foldingIgnoresCaseAccentsAndWidth()
    {
        QCOMPARE(fold(u"Café CRÈME"), QStringLiteral("cafe creme"));
        QCOMPARE(fold(u"Ｆｕｌｌ ｗｉｄｔｈ"), QStringLiteral("full width")); // compatibility
        QCOMPARE(fold(u"ﬁne"), QStringLiteral("fine"));                       // ligature
        QCOMPARE(fold(u"ΣΊΣΥΦΟΣ"), fold(u"σίσυφοσ"));
        QCOMPARE(fold(u"東京タワー"), QStringLiteral("東京タワー")); // no case, kept
        QCOMPARE(fold(u"e\u0301"), QStringLiteral("e"));             // combining accent dropped
        QCOMPARE(fold(u"😀 ok"), QStringLiteral("😀 ok"));             // surrogates survive
    }

    void originMapsEachFoldedUnitBack()
    {
        const FoldedText folded = foldWithOrigin(u"Aé😀ﬁ");
        QCOMPARE(folded.text, QStringLiteral("ae😀fi"));
        QCOMPARE(folded.origin, (QList<qsizetype>{0, 1, 2, 2, 4, 4, 5}));
    }

    void queriesAreTextNotSyntax_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("terms");
        QTest::newRow("words") << QStringLiteral("  Deploy  Friday ")
                               << QStringList{QStringLiteral("deploy"), QStringLiteral("friday")};
        QTest::newRow("duplicates") << QStringLiteral("a A a") << QStringList{QStringLiteral("a")};
        QTest::newRow("punctuation only") << QStringLiteral("?! ... - ***") << QStringList{};
        QTest::newRow("empty") << QString() << QStringList{};
        QTest::newRow("fts syntax")
            << QStringLiteral("\"x\" NEAR(a b) -c* (d)")
            << QStringList{QStringLiteral("\"x\""), QStringLiteral("near(a"), QStringLiteral("b)"),
                           QStringLiteral("-c*"), QStringLiteral("(d)")};
        QTest::newRow("at most eight")
            << QStringLiteral("a b c d e f g h i j")
            << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                           QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f"),
                           QStringLiteral("g"), QStringLiteral("h")};
    }
    void queriesAreTextNotSyntax()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, terms);
        QCOMPARE(parseQuery(query).terms, terms);
    }

    void matchingFindsPrefixesSubstringsAndCjk_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("found");
        QTest::newRow("prefix") << QStringLiteral("Deployment at 5") << QStringLiteral("deplo")
                                << true;
        QTest::newRow("case and accent")
            << QStringLiteral("CAFÉ au lait") << QStringLiteral("cafe") << true;
        QTest::newRow("accent in query")
            << QStringLiteral("resume attached") << QStringLiteral("résumé") << true;
        QTest::newRow("cjk substring")
            << QStringLiteral("明日は東京タワーに行く") << QStringLiteral("東京") << true;
        QTest::newRow("every term")
            << QStringLiteral("ship it friday") << QStringLiteral("ship monday") << false;
        QTest::newRow("quotes as text")
            << QStringLiteral("he said \"hi\"") << QStringLiteral("\"hi\"") << true;
        QTest::newRow("punctuation finds nothing")
            << QStringLiteral("what?") << QStringLiteral("?") << false;
    }
    void matchingFindsPrefixesSubstringsAndCjk()
    {
        QFETCH(QString, text);
        QFETCH(QString, query);
        QFETCH(bool, found);
        QCOMPARE(matches(fold(text), parseQuery(query)), found);
    }

    void trigramsAreQuotedStrings()
    {
        QCOMPARE(trigramMatch(parseQuery(u"ab")), QString()); // too short for the index
        QCOMPARE(trigramMatch(parseQuery(u"Deplo")),
                 QStringLiteral("\"dep\" AND \"epl\" AND \"plo\""));
        QCOMPARE(trigramMatch(parseQuery(u"a\"b")), QStringLiteral("\"a\"\"b\""));
        // A long term gives a handful of trigrams, the first and the last among them.
        const QString long_ =
            trigramMatch(parseQuery(QString(QString(40, QLatin1Char('x')) + u"yz")));
        QVERIFY(long_.count(QLatin1String(" AND ")) <= 7);
        QVERIFY(long_.startsWith(QLatin1String("\"xxx\"")));
        QVERIFY(long_.endsWith(QLatin1String("\"xyz\"")));
    }

    void rareTrigramsAreChosenFromTheSample()
    {
        const QHash<QString, qint64> docs{
            {QStringLiteral("dep"), 100}, {QStringLiteral("epl"), 5},  {QStringLiteral("plo"), 50},
            {QStringLiteral("loy"), 80},  {QStringLiteral("tod"), 0},  {QStringLiteral("oda"), 900},
            {QStringLiteral("day"), 300}, {QStringLiteral("the"), 600}};
        auto counted = [&](const QString &trigram) { return docs.value(trigram, 1000); };
        // The rarest, then the next rarest while more than 0.2 % of the sample would qualify.
        QCOMPARE(rarestTrigramMatch(parseQuery(u"deploy"), 1000, counted),
                 QStringLiteral("\"epl\" AND \"plo\""));
        // A trigram no sampled text holds is enough on its own; each term gets its rarest.
        QCOMPARE(rarestTrigramMatch(parseQuery(u"today deploy"), 1000, counted),
                 QStringLiteral("\"tod\" AND \"epl\""));
        // One the sample lacks may be common in older texts: a second one with it.
        QCOMPARE(rarestTrigramMatch(parseQuery(u"today"), 1000, counted),
                 QStringLiteral("\"tod\" AND \"day\""));
        // Common trigrams only: a handful of them, never every one.
        QCOMPARE(rarestTrigramMatch(parseQuery(u"theodaday"), 1000, counted)
                     .count(QLatin1String(" AND ")),
                 kMaxChosenTrigrams - 1);
        // Without statistics, every trigram; short terms use no index either way.
        QCOMPARE(
            rarestTrigramMatch(parseQuery(u"deploy"), 1000, [](const QString &) { return -1; }),
            trigramMatch(parseQuery(u"deploy")));
        QCOMPARE(rarestTrigramMatch(parseQuery(u"deploy"), 0, counted),
                 trigramMatch(parseQuery(u"deploy")));
        QCOMPARE(rarestTrigramMatch(parseQuery(u"ab"), 1000, counted), QString());
    }

    void aSampleCountsEachTrigramOncePerText()
    {
        TrigramSample sample;
        sample.add(fold(u"deploy the deployment"));
        sample.add(fold(u"東京タワー 😀😀😀"));
        sample.add(fold(u"Deploy"));
        QCOMPARE(sample.texts(), 3);
        QCOMPARE(sample.textsWith(u"plo"), 2); // twice in the first text, counted once
        QCOMPARE(sample.textsWith(u"y t"), 1); // as the index cuts them: spaces included
        QCOMPARE(sample.textsWith(u"東京タ"), 1);
        QCOMPARE(sample.textsWith(u"😀😀😀"), 1); // code points, not UTF-16 units
        QCOMPARE(sample.textsWith(u"xyz"), 0);
        QCOMPARE(sample.textsWith(u"pl"), 0);
        // What rarestTrigramMatch asks of it.
        const auto docsWith = [&](const QString &trigram) { return sample.textsWith(trigram); };
        double share = 0;
        const QString match =
            rarestTrigramMatch(parseQuery(u"deployment"), sample.texts(), docsWith, &share);
        QVERIFY2(!match.contains(QLatin1String("dep")), qPrintable(match)); // in two texts
        QCOMPARE(match.count(QLatin1String(" AND ")), kMaxChosenTrigrams - 1);
        QCOMPARE(share, std::pow(1.0 / 3.0, kMaxChosenTrigrams)); // each in one text of three
        sample.dropRarerThan(2);
        QCOMPARE(sample.textsWith(u"plo"), 2);
        QCOMPARE(sample.textsWith(u"ent"), 0);
    }

    void wholeWordsRankAboveParts()
    {
        const Query query = parseQuery(u"deploy");
        QVERIFY(relevance(fold(u"we deploy today"), query) >
                relevance(fold(u"deployment today"), query));
        QVERIFY(relevance(fold(u"deployment today"), query) >
                relevance(fold(u"redeployment"), query));
    }

    void snippetsHighlightOriginalText()
    {
        const Snippet short_ = snippet(u"Le Café\nest ouvert", parseQuery(u"cafe ouv"));
        QCOMPARE(short_.text, QStringLiteral("Le Café est ouvert"));
        QCOMPARE(short_.ranges, (QList<Range>{{3, 4}, {12, 3}}));

        const Snippet decomposed = snippet(u"cafe\u0301!", parseQuery(u"café"));
        QCOMPARE(decomposed.ranges, (QList<Range>{{0, 5}})); // the accent goes with its letter

        QString text;
        for (int i = 0; i < 60; ++i)
            text += QStringLiteral("word%1 ").arg(i);
        const Snippet cut = snippet(text, parseQuery(u"word45"), 80);
        QVERIFY(cut.text.startsWith(QStringLiteral("…")));
        QVERIFY(cut.text.endsWith(QStringLiteral("…")));
        QVERIFY(cut.text.size() <= 82);
        QCOMPARE(cut.ranges.size(), 1);
        QCOMPARE(cut.text.mid(cut.ranges[0].start, cut.ranges[0].length), QStringLiteral("word45"));
    }
};

QTEST_APPLESS_MAIN(TestSearchText)
#include "tst_search_text.moc"
