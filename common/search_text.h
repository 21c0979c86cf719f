#pragma once
/// What "a message matches a search" means, shared by natterd and the desktop's offline search
/// so that both find the same messages and highlight the same parts.
///
/// Text and query are folded (case folded, accents and other marks removed, compatibility
/// forms such as full-width letters unified). A message matches when every term of the query
/// occurs in its folded text: "deplo" finds "Deployment", "cafe" finds "Café", "東京" finds
/// "東京タワー" (no spaces needed). The indexes (SQLite FTS5 trigram tables on both sides) only
/// narrow the candidates; the final word is always matches().

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace natter::search {

constexpr qsizetype kMaxQueryChars = 256; // UTF-16 units, after trimming
constexpr int kMaxTerms = 8;
constexpr qsizetype kSnippetChars = 160;

/// Folded text; origin[i] is where folded unit i came from in the original (UTF-16 units), and
/// origin has one extra entry: the original's length.
struct FoldedText {
    QString text;
    QList<qsizetype> origin;
};

/// What a search looks through in a message: its text, then each file's name on a line.
[[nodiscard]] QString searchableText(const QString &text, const QStringList &fileNames);

/// The folded form, without the way back (what indexes store).
[[nodiscard]] QString fold(QStringView text);
/// The folded form and where each unit came from (for highlighting).
[[nodiscard]] FoldedText foldWithOrigin(QStringView text);

/// A parsed query: folded terms, distinct, in the order typed. No terms: nothing to look for
/// (an empty query, or one made only of punctuation and symbols).
struct Query {
    QStringList terms;
    [[nodiscard]] bool isEmpty() const { return terms.isEmpty(); }
};

/// Splits at white space and folds. A term without a letter or digit is dropped ("-", "***"),
/// one with them is kept whole ("c++", "\"quoted\"", "x-ray"): they are text, never query syntax.
[[nodiscard]] Query parseQuery(QStringView query);

/// An FTS5 MATCH expression over a trigram index (detail=none) that every text matching the
/// query satisfies: some trigrams of each term of three or more characters, each quoted as a
/// string. Empty when no term is long enough to use the index (then every text is a candidate).
[[nodiscard]] QString trigramMatch(const Query &query);

/// Whether every term occurs in `folded` (a fold()ed text).
[[nodiscard]] bool matches(QStringView folded, const Query &query);

/// Higher for better matches: a term that is a whole word counts most, then one that starts a
/// word, then one inside a word; more occurrences count a little more.
[[nodiscard]] int relevance(QStringView folded, const Query &query);

struct Range {
    qsizetype start = 0;
    qsizetype length = 0;
    bool operator==(const Range &) const = default;
};

/// A piece of the text around its first match (the whole text when it is short), "…" where it
/// was cut, and the matched parts as ranges of the snippet (UTF-16 units), sorted and merged.
struct Snippet {
    QString text;
    QList<Range> ranges;
};
[[nodiscard]] Snippet snippet(QStringView text, const Query &query,
                              qsizetype maxChars = kSnippetChars);

} // namespace natter::search
