#pragma once

#include "fleet.h"
#include "process_load.h"

#include <QString>

namespace natter::bench {

struct Percentiles {
    double p50 = 0, p95 = 0, p99 = 0, p999 = 0, max = 0; // milliseconds
    static Percentiles of(std::vector<qint64> samplesNs);
};

/// What a run measured and whether every acknowledged message reached every member exactly
/// once and in seq order.
struct Report {
    QString workload;
    int users = 0;
    double setupSeconds = 0;
    double seconds = 0;
    Stats stats;
    Percentiles ack, deliver, page;
    Percentiles lag;       // open loop: sends behind their schedule
    quint64 lateSends = 0; // open loop: sends more than kLateNs behind it
    static constexpr qint64 kLateNs = 1'000'000;
    quint64 lost = 0;
    quint64 duplicated = 0;
    quint64 reordered = 0;
    // idle / storm
    double stormSeconds = 0;
    int connected = 0;
    qint64 listenOverflows = 0;
    double rssPerConnection = 0;
    // server, when natter-bench started it
    double serverCpuSeconds = 0;
    double loadCpuSeconds = 0;  // natterd's CPU during the measured phase (with its drain)
    double loadWallSeconds = 0; // how long that phase took
    qint64 loadStartNs = 0;     // nowNs() when the measured phase began
    QList<ThreadLoad> serverThreads;
    qint64 serverPeakRss = 0;
    // natterd's newest-page cache (ServerStats; the first bench user is made admin)
    qint64 cacheHits = -1; // -1: not known (a natterd that did not make us admin)
    qint64 cacheMisses = 0;

    void fill(const Stats &merged, const QHash<quint64, QList<int>> &members);
    [[nodiscard]] bool correct() const { return lost == 0 && duplicated == 0 && reordered == 0; }
    [[nodiscard]] QString table() const;
    [[nodiscard]] QString json() const;
};

} // namespace natter::bench
