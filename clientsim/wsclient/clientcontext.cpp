#include "clientcontext.h"

#include "clientconnection.h"
#include "tlssession.h"

#include <QRandomGenerator>

#include <chrono>

ClientContext::ClientContext()
    : m_readBuffer(kReadBufferBytes, Qt::Uninitialized)
{
    m_cork.reserve(kCorkFlushBytes + 4096);
    while (m_random[0] == 0 && m_random[1] == 0) {
        m_random[0] = QRandomGenerator::system()->generate64();
        m_random[1] = QRandomGenerator::system()->generate64();
    }
}

ClientContext::~ClientContext()
{
    if (m_tls)
        TlsSession::freeContext(m_tls);
}

bool ClientContext::open(bool tls, bool insecureTls, QString *error)
{
    if (!m_poller.open(error))
        return false;
    if (tls) {
        m_tls = TlsSession::createContext(insecureTls, error);
        if (!m_tls)
            return false;
    }
    return true;
}

quint64 ClientContext::random()
{
    // xorshift128+
    quint64 s1 = m_random[0];
    const quint64 s0 = m_random[1];
    m_random[0] = s0;
    s1 ^= s1 << 23;
    m_random[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return m_random[1] + s0;
}

qint64 ClientContext::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void ClientContext::takeCork(ClientConnection *c)
{
    if (m_corkOwner == c)
        return;
    if (m_corkOwner)
        m_corkOwner->writeCork();
    m_corkOwner = c;
}
