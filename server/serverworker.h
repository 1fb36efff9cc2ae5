#pragma once

#include "broadcasthub.h"
#include "heartbeatsweeper.h"
#include "serverconfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QWebSocketProtocol>

#include <vector>

class QTcpSocket;
class FrameGuard;
class QWebSocket;
class QWebSocketServer;
class ServerCounters;
struct WorkerCounters;
struct RouteDecision;

// A sub-reactor: owns the sockets handed to it, in its own thread. It reads each request head,
// serves /metrics and /healthz itself, hands upgrades to its own QWebSocketServer, echoes,
// delivers broadcasts and runs one heartbeat sweep for all its connections.
// Every public slot runs in the worker's thread (call it queued).
class ServerWorker : public QObject
{
    Q_OBJECT
public:
    ServerWorker(int index, const ServerConfig &config, const QSslConfiguration &tls, ServerCounters *counters,
                 const BroadcastHub *hub);
    ~ServerWorker() override;

    int index() const { return m_index; }
    void adoptSocket(qintptr descriptor);
    void deliverBroadcast(const BroadcastMessage &message);
    // Closes every connection with closeCode (1001 going away, 1012 restart); drained() follows
    // once all are gone (at most ~2 s).
    void shutdown(int closeCode = QWebSocketProtocol::CloseCodeGoingAway);

Q_SIGNALS:
    // Emitted in the worker thread after shutdown() once no connection is left.
    void drained(int workerIndex);

private:
    static constexpr int kCloseServiceRestart = 1012; // RFC 6455 registry; not in Qt 6.4's CloseCode enum

    struct Connection
    {
        QWebSocket *socket = nullptr;
        QTcpSocket *tcp = nullptr; // the socket under it, owned by it
        bool subscriber = false;
        bool awaitingFlush = false; // broadcast frames written, in m_unflushed
        bool usedSinceSweep = false; // read or written since the last sweep: may keep buffer chunks
        int subscriberIndex = -1;
        qint64 closingSinceMs = -1;
        bool socketFailed = false;
        int closedByGuard = 0; // the close code FrameGuard sent, 0 if it did not step in
        HeartbeatState heartbeat;
    };

    void readRequestHead(QTcpSocket *socket);
    void serveHttp(QTcpSocket *socket, const RouteDecision &decision);
    void onWebSocketConnected();
    void onTextMessage(Connection *c, const QString &message);
    void onBinaryMessage(Connection *c, const QByteArray &message);
    void onDisconnected(Connection *c);
    void closeConnection(Connection *c, QWebSocketProtocol::CloseCode code, const QString &reason);
    void closeForShutdown(Connection *c);
    bool overBackPressure(const Connection *c) const;
    void flushBroadcasts();
    void sweep();
    void checkDrained();
    qint64 nowMs() const { return m_clock.elapsed(); }

    const int m_index;
    const ServerConfig m_config;
    const QSslConfiguration m_tls;
    ServerCounters *m_allCounters;
    WorkerCounters &m_counters;
    const BroadcastHub *m_hub;
    const HeartbeatSweeper m_heartbeat;

    QWebSocketServer *m_wsServer = nullptr;
    QHash<QTcpSocket *, qint64> m_pendingSince; // accepted, request head not complete
    using PeerKey = QPair<QHostAddress, quint16>;
    // Handed to QWebSocketServer, holding a reserved connection slot, with the frames that came in
    // the same segment as the upgrade: QtWebSockets 6.4 would drop them (docs/QT-NOTES.md).
    struct Upgrading
    {
        QPointer<QTcpSocket> socket;
        QByteArray pipelined;
        QPointer<FrameGuard> guard;
    };
    QHash<PeerKey, Upgrading> m_upgrading;
    QHash<QWebSocket *, Connection *> m_connections;
    std::vector<Connection *> m_subscribers;
    std::vector<Connection *> m_unflushed; // subscribers with broadcast frames not yet written out
    QTimer m_sweepTimer;
    QElapsedTimer m_clock;
    bool m_shuttingDown = false;
    bool m_drainedSent = false;
    int m_shutdownCloseCode = QWebSocketProtocol::CloseCodeGoingAway;
};
