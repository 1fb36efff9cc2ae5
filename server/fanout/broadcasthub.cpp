#include "broadcasthub.h"

#include "serverworker.h"

#include <wireframe.h>

BroadcastMessage BroadcastMessage::text(const QString &message)
{
    const QByteArray utf8 = message.toUtf8(); // once, not once per subscriber
    return {WireFrame::encode(WireFrame::Text, utf8, true, false), utf8.size()};
}

BroadcastMessage BroadcastMessage::binary(const QByteArray &message)
{
    return {WireFrame::encode(WireFrame::Binary, message, true, false), message.size()};
}

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
