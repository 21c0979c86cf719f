#include "push/smtp_mailer.h"

#include <QDateTime>
#include <QLocale>
#include <QThreadPool>
#include <QUuid>
#include <curl/curl.h>
#include <mutex>

namespace natter::server::push {

namespace {

constexpr long kTimeoutMs = 30'000;

struct Upload {
    QByteArray data;
    qsizetype offset = 0;
};

size_t readChunk(char *buffer, size_t size, size_t count, void *userData)
{
    auto *upload = static_cast<Upload *>(userData);
    const size_t left = size_t(upload->data.size() - upload->offset);
    const size_t n = std::min(size * count, left);
    std::memcpy(buffer, upload->data.constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

/// RFC 2047 encoded word when the text is not plain ASCII.
QByteArray headerText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    for (char c : utf8) {
        if (uchar(c) >= 0x80)
            return "=?UTF-8?B?" + utf8.toBase64() + "?=";
    }
    return utf8;
}

QString sendNow(const QString &url, const QString &from, const Mail &mail)
{
    static std::once_flag curlReady;
    std::call_once(curlReady, []() { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURL *curl = curl_easy_init();
    if (!curl)
        return QStringLiteral("libcurl could not start");
    Upload upload{SmtpMailer::compose(from, mail)};
    const QByteArray urlBytes = url.toUtf8();
    const QByteArray fromBytes = '<' + from.toUtf8() + '>';
    const QByteArray toBytes = '<' + mail.to.toUtf8() + '>';
    curl_slist *recipients = curl_slist_append(nullptr, toBytes.constData());
    curl_easy_setopt(curl, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, fromBytes.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_TRY));
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readChunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    const CURLcode result = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return result == CURLE_OK ? QString() : QString::fromUtf8(curl_easy_strerror(result));
}

} // namespace

SmtpMailer::SmtpMailer(QString smtpUrl, QString from, QObject *parent)
    : QObject(parent)
    , m_url(std::move(smtpUrl))
    , m_from(std::move(from))
{
    m_pool.setMaxThreadCount(1); // digests are few; one at a time is plenty
}

SmtpMailer::~SmtpMailer()
{
    m_pool.waitForDone();
}

QByteArray SmtpMailer::compose(const QString &from, const Mail &mail)
{
    const QString date = QLocale::c().toString(QDateTime::currentDateTimeUtc(),
                                               QStringLiteral("ddd, dd MMM yyyy hh:mm:ss +0000"));
    QByteArray message;
    message += "Date: " + date.toLatin1() + "\r\n";
    message += "From: Natter <" + from.toUtf8() + ">\r\n";
    message += "To: " + headerText(mail.toName) + " <" + mail.to.toUtf8() + ">\r\n";
    message += "Subject: " + headerText(mail.subject) + "\r\n";
    message +=
        "Message-ID: <" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + "@natter>\r\n";
    message += "MIME-Version: 1.0\r\n";
    message += "Content-Type: text/plain; charset=UTF-8\r\n";
    message += "Content-Transfer-Encoding: 8bit\r\n\r\n";
    QByteArray body = mail.body.toUtf8();
    // libcurl escapes lines that start with a dot itself; lines must end in CRLF.
    body.replace("\r\n", "\n").replace('\n', "\r\n");
    message += body + "\r\n";
    return message;
}

void SmtpMailer::send(const Mail &mail, std::function<void(bool, const QString &)> done)
{
    m_pool.start([this, url = m_url, from = m_from, mail, done]() {
        const QString error = sendNow(url, from, mail);
        // The destructor waits for the pool, so `this` is alive here.
        QMetaObject::invokeMethod(
            this, [done, error]() { done(error.isEmpty(), error); }, Qt::QueuedConnection);
    });
}

} // namespace natter::server::push
