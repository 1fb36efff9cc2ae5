#include "upgradehandoff.h"

#include "frameguard.h"
#include "logging.h"
#include "servercounters.h"

#include <socketbuffers.h>

#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

UpgradeHandoff::UpgradeHandoff(QWebSocketServer *server, ServerCounters *counters, bool frameGuard, qint64 maxMessageBytes,
                               QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_counters(counters)
    , m_frameGuard(frameGuard)
    , m_maxMessageBytes(maxMessageBytes)
{
}

void UpgradeHandoff::handOver(QTcpSocket *socket, int headBytes)
{
    const Endpoints endpoints = endpointsOf(socket);
    // Created before QtWebSockets connects to the socket, so the guard's first slot runs first.
    FrameGuard *guard = m_frameGuard ? new FrameGuard(socket, m_maxMessageBytes) : nullptr;
    m_pending.insert(endpoints, {socket, {}, guard, headBytes});
    holdBackEarlyBytes(endpoints);
    // Before QtWebSockets' own slots, which its queued handshake connects later.
    connect(socket, &QTcpSocket::readyRead, this, [this, endpoints] { holdBackEarlyBytes(endpoints); });
    connect(socket, &QTcpSocket::disconnected, this, [this, endpoints] {
        if (m_pending.remove(endpoints))
            m_counters->release(); // left before the handshake completed
    });
    qCDebug(lcUpgrade) << "handing over" << peerOf(socket);
    m_server->handleConnection(socket);
}

// The head stays for QtWebSockets' handshake; whatever came after it is kept aside.
void UpgradeHandoff::holdBackEarlyBytes(const Endpoints &endpoints)
{
    const auto it = m_pending.find(endpoints);
    if (it == m_pending.end() || !it->socket || it->socket->bytesAvailable() <= it->headBytes)
        return;
    QTcpSocket *socket = it->socket;
    const QByteArray all = socket->readAll();
    unreadBytes(socket, all.left(it->headBytes));
    it->pipelined += all.mid(it->headBytes);
}

std::optional<UpgradeHandoff::Upgraded> UpgradeHandoff::take(QWebSocket *socket)
{
    const auto it = m_pending.find(endpointsOf(socket));
    if (it == m_pending.end()) {
        // Its endpoints went with its TCP connection, which ended before QtWebSockets' queued
        // handshake ran: the slot was released then, and there is nothing to serve.
        qCDebug(lcUpgrade) << "upgrade of a connection that has already ended";
        return std::nullopt;
    }
    const Pending pending = it.value();
    m_pending.erase(it);
    pending.socket->disconnect(this); // the slot is the caller's now; no more holding back
    return Upgraded{pending.socket, pending.guard, pending.pipelined};
}

void UpgradeHandoff::resume(const Upgraded &upgraded)
{
    QTcpSocket *tcp = upgraded.tcp;
    if (!upgraded.pipelined.isEmpty())
        unreadBytes(tcp, upgraded.pipelined);
    if (upgraded.guard)
        upgraded.guard->activate(); // from the first byte after the head
    if (!upgraded.pipelined.isEmpty()) {
        QMetaObject::invokeMethod(tcp, [tcp = QPointer<QTcpSocket>(tcp)] {
            if (tcp)
                Q_EMIT tcp->readyRead();
        }, Qt::QueuedConnection);
    }
}
