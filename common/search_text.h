#pragma once
/// What "a message matches a search" means, shared by natterd and the desktop's offline search
/// so that both find the same messages and highlight the same parts.
///
/// Text and query are folded (case folded, accents and other marks removed, compatibility
/// forms such as full-width letters unified). A message matches when every term of the query
/// occurs in its folded text: "deplo" finds "Deployment", "cafe" finds "Café", "東京" finds
/// "東京タワー" (no spaces needed). The indexes (SQLite FTS5 trigram tables on both sides) only
/// narrow the candidates; the final word is always matches().

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>

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

/// The trigrams of each term worth asking an index for: six or so spread over the term (its
/// first and last always among them; eleven at most), none for a term shorter than three
/// characters.
[[nodiscard]] QList<QStringList> termTrigrams(const Query &query);

/// An FTS5 MATCH expression over a trigram index (detail=none) naming every one of `trigrams`,
/// each quoted as a string (they are text, never syntax). Empty for no trigrams.
[[nodiscard]] QString matchAll(const QStringList &trigrams);

/// The MATCH expression that every text matching the query satisfies, naming every trigram of
/// termTrigrams(). Empty when no term is long enough to use the index (then every text is a
/// candidate).
[[nodiscard]] QString trigramMatch(const Query &query);

/// The same with fewer, rarer trigrams, so that the index reads short lists. A common trigram
/// costs the index a read of its whole list (in real text "the" or "ing" are in a large share of
/// messages) and barely narrows the candidates. `docsWith(trigram)` counts the texts holding a
/// trigram among a sample of `sampleSize` recent ones (negative: it cannot; then every trigram
/// is named). Each term's rarest trigram is named, then the next rarest while more than
/// kEnoughCandidateShare of the sample is expected to hold all of them, and a second one in any
/// case (a trigram the sample lacks may be common in older texts); more than one per term only
/// up to kMaxChosenTrigrams in all. `expectedShare`, when given, receives the share of texts
/// expected to hold every named trigram (as if they were independent; 1 when every trigram is
/// named for want of counts).
constexpr double kEnoughCandidateShare = 0.002;
constexpr int kMaxChosenTrigrams = 4;
[[nodiscard]] QString rarestTrigramMatch(const Query &query, qint64 sampleSize,
                                         const std::function<qint64(const QString &)> &docsWith,
                                         double *expectedShare = nullptr);

/// How many texts of a sample hold each trigram, as the index's trigram tokenizer cuts them
/// (three code points of the folded text): answers rarestTrigramMatch's `docsWith` from
/// memory, where counting in the index costs a lookup in each of its segments per trigram.
class TrigramSample {
public:
    /// Counts each distinct trigram of one fold()ed text once.
    void add(QStringView folded);
    /// Forgets the trigrams held by fewer than `texts` texts (they count as none): most of
    /// a sample's trigrams are in one text or two, and rare is all a search needs to know.
    void dropRarerThan(int texts);
    [[nodiscard]] qint64 texts() const { return m_texts; }
    [[nodiscard]] qint64 textsWith(QStringView trigram) const;
    [[nodiscard]] qsizetype distinctTrigrams() const { return m_counts.size(); }

private:
    QHash<quint64, qint32> m_counts; // three 21-bit code points packed in one key
    qint64 m_texts = 0;
};

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
