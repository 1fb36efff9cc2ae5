#include "localupgrades.h"

#include <httprequesthead.h>

#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

LocalUpgrades::LocalUpgrades(bool frameGuard, qint64 maxMessageBytes)
    : m_wsServer(QStringLiteral("test"), QWebSocketServer::NonSecureMode)
    , m_handoff(&m_wsServer, &m_counters, frameGuard, maxMessageBytes)
{
    m_listener.listen(QHostAddress::LocalHost, 0);
    connect(&m_wsServer, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_wsServer.nextPendingConnection()) {
            socket->setParent(this);
            const auto parts = m_handoff.take(socket);
            if (!parts) {
                ++m_vanished;
                socket->deleteLater();
                continue;
            }
            m_upgraded.append({socket, *parts});
            connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &m) { m_texts[socket].append(m); });
            UpgradeHandoff::resume(*parts);
        }
    });
}

QTcpSocket *LocalUpgrades::nextAccepted()
{
    if (!QTest::qWaitFor([this] { return m_listener.hasPendingConnections(); }, 5000))
        return nullptr;
    QTcpSocket *socket = m_listener.nextPendingConnection();
    socket->setParent(this);
    return socket;
}

bool LocalUpgrades::handOverWhenHeadArrives(QTcpSocket *socket)
{
    HttpRequestHead head;
    const bool arrived = QTest::qWaitFor([&] {
        head = HttpRequestHead::parse(socket->peek(HttpRequestHead::kMaxHeadBytes));
        return head.status() == HttpRequestHead::Status::Complete;
    }, 5000);
    if (!arrived || !m_counters.tryAdmit(1000))
        return false;
    m_handoff.handOver(socket, head.byteCount());
    return true;
}
