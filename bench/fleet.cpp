#include "fleet.h"

#include "pacer.h"

#include <QRandomGenerator>
#include <QTimer>
#include <algorithm>

namespace natter::bench {

void Stats::merge(const Stats &o)
{
    ackNs.insert(ackNs.end(), o.ackNs.begin(), o.ackNs.end());
    lagNs.insert(lagNs.end(), o.lagNs.begin(), o.lagNs.end());
    deliverNs.insert(deliverNs.end(), o.deliverNs.begin(), o.deliverNs.end());
    pageNs.insert(pageNs.end(), o.pageNs.begin(), o.pageNs.end());
    sent += o.sent;
    acked += o.acked;
    delivered += o.delivered;
    pages += o.pages;
    receipts += o.receipts;
    lastAckAtNs = std::max(lastAckAtNs, o.lastAckAtNs);
    if (o.worstAckNs > worstAckNs) {
        worstAckNs = o.worstAckNs;
        worstAckAtNs = o.worstAckAtNs;
    }
    for (auto it = o.errors.begin(); it != o.errors.end(); ++it)
        errors[it.key()] += it.value();
    for (auto it = o.ackedSeqs.begin(); it != o.ackedSeqs.end(); ++it) {
        auto &seqs = ackedSeqs[it.key()];
        seqs.insert(seqs.end(), it.value().begin(), it.value().end());
    }
    for (auto it = o.received.begin(); it != o.received.end(); ++it) {
        auto &seqs = received[it.key()];
        seqs.insert(seqs.end(), it.value().begin(), it.value().end());
    }
}

Worker::Worker(int textBytes)
    : m_textBytes(textBytes)
    , m_runId(QString::number(nowNs(), 36))
{}

Worker::~Worker()
{
    qDeleteAll(m_clients);
}

void Worker::run(std::function<void()> f)
{
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

client::Client *Worker::client(int index)
{
    return m_clients.value(index);
}

void Worker::addUser(int index, const QString &username, const QString &password)
{
    auto *c = new client::Client(QStringLiteral("natter-bench"));
    c->connection().setAutoReconnect(false);
    c->connection().setRequestTimeout(60'000);
    m_clients.insert(index, c);
    m_usernames.insert(index, username);
    m_passwords.insert(index, password);
    QObject::connect(c, &client::Client::messageReceived, this,
                     [this, index](const proto::Message &m) { onMessage(index, m); });
}

void Worker::connectAll(const QUrl &url, bool registerFirst, std::atomic<int> *ready,
                        std::atomic<int> *failed, int concurrency)
{
    m_connect = ConnectPhase{m_clients.keys(), url, registerFirst, ready, failed};
    const qsizetype startNow = concurrency > 0
                                   ? qMin<qsizetype>(concurrency, m_connect.queue.size())
                                   : m_connect.queue.size();
    for (qsizetype i = 0; i < startNow; ++i)
        connectNext();
}

void Worker::connectNext()
{
    if (m_connect.queue.isEmpty())
        return;
    connectOne(m_connect.queue.takeFirst());
}

void Worker::connectOne(int index)
{
    const QUrl url = m_connect.url;
    const bool registerFirst = m_connect.registerFirst;
    std::atomic<int> *ready = m_connect.ready;
    std::atomic<int> *failed = m_connect.failed;
    const auto next = [this] { connectNext(); };
    client::Client *c = m_clients.value(index);
    c->setToken(registerFirst ? QString() : m_tokens.value(index));
    QObject::disconnect(c, &client::Client::ready, this, nullptr);
    QObject::disconnect(&c->connection(), &client::Connection::failed, this, nullptr);
    QObject::connect(c, &client::Client::ready, this, [=, this] {
        if (!registerFirst) {
            ++*ready;
            return next();
        }
        registerOne(index);
    });
    QObject::connect(&c->connection(), &client::Connection::failed, this,
                     [=, this](const QString &reason, proto::ErrorCode code) {
                         ++m_stats.errors[code];
                         if (m_stats.errors[code] == 1)
                             qWarning("natter-bench: user %d: %s", index, qPrintable(reason));
                         ++*failed;
                         next();
                     });
    c->open(url);
}

void Worker::registerOne(int index)
{
    client::Client *c = m_clients.value(index);
    std::atomic<int> *ready = m_connect.ready;
    std::atomic<int> *failed = m_connect.failed;
    auto signedIn = [=, this](Result<proto::AuthReply> r) {
        if (!r.ok() &&
            (r.failure().code == proto::SERVER_BUSY || r.failure().code == proto::RATE_LIMITED) &&
            ++m_signInRetries[index] <= kMaxSignInRetries) {
            // natterd's password-hashing queue is bounded: wait as it asks (spread, so that
            // the refused do not all come back at once), then again.
            const int wait = int(qMax<quint32>(r.failure().retryAfterMs, 50)) +
                             int(QRandomGenerator::global()->bounded(100));
            QTimer::singleShot(wait, this, [this, index] { registerOne(index); });
            return;
        }
        if (!r.ok()) {
            if (++m_stats.errors[r.failure().code] == 1)
                qWarning("natter-bench: user %d could not sign in: %s", index,
                         qPrintable(r.failure().message));
            ++*failed;
        } else {
            m_tokens.insert(index, QString::fromStdString(r.value().token()));
            ++*ready;
        }
        connectNext();
    };
    c->registerUser(m_usernames.value(index), m_passwords.value(index), QString(),
                    [=, this](Result<proto::AuthReply> r) {
                        // A data dir from an earlier run may know the user already.
                        if (!r.ok() && r.failure().code == proto::USERNAME_TAKEN)
                            return c->login(m_usernames.value(index), m_passwords.value(index),
                                            signedIn);
                        signedIn(r);
                    });
}

void Worker::disconnectAll()
{
    for (client::Client *c : std::as_const(m_clients))
        c->close();
}

void Worker::startSending(const QList<SendPlan> &plans, int window, double ratePerSecond,
                          qint64 startNs, double phase)
{
    m_sending = true;
    if (ratePerSecond <= 0) {
        // Closed loop: every sender keeps `window` sends outstanding.
        for (const SendPlan &plan : plans)
            for (int i = 0; i < window; ++i)
                sendOne(plan, true);
        return;
    }
    if (plans.isEmpty())
        return;
    // Open loop: sends go out on schedule whether or not acks came back.
    endPacing(); // an earlier phase's, if it was not stopped
    auto next = std::make_shared<qsizetype>(0);
    m_pacer = new Pacer(
        ratePerSecond, startNs > 0 ? startNs : nowNs(), phase,
        [this, plans, next] {
            sendOne(plans[*next], false);
            *next = (*next + 1) % plans.size();
        },
        this);
}

void Worker::stopSending()
{
    m_sending = false;
    endPacing();
}

void Worker::endPacing()
{
    if (!m_pacer)
        return;
    m_pacer->stop();
    const std::vector<qint64> &lags = m_pacer->lagNs();
    m_stats.lagNs.insert(m_stats.lagNs.end(), lags.begin(), lags.end());
    m_pacer->deleteLater();
    m_pacer = nullptr;
}

void Worker::sendOne(const SendPlan &plan, bool refill)
{
    client::Client *c = m_clients.value(plan.user);
    if (!c || !m_sending)
        return;
    // In the text for the receivers' send → delivered; send → ack counts from the write below.
    const qint64 stamped = nowNs();
    QByteArray text =
        "b:" + QByteArray::number(stamped) + ':' + QByteArray::number(plan.user) + ':';
    if (text.size() < m_textBytes)
        text.append(QByteArray(m_textBytes - text.size(), 'x'));
    ++m_stats.sent;
    ++m_inFlight;
    // Unique across runs too: a client_msg_id reused on a prepared data dir would be taken for
    // a retry (same seq, no event), which is the server being right, not a lost message.
    const QString id = QStringLiteral("%1-%2-%3").arg(m_runId).arg(plan.user).arg(++m_counter);
    // The transport writes the frame to the socket before sendMessage() returns.
    auto sentAt = std::make_shared<qint64>(0);
    c->sendMessage(plan.conversation, id, QString::fromLatin1(text),
                   [=, this](Result<proto::SendMessageReply> r) {
                       --m_inFlight;
                       if (!r.ok()) {
                           ++m_stats.errors[r.failure().code];
                       } else {
                           ++m_stats.acked;
                           const qint64 now = nowNs();
                           m_stats.ackNs.push_back(now - *sentAt);
                           m_stats.lastAckAtNs = now;
                           if (now - *sentAt > m_stats.worstAckNs) {
                               m_stats.worstAckNs = now - *sentAt;
                               m_stats.worstAckAtNs = now;
                           }
                           m_stats.ackedSeqs[plan.conversation].push_back(r.value().seq());
                       }
                       if (refill && m_sending && r.ok())
                           sendOne(plan, true);
                   });
    *sentAt = nowNs();
}

void Worker::startPaging(const QList<SendPlan> &plans, int window)
{
    m_paging = true;
    for (const SendPlan &plan : plans)
        for (int i = 0; i < window; ++i)
            pageOne(plan);
}

void Worker::pageOne(const SendPlan &plan)
{
    client::Client *c = m_clients.value(plan.user);
    if (!c || !m_paging)
        return;
    const qint64 start = nowNs();
    ++m_inFlight;
    c->messages(plan.conversation, 0, 0, 50, [=, this](Result<proto::MessagesReply> r) {
        --m_inFlight;
        if (!r.ok()) {
            ++m_stats.errors[r.failure().code];
            return;
        }
        ++m_stats.pages;
        m_stats.pageNs.push_back(nowNs() - start);
        pageOne(plan);
    });
}

void Worker::reportDeliveries()
{
    m_reportDeliveries = true;
    m_reportTimer = new QTimer(this);
    m_reportTimer->setInterval(200);
    m_reportTimer->setSingleShot(true);
    connect(m_reportTimer, &QTimer::timeout, this, &Worker::sendDeliveryReports);
}

void Worker::sendDeliveryReports()
{
    const auto unreported = std::exchange(m_unreported, {});
    for (auto user = unreported.begin(); user != unreported.end(); ++user) {
        client::Client *c = m_clients.value(user.key());
        if (!c)
            continue;
        QList<QPair<quint64, quint64>> cursors;
        for (auto it = user->begin(); it != user->end(); ++it)
            cursors.append({it.key(), it.value()});
        c->markDelivered(cursors, [this](Result<Done> r) {
            if (r.ok())
                ++m_stats.receipts;
            else
                ++m_stats.errors[r.failure().code];
        });
    }
}

void Worker::onMessage(int user, const proto::Message &m)
{
    ++m_eventsSeen;
    m_stats.received[qMakePair(user, quint64(m.conversation_id()))].push_back(m.seq());
    if (m_reportDeliveries) {
        quint64 &newest = m_unreported[user][m.conversation_id()];
        newest = qMax(newest, quint64(m.seq()));
        if (!m_reportTimer->isActive())
            m_reportTimer->start();
    }
    const std::string &text = m.text();
    if (text.rfind("b:", 0) != 0)
        return;
    const size_t end = text.find(':', 2);
    const size_t senderEnd = text.find(':', end + 1);
    const int sender = std::atoi(text.substr(end + 1, senderEnd - end - 1).c_str());
    if (sender == user)
        return; // the sender's own copy is not a delivery to a recipient
    ++m_stats.delivered;
    m_stats.deliverNs.push_back(nowNs() - std::atoll(text.substr(2, end - 2).c_str()));
}

Fleet::Fleet(int threads, int textBytes)
{
    for (int i = 0; i < threads; ++i) {
        auto thread = std::make_unique<QThread>();
        auto *worker = new Worker(textBytes);
        worker->moveToThread(thread.get());
        QObject::connect(thread.get(), &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        m_workers.push_back(worker);
        m_threads.push_back(std::move(thread));
    }
}

Fleet::~Fleet()
{
    for (auto &thread : m_threads) {
        thread->quit();
        thread->wait();
    }
}

Stats Fleet::merged() const
{
    Stats all;
    for (Worker *w : m_workers)
        all.merge(w->stats());
    return all;
}

} // namespace natter::bench
