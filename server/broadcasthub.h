#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

class ServerWorker;

// One published message, serialised once and shared by every delivery (implicit sharing).
struct BroadcastMessage
{
    QString text;
    QByteArray binary;
    bool isBinary = false;
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
