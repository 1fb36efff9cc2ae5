#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

class RedisBus;
class ServerWorker;

// One published message, framed once and shared by every delivery (implicit sharing), as
// gorilla's PreparedMessage: workers write the frame straight to each subscriber's socket.
struct BroadcastMessage
{
    static BroadcastMessage text(const QString &message);
    static BroadcastMessage binary(const QByteArray &message);

    QByteArray frame; // one unmasked RFC 6455 server frame
    qint64 payloadBytes = 0;
};

// Fans a message out to every worker's subscribers, and with a bus to the other processes of the
// group. The worker list and the bus are fixed before the threads start, so publish() may be
// called from any worker without a lock.
class BroadcastHub
{
public:
    void setWorkers(const QVector<ServerWorker *> &workers) { m_workers = workers; }
    void setBus(RedisBus *bus) { m_bus = bus; }
    const RedisBus *bus() const { return m_bus; }
    // Delivers on publisher's own worker at once, queues to the others, relays to the bus.
    void publish(ServerWorker *publisher, const BroadcastMessage &message) const;
    // A frame another process of the group published: queued to every worker (any thread).
    void deliverFromGroup(const QByteArray &frame) const;

private:
    QVector<ServerWorker *> m_workers;
    RedisBus *m_bus = nullptr;
};
