#pragma once

#include <QString>
#include <QUrl>

namespace natter::bench {

/// What the upload workload measured.
struct UploadFigures {
    int uploaders = 0;
    double seconds = 0;
    qint64 bytes = 0; // completed uploads only
    int files = 0;
    double totalMBps = 0;
    double perConnectionMBps = 0;
    // Text messages between two other users, before and during the uploads (send to event).
    double idleP50Ms = 0, idleP99Ms = 0;
    double busyP50Ms = 0, busyP99Ms = 0;
    int texts = 0;
    QString problem; // empty when everything worked

    [[nodiscard]] QString table() const;
};

/// `uploaders` users each upload files of `fileBytes` (new content every time, so nothing is
/// deduplicated) for `seconds`, each on a thread and connection of its own, while a pair of
/// users exchanges a text every 10 ms; the text latency is measured first without uploads.
[[nodiscard]] UploadFigures runUploads(const QUrl &url, int uploaders, double seconds,
                                       qint64 fileBytes);

} // namespace natter::bench
