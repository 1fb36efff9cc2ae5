#include "clientcontext.h"

#include "clientconnection.h"
#include "tlssession.h"

#include <latencyhistogram.h>

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

void ClientContext::batchRepliesFor(const LatencyHistogram &roundTrips)
{
    constexpr quint64 kEnoughRoundTrips = 100;
    constexpr qint64 kShortestUs = 20; // less saves no wake-up worth having
    constexpr qint64 kLongestUs = 250;
    EpollEventDispatcher *dispatcher = m_poller.dispatcher();
    if (!dispatcher || m_tls || roundTrips.count() < kEnoughRoundTrips)
        return; // keep what the last interval with enough round trips chose
    const qint64 us = roundTrips.percentileNs(50) / 1000 / 20;
    dispatcher->setBatchDelay(us < kShortestUs ? 0 : int(qMin(us, kLongestUs)));
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

qint64 ClientContext::steadyNsOf(const timespec &realtime)
{
    timespec real;
    clock_gettime(CLOCK_REALTIME, &real);
    const qint64 now = nowNs();
    const qint64 ago = (qint64(real.tv_sec) - qint64(realtime.tv_sec)) * 1'000'000'000 + (real.tv_nsec - realtime.tv_nsec);
    return now - qMax<qint64>(0, ago);
}

void ClientContext::takeCork(ClientConnection *c)
{
    if (m_corkOwner == c)
        return;
    if (m_corkOwner)
        m_corkOwner->writeCork();
    m_corkOwner = c;
}
