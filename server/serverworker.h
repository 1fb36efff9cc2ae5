#pragma once

#include "broadcasthub.h"
#include "heartbeatsweeper.h"
#include "serverconfig.h"
#include "serverconnection.h"
#include "subscriberfanout.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QWebSocketProtocol>

#include <vector>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
class ServerCounters;
class UpgradeHandoff;
struct WorkerCounters;
struct RouteDecision;

// A sub-reactor: owns the sockets handed to it, in its own thread, from accept to close. It reads
// each request head, serves /metrics and /healthz itself, hands upgrades to its own
// QWebSocketServer (UpgradeHandoff), echoes, fans broadcasts out to its subscribers
// (SubscriberFanout) and runs one heartbeat sweep for all its connections.
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

    void readRequestHead(QTcpSocket *socket);
    void serveHttp(QTcpSocket *socket, const RouteDecision &decision);
    void onWebSocketConnected();
    void onTextMessage(ServerConnection *c, const QString &message);
    void onBinaryMessage(ServerConnection *c, const QByteArray &message);
    void onDisconnected(ServerConnection *c);
    void closeConnection(ServerConnection *c, QWebSocketProtocol::CloseCode code, const QString &reason);
    void closeForShutdown(ServerConnection *c);
    bool overBackPressure(const ServerConnection *c) const;
    void sweep();
    void warnBehind(qint64 now);
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
    UpgradeHandoff *m_handoff = nullptr;
    QHash<QTcpSocket *, qint64> m_pendingSince; // accepted, request head not complete
    QHash<QWebSocket *, ServerConnection *> m_connections;
    SubscriberFanout m_fanout;
    std::vector<ServerConnection *> m_toPing, m_toExpire, m_toAbort; // the sweep's, kept to reuse their memory
    QTimer m_sweepTimer;
    QElapsedTimer m_clock;
    qint64 m_lastSweepMs = 0;
    static constexpr qint64 kStallWarnMs = 5000;
    qint64 m_lastBehindWarnMs = -1;
    bool m_shuttingDown = false;
    bool m_drainedSent = false;
    int m_shutdownCloseCode = QWebSocketProtocol::CloseCodeGoingAway;
};
