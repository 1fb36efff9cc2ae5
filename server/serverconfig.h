#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

// Everything socketscope-server can be told. Defaults are what a production-like run wants;
// validate() explains what is wrong in words a user can act on.
struct ServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080; // 0 lets the OS choose
    int workers = 0; // 0 = one per core
    int backlog = 4096;

    double pingIntervalSec = 30; // 0 disables heartbeats
    double pingTimeoutSec = 0; // 0 = 2 x pingIntervalSec
    int handshakeTimeoutMs = 10000;

    int maxConnections = 100000;
    qint64 maxMessageBytes = 1 << 20; // larger messages are closed with 1009
    qint64 maxPendingBytesPerClient = 4 << 20; // slow-consumer bound, see docs/server.md
    bool frameGuard = true; // FrameGuard in front of QtWebSockets (docs/QT-NOTES.md)

    QStringList allowedOrigins; // empty = any origin
    QString token; // empty = no authentication of upgrades
    QString metricsToken; // empty = /metrics and /healthz open to anyone, even with a token
    QString tlsCertPath;
    QString tlsKeyPath;

    bool reusePort = false; // SO_REUSEPORT: several processes on one port, a server group
    int metricsPort = -1; // -1 = none; else /metrics and /healthz of this process alone (0 = OS picks)
    QUrl broadcastBus; // redis://HOST:PORT/CHANNEL shared by the group; empty = this process only
    int busMaxQueued = 10000; // broadcasts waiting for the bus; more are dropped and counted

    double effectivePingTimeoutSec() const { return pingTimeoutSec > 0 ? pingTimeoutSec : 2 * pingIntervalSec; }
    int effectiveWorkers() const;
    bool tlsEnabled() const { return !tlsCertPath.isEmpty(); }

    // Empty when the configuration can run; otherwise one line per problem.
    QStringList validate() const;
};
