#pragma once

#include <QString>
#include <QUrl>

namespace natter::bench {

struct SearchOptions {
    int searchers = 100; // users searching at once, each on a connection of its own
    int groups = 50;     // conversations the messages go to
    int groupSize = 10;  // searchers in each
    qint64 messages = 100'000;
    double seconds = 10;   // of each phase: sends alone, then sends with searches
    double sendRate = 500; // texts per second in both phases (open loop)
    int thinkMs = 1000;    // each searcher's pause between searches (0: back to back)
    int threads = 4;
    // Where a seeded run records its users and groups, and a later run with the same sizes
    // finds them (empty: seed every time).
    QString seedFile;
};

struct SearchFigures {
    qint64 seeded = 0;
    double seedSeconds = 0;
    bool seedReused = false; // seeded by an earlier run over the same data dir
    int searches = 0;
    double searchesPerSecond = 0;
    double p50Ms = 0, p99Ms = 0, maxMs = 0;
    double hitsPerSearch = 0;
    int sendsIdle = 0, sendsBusy = 0;
    double idleP50Ms = 0, idleP99Ms = 0, busyP50Ms = 0, busyP99Ms = 0;
    int errors = 0;
    // From the data dir (when natter-bench started natterd): bytes per stored message.
    qint64 storedMessages = 0;
    double indexBytesPerMessage = 0;   // search_index's tables and search_slots
    double messageBytesPerMessage = 0; // the messages table and its index
    QString problem;                   // empty when everything worked

    [[nodiscard]] QString table() const;
};

/// Seeds `messages` made-up sentences into `groups` groups of searchers, then measures the
/// send → ack latency of a steady stream of texts, first alone, then while every searcher
/// searches its conversations (newest first, 20 hits) over and over.
[[nodiscard]] SearchFigures runSearchWorkload(const QUrl &url, const SearchOptions &o);

/// Fills in the figures' sizes from the shard files in natterd's `dataDir` (SQLite's dbstat).
void measureIndexSize(const QString &dataDir, SearchFigures *figures);

} // namespace natter::bench
