#pragma once

#include <QString>
#include <QThread>
#include <atomic>

namespace natter::client {

/// Copies an SQLite file's write-ahead log back into the database from a thread of its own.
/// SQLite does this after every 1,000 pages in whichever connection commits (with an fsync
/// of the database file); for the cache that connection's thread is the GUI thread, so the
/// cache turns that off (wal_autocheckpoint=0) and leaves it to this thread.
class WalCheckpointer : public QThread {
public:
    /// `path`: the database file; a checkpoint every `intervalMs`.
    explicit WalCheckpointer(QString path, int intervalMs = 1000);
    ~WalCheckpointer() override;

    /// Log frames copied into the database so far (for tests and figures).
    [[nodiscard]] qint64 checkpointedFrames() const { return m_checkpointed; }

protected:
    void run() override;

private:
    QString m_path;
    int m_intervalMs;
    std::atomic<qint64> m_checkpointed = 0;
};

} // namespace natter::client
