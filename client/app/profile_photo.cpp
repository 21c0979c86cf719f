#include "profile_photo.h"

#include "file_transfer.h"
#include "image_tools.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace natter::app {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("natter::app::ProfilePhoto", text);
}

void setOnServer(AccountSession &session, const QString &blobId, QObject *context,
                 std::function<void(const QString &)> done)
{
    session.client.setProfilePhoto(
        blobId,
        [blobId, done](Result<proto::ProfilesReply> set) {
            if (!set.ok())
                return done(tr("Profile photo not changed: %1").arg(set.failure().message));
            done(blobId.isEmpty() ? tr("Profile photo removed") : tr("Profile photo set"));
        },
        context);
}
} // namespace

void changeProfilePhoto(AccountSession &session, const QString &path, QObject *context,
                        std::function<void(const QString &outcome)> done)
{
    if (path.isEmpty())
        return setOnServer(session, {}, context, done);
    // The square JPEG is the app's own file until it is uploaded.
    const QString photo =
        QDir(session.outgoingDir())
            .filePath(
                QStringLiteral("photo-%1.jpg").arg(QUuid::createUuid().toString(QUuid::Id128)));
    auto *watcher = new QFutureWatcher<QString>(context);
    QObject::connect(
        watcher, &QFutureWatcher<QString>::finished, context,
        [&session, watcher, photo, context, done] {
            watcher->deleteLater();
            if (const QString problem = watcher->result(); !problem.isEmpty())
                return done(tr("Profile photo not changed: %1").arg(problem));
            auto *upload = new client::FileUpload(session.client, photo, context);
            upload->start([&session, upload, photo, context, done](Result<proto::Attachment> sent) {
                upload->deleteLater();
                QFile::remove(photo);
                if (!sent.ok())
                    return done(tr("Profile photo not changed: %1").arg(sent.failure().message));
                setOnServer(session, QString::fromStdString(sent.value().blob_id()), context, done);
            });
        });
    watcher->setFuture(QtConcurrent::run([path, photo]() -> QString {
        const auto picture = image::decodePicture(path, QSize(1024, 1024)); // ample for 512
        if (!picture.error.isEmpty())
            return picture.error;
        const QByteArray jpeg = image::makeProfilePhoto(picture.image);
        QFile file(photo);
        if (jpeg.isEmpty() || !QDir().mkpath(QFileInfo(photo).path()) ||
            !file.open(QIODevice::WriteOnly) || file.write(jpeg) != jpeg.size())
            return QStringLiteral("cannot write %1: %2").arg(photo, file.errorString());
        return {};
    }));
}

} // namespace natter::app
