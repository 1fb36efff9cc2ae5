#include "rawwsserver.h"

#include <handshake.h>

#include <QTcpSocket>
#include <QTimer>

RawWsServer::RawWsServer(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, &RawWsServer::accept);
}

RawWsServer::~RawWsServer()
{
    for (auto &peer : m_peers)
        delete peer->socket;
}

bool RawWsServer::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void RawWsServer::stopListening()
{
    m_server.close();
}

void RawWsServer::dropAll()
{
    for (auto &peer : m_peers) {
        if (peer->socket)
            peer->socket->abort();
    }
}

QUrl RawWsServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_port).arg(path));
}

void RawWsServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(nullptr);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_peers.push_back(std::make_unique<Peer>());
        Peer *peer = m_peers.back().get();
        peer->socket = socket;
        peer->acceptedAtMs = m_clock.elapsed();
        connect(socket, &QTcpSocket::readyRead, this, [this, peer] { readFrom(peer); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, peer] {
            if (pauseMs == 0)
                writeNext(peer);
        });
        if (answer == Answer::Hangup)
            socket->close();
    }
}

void RawWsServer::readFrom(Peer *peer)
{
    const QByteArray bytes = peer->socket->readAll();
    if (!peer->head.isEmpty() || answer == Answer::Silence) {
        peer->received += bytes;
        return;
    }
    peer->received += bytes; // the head, until it is complete
    const qsizetype end = peer->received.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    peer->head = peer->received.left(end + 4);
    peer->received.remove(0, end + 4);
    const qsizetype keyAt = peer->head.toLower().indexOf("sec-websocket-key:") + 18;
    const QByteArray key = peer->head.mid(keyAt, peer->head.indexOf("\r\n", keyAt) - keyAt).trimmed();
    const QByteArray ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ";
    switch (answer) {
    case Answer::Refuse:
        peer->socket->write("HTTP/1.1 " + QByteArray::number(refuseStatus) + " Refused\r\nContent-Length: 0\r\n\r\n");
        return;
    case Answer::BadAccept:
        peer->socket->write(ok + Handshake::acceptFor(key + "x") + "\r\n\r\n");
        return;
    case Answer::HalfHead:
        peer->socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgr");
        return;
    default:
        break;
    }
    peer->socket->write(ok + Handshake::acceptFor(key) + "\r\n\r\n");
    peer->socket->flush();
    const QByteArray target = peer->head.mid(4, peer->head.indexOf(' ', 4) - 4);
    peer->pending = script ? script(target) : QList<QByteArray>();
    writeNext(peer);
}

void RawWsServer::writeNext(Peer *peer)
{
    if (peer->pending.isEmpty() || !peer->socket || peer->socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (pauseMs > 0) {
        peer->socket->write(peer->pending.takeFirst());
        peer->socket->flush();
        QTimer::singleShot(pauseMs, this, [this, peer] { writeNext(peer); });
        return;
    }
    // Each segment its own write() while the kernel takes them; the rest when bytesWritten says so.
    while (!peer->pending.isEmpty() && peer->socket->bytesToWrite() == 0) {
        peer->socket->write(peer->pending.takeFirst());
        peer->socket->flush();
    }
}

QList<WireFrame> RawWsServer::framesOf(const Peer &peer, bool *allMasked)
{
    QByteArray bytes = peer.received;
    QList<WireFrame> frames;
    WireFrame frame;
    if (allMasked)
        *allMasked = true;
    while (WireFrame::take(&bytes, &frame)) {
        if (allMasked && !frame.masked)
            *allMasked = false;
        frames.append(frame);
    }
    return frames;
}
