#pragma once

#include "frameguardparser.h"

#include <QObject>
#include <QString>

class QIODevice;

// Stands in front of QtWebSockets 6.4 on one client connection and fixes what it gets wrong
// (docs/QT-NOTES.md):
// - an unmasked client frame fails the connection with 1002 (RFC 6455 5.1; Qt accepts it);
// - a fragmented text message reaches Qt as one frame, so UTF-8 is checked per message, not per
//   fragment (5.6; Qt refuses a character split across fragments with 1007).
// Slots run in the order they were connected: the guard connects one readyRead slot before
// QtWebSockets connects its reader (create it before handleConnection()) and one after (activate()
// once the upgrade is done). The first feeds the bytes that arrived since the last look to
// FrameGuardParser before QtWebSockets reads any of them; the second only notes how many bytes are
// left, all of them seen. Ordinary frames stay in the socket; only the fragments of a text message
// are taken out and handed over reassembled.
class FrameGuard : public QObject
{
    Q_OBJECT
public:
    // Create before QWebSocketServer::handleConnection(socket); it stays passive during the upgrade.
    // socket is a QTcpSocket or QSslSocket (tests use other sequential devices).
    FrameGuard(QIODevice *socket, qint64 maxMessageBytes);

    // Call once the upgrade is done (QtWebSockets has connected its reader by then) and the bytes
    // that came with the upgrade are back in the socket: they are the first the guard looks at.
    void activate();

Q_SIGNALS:
    // The guard closed the connection itself (closeCode sent); kind names the violation.
    void rejected(int closeCode, const QString &kind);

private:
    void inspect();
    void afterQtRead();
    void reject();

    QIODevice *m_socket;
    FrameGuardParser m_parser;
    qint64 m_seenBuffered = 0; // bytes at the front of the socket's buffer the parser was fed already
    bool m_active = false;
};
