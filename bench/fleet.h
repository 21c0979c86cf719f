#pragma once
/// The bench's simulated users: protocol clients spread over worker threads, each thread with
/// its own event loop. Every figure a worker records stays in that worker until the run ends.

#include "client.h"
#include "now.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>
#include <vector>

namespace natter::bench {

/// What one worker measured.
struct Stats {
    std::vector<qint64> ackNs;     // send (its frame written to the socket) → ack
    std::vector<qint64> lagNs;     // open loop: how late after its due time each send went
    std::vector<qint64> deliverNs; // send → MessageEvent at a member other than the sender
    std::vector<qint64> pageNs;    // GetMessages round trip
    quint64 sent = 0;
    quint64 acked = 0;
    quint64 delivered = 0;
    quint64 pages = 0;
    quint64 receipts = 0;       // delivered reports the server accepted (--receipts)
    qint64 lastAckAtNs = 0;     // nowNs() of the newest ack
    qint64 worstAckNs = 0;      // the slowest send → ack ...
    qint64 worstAckAtNs = 0;    // ... and when its ack came (nowNs())
    QHash<int, quint64> errors; // by protocol error code
    QHash<quint64, std::vector<quint64>> ackedSeqs;            // conversation → seqs
    QHash<QPair<int, quint64>, std::vector<quint64>> received; // (user, conversation) → seqs
    void merge(const Stats &other);
};

struct SendPlan {
    int user = 0;
    quint64 conversation = 0;
};

class Worker : public QObject {
    Q_OBJECT
public:
    explicit Worker(int textBytes);
    ~Worker() override;

    // All of these run on the worker's thread (call through run()).
    void addUser(int index, const QString &username, const QString &password);
    /// Connects every user; with `registerFirst` each registers, at most `concurrency` at a
    /// time (registration is deliberately slow: Argon2 on the server). Without it, all at once.
    void connectAll(const QUrl &url, bool registerFirst, std::atomic<int> *ready,
                    std::atomic<int> *failed, int concurrency = 0);
    void disconnectAll();
    /// Closed loop (`ratePerSecond` 0): `window` sends outstanding per plan. Open loop: one
    /// send at a time at `ratePerSecond` from `startNs` (nowNs()), `phase` in [0, 1) of an
    /// interval later (see Pacer), the plans taken in turn.
    void startSending(const QList<SendPlan> &plans, int window, double ratePerSecond,
                      qint64 startNs = 0, double phase = 0);
    void stopSending();
    void startPaging(const QList<SendPlan> &plans, int window);
    /// Report delivery like the desktop client: each user's newest received seq per
    /// conversation, batched every 200 ms.
    void reportDeliveries();
    void stopPaging() { m_paging = false; }

    /// Runs `f` on this worker's thread.
    void run(std::function<void()> f);

    [[nodiscard]] client::Client *client(int index);
    [[nodiscard]] QString token(int index) const { return m_tokens.value(index); }
    void setToken(int index, const QString &token) { m_tokens.insert(index, token); }
    [[nodiscard]] const Stats &stats() const { return m_stats; }
    [[nodiscard]] int inFlight() const { return m_inFlight; }
    /// Events received so far (any thread may read it, to see when deliveries have settled).
    [[nodiscard]] quint64 eventsSeen() const { return m_eventsSeen; }

private:
    void sendOne(const SendPlan &plan, bool refill);
    /// Stops the open loop's pacer and keeps its lags.
    void endPacing();
    void connectNext();
    void connectOne(int index);
    /// Registers (or logs in) user `index` on its connected client; again when natterd is busy.
    void registerOne(int index);
    void pageOne(const SendPlan &plan);
    void onMessage(int user, const proto::Message &message);
    void sendDeliveryReports();

    int m_textBytes;
    class Pacer *m_pacer = nullptr; // the open loop's, while it sends
    static constexpr int kMaxSignInRetries = 100;
    QHash<int, int> m_signInRetries; // user index → times natterd was too busy to sign it in
    QString m_runId;
    QHash<int, client::Client *> m_clients;
    QHash<int, QString> m_usernames;
    QHash<int, QString> m_passwords;
    QHash<int, QString> m_tokens;
    Stats m_stats;
    struct ConnectPhase {
        QList<int> queue;
        QUrl url;
        bool registerFirst = false;
        std::atomic<int> *ready = nullptr;
        std::atomic<int> *failed = nullptr;
    } m_connect;
    bool m_sending = false;
    bool m_paging = false;
    std::atomic<int> m_inFlight{0};
    std::atomic<quint64> m_eventsSeen{0};
    quint64 m_counter = 0;
    bool m_reportDeliveries = false;
    QHash<int, QHash<quint64, quint64>> m_unreported; // user → conversation → newest seq
    QTimer *m_reportTimer = nullptr;
};

/// Worker threads with their workers.
class Fleet {
public:
    Fleet(int threads, int textBytes);
    ~Fleet();
    [[nodiscard]] int size() const { return int(m_workers.size()); }
    [[nodiscard]] Worker &worker(int i) { return *m_workers[size_t(i)]; }
    [[nodiscard]] Worker &workerOf(int user) { return worker(user % size()); }
    [[nodiscard]] Stats merged() const;

private:
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<Worker *> m_workers;
};

} // namespace natter::bench
