#include "report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <unordered_set>

namespace natter::bench {

Percentiles Percentiles::of(std::vector<qint64> ns)
{
    Percentiles p;
    if (ns.empty())
        return p;
    std::sort(ns.begin(), ns.end());
    const auto at = [&](double q) {
        return double(ns[std::min(ns.size() - 1, size_t(q * double(ns.size())))]) / 1e6;
    };
    p.p50 = at(0.50);
    p.p95 = at(0.95);
    p.p99 = at(0.99);
    p.p999 = at(0.999);
    p.max = double(ns.back()) / 1e6;
    return p;
}

void Report::fill(const Stats &merged, const QHash<quint64, QList<int>> &members)
{
    stats = merged;
    ack = Percentiles::of(merged.ackNs);
    deliver = Percentiles::of(merged.deliverNs);
    page = Percentiles::of(merged.pageNs);
    lag = Percentiles::of(merged.lagNs);
    lateSends = quint64(std::count_if(merged.lagNs.begin(), merged.lagNs.end(),
                                      [](qint64 ns) { return ns > kLateNs; }));
    // Every member's connection (the sender's too) must hold every acknowledged seq of the
    // conversation exactly once, in ascending order.
    for (auto conv = merged.ackedSeqs.begin(); conv != merged.ackedSeqs.end(); ++conv) {
        for (int user : members.value(conv.key())) {
            const std::vector<quint64> got = merged.received.value(qMakePair(user, conv.key()));
            std::unordered_set<quint64> seen;
            quint64 last = 0;
            for (quint64 seq : got) {
                if (!seen.insert(seq).second)
                    ++duplicated;
                if (seq < last)
                    ++reordered;
                last = std::max(last, seq);
            }
            for (quint64 seq : conv.value()) {
                if (!seen.count(seq))
                    ++lost;
            }
        }
    }
}

namespace {
QString row(const char *name, const Percentiles &p)
{
    return QStringLiteral("%1  p50 %2 ms  p95 %3  p99 %4  p99.9 %5  max %6\n")
        .arg(QString::fromLatin1(name), -22)
        .arg(p.p50, 0, 'f', 3)
        .arg(p.p95, 0, 'f', 3)
        .arg(p.p99, 0, 'f', 3)
        .arg(p.p999, 0, 'f', 3)
        .arg(p.max, 0, 'f', 3);
}

QJsonObject toJson(const Percentiles &p)
{
    return {{QStringLiteral("p50_ms"), p.p50},
            {QStringLiteral("p95_ms"), p.p95},
            {QStringLiteral("p99_ms"), p.p99},
            {QStringLiteral("p999_ms"), p.p999},
            {QStringLiteral("max_ms"), p.max}};
}
} // namespace

QString Report::table() const
{
    QString t = QStringLiteral("workload %1, %2 users (setup %3 s)\n")
                    .arg(workload)
                    .arg(users)
                    .arg(setupSeconds, 0, 'f', 1);
    if (seconds > 0 && stats.pages == 0) {
        t += QStringLiteral("sends acked/s          %1  (%2 acked of %3 sent in %4 s)\n")
                 .arg(double(stats.acked) / seconds, 0, 'f', 0)
                 .arg(stats.acked)
                 .arg(stats.sent)
                 .arg(seconds);
        // Sends still in flight when sending stopped are acknowledged after it: in an open
        // loop that natterd cannot keep up with, that is most of them.
        const double tail = loadStartNs > 0 && stats.lastAckAtNs > loadStartNs
                                ? double(stats.lastAckAtNs - loadStartNs) / 1e9
                                : 0;
        if (tail > seconds * 1.05)
            t += QStringLiteral("acked/s to the last ack %1  (the last ack %2 s after the start)\n")
                     .arg(double(stats.acked) / tail, 0, 'f', 0)
                     .arg(tail, 0, 'f', 1);
        t += QStringLiteral("deliveries/s           %1\n")
                 .arg(double(stats.delivered) / seconds, 0, 'f', 0);
        t += row("send -> ack", ack);
        if (!stats.lagNs.empty())
            t += row("send behind schedule", lag) +
                 QStringLiteral("late sends (> 1 ms)    %1 of %2: the load generator fell behind\n")
                     .arg(lateSends)
                     .arg(stats.lagNs.size());
        t += row("send -> delivered", deliver);
        if (stats.worstAckNs > 0 && loadStartNs > 0)
            t += QStringLiteral("slowest ack            %1 ms, %2 s after the start\n")
                     .arg(double(stats.worstAckNs) / 1e6, 0, 'f', 1)
                     .arg(double(stats.worstAckAtNs - loadStartNs) / 1e9, 0, 'f', 2);
        if (stats.receipts > 0)
            t += QStringLiteral("delivered reports      %1 accepted\n").arg(stats.receipts);
    }
    if (seconds > 0 && stats.pages > 0) {
        t += QStringLiteral("pages/s                %1  (newest 50 messages each)\n")
                 .arg(double(stats.pages) / seconds, 0, 'f', 0);
        t += row("page round trip", page);
    }
    if (connected > 0) {
        t += QStringLiteral("storm: %1 connected and signed in within %2 s, %3 listen overflows\n")
                 .arg(connected)
                 .arg(stormSeconds, 0, 'f', 2)
                 .arg(listenOverflows);
        t += QStringLiteral("server memory per connection %1 KB\n")
                 .arg(rssPerConnection / 1024, 0, 'f', 1);
    }
    for (auto it = stats.errors.begin(); it != stats.errors.end(); ++it)
        t += QStringLiteral("errors %1: %2\n")
                 .arg(QString::fromStdString(proto::ErrorCode_Name(proto::ErrorCode(it.key()))))
                 .arg(it.value());
    if (cacheHits >= 0 && cacheHits + cacheMisses > 0)
        t += QStringLiteral("server cache: %1% of newest pages from memory (%2 of %3)\n")
                 .arg(100.0 * double(cacheHits) / double(cacheHits + cacheMisses), 0, 'f', 1)
                 .arg(cacheHits)
                 .arg(cacheHits + cacheMisses);
    if (loadCpuSeconds > 0) {
        // The headline cost: what natterd spent per unit of work the bench measured.
        const quint64 units = stats.pages > 0 ? stats.pages : stats.acked;
        if (units > 0)
            t += QStringLiteral("server CPU per %1 %2 us  (%3 cores busy on average)\n")
                     .arg(stats.pages > 0 ? QStringLiteral("page        ")
                                          : QStringLiteral("acked message"))
                     .arg(loadCpuSeconds * 1e6 / double(units), 0, 'f', 1)
                     .arg(loadCpuSeconds / loadWallSeconds, 0, 'f', 2);
        t += QStringLiteral("server threads (share of a core while loaded):\n");
        for (const ThreadLoad &thread : serverThreads)
            t += QStringLiteral("  %1 %2  %3 %\n")
                     .arg(thread.name, -16)
                     .arg(thread.tid, 7)
                     .arg(thread.cores * 100, 5, 'f', 1);
    }
    if (serverPeakRss > 0)
        t += QStringLiteral("server CPU %1 s, peak RSS %2 MB\n")
                 .arg(serverCpuSeconds, 0, 'f', 2)
                 .arg(double(serverPeakRss) / 1048576, 0, 'f', 1);
    t += QStringLiteral("verdict: %1 (lost %2, duplicated %3, reordered %4)\n")
             .arg(correct() ? QStringLiteral("CORRECT") : QStringLiteral("FAILED"))
             .arg(lost)
             .arg(duplicated)
             .arg(reordered);
    return t;
}

QString Report::json() const
{
    QJsonObject errors;
    for (auto it = stats.errors.begin(); it != stats.errors.end(); ++it)
        errors.insert(QString::fromStdString(proto::ErrorCode_Name(proto::ErrorCode(it.key()))),
                      qint64(it.value()));
    QJsonArray threads;
    for (const ThreadLoad &thread : serverThreads)
        threads.append(QJsonObject{{QStringLiteral("name"), thread.name},
                                   {QStringLiteral("tid"), thread.tid},
                                   {QStringLiteral("cores"), thread.cores}});
    const QJsonObject o{
        {QStringLiteral("workload"), workload},
        {QStringLiteral("users"), users},
        {QStringLiteral("setup_seconds"), setupSeconds},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("sent"), qint64(stats.sent)},
        {QStringLiteral("acked"), qint64(stats.acked)},
        {QStringLiteral("acked_per_second"), seconds > 0 ? double(stats.acked) / seconds : 0},
        {QStringLiteral("delivered"), qint64(stats.delivered)},
        {QStringLiteral("deliveries_per_second"),
         seconds > 0 ? double(stats.delivered) / seconds : 0},
        {QStringLiteral("pages"), qint64(stats.pages)},
        {QStringLiteral("receipts"), qint64(stats.receipts)},
        {QStringLiteral("pages_per_second"), seconds > 0 ? double(stats.pages) / seconds : 0},
        {QStringLiteral("send_to_ack"), toJson(ack)},
        {QStringLiteral("send_to_delivered"), toJson(deliver)},
        {QStringLiteral("send_behind_schedule"), toJson(lag)},
        {QStringLiteral("late_sends"), qint64(lateSends)},
        {QStringLiteral("page"), toJson(page)},
        {QStringLiteral("storm_seconds"), stormSeconds},
        {QStringLiteral("connected"), connected},
        {QStringLiteral("listen_overflows"), listenOverflows},
        {QStringLiteral("rss_per_connection_bytes"), rssPerConnection},
        {QStringLiteral("server_cpu_seconds"), serverCpuSeconds},
        {QStringLiteral("server_load_cpu_seconds"), loadCpuSeconds},
        {QStringLiteral("last_ack_after_seconds"),
         loadStartNs > 0 && stats.lastAckAtNs > 0 ? double(stats.lastAckAtNs - loadStartNs) / 1e9
                                                  : 0.0},
        {QStringLiteral("slowest_ack_ms"), double(stats.worstAckNs) / 1e6},
        {QStringLiteral("slowest_ack_after_seconds"),
         loadStartNs > 0 && stats.worstAckAtNs > 0 ? double(stats.worstAckAtNs - loadStartNs) / 1e9
                                                   : 0.0},
        {QStringLiteral("server_load_wall_seconds"), loadWallSeconds},
        {QStringLiteral("server_threads"), threads},
        {QStringLiteral("server_peak_rss_bytes"), serverPeakRss},
        {QStringLiteral("cache_hits"), cacheHits},
        {QStringLiteral("cache_misses"), cacheMisses},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("lost"), qint64(lost)},
        {QStringLiteral("duplicated"), qint64(duplicated)},
        {QStringLiteral("reordered"), qint64(reordered)},
        {QStringLiteral("correct"), correct()},
    };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + QLatin1Char('\n');
}

} // namespace natter::bench
