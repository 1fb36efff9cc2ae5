#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

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

// Fans a message out to every worker's subscribers. The worker list is fixed before the threads
// start, so publish() may be called from any worker without a lock.
class BroadcastHub
{
public:
    void setWorkers(const QVector<ServerWorker *> &workers) { m_workers = workers; }
    // Delivers on publisher's own worker at once and queues to the others.
    void publish(ServerWorker *publisher, const BroadcastMessage &message) const;

private:
    QVector<ServerWorker *> m_workers;
};
