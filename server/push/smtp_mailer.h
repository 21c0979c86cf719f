#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <functional>

namespace natter::server::push {

struct Mail {
    QString to;
    QString toName;
    QString subject;
    QString body; // plain text, UTF-8
};

/// Sends mail through an SMTP server with libcurl. curl blocks, so every send runs on the
/// mailer's own thread pool; `done` comes back on the mailer's thread.
class SmtpMailer : public QObject {
    Q_OBJECT
public:
    SmtpMailer(QString smtpUrl, QString from, QObject *parent = nullptr);
    ~SmtpMailer() override;

    void send(const Mail &mail, std::function<void(bool sent, const QString &error)> done);

    /// The RFC 5322 message curl uploads (headers, blank line, body).
    [[nodiscard]] static QByteArray compose(const QString &from, const Mail &mail);

private:
    QString m_url;
    QString m_from;
    QThreadPool m_pool;
};

} // namespace natter::server::push
