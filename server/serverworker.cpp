#include "serverworker.h"

#include "frameguard.h"
#include "logging.h"
#include "requestrouter.h"
#include "servercounters.h"
#include "upgradehandoff.h"
#include "serverreport.h"

#include <socketbuffers.h>
#include <socketreadiness.h>
#include <utf8length.h>
#include <websocketforwards.h>

#include <QSslSocket>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <sys/ioctl.h>

namespace {

constexpr qint64 kCloseGraceMs = 2000; // a peer that ignores our close frame is aborted after this

constexpr qint64 kBehindWarnEveryMs = 60000;

// Bytes the peer sent that wait in the kernel's receive queue, not yet read by Qt; -1 if unknown.
int unreadInKernel(const ServerConnection *c)
{
    int unread = -1;
    if (c->tcp && ::ioctl(int(c->tcp->socketDescriptor()), FIONREAD, &unread) != 0)
        unread = -1;
    return unread;
}

// Why an expired peer looked silent, and what the sweep did about it: what waits unread (the kernel's
// count the sweep decided on, Qt's buffer) and unsent, and the socket's read readiness.
void logExpiry(const ServerConnection *c, qint64 silentMs, int unreadInKernel, bool kept)
{
    qCDebug(lcHeartbeat) << "no answer read from" << peerOf(c->socket) << "for" << silentMs << "ms:"
                         << (kept ? "kept, its answer waits unread" : "closing") << "; unread: kernel" << unreadInKernel
                         << "Qt" << (c->tcp ? c->tcp->bytesAvailable() : -1) << "unsent: Qt"
                         << (c->tcp ? c->tcp->bytesToWrite() : -1) << "queued" << c->pendingBytes << "|"
                         << (c->tcp ? describeReadiness(c->tcp) : QString());
}

} // namespace

ServerWorker::ServerWorker(int index, const ServerConfig &config, const QSslConfiguration &tls,
                           ServerCounters *counters, const BroadcastHub *hub)
    : m_index(index)
    , m_config(config)
    , m_tls(tls)
    , m_allCounters(counters)
    , m_counters(counters->worker(index))
    , m_hub(hub)
    , m_heartbeat(qint64(config.pingIntervalSec * 1000), qint64(config.effectivePingTimeoutSec() * 1000))
    , m_fanout(config.maxPendingBytesPerClient)
{
    // Created here, so these children move to the worker thread together with the worker.
    m_wsServer = new QWebSocketServer(QStringLiteral("SocketScope"), QWebSocketServer::NonSecureMode, this);
    m_wsServer->setHandshakeTimeout(config.handshakeTimeoutMs);
    connect(m_wsServer, &QWebSocketServer::newConnection, this, &ServerWorker::onWebSocketConnected);
    m_handoff = new UpgradeHandoff(m_wsServer, counters, config.frameGuard, config.maxMessageBytes, this);
    m_sweepTimer.setParent(this);
    m_sweepTimer.setInterval(m_heartbeat.enabled() ? m_heartbeat.tickMs() : 1000);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ServerWorker::sweep);
}

ServerWorker::~ServerWorker()
{
    for (ServerConnection *c : std::as_const(m_connections))
        delete c;
}

void ServerWorker::adoptSocket(qintptr descriptor)
{
    if (!m_clock.isValid()) {
        m_clock.start();
        m_sweepTimer.start(); // first call runs in the worker thread, where the timer must start
    }
    QTcpSocket *socket = m_tls.isNull() ? new QTcpSocket(this) : new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcServer) << "cannot adopt socket:" << socket->errorString();
        bump(m_counters.socketErrors);
        drop(m_counters.connecting); // counted by the acceptor when it handed it over
        delete socket;
        return;
    }
    if (m_shuttingDown) {
        drop(m_counters.connecting);
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    freeReadChunksWhenDrained(socket);
    bump(m_counters.accepted);
    m_pendingSince.insert(socket, nowMs());
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequestHead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (m_pendingSince.remove(socket))
            drop(m_counters.connecting);
        socket->deleteLater();
    });
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        ssl->setSslConfiguration(m_tls);
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
        ssl->startServerEncryption();
    }
}

