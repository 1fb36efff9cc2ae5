#pragma once

#include "socketpoller.h"

#include <QByteArray>

#include <ctime>

typedef struct ssl_ctx_st SSL_CTX;
class ClientConnection;
class LatencyHistogram;

// What the connections of one load thread share: the epoll set, one read buffer every socket is
// read into, one "cork" buffer that collects a connection's frames of one pass so they leave in
// one write(), the TLS context and a fast generator for masking keys. Lives in that thread.
class ClientContext
{
public:
    static constexpr qsizetype kReadBufferBytes = 64 * 1024;
    static constexpr qsizetype kCorkFlushBytes = 64 * 1024; // written early past this

    ClientContext();
    ~ClientContext();
    ClientContext(const ClientContext &) = delete;
    ClientContext &operator=(const ClientContext &) = delete;

    // In the thread that will use it: the epoll set and, for wss, the TLS context.
    bool open(bool tls, bool insecureTls, QString *error);

    SocketPoller &poller() { return m_poller; }
    SSL_CTX *tlsContext() const { return m_tls; }
    char *readBuffer() { return m_readBuffer.data(); }
    // A xorshift128+ generator seeded from the system: masking keys only protect against
    // cache poisoning by scripts in browsers (RFC 6455 10.3), not a concern of a load generator,
    // so they need to be unpredictable to the server, not cryptographic.
    quint64 random();
    // Lets the thread's loop gather replies for up to a twentieth of the last interval's median
    // round trip before it serves them (EpollEventDispatcher::setBatchDelay), so a closed loop
    // sends at most 5 % later while a wake-up serves many messages, not one. Only on ws://: the
    // latencies must end at the kernel's arrival time (ClientConnection::arrivalNs()).
    void batchRepliesFor(const LatencyHistogram &roundTrips);

    static qint64 nowNs(); // steady clock
    // A CLOCK_REALTIME time from the kernel (a receive stamp) on the steady clock, never later than now.
    static qint64 steadyNsOf(const timespec &realtime);

private:
    friend class ClientConnection;
    // Makes c the connection whose frames collect in the cork, writing out another one's first.
    void takeCork(ClientConnection *c);

    SocketPoller m_poller;
    SSL_CTX *m_tls = nullptr;
    QByteArray m_readBuffer;
    QByteArray m_cork;
    ClientConnection *m_corkOwner = nullptr;
    quint64 m_random[2] = {0, 0};
};
