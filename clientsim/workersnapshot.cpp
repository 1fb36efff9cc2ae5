#include "workersnapshot.h"

void WorkerSnapshot::add(const WorkerSnapshot &o)
{
    open += o.open;
    connecting += o.connecting;
    opened += o.opened;
    failed += o.failed;
    messagesSent += o.messagesSent;
    messagesReceived += o.messagesReceived;
    bytesSent += o.bytesSent;
    bytesReceived += o.bytesReceived;
    lost += o.lost;
    duplicates += o.duplicates;
    unmatched += o.unmatched;
    reconnecting += o.reconnecting;
    reconnects += o.reconnects;
    reconnectGiveUps += o.reconnectGiveUps;
    for (auto it = o.errors.cbegin(); it != o.errors.cend(); ++it)
        errors[it.key()] += it.value();
    for (auto it = o.closeCodes.cbegin(); it != o.closeCodes.cend(); ++it)
        closeCodes[it.key()] += it.value();
    latency.merge(o.latency);
    reconnectTime.merge(o.reconnectTime);
}