void ServerWorker::readRequestHead(QTcpSocket *socket)
{
    const HttpRequestHead head = HttpRequestHead::parse(socket->peek(HttpRequestHead::kMaxHeadBytes + 4));
    if (head.status() == HttpRequestHead::Status::Incomplete)
        return;
    m_pendingSince.remove(socket);
    drop(m_counters.connecting);
    // Reserve the slot before the handshake: checking only, then admitting after it, let a burst
    // of concurrent handshakes all pass the check.
    const bool wantsUpgrade = head.isWebSocketUpgrade();
    const bool admitted = wantsUpgrade && m_allCounters->tryAdmit(quint64(m_config.maxConnections));
    const RouteDecision decision = RequestRouter::route(head, m_config, wantsUpgrade && !admitted);
    if (!decision.isWebSocket()) {
        if (admitted)
            m_allCounters->release();
        serveHttp(socket, decision);
        return;
    }
    socket->disconnect(this); // from here QWebSocketServer, then the QWebSocket, own the socket
    m_handoff->handOver(socket, head.byteCount());
}

void ServerWorker::serveHttp(QTcpSocket *socket, const RouteDecision &decision)
{
    bump(m_counters.httpRequests);
    QByteArray response;
    switch (decision.kind) {
    case RouteDecision::Kind::Metrics:
        response = httpResponse(200, ServerReport::metrics(m_allCounters, m_hub->bus()), "text/plain; version=0.0.4; charset=utf-8");
        break;
    case RouteDecision::Kind::Health:
        response = httpResponse(200, ServerReport::health(m_shuttingDown, m_hub->bus()));
        break;
    default:
        bump(m_counters.refused[int(decision.refusal)]);
        qCDebug(lcConnection) << "refused" << peerOf(socket) << "with HTTP" << decision.status
                              << decision.body.trimmed();
        response = httpResponse(decision.status, decision.body, "text/plain", decision.headers);
        break;
    }
    socket->write(response);
    socket->disconnectFromHost(); // after the response is flushed; the disconnected handler deletes it
}

void ServerWorker::onWebSocketConnected()
{
    while (QWebSocket *socket = m_wsServer->nextPendingConnection()) {
        socket->setParent(this);
        const std::optional<UpgradeHandoff::Upgraded> upgraded = m_handoff->take(socket);
        if (!upgraded) {
            socket->deleteLater();
            continue;
        }
        auto *c = new ServerConnection; // holds the slot the upgrade reserved
        c->socket = socket;
        QTcpSocket *tcp = c->tcp = upgraded->tcp;
        // QWebSocketServer stays connected to every socket it upgraded (to delete it on
        // disconnect, which the QWebSocket does anyway), and each later handshake's sender() walks
        // that list: cut it, so a burst of handshakes costs what is pending (docs/QT-NOTES.md).
        QObject::disconnect(tcp, &QAbstractSocket::disconnected, m_wsServer, nullptr);
        c->usedSinceSweep = true; // the upgrade wrote the 101
        m_heartbeat.start(c->heartbeat, nowMs());
        m_connections.insert(socket, c);
        bump(m_counters.connections);
        socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));
        socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxMessageBytes));
        if (socket->requestUrl().path() == QLatin1String("/broadcast")) {
            m_fanout.add(c);
            bump(m_counters.subscribers);
        }
        qCDebug(lcConnection) << "opened" << peerOf(socket) << socket->requestUrl().path();
        connect(socket, &QWebSocket::textMessageReceived, this, [this, c](const QString &m) { onTextMessage(c, m); });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                [this, c](const QByteArray &m) { onBinaryMessage(c, m); });
        connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [c] { c->socketFailed = true; });
        connect(socket, &QWebSocket::disconnected, this, [this, c] { onDisconnected(c); });
        if (upgraded->guard) {
            // Counted by its close code when the connection ends (1002 is `protocol_error`).
            connect(upgraded->guard, &FrameGuard::rejected, this, [c](int closeCode, const QString &) { c->closedByGuard = closeCode; });
        }
        cutUnusedWebSocketForwards(socket, tcp);
        // First, so the guard's bookkeeping slot follows QtWebSockets' reader directly: a TLS flush
        // below decrypts more bytes and emits readyRead again from inside this one.
        UpgradeHandoff::resume(*upgraded);
        // Connected after QtWebSockets' reader: the replies to everything one read brought go out
        // in one write() now, instead of through a write notifier switched on and off per message.
        connect(tcp, &QTcpSocket::readyRead, this, [tcp, c] {
            // Any bytes prove the peer alive: its own pings too, not only pongs to ours (a client
            // whose pong is late behind a reconnect storm's backlog is still there).
            c->heartbeat.seenSinceSweep = true;
            c->usedSinceSweep = true; // QtWebSockets may have answered a ping, too
            tcp->flush(); // last: a failing flush closes the socket, and onDisconnected() deletes c
        });
        if (m_shuttingDown)
            closeForShutdown(c);
    }
}

