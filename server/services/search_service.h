#pragma once

#include "protocol.h"
#include "result.h"
#include "services/user_identity.h"

#include <QObject>
#include <functional>

namespace natter::server::storage {
class Storage;
struct SearchParams;
} // namespace natter::server::storage

namespace natter::server::services {

/// Message search: checks the request (query, filters, cursor), names the sender filter's
/// user, then runs the search on the storage's read pool (see MessageSearch).
class SearchService : public QObject {
    Q_OBJECT
public:
    static constexpr quint32 kDefaultLimit = 20;

    SearchService(storage::Storage &storage, const protocol::Limits &limits,
                  QObject *parent = nullptr);

    void search(const UserIdentity &caller, const proto::SearchRequest &request,
                std::function<void(Result<proto::SearchReply>)> done);

private:
    void run(quint64 callerId, storage::SearchParams params,
             std::function<void(Result<proto::SearchReply>)> done);

    storage::Storage &m_storage;
    protocol::Limits m_limits;
};

} // namespace natter::server::services
