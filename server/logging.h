#pragma once

#include <QHostAddress>
#include <QLoggingCategory>
#include <QString>

// One category per component, warnings by default; QT_LOGGING_RULES="socketscope.*.debug=true"
// shows everything, e.g. "socketscope.server.guard.debug=true" one component.
Q_DECLARE_LOGGING_CATEGORY(lcServer) // socketscope.server: start, stop, sockets that cannot be adopted
Q_DECLARE_LOGGING_CATEGORY(lcConnection) // socketscope.server.connection: opened, closed (with the code), HTTP refusals
Q_DECLARE_LOGGING_CATEGORY(lcUpgrade) // socketscope.server.upgrade: hand-off to QtWebSockets, upgrades that vanished
Q_DECLARE_LOGGING_CATEGORY(lcGuard) // socketscope.server.guard: connections the frame guard closed
Q_DECLARE_LOGGING_CATEGORY(lcHeartbeat) // socketscope.server.heartbeat: expiries, peers aborted after the close grace
Q_DECLARE_LOGGING_CATEGORY(lcFanout) // socketscope.server.fanout: broadcasts dropped for slow subscribers

// "address:port" of a socket's peer, for log lines.
template<typename Socket>
QString peerOf(const Socket *socket)
{
    return socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
}
