#include "account_session.h"

namespace natter::app {

AccountSession::AccountSession(client::Client &c, const QString &cacheDir)
    : client(c)
    , m_opened(open(cacheDir))
    , m_engine(c, m_cache)
    , m_conversations(m_cache, m_engine)
    , m_messages(m_cache, m_engine)
    , m_network(c.connection())
{
    m_engine.start();
}

bool AccountSession::open(const QString &dir)
{
    return m_cache.open(dir, &m_error);
}

} // namespace natter::app
