#pragma once

#include "cache_worker.h"
#include "conversation_list_model.h"
#include "media_cache.h"
#include "message_list_model.h"
#include "network_monitor.h"
#include "presence_book.h"
#include "profile_book.h"
#include "sync_engine.h"
#include "typing_tracker.h"

namespace natter::app {

/// Everything of one signed-in account: its cache folder, sync engine and models.
class AccountSession {
public:
    AccountSession(client::Client &client, const QString &cacheDir);

    client::Client &client;
    /// The cache on its own thread; CacheWorker::opened says whether it could be opened.
    client::CacheWorker &cache() { return m_cache; }
    client::SyncEngine &engine() { return m_engine; }
    client::ConversationListModel &conversations() { return m_conversations; }
    client::MessageListModel &messages() { return m_messages; }
    client::TypingTracker &typing() { return m_typing; }
    client::PresenceBook &presence() { return m_presence; }
    /// Downloaded pictures, photos and files kept on this device (capped, LRU).
    client::MediaCache &media() { return m_media; }
    client::ProfileBook &profiles() { return m_profiles; }
    /// Where pasted pictures are kept until their message is sent (then removed).
    [[nodiscard]] const QString &outgoingDir() const { return m_outgoingDir; }

private:
    QString m_outgoingDir;
    client::CacheWorker m_cache;
    client::SyncEngine m_engine;
    client::ConversationListModel m_conversations;
    client::MessageListModel m_messages;
    client::NetworkMonitor m_network;
    client::TypingTracker m_typing;
    client::PresenceBook m_presence;
    client::MediaCache m_media;
    client::ProfileBook m_profiles;
};

} // namespace natter::app
