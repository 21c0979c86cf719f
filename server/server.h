#pragma once

#include "gateway/gateway.h"
#include "gateway/request_router.h"
#include "gateway/tls_credentials.h"
#include "push/digest_service.h"
#include "push/push_dispatcher.h"
#include "server_config.h"
#include "services/account_service.h"
#include "services/conversation_service.h"
#include "services/media_service.h"
#include "services/message_service.h"
#include "services/password_hasher.h"
#include "services/presence_service.h"
#include "services/profile_service.h"
#include "services/receipt_service.h"
#include "services/search_service.h"
#include "services/settings_service.h"
#include "services/stats_service.h"
#include "services/typing_service.h"
#include "storage/storage.h"

#include <memory>

namespace natter::server {

/// natterd's composition root: storage, services, router and gateway, wired once.
class Server {
public:
    /// `descriptorLimit`: open files the process may hold (caps connections when the config
    /// does not).
    explicit Server(const ServerConfig &config, qint64 descriptorLimit = 1024);
    ~Server();

    /// Opens the data dir and starts listening; on failure `error` is one line for stderr.
    [[nodiscard]] bool start(QString *error);
    /// Graceful stop: no new connections, in-flight commits finish and are acknowledged.
    void shutdown();

    [[nodiscard]] QString url() const;
    /// Where requests go; for the request-router fuzz target, which feeds it directly.
    [[nodiscard]] gateway::RequestRouter &router() { return m_router; }
    /// Reads the TLS certificate and key again (SIGHUP); keeps the old ones when that fails.
    void reloadTls();

private:
    ServerConfig m_config;
    storage::Storage m_storage;
    services::PasswordHasher m_hasher;
    services::AccountService m_accounts;
    services::ConversationService m_conversations;
    services::MediaService m_media;
    services::ProfileService m_profiles;
    services::MessageService m_messages;
    services::SearchService m_search;
    services::ReceiptService m_receipts;
    services::PresenceService m_presence;
    services::TypingService m_typing;
    services::SettingsService m_settings;
    services::StatsService m_stats;
    push::PushDispatcher m_push;
    push::DigestService m_digests;
    gateway::RequestRouter m_router;
    std::shared_ptr<gateway::TlsCredentials> m_tls; // null: plain ws://
    gateway::Gateway m_gateway;
    qint64 m_descriptorLimit;
    bool m_started = false;
    bool m_stopped = false;
};

} // namespace natter::server
