#include "broadcasthub.h"

#include "fanout/redisbus.h"
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
    if (m_bus)
        m_bus->publish(message.frame); // counts, never blocks: a full queue or a bus down is a counted drop
}

void BroadcastHub::deliverFromGroup(const QByteArray &frame) const
{
    WireFrame::Header header;
    WireFrame::readHeader(frame.constData(), frame.size(), &header); // RedisBus let only whole frames through
    const BroadcastMessage message{frame, qint64(header.length)};
    for (ServerWorker *worker : m_workers)
        QMetaObject::invokeMethod(worker, [worker, message] { worker->deliverBroadcast(message); }, Qt::QueuedConnection);
}
