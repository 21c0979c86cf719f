#include "search_text.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace natter::search {

namespace {

bool isMark(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true;
    default:
        return false;
    }
}

void appendCodePoint(char32_t c, QString &out)
{
    if (QChar::requiresSurrogates(c)) {
        out += QChar(QChar::highSurrogate(c));
        out += QChar(QChar::lowSurrogate(c));
    } else {
        out += QChar(char16_t(c));
    }
}

/// Appends the folded form of one code point: ASCII lower-cased at once; otherwise marks
/// dropped, decompositions (canonical and compatibility) folded part by part, and the rest
/// case folded.
void appendFolded(char32_t c, QString &out)
{
    if (c < 0x80) {
        out += QChar(char16_t(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
        return;
    }
    if (isMark(c))
        return;
    if (QChar::decompositionTag(c) != QChar::NoDecomposition) {
        const QString parts = QChar::decomposition(c);
        for (const char32_t part : parts.toUcs4())
            appendFolded(part, out);
        return;
    }
    appendCodePoint(QChar::toCaseFolded(c), out);
}

/// Calls `each(codePoint, index, width)` for the code points of `text`; a lone surrogate is
/// passed on as it is.
template <typename Each> void forEachCodePoint(QStringView text, Each each)
{
    for (qsizetype i = 0; i < text.size();) {
        const QChar unit = text[i];
        if (unit.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            each(QChar::surrogateToUcs4(unit, text[i + 1]), i, 2);
            i += 2;
        } else {
            each(char32_t(unit.unicode()), i, 1);
            ++i;
        }
    }
}

bool hasLetterOrDigit(QStringView text)
{
    bool found = false;
    forEachCodePoint(text, [&found](char32_t c, qsizetype, int) {
        found = found || QChar::isLetterOrNumber(c);
    });
    return found;
}

bool isWordChar(QStringView text, qsizetype at)
{
    return at >= 0 && at < text.size() && text[at].isLetterOrNumber();
}

/// Where term occurrences start in `folded`, non-overlapping.
template <typename Each> void forEachOccurrence(QStringView folded, QStringView term, Each each)
{
    for (qsizetype at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.size()))
        each(at);
}

QList<Range> mergeRanges(QList<Range> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const Range &a, const Range &b) { return a.start < b.start; });
    QList<Range> merged;
    for (const Range &range : ranges) {
        if (!merged.isEmpty() && range.start <= merged.back().start + merged.back().length) {
            Range &last = merged.back();
            last.length =
                std::max(last.start + last.length, range.start + range.length) - last.start;
        } else {
            merged.append(range);
        }
    }
    return merged;
}

/// The matched parts of `text` (original units), sorted and merged.
QList<Range> matchRanges(QStringView text, const Query &query)
{
    const FoldedText folded = foldWithOrigin(text);
    const QList<qsizetype> &origin = folded.origin;
    QList<Range> ranges;
    for (const QString &term : query.terms) {
        forEachOccurrence(folded.text, term, [&](qsizetype at) {
            const qsizetype last = at + term.size() - 1;
            qsizetype end = last + 1;
            // A term that ends inside one original character's folded units covers all of it.
            while (origin[end] == origin[last])
                ++end;
            ranges.append(Range{origin[at], origin[end] - origin[at]});
        });
    }
    return mergeRanges(std::move(ranges));
}

/// Moves `at` back to just after a space when one is near, and off a low surrogate.
qsizetype snapStart(QStringView text, qsizetype at)
{
    for (qsizetype i = at; i > 0 && i > at - 20; --i) {
        if (text[i - 1].isSpace())
            return i;
    }
    return at > 0 && text[at].isLowSurrogate() ? at - 1 : at;
}

/// Moves `end` back to a space when one is near, and off the middle of a surrogate pair.
qsizetype snapEnd(QStringView text, qsizetype end, qsizetype notBefore)
{
    for (qsizetype i = end; i < text.size() && i > end - 20 && i > notBefore; --i) {
        if (text[i].isSpace())
            return i;
    }
    return end < text.size() && text[end].isLowSurrogate() ? end - 1 : end;
}

} // namespace

