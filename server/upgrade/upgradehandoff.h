#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <optional>

class FrameGuard;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
class ServerCounters;

// Hands sockets whose request head was checked to QtWebSockets' handshake and gets them back as
// QWebSockets, with what QtWebSockets 6.4 would lose on the way (docs/QT-NOTES.md): the bytes
// that follow the head. Until the upgrade is done every such byte is taken out of the socket as it
// arrives (QtWebSockets would parse frames before anyone can connect to its signals) and put back
// afterwards. Each upgrade holds a connection slot: released here if the socket leaves first,
// the caller's once take() returns the upgrade. Lives and works in the worker's thread.
class UpgradeHandoff : public QObject
{
    Q_OBJECT
public:
    // server runs the handshakes (it does not listen); frameGuard: put a FrameGuard on each socket.
    UpgradeHandoff(QWebSocketServer *server, ServerCounters *counters, bool frameGuard, qint64 maxMessageBytes,
                   QObject *parent = nullptr);

    // socket's request head (headBytes long) is a valid upgrade and its slot is reserved.
    void handOver(QTcpSocket *socket, int headBytes);

    struct Upgraded
    {
        QTcpSocket *tcp = nullptr;
        FrameGuard *guard = nullptr; // null with the guard off
        QByteArray pipelined; // sent after the head, before the upgrade was done
    };
    // For a QWebSocket from the server's newConnection(): its socket, guard and early bytes. Nothing
    // when its TCP connection ended before the handshake ran (its slot was released then).
    std::optional<Upgraded> take(QWebSocket *socket);
    // Once the caller is connected to the guard, and before it connects readyRead slots of its own
    // (the guard's bookkeeping must directly follow QtWebSockets' reader): the early bytes go back
    // in front, the guard looks at them first, and QtWebSockets reads them on the next pass.
    static void resume(const Upgraded &upgraded);

    int pendingCount() const { return int(m_pending.size()); }

private:
    // Both ends of a connection: unique among open TCP connections, where the peer's address and
    // port alone are not (a server on several addresses). Empty once the socket is gone.
    struct Endpoints
    {
        QHostAddress peer;
        quint16 peerPort = 0;
        QHostAddress local;
        quint16 localPort = 0;
        bool operator==(const Endpoints &o) const
        {
            return peerPort == o.peerPort && localPort == o.localPort && peer == o.peer && local == o.local;
        }
        friend size_t qHash(const Endpoints &e, size_t seed) { return qHashMulti(seed, e.peer, e.peerPort, e.local, e.localPort); }
    };
    struct Pending
    {
        QPointer<QTcpSocket> socket;
        QByteArray pipelined;
        QPointer<FrameGuard> guard;
        int headBytes = 0;
    };
    template<typename Socket>
    static Endpoints endpointsOf(const Socket *s)
    {
        return {s->peerAddress(), s->peerPort(), s->localAddress(), s->localPort()};
    }
    void holdBackEarlyBytes(const Endpoints &endpoints);

    QWebSocketServer *m_server;
    ServerCounters *m_counters;
    const bool m_frameGuard;
    const qint64 m_maxMessageBytes;
    QHash<Endpoints, Pending> m_pending;
};
