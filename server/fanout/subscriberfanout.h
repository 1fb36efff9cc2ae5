#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <vector>

struct BroadcastMessage;
struct ServerConnection;

// A worker's broadcast subscribers. deliver() queues each published frame for every subscriber
// (the same implicitly shared bytes for all, no copy) and flush(), once per event-loop pass, writes
// each subscriber's frames with one sendmsg() straight from those shared bytes: a worker that falls
// behind writes several publishes per subscriber in one call. Only what the kernel does not take
// goes through QTcpSocket's buffer, and whole frames never interleave with QtWebSockets' own writes.
class SubscriberFanout
{
public:
    // A subscriber with more than maxPendingBytes unsent misses messages until it catches up.
    explicit SubscriberFanout(qint64 maxPendingBytes);

    void add(ServerConnection *c);
    // Frames queued for c and not yet flushed go to its socket if it is open and not closing.
    void remove(ServerConnection *c);
    int size() const { return int(m_subscribers.size()); }

    struct Delivery
    {
        quint64 sent = 0;
        quint64 dropped = 0; // subscribers over the back-pressure bound: message dropped, kept connected
        bool flushNeeded = false; // the first frames since the last flush(): schedule one
    };
    // Queues message for every open subscriber.
    Delivery deliver(const BroadcastMessage &message);
    // Writes out everything deliver() queued. A write that fails disconnects its socket, whose
    // handler calls remove(): safe from inside this loop.
    void flush();

private:
    void writeOut(ServerConnection *c);

    const qint64 m_maxPendingBytes;
    std::vector<ServerConnection *> m_subscribers;
    std::vector<ServerConnection *> m_unflushed;
    std::vector<QByteArray> m_writing; // the frames being written; swapped with a subscriber's queue
};
