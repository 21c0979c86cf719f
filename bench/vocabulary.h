#pragma once
/// Made-up words for the search figures: pronounceable, all distinct, drawn with a skew so a
/// few are common and most are rare, as in real chat.

#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <cmath>

namespace natter::bench {

class Vocabulary {
public:
    static constexpr int kWords = 50'000;

    /// Word `i` (0 <= i < kWords): three syllables of a 64-syllable alphabet.
    [[nodiscard]] static QString word(int i)
    {
        static const char consonants[] = "bdfgklmnprstvzch";
        static const char vowels[] = "aeiou";
        // An odd multiplier permutes the 18-bit numbers: neighbours share no syllables.
        const quint32 n = (quint32(i) * 2654435761U) & ((1U << 18) - 1);
        QString w;
        for (int digit = 0; digit < 3; ++digit) {
            const int s = int(n >> (6 * digit)) & 63;
            w += QLatin1Char(consonants[s % 16]);
            w += QLatin1Char(vowels[(s / 16 + digit) % 5]);
            if (s % 3 == 0)
                w += QLatin1Char(vowels[(s / 4) % 5]);
        }
        return w;
    }
    /// A word index, common ones more often (about 1 in 5 draws hits the commonest 1%).
    [[nodiscard]] static int draw(QRandomGenerator &random)
    {
        return int(std::pow(random.generateDouble(), 3.0) * kWords) % kWords;
    }
    [[nodiscard]] static QString sentence(QRandomGenerator &random, int words)
    {
        QStringList parts;
        for (int i = 0; i < words; ++i)
            parts.append(word(draw(random)));
        return parts.join(QLatin1Char(' '));
    }
    /// What a user types: a word (7 in 10), the start of one (2 in 10), or two words.
    [[nodiscard]] static QString query(QRandomGenerator &random)
    {
        const int kind = random.bounded(10);
        const QString first = word(draw(random));
        if (kind < 7)
            return first;
        if (kind < 9)
            return first.left(4);
        return first + QLatin1Char(' ') + word(draw(random));
    }
};

} // namespace natter::bench