QString searchableText(const QString &text, const QStringList &fileNames)
{
    QString searchable = text;
    for (const QString &name : fileNames)
        searchable += QLatin1Char('\n') + name;
    return searchable;
}

QString fold(QStringView text)
{
    QString out;
    out.reserve(text.size());
    forEachCodePoint(text, [&out](char32_t c, qsizetype, int) { appendFolded(c, out); });
    return out;
}

FoldedText foldWithOrigin(QStringView text)
{
    FoldedText folded;
    folded.text.reserve(text.size());
    folded.origin.reserve(text.size() + 1);
    forEachCodePoint(text, [&folded](char32_t c, qsizetype at, int) {
        const qsizetype before = folded.text.size();
        appendFolded(c, folded.text);
        for (qsizetype i = before; i < folded.text.size(); ++i)
            folded.origin.append(at);
    });
    folded.origin.append(text.size());
    return folded;
}

Query parseQuery(QStringView query)
{
    Query parsed;
    const QStringView trimmed = query.trimmed();
    qsizetype start = -1;
    auto take = [&](qsizetype end) {
        const QStringView word = trimmed.mid(start, end - start);
        start = -1;
        if (parsed.terms.size() >= kMaxTerms || !hasLetterOrDigit(word))
            return;
        const QString term = fold(word);
        if (!term.isEmpty() && !parsed.terms.contains(term))
            parsed.terms.append(term);
    };
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        if (trimmed[i].isSpace()) {
            if (start >= 0)
                take(i);
        } else if (start < 0) {
            start = i;
        }
    }
    if (start >= 0)
        take(trimmed.size());
    return parsed;
}

QList<QStringList> termTrigrams(const Query &query)
{
    // A few trigrams per term narrow the candidates about as well as all of them, and keep a
    // long term from costing a long AND chain; matches() decides in the end.
    constexpr int kTrigramsPerTerm = 6;
    QList<QStringList> perTerm;
    for (const QString &term : query.terms) {
        QStringList trigrams;
        const QList<uint> points = term.toUcs4();
        const qsizetype count = points.size() - 2;
        const qsizetype step = std::max<qsizetype>(1, count / kTrigramsPerTerm);
        for (qsizetype i = 0; i < count; i += step) {
            const qsizetype at = (i + step >= count) ? count - 1 : i; // always the last one
            QString trigram;
            for (qsizetype k = at; k < at + 3; ++k)
                appendCodePoint(points[k], trigram);
            if (!trigrams.contains(trigram))
                trigrams.append(trigram);
            if (at == count - 1)
                break;
        }
        perTerm.append(trigrams);
    }
    return perTerm;
}

QString matchAll(const QStringList &trigrams)
{
    QStringList parts;
    for (QString trigram : trigrams) {
        trigram.replace(QLatin1Char('"'), QLatin1String("\"\""));
        const QString quoted = QLatin1Char('"') + trigram + QLatin1Char('"');
        if (!parts.contains(quoted))
            parts.append(quoted);
    }
    return parts.join(QLatin1String(" AND "));
}

QString trigramMatch(const Query &query)
{
    QStringList all;
    for (const QStringList &trigrams : termTrigrams(query))
        all += trigrams;
    return matchAll(all);
}

QString rarestTrigramMatch(const Query &query, qint64 sampleSize,
                           const std::function<qint64(const QString &)> &docsWith,
                           double *expectedShare)
{
    if (expectedShare)
        *expectedShare = 1;
    const QList<QStringList> perTerm = termTrigrams(query);
    if (sampleSize <= 0)
        return trigramMatch(query);
    QHash<QString, qint64> docs;
    for (const QStringList &trigrams : perTerm) {
        for (const QString &trigram : trigrams) {
            if (docs.contains(trigram))
                continue;
            const qint64 count = docsWith(trigram);
            if (count < 0)
                return trigramMatch(query); // no statistics: every trigram
            docs.insert(trigram, count);
        }
    }
    auto rarer = [&](const QString &a, const QString &b) { return docs[a] < docs[b]; };
    QStringList chosen;
    double share = 1; // of the sample expected to hold every chosen trigram (independence)
    auto choose = [&](const QString &trigram) {
        if (chosen.contains(trigram))
            return;
        chosen.append(trigram);
        share *= double(std::min(docs[trigram], sampleSize)) / double(sampleSize);
    };
    QStringList rest;
    for (const QStringList &trigrams : perTerm) {
        if (trigrams.isEmpty())
            continue;
        choose(*std::min_element(trigrams.cbegin(), trigrams.cend(), rarer));
        rest += trigrams;
    }
    std::stable_sort(rest.begin(), rest.end(), rarer);
    // A trigram the sample lacks may still be common in older texts: two at least, when the
    // query has two.
    for (const QString &trigram : std::as_const(rest)) {
        if ((share <= kEnoughCandidateShare && chosen.size() >= 2) ||
            chosen.size() >= kMaxChosenTrigrams)
            break;
        choose(trigram);
    }
    if (expectedShare)
        *expectedShare = share;
    return matchAll(chosen);
}

