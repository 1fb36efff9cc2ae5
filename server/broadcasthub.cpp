#include "broadcasthub.h"

#include "serverworker.h"

void BroadcastHub::publish(ServerWorker *publisher, const BroadcastMessage &message) const
{
    for (ServerWorker *worker : m_workers) {
        if (worker == publisher) {
            worker->deliverBroadcast(message);
            continue;
        }
        QMetaObject::invokeMethod(worker, [worker, message] { worker->deliverBroadcast(message); },
                                  Qt::QueuedConnection);
    }
}
