#include "storage/trigram_statistics.h"

#include "natter.pb.h"
#include "storage/search_index.h"
#include "storage/shard_store_detail.h"
#include "storage/sql_util.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <chrono>

namespace natter::server::storage {

TrigramStatistics::TrigramStatistics(Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] {
            return qint64(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count());
        };
}

TrigramStatistics::Sample
TrigramStatistics::sample(int shard,
                          const std::function<std::optional<search::TrigramSample>()> &take)
{
    {
        std::lock_guard lock(m_mutex);
        const auto kept = m_samples.constFind(shard);
        if (kept != m_samples.constEnd() && m_clock() - kept->takenAtMs < kMaxAgeMs) {
            ++m_reused;
            return kept->sample;
        }
    }
    std::optional<search::TrigramSample> taken = take();
    if (!taken)
        return nullptr;
    auto made = std::make_shared<const search::TrigramSample>(std::move(*taken));
    std::lock_guard lock(m_mutex);
    ++m_taken;
    m_samples.insert(shard, Kept{made, m_clock()});
    return made;
}

Result<search::TrigramSample> TrigramStatistics::takeSample(const QSqlDatabase &db)
{
    constexpr int kTexts = 5000;
    constexpr int kPerConversation = 1000;
    QList<quint64> active;
    {
        Statement q(db, QStringLiteral("SELECT id FROM conversations WHERE last_seq > 0 ORDER BY "
                                       "last_activity_ms DESC LIMIT ?"));
        q->addBindValue(kTexts / 10);
        if (!q->exec())
            return storageFailure(*q, "choosing conversations to sample for search");
        while (q->next())
            active.append(q->value(0).toULongLong());
    }
    search::TrigramSample sample;
    for (quint64 conversationId : std::as_const(active)) {
        Statement q(db, QStringLiteral("SELECT text, attachments FROM messages WHERE "
                                       "conversation_id = ? ORDER BY seq DESC LIMIT ?"));
        bind(*q, conversationId);
        q->addBindValue(int(std::min<qint64>(kPerConversation, kTexts - sample.texts())));
        if (!q->exec())
            return storageFailure(*q, "sampling texts for search");
        while (q->next())
            sample.add(search::fold(SearchIndex::searchableText(
                q->value(0).toString(), detail::storedAttachments(q->value(1).toByteArray()))));
        if (sample.texts() >= kTexts)
            break;
    }
    sample.dropRarerThan(2); // rare is all a search needs to know of them
    return sample;
}

qint64 TrigramStatistics::taken() const
{
    std::lock_guard lock(m_mutex);
    return m_taken;
}

qint64 TrigramStatistics::reused() const
{
    std::lock_guard lock(m_mutex);
    return m_reused;
}

} // namespace natter::server::storage
