#pragma once

#include <QByteArray>
#include <QTcpSocket>

// Puts bytes back in front of what the socket has buffered, as if not read yet (QIODevice has no
// bulk unread; ungetChar() from the last byte to the first is the public way).
inline void unreadBytes(QTcpSocket *socket, const QByteArray &bytes)
{
    for (qsizetype i = bytes.size() - 1; i >= 0; --i)
        socket->ungetChar(bytes.at(i));
}
