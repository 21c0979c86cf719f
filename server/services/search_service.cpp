#include "services/search_service.h"

#include "search_text.h"
#include "storage/storage.h"

namespace natter::server::services {

namespace {

constexpr qsizetype kMaxCursorBytes = 256;

Failure invalid(const QString &why)
{
    return Failure{proto::INVALID_ARGUMENT, why};
}

} // namespace

SearchService::SearchService(storage::Storage &storage, const protocol::Limits &limits,
                             QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_limits(limits)
{}

void SearchService::search(const UserIdentity &caller, const proto::SearchRequest &request,
                           std::function<void(Result<proto::SearchReply>)> done)
{
    const QByteArray queryUtf8 = QByteArray::fromStdString(request.query());
    if (!queryUtf8.isValidUtf8())
        return done(Failure{proto::INVALID_TEXT, QStringLiteral("the query is not valid UTF-8")});
    const QString query = QString::fromUtf8(queryUtf8).trimmed();
    if (query.isEmpty())
        return done(invalid(QStringLiteral("the query is empty: give the words to look for")));
    if (query.size() > search::kMaxQueryChars)
        return done(invalid(QStringLiteral("the query is %1 characters long; the limit is %2")
                                .arg(query.size())
                                .arg(search::kMaxQueryChars)));
    if (!proto::SearchOrder_IsValid(request.order()))
        return done(invalid(QStringLiteral("unknown search order %1").arg(request.order())));
    if (request.after_ms() < 0 || request.before_ms() < 0 ||
        (request.before_ms() > 0 && request.before_ms() <= request.after_ms()))
        return done(invalid(QStringLiteral("after_ms and before_ms must be times since the epoch, "
                                           "after_ms before before_ms")));
    if (qsizetype(request.cursor().size()) > kMaxCursorBytes)
        return done(invalid(QStringLiteral("the cursor is not one this server gave out; start "
                                           "the search again without it")));

    storage::SearchParams params;
    params.query = search::parseQuery(query);
    if (params.query.isEmpty())
        return done(proto::SearchReply()); // only punctuation: no word to find
    params.conversationId = request.conversation_id();
    params.afterMs = request.after_ms();
    params.beforeMs = request.before_ms();
    params.withFiles = request.has_attachment();
    params.limit =
        int(qMin(request.limit() == 0 ? kDefaultLimit : request.limit(), m_limits.maxPageSize));
    params.cursor = QByteArray::fromStdString(request.cursor());
    params.order = request.order();

    const QString from = protocol::fromStd(request.from_username());
    if (from.isEmpty())
        return run(caller.id, std::move(params), std::move(done));
    m_storage.readUsers<quint64>(
        caller.id, this,
        [from](storage::UserStore &store) -> Result<quint64> {
            auto found = store.accounts().usersByName({from});
            if (!found.ok())
                return found.failure();
            return found.value().front().id;
        },
        [this, callerId = caller.id, params, done](Result<quint64> sender) mutable {
            if (!sender.ok())
                return done(sender.failure());
            params.senderId = sender.value();
            run(callerId, std::move(params), std::move(done));
        });
}

void SearchService::run(quint64 callerId, storage::SearchParams params,
                        std::function<void(Result<proto::SearchReply>)> done)
{
    m_storage.search(callerId, std::move(params), this, std::move(done));
}

} // namespace natter::server::services
