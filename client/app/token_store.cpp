#include "token_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <qt6keychain/keychain.h>

namespace natter::app {

namespace {
const QString kService = QStringLiteral("natter");
}

void KeychainTokenStore::load(const QString &account, Loaded done)
{
    // Jobs are asynchronous: no D-Bus round trip blocks the GUI thread.
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(account);
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done] {
        if (job->error() == QKeychain::NoError)
            done(job->textData(), QString());
        else if (job->error() == QKeychain::EntryNotFound)
            done(QString(), QString());
        else
            done(QString(), QCoreApplication::translate("TokenStore", "the keychain is not "
                                                                      "available: %1")
                                .arg(job->errorString()));
    });
    job->start();
}

void KeychainTokenStore::save(const QString &account, const QString &token, Saved done)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(account);
    job->setTextData(token);
    QObject::connect(job, &QKeychain::Job::finished, job,
                     [job, done] { done(job->error() == QKeychain::NoError, job->errorString()); });
    job->start();
}

void KeychainTokenStore::remove(const QString &account)
{
    auto *job = new QKeychain::DeletePasswordJob(kService);
    job->setKey(account);
    job->start();
}

QString KeychainTokenStore::description() const
{
    return QCoreApplication::translate("TokenStore", "the system keychain");
}

FileTokenStore::FileTokenStore(QString folder)
    : m_folder(std::move(folder))
{}

QString FileTokenStore::path(const QString &account) const
{
    QString safe = account;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return QDir(m_folder).filePath(safe + QStringLiteral(".token"));
}

void FileTokenStore::load(const QString &account, Loaded done)
{
    QFile file(path(account));
    if (!file.open(QIODevice::ReadOnly))
        return done(QString(), QString());
    done(QString::fromUtf8(file.readAll()).trimmed(), QString());
}

void FileTokenStore::save(const QString &account, const QString &token, Saved done)
{
    QDir().mkpath(m_folder);
    QSaveFile file(path(account));
    if (!file.open(QIODevice::WriteOnly))
        return done(false, file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(token.toUtf8());
    const bool ok = file.commit();
    QFile::setPermissions(path(account), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    done(ok, file.errorString());
}

void FileTokenStore::remove(const QString &account)
{
    QFile::remove(path(account));
}

QString FileTokenStore::description() const
{
    return QCoreApplication::translate("TokenStore", "a file only you can read");
}

void MemoryTokenStore::load(const QString &account, Loaded done)
{
    done(m_tokens.value(account), QString());
}

void MemoryTokenStore::save(const QString &account, const QString &token, Saved done)
{
    m_tokens.insert(account, token);
    done(true, QString());
}

void MemoryTokenStore::remove(const QString &account)
{
    m_tokens.remove(account);
}

QString MemoryTokenStore::description() const
{
    return QCoreApplication::translate("TokenStore", "memory, for this session only");
}

} // namespace natter::app
