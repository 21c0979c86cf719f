#pragma once
/// Where "stay signed in" keeps the session token: the OS keychain (QtKeychain), a 0600 file
/// the user opted into, or nowhere but memory. An interface, so tests and CI run without any
/// Secret Service.

#include <QHash>
#include <QString>
#include <functional>

namespace natter::app {

class TokenStore {
public:
    using Loaded = std::function<void(const QString &token, const QString &problem)>;
    using Saved = std::function<void(bool ok, const QString &problem)>;

    virtual ~TokenStore() = default;
    /// Empty token when none is stored; `problem` is readable when the store failed.
    virtual void load(const QString &account, Loaded done) = 0;
    virtual void save(const QString &account, const QString &token, Saved done) = 0;
    virtual void remove(const QString &account) = 0;
    [[nodiscard]] virtual QString description() const = 0;
};

/// QtKeychain: the platform's credential store (Keychain, Credential Manager, Secret Service).
class KeychainTokenStore : public TokenStore {
public:
    void load(const QString &account, Loaded done) override;
    void save(const QString &account, const QString &token, Saved done) override;
    void remove(const QString &account) override;
    [[nodiscard]] QString description() const override;
};

/// A file readable only by the user (mode 0600), for systems without a keychain.
class FileTokenStore : public TokenStore {
public:
    explicit FileTokenStore(QString folder);
    void load(const QString &account, Loaded done) override;
    void save(const QString &account, const QString &token, Saved done) override;
    void remove(const QString &account) override;
    [[nodiscard]] QString description() const override;

private:
    [[nodiscard]] QString path(const QString &account) const;
    QString m_folder;
};

/// Keeps the token for this run only.
class MemoryTokenStore : public TokenStore {
public:
    void load(const QString &account, Loaded done) override;
    void save(const QString &account, const QString &token, Saved done) override;
    void remove(const QString &account) override;
    [[nodiscard]] QString description() const override;

private:
    QHash<QString, QString> m_tokens;
};

} // namespace natter::app
