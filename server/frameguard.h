#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

// Stands in front of QtWebSockets 6.4 on one client connection and fixes what it gets wrong
// (docs/QT-NOTES.md):
// - an unmasked client frame fails the connection with 1002 (RFC 6455 5.1; Qt accepts it);
// - a fragmented text message reaches Qt as one frame, so UTF-8 is checked per message, not per
//   fragment (5.6; Qt refuses a character split across fragments with 1007).
// Slots run in the order they were connected: the guard connects one readyRead slot before
// QtWebSockets connects its reader (create it before handleConnection()) and one after (activate()
// once the upgrade is done), so it sees new bytes with peek() before QtWebSockets reads them and
// learns afterwards how much it read. Ordinary frames are only inspected, never copied back; only
// the fragments of a text message are held back and handed over reassembled.
class FrameGuard : public QObject
{
    Q_OBJECT
public:
    // Create before QWebSocketServer::handleConnection(socket); it stays passive during the upgrade.
    FrameGuard(QTcpSocket *socket, qint64 maxMessageBytes);

    // Call once the upgrade is done (QtWebSockets has connected its reader by then).
    void activate();
    // Looks at bytes put back into the socket without a readyRead (frames pipelined with the upgrade).
    void inspectNow() { inspect(); }

Q_SIGNALS:
    // The guard closed the connection itself (closeCode sent); kind names the violation.
    void rejected(int closeCode, const QString &kind);

private:
    void inspect();
    void afterQtRead();
    void reject(int closeCode, const QString &kind, const QString &reason);
    bool takeOverFragments(const QByteArray &seen, qint64 fromOffset);

    QTcpSocket *m_socket;
    qint64 m_maxMessageBytes;
    qint64 m_inspected = 0; // bytes at the front of the socket's buffer already looked at
    qint64 m_bufferedAtLastLook = 0; // the buffer's size when inspect() last ran
    qint64 m_payloadToSkip = 0; // rest of the current frame's payload, not yet arrived
    bool m_binaryInProgress = false; // a fragmented binary message QtWebSockets is assembling
    bool m_collectingText = false; // fragments of a text message held back from QtWebSockets
    QByteArray m_textMessage;
    QByteArray m_heldBack; // frames read out of the socket while collecting, not yet parsed
    bool m_active = false;
    bool m_failed = false;
};
