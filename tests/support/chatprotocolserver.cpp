#include "chatprotocolserver.h"

#include <httprequesthead.h>
#include <httpresponse.h>

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

ChatProtocolServer::ChatProtocolServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequestHead(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    connect(&m_ws, &QWebSocketServer::newConnection, this, &ChatProtocolServer::onConnected);
    connect(&m_tickTimer, &QTimer::timeout, this, &ChatProtocolServer::tick);
    connect(&m_pingTimer, &QTimer::timeout, this, &ChatProtocolServer::ping);
}

ChatProtocolServer::~ChatProtocolServer()
{
    // The sockets die with m_ws, after the members their handlers count into.
    for (QWebSocket *socket : m_clients.keys())
        socket->disconnect(this);
}

bool ChatProtocolServer::start(const QString &usersCsv, int tickIntervalMs, int pingIntervalMs, quint16 port)
{
    QFile csv(usersCsv);
    if (!csv.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> lines = csv.readAll().split('\n');
    const QList<QByteArray> header = lines.value(0).trimmed().split(',');
    const int user = int(header.indexOf("user")), token = int(header.indexOf("token"));
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].trimmed().split(',');
        if (fields.size() == header.size())
            m_tokens.insert(QString::fromUtf8(fields[user]), QString::fromUtf8(fields[token]));
    }
    m_tcp.setListenBacklogSize(4096); // thousands of connections at once in the benchmark
    m_tcp.setMaxPendingConnections(1 << 20);
    m_ws.setMaxPendingConnections(1 << 20);
    m_tickTimer.start(tickIntervalMs);
    m_pingTimer.start(pingIntervalMs);
    return user >= 0 && token >= 0 && !m_tokens.isEmpty() && m_tcp.listen(QHostAddress::LocalHost, port);
}

QUrl ChatProtocolServer::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/chat").arg(m_tcp.serverPort()));
}

void ChatProtocolServer::readRequestHead(QTcpSocket *socket)
{
    const HttpRequestHead head = HttpRequestHead::parse(socket->peek(HttpRequestHead::kMaxHeadBytes));
    if (head.status() == HttpRequestHead::Status::Incomplete)
        return;
    const QString user = QUrlQuery(QString::fromUtf8(head.query())).queryItemValue(QStringLiteral("user"));
    const QByteArray token = m_tokens.value(user).toUtf8();
    if (head.status() != HttpRequestHead::Status::Complete || user.isEmpty() || token.isEmpty()
        || head.header("Authorization") != "Bearer " + token) {
        ++m_refused;
        socket->write(httpResponse(401, "wrong or missing token\n"));
        socket->disconnectFromHost();
        return;
    }
    socket->disconnect(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // or an ack waits for a tick's TCP ACK (Nagle)
    m_ws.handleConnection(socket);
}

void ChatProtocolServer::onConnected()
{
    while (QWebSocket *socket = m_ws.nextPendingConnection()) {
        const QString user = QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("user"));
        m_clients.insert(socket, Client{user, 0});
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &m) { onText(socket, m); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            ++m_closeCodes[int(socket->closeCode())];
            m_clients.remove(socket);
            socket->deleteLater();
        });
        socket->sendTextMessage(QStringLiteral(R"({"type":"welcome","user":"%1"})").arg(user));
    }
}

void ChatProtocolServer::onText(QWebSocket *socket, const QString &message)
{
    const QJsonObject m = QJsonDocument::fromJson(message.toUtf8()).object();
    const QString type = m.value(QLatin1String("type")).toString();
    if (type == QLatin1String("join")) {
        ++m_joins;
        ++m_joinsByUser[m_clients.value(socket).user];
        socket->sendTextMessage(QStringLiteral(R"({"type":"joined","room":"%1"})").arg(m.value(QLatin1String("room")).toString()));
    } else if (type == QLatin1String("say")) {
        ++m_says;
        if (m_acksSays)
            socket->sendTextMessage(QStringLiteral(R"({"type":"ack","id":%1})").arg(m.value(QLatin1String("id")).toInteger()));
    } else if (type == QLatin1String("pong")) {
        const qint64 n = m.value(QLatin1String("n")).toInteger(-1);
        (n >= 1 && n <= m_clients.value(socket).pingsSent ? m_pongs : m_badPongs)++;
    }
}

void ChatProtocolServer::closeAll(int code)
{
    const QList<QWebSocket *> sockets = m_clients.keys(); // a close may remove its socket at once
    for (QWebSocket *socket : sockets)
        socket->close(QWebSocketProtocol::CloseCode(code));
}

void ChatProtocolServer::tick()
{
    const QString message = QStringLiteral(R"({"type":"tick","ts":%1})").arg(QDateTime::currentMSecsSinceEpoch());
    for (auto it = m_clients.keyBegin(); it != m_clients.keyEnd(); ++it)
        (*it)->sendTextMessage(message);
}

void ChatProtocolServer::ping()
{
    for (auto it = m_clients.begin(); it != m_clients.end(); ++it)
        it.key()->sendTextMessage(QStringLiteral(R"({"type":"ping","n":%1})").arg(++it->pingsSent));
}