bool ServerWorker::overBackPressure(const ServerConnection *c) const
{
    return c->socket->bytesToWrite() > m_config.maxPendingBytesPerClient;
}

void ServerWorker::onTextMessage(ServerConnection *c, const QString &message)
{
    const quint64 bytes = quint64(utf8Length(message));
    bump(m_counters.messagesReceived);
    bump(m_counters.bytesReceived, bytes);
    if (c->subscriber) {
        m_hub->publish(this, BroadcastMessage::text(message));
        return;
    }
    if (overBackPressure(c)) {
        bump(m_counters.slowConsumerCloses);
        closeConnection(c, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer"));
        return;
    }
    c->socket->sendTextMessage(message);
    bump(m_counters.messagesSent);
    bump(m_counters.bytesSent, bytes);
}

void ServerWorker::onBinaryMessage(ServerConnection *c, const QByteArray &message)
{
    bump(m_counters.messagesReceived);
    bump(m_counters.bytesReceived, quint64(message.size()));
    if (c->subscriber) {
        m_hub->publish(this, BroadcastMessage::binary(message));
        return;
    }
    if (overBackPressure(c)) {
        bump(m_counters.slowConsumerCloses);
        closeConnection(c, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer"));
        return;
    }
    c->socket->sendBinaryMessage(message);
    bump(m_counters.messagesSent);
    bump(m_counters.bytesSent, quint64(message.size()));
}

void ServerWorker::deliverBroadcast(const BroadcastMessage &message)
{
    const SubscriberFanout::Delivery d = m_fanout.deliver(message);
    // With the posted events of the next pass: every publish handled by then goes out in one
    // write() per subscriber, and the write notifiers are off again before the kernel hears of them.
    if (d.flushNeeded)
        QMetaObject::invokeMethod(this, [this] { m_fanout.flush(); }, Qt::QueuedConnection);
    bump(m_counters.messagesSent, d.sent);
    bump(m_counters.bytesSent, d.sent * quint64(message.payloadBytes));
    if (d.dropped) {
        bump(m_counters.broadcastDrops, d.dropped);
        qCDebug(lcFanout) << "dropped a broadcast for" << d.dropped << "slow subscribers";
    }
}

void ServerWorker::closeConnection(ServerConnection *c, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (c->closingSinceMs >= 0)
        return;
    c->closingSinceMs = nowMs();
    c->socket->close(code, reason);
}

void ServerWorker::onDisconnected(ServerConnection *c)
{
    QWebSocket *socket = c->socket;
    // Qt reports 1000 when the TCP connection simply dropped; RFC 6455 7.1.5 calls that 1006.
    const bool abnormal = c->socketFailed && socket->closeCode() == QWebSocketProtocol::CloseCodeNormal
        && socket->closeReason().isEmpty();
    if (abnormal)
        bump(m_counters.socketErrors);
    const int code = c->closedByGuard ? c->closedByGuard
                                      : abnormal ? int(QWebSocketProtocol::CloseCodeAbnormalDisconnection) : int(socket->closeCode());
    m_counters.countCloseCode(code);
    qCDebug(lcConnection) << "closed" << peerOf(socket) << "code" << code;
    if (c->subscriber) {
        m_fanout.remove(c);
        drop(m_counters.subscribers);
    }
    m_connections.remove(socket);
    if (c->tcp)
        c->tcp->disconnect(this); // its readyRead slot knows c
    drop(m_counters.connections);
    m_allCounters->release();
    socket->disconnect(this);
    socket->deleteLater();
    delete c;
    if (m_shuttingDown)
        checkDrained();
}

void ServerWorker::sweep()
{
    const qint64 now = nowMs();
    if (m_lastSweepMs > 0 && now - m_lastSweepMs > kStallWarnMs) // its peers look silent meanwhile
        qCWarning(lcServer) << "worker" << m_index << "was busy for" << now - m_lastSweepMs << "ms between two sweeps";
    m_lastSweepMs = now;
    for (auto it = m_pendingSince.begin(); it != m_pendingSince.end();) {
        if (now - it.value() < m_config.handshakeTimeoutMs) {
            ++it;
            continue;
        }
        QTcpSocket *socket = it.key();
        it = m_pendingSince.erase(it);
        drop(m_counters.connecting);
        bump(m_counters.handshakeTimeouts);
        qCDebug(lcConnection) << "no request head from" << peerOf(socket) << "within" << m_config.handshakeTimeoutMs << "ms: aborting";
        socket->abort();
    }
    // Decide first, act after: a ping's flush or a close can end a connection at once, and its
    // disconnected handler removes it from m_connections, which must not change under this loop.
    m_toPing.clear();
    m_toExpire.clear();
    m_toAbort.clear();
    for (ServerConnection *c : std::as_const(m_connections)) {
        if (c->closingSinceMs >= 0) {
            if (now - c->closingSinceMs > kCloseGraceMs)
                m_toAbort.push_back(c);
            continue;
        }
        // What idle connections cost is mostly these chunks (socketbuffers.h). Only sockets used since
        // the last sweep can hold any: touching all of them every sweep cost 6 % of a core at rest.
        if (c->tcp && !c->awaitingFlush && c->usedSinceSweep)
            c->usedSinceSweep = !releaseEmptyBuffers(c->tcp);
        switch (m_heartbeat.visit(c->heartbeat, now)) {
        case HeartbeatSweeper::Action::Ping:
            m_toPing.push_back(c);
            break;
        case HeartbeatSweeper::Action::Expire:
            m_toExpire.push_back(c);
            break;
        case HeartbeatSweeper::Action::None:
            break;
        }
    }
    for (ServerConnection *c : m_toPing) {
        c->socket->ping();
        c->usedSinceSweep = true;
        if (c->tcp)
            c->tcp->flush(); // now, not through a write notifier switched on and off per ping
    }
    for (ServerConnection *c : m_toExpire) {
        const int unread = unreadInKernel(c);
        if (lcHeartbeat().isDebugEnabled())
            logExpiry(c, now - c->heartbeat.lastSeenMs, unread, unread > 0);
        if (unread > 0) {
            m_heartbeat.answerWaitsUnread(c->heartbeat, now);
            bump(m_counters.heartbeatLateReads);
            warnBehind(now);
            continue;
        }
        bump(m_counters.heartbeatTimeouts);
        closeConnection(c, QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("heartbeat timeout"));
    }
    for (ServerConnection *c : m_toAbort) {
        qCDebug(lcHeartbeat) << peerOf(c->socket) << "ignored our close frame: aborting";
        c->socket->abort(); // emits disconnected, which removes c
    }
    if (m_shuttingDown)
        checkDrained();
}

void ServerWorker::warnBehind(qint64 now)
{
    if (m_lastBehindWarnMs >= 0 && now - m_lastBehindWarnMs < kBehindWarnEveryMs)
        return;
    m_lastBehindWarnMs = now;
    qCWarning(lcServer) << "worker" << m_index << "is behind its sockets: a peer's answer waited unread past the"
                        << m_config.effectivePingTimeoutSec()
                        << "s heartbeat timeout; kept (socketscope_heartbeat_late_reads_total counts them)";
}

void ServerWorker::closeForShutdown(ServerConnection *c)
{
    const bool restart = m_shutdownCloseCode == kCloseServiceRestart;
    closeConnection(c, QWebSocketProtocol::CloseCode(m_shutdownCloseCode),
                    restart ? QStringLiteral("server restarting") : QStringLiteral("server shutting down"));
}

void ServerWorker::shutdown(int closeCode)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_shutdownCloseCode = closeCode;
    if (!m_clock.isValid())
        m_clock.start();
    const QList<QTcpSocket *> pending = m_pendingSince.keys();
    for (QTcpSocket *socket : pending)
        socket->abort(); // its disconnected handler removes it from m_pendingSince
    const QList<ServerConnection *> open = m_connections.values();
    for (ServerConnection *c : open)
        closeForShutdown(c);
    m_sweepTimer.start(100);
    checkDrained();
}

void ServerWorker::checkDrained()
{
    if (!m_drainedSent && m_connections.isEmpty() && m_pendingSince.isEmpty()) {
        m_drainedSent = true;
        m_sweepTimer.stop();
        Q_EMIT drained(m_index);
    }
}
