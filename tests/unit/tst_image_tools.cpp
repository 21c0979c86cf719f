#include "image_tools.h"
#include "test_images.h"

#include <QBuffer>
#include <QtTest>

using namespace natter::image;
using namespace natter::test;

class TestImageTools : public QObject {
    Q_OBJECT
private slots:
    void aPictureIsDecodedScaledToItsBound()
    {
        const auto decoded = decodePicture(encoded(picture(1200, 800), "png"), QSize(300, 300));
        QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
        QCOMPARE(decoded.image.size(), QSize(300, 200));
        QBuffer buffer;
        buffer.setData(encoded(picture(1200, 800), "jpeg"));
        buffer.open(QIODevice::ReadOnly);
        QCOMPARE(pictureSize(&buffer), std::optional<QSize>(QSize(1200, 800)));
    }

    void aDecompressionBombIsRefusedFromItsHeader()
    {
        const QByteArray bomb = pngClaiming(60000, 60000);
        QVERIFY(bomb.size() < 100);
        QBuffer buffer;
        buffer.setData(bomb);
        buffer.open(QIODevice::ReadOnly);
        QCOMPARE(pictureSize(&buffer), std::nullopt);
        const auto decoded = decodePicture(bomb);
        QVERIFY(decoded.image.isNull());
        QVERIFY2(decoded.error.contains(QStringLiteral("60000×60000")), qPrintable(decoded.error));
        QVERIFY(thumbnailProblem(bomb)->contains(QStringLiteral("320")));
    }

    void aTruncatedJpegNeverCrashes()
    {
        const QByteArray jpeg = encoded(picture(800, 600), "jpeg", 90);
        for (const qsizetype keep : {qsizetype(2), qsizetype(200), jpeg.size() / 2}) {
            const auto decoded = decodePicture(jpeg.left(keep));
            // Either a placeholder with a reason, or what arrived of the picture at its size.
            QVERIFY(decoded.image.isNull() != decoded.error.isEmpty());
            if (!decoded.image.isNull())
                QCOMPARE(decoded.image.size(), QSize(800, 600));
        }
        QVERIFY(!decodePicture(jpeg.left(200)).error.isEmpty()); // no picture data at all
    }

    void notAPictureIsSaidSo()
    {
        const auto decoded = decodePicture(QByteArray("just some text, not a picture"));
        QVERIFY(decoded.image.isNull());
        QVERIFY(decoded.error.contains(QStringLiteral("not a PNG")));
    }

    void thumbnailsAreSmallAndPassTheServersCheck()
    {
        const QByteArray thumbnail = makeThumbnail(picture(4000, 3000));
        QVERIFY(!thumbnail.isEmpty());
        QVERIFY(thumbnail.size() <= kMaxThumbnailBytes);
        QCOMPARE(thumbnailProblem(thumbnail), std::nullopt);
        QCOMPARE(decodePicture(thumbnail).image.size(), QSize(160, 120));
    }

    void theServerRefusesBadThumbnails()
    {
        QVERIFY(thumbnailProblem(QByteArray(kMaxThumbnailBytes + 1, 'x'))
                    ->contains(QStringLiteral("bytes")));
        QVERIFY(thumbnailProblem("GIF89a not really")->contains(QStringLiteral("PNG or JPEG")));
        QVERIFY(
            thumbnailProblem(encoded(picture(400, 100), "png"))->contains(QStringLiteral("320")));
        const QByteArray jpeg = encoded(picture(300, 200), "jpeg", 50);
        QVERIFY(thumbnailProblem(jpeg.left(20)).has_value());
    }

    void profilePhotosAreBoundedSquares()
    {
        const auto photo = decodePicture(makeProfilePhoto(picture(3000, 1000)));
        QVERIFY(photo.error.isEmpty());
        QCOMPARE(photo.image.size(), QSize(kProfilePhotoSide, kProfilePhotoSide));
        QCOMPARE(decodePicture(makeProfilePhoto(picture(100, 80))).image.size(), QSize(80, 80));
        QVERIFY(makeProfilePhoto(QImage()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImageTools)
#include "tst_image_tools.moc"
