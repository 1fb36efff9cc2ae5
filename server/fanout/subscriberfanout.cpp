#include "subscriberfanout.h"

#include "broadcasthub.h"
#include "serverconnection.h"

#include <QSslSocket>
#include <QWebSocket>

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

namespace {

constexpr int kMaxFramesPerWrite = 64;

// QtWebSockets' own test before it writes (isValid()), and not once our close frame went out:
// nothing may follow a close frame.
bool takesFrames(const ServerConnection *c)
{
    return c->closingSinceMs < 0 && c->tcp && c->socket->isValid();
}

// Hands frames to the socket's own buffer, skipping the first `skip` bytes (taken by the kernel).
void queueInQt(QTcpSocket *tcp, const std::vector<QByteArray> &frames, qint64 skip)
{
    for (const QByteArray &frame : frames) {
        if (skip >= frame.size()) {
            skip -= frame.size();
            continue;
        }
        tcp->write(skip ? frame.mid(skip) : frame);
        skip = 0;
    }
}

} // namespace

SubscriberFanout::SubscriberFanout(qint64 maxPendingBytes)
    : m_maxPendingBytes(maxPendingBytes)
{
}

void SubscriberFanout::add(ServerConnection *c)
{
    c->subscriber = true;
    c->subscriberIndex = int(m_subscribers.size());
    c->plainTcp = !qobject_cast<QSslSocket *>(c->tcp);
    m_subscribers.push_back(c);
}

void SubscriberFanout::remove(ServerConnection *c)
{
    if (c->awaitingFlush) {
        m_unflushed.erase(std::find(m_unflushed.begin(), m_unflushed.end(), c));
        c->awaitingFlush = false;
        if (takesFrames(c)) // unsubscribed, still open: Qt sends them on
            queueInQt(c->tcp, c->pendingFrames, 0);
        c->pendingFrames.clear();
        c->pendingBytes = 0;
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
        if (!takesFrames(c))
            continue;
        if (c->socket->bytesToWrite() + c->pendingBytes > m_maxPendingBytes) {
            ++d.dropped; // slow subscriber: drop this message for it, keep the connection (docs/server.md)
            continue;
        }
        c->pendingFrames.push_back(message.frame);
        c->pendingBytes += message.frame.size();
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
        writeOut(c);
    }
}

void SubscriberFanout::writeOut(ServerConnection *c)
{
    m_writing.clear();
    m_writing.swap(c->pendingFrames); // c keeps an empty buffer with capacity: no allocation per pass
    c->pendingBytes = 0;
    QTcpSocket *tcp = c->tcp;
    if (!takesFrames(c))
        return;
    // Straight to the kernel only when Qt holds no bytes of its own (possibly half a frame).
    if (c->plainTcp && tcp->bytesToWrite() == 0) {
        iovec parts[kMaxFramesPerWrite];
        const int count = int(std::min<size_t>(m_writing.size(), kMaxFramesPerWrite));
        for (int i = 0; i < count; ++i)
            parts[i] = {const_cast<char *>(m_writing[size_t(i)].constData()), size_t(m_writing[size_t(i)].size())};
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = size_t(count);
        const ssize_t written = ::sendmsg(int(tcp->socketDescriptor()), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (written >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
            // The rest waits in Qt's buffer, whose write notifier sends it when the socket drains.
            queueInQt(tcp, m_writing, std::max<qint64>(written, 0));
            return;
        }
        // A failed socket: let Qt's own write meet the error and take the connection down.
    }
    queueInQt(tcp, m_writing, 0);
    tcp->flush(); // last: a failing flush disconnects, and the worker deletes c
}
