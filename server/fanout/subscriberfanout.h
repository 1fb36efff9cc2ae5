#pragma once

#include <QtGlobal>

#include <vector>

struct BroadcastMessage;
struct ServerConnection;

// A worker's broadcast subscribers: each published frame is appended to every subscriber's TCP
// socket (the same implicitly shared bytes for all, whole frames so they never interleave with
// QtWebSockets' own writes) and all of them are flushed together once per event-loop pass, so a
// worker that falls behind writes several publishes per subscriber in one write().
class SubscriberFanout
{
public:
    // A subscriber with more than maxPendingBytes unsent misses messages until it catches up.
    explicit SubscriberFanout(qint64 maxPendingBytes);

    void add(ServerConnection *c);
    void remove(ServerConnection *c);
    int size() const { return int(m_subscribers.size()); }

    struct Delivery
    {
        quint64 sent = 0;
        quint64 dropped = 0; // subscribers over the back-pressure bound: message dropped, kept connected
        bool flushNeeded = false; // the first frames since the last flush(): schedule one
    };
    // Appends message to every open subscriber's socket, unflushed.
    Delivery deliver(const BroadcastMessage &message);
    // Writes out everything deliver() appended. A write that fails disconnects its socket, whose
    // handler calls remove(): safe from inside this loop.
    void flush();

private:
    const qint64 m_maxPendingBytes;
    std::vector<ServerConnection *> m_subscribers;
    std::vector<ServerConnection *> m_unflushed;
};
