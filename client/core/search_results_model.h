#pragma once

#include "cache_worker.h"
#include "client.h"
#include "search_text.h"

#include <QAbstractListModel>
#include <QSet>
#include <QTimer>

namespace natter::client {

/// The results of one message search: the cache's hits at once (offline too), then the
/// server's merged in as they come, each message once. Newest first, until the user moves in
/// the list (anchor()): after that, hits that arrive go below the rows shown, so nothing moves
/// under the pointer. More of the server's hits come with fetchMore.
class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        SeqRole,
        SenderRole,
        TimeRole,   // QDateTime
        RangesRole, // QList<QPoint>: (start, length) of each matched part of DisplayRole
        FilesRole,  // how many files the message carries
        ServerRole, // true once the server reported it
    };
    /// Where the search stands, for the line above the results.
    enum class Status { Idle, SearchingServer, Done, Offline, ServerFailed };
    Q_ENUM(Status)

    static constexpr int kPageSize = 50;
    /// Requests one page may take when the server stops short at its work bound.
    static constexpr int kFollowUps = 4;
    /// The server is asked once typing has paused this long (the cache at once): a word
    /// typed letter by letter is one request, well inside the per-user search rate.
    static constexpr int kServerDelayMs = 400;

    SearchResultsModel(Client &client, CacheWorker &cache, QObject *parent = nullptr);

    /// Searches for `text`, in `conversationId` only unless it is 0; empty text clears.
    void setQuery(const QString &text, quint64 conversationId = 0);
    /// The user is looking at the rows: later hits are added below them.
    void anchor() { m_anchored = true; }
    [[nodiscard]] Status status() const { return m_status; }
    /// Why the server search failed (ServerFailed).
    [[nodiscard]] QString failure() const { return m_failure; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void statusChanged();

private:
    struct Hit {
        quint64 conversationId = 0;
        quint64 seq = 0;
        QString sender;
        qint64 sentAtMs = 0;
        int files = 0;
        search::Snippet snippet;
        bool fromServer = false;
    };
    void searchServer();
    void merge(const QList<Hit> &hits);
    void setStatus(Status status);

    Client &m_client;
    CacheWorker &m_cache;
    quint64 m_generation = 0; // bumped per query: answers to an earlier one are dropped
    QString m_text;
    search::Query m_query;
    quint64 m_conversationId = 0;
    QList<Hit> m_hits;
    QSet<QPair<quint64, quint64>> m_keys; // (conversation, seq) of every row
    std::string m_cursor;                 // the server's next page
    std::string m_retryCursor;            // the page asked for last (asked again when busy)
    bool m_serverBusy = false;
    QTimer *m_serverDelay;
    int m_followUps = 0;
    bool m_anchored = false;
    Status m_status = Status::Idle;
    QString m_failure;
};

} // namespace natter::client
