#pragma once

#include <QHostAddress>
#include <QString>

// A listening TCP socket with SO_REUSEPORT, for server groups: several processes listen on one
// address and port and the kernel spreads new connections over them. Qt 6.4's QTcpServer has no
// such option (QAbstractSocket::ShareAddress only sets SO_REUSEADDR), so the socket is made here
// and handed over with QTcpServer::setSocketDescriptor() (docs/QT-NOTES.md).
class ReusePortListener
{
public:
    // A non-blocking socket already listening; -1 with a readable *error on failure.
    static int open(const QHostAddress &address, quint16 port, int backlog, QString *error);
};