namespace {

quint64 trigramKey(char32_t a, char32_t b, char32_t c)
{
    return (quint64(a) << 42) | (quint64(b) << 21) | quint64(c);
}

} // namespace

void TrigramSample::add(QStringView folded)
{
    std::vector<quint64> keys;
    keys.reserve(size_t(folded.size()));
    char32_t window[3] = {};
    int filled = 0;
    forEachCodePoint(folded, [&](char32_t c, qsizetype, int) {
        window[0] = window[1];
        window[1] = window[2];
        window[2] = c;
        if (++filled >= 3)
            keys.push_back(trigramKey(window[0], window[1], window[2]));
    });
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (quint64 key : keys)
        ++m_counts[key];
    ++m_texts;
}

void TrigramSample::dropRarerThan(int texts)
{
    m_counts.removeIf([texts](const auto &entry) { return entry.value() < texts; });
}

qint64 TrigramSample::textsWith(QStringView trigram) const
{
    char32_t points[3] = {};
    int n = 0;
    forEachCodePoint(trigram, [&](char32_t c, qsizetype, int) {
        if (n < 3)
            points[n] = c;
        ++n;
    });
    if (n != 3)
        return 0;
    return m_counts.value(trigramKey(points[0], points[1], points[2]), 0);
}

bool matches(QStringView folded, const Query &query)
{
    if (query.isEmpty())
        return false;
    return std::all_of(query.terms.cbegin(), query.terms.cend(),
                       [folded](const QString &term) { return folded.contains(term); });
}

int relevance(QStringView folded, const Query &query)
{
    int score = 0;
    for (const QString &term : query.terms) {
        int best = 0;
        int occurrences = 0;
        forEachOccurrence(folded, term, [&](qsizetype at) {
            const bool starts = !isWordChar(folded, at - 1);
            const bool ends = !isWordChar(folded, at + term.size());
            best = std::max(best, starts && ends ? 6 : starts ? 3 : 1);
            ++occurrences;
        });
        score += best * 10 + std::min(occurrences, 5);
    }
    return score;
}

Snippet snippet(QStringView text, const Query &query, qsizetype maxChars)
{
    QList<Range> ranges = matchRanges(text, query);
    qsizetype start = 0;
    qsizetype end = text.size();
    if (text.size() > maxChars) {
        const qsizetype first = ranges.isEmpty() ? 0 : ranges.front().start;
        start = snapStart(text, std::max<qsizetype>(0, first - maxChars / 4));
        end = snapEnd(text, std::min(text.size(), start + maxChars), first + 1);
    }
    const QString ellipsis = QStringLiteral("…");
    Snippet result;
    if (start > 0)
        result.text = ellipsis;
    const qsizetype shift = result.text.size() - start;
    QString body = text.mid(start, end - start).toString();
    for (QChar &c : body) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' '); // one line; same length, so the ranges stay right
    }
    result.text += body;
    if (end < text.size())
        result.text += ellipsis;
    for (const Range &range : ranges) {
        const qsizetype from = std::max(range.start, start);
        const qsizetype to = std::min(range.start + range.length, end);
        if (from < to)
            result.ranges.append(Range{from + shift, to - from});
    }
    return result;
}

} // namespace natter::search
