#include "subscriberfanout.h"

#include "broadcasthub.h"
#include "serverconnection.h"

#include <QTcpSocket>
#include <QWebSocket>

#include <algorithm>

SubscriberFanout::SubscriberFanout(qint64 maxPendingBytes)
    : m_maxPendingBytes(maxPendingBytes)
{
}

void SubscriberFanout::add(ServerConnection *c)
{
    c->subscriber = true;
    c->subscriberIndex = int(m_subscribers.size());
    m_subscribers.push_back(c);
}

void SubscriberFanout::remove(ServerConnection *c)
{
    if (c->awaitingFlush) {
        m_unflushed.erase(std::find(m_unflushed.begin(), m_unflushed.end(), c));
        c->awaitingFlush = false;
    }
    // Swap-remove keeps removal O(1) at any subscriber count.
    ServerConnection *last = m_subscribers.back();
    last->subscriberIndex = c->subscriberIndex;
    m_subscribers[size_t(c->subscriberIndex)] = last;
    m_subscribers.pop_back();
    c->subscriberIndex = -1;
}

SubscriberFanout::Delivery SubscriberFanout::deliver(const BroadcastMessage &message)
{
    Delivery d;
    const bool flushPending = !m_unflushed.empty();
    for (ServerConnection *c : m_subscribers) {
        // isValid(): QtWebSockets' own test before it writes (not once a close frame went out).
        if (c->closingSinceMs >= 0 || !c->tcp || !c->socket->isValid())
            continue;
        if (c->socket->bytesToWrite() > m_maxPendingBytes) {
            ++d.dropped; // slow subscriber: drop this message for it, keep the connection (docs/server.md)
            continue;
        }
        c->tcp->write(message.frame);
        c->usedSinceSweep = true;
        if (!c->awaitingFlush) {
            c->awaitingFlush = true;
            m_unflushed.push_back(c);
        }
        ++d.sent;
    }
    d.flushNeeded = !flushPending && !m_unflushed.empty();
    return d;
}

void SubscriberFanout::flush()
{
    while (!m_unflushed.empty()) {
        ServerConnection *c = m_unflushed.back();
        m_unflushed.pop_back();
        c->awaitingFlush = false;
        c->tcp->flush(); // a failed write disconnects, and removes c: it is off the list by then
    }
}
