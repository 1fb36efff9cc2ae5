#include "scrapeendpoint.h"

#include <QTcpSocket>
#include <QTimer>

namespace {

constexpr int kMaxHeadBytes = 8192;

QByteArray response(int status, const char *reason, const QByteArray &body, const QByteArray &contentType,
                    const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "Connection: close\r\n\r\n" + body;
}

} // namespace

ScrapeEndpoint::ScrapeEndpoint(Handler handler, QObject *parent)
    : QObject(parent)
    , m_listener(this)
    , m_handler(std::move(handler))
{
    connect(&m_listener, &ListeningSocket::accepted, this, &ScrapeEndpoint::serve);
}

bool ScrapeEndpoint::listen(const QHostAddress &address, quint16 port)
{
    return m_listener.listen(address, port, kBacklog);
}

void ScrapeEndpoint::serve(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor) || m_clients >= kMaxClients) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_clients;
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_clients;
        socket->deleteLater();
    });
    QTimer::singleShot(kDeadlineMs, socket, &QTcpSocket::abort);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
}

void ScrapeEndpoint::answer(QTcpSocket *socket)
{
    const QByteArray head = socket->peek(kMaxHeadBytes + 4);
    const bool complete = head.contains("\r\n\r\n");
    if (!complete && head.size() <= kMaxHeadBytes)
        return; // more to come
    socket->readAll();
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr); // one request per connection
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    if (!complete || requestLine.size() != 3 || requestLine.at(0) != "GET" || !requestLine.at(2).startsWith("HTTP/1.")) {
        socket->write(response(400, "Bad Request", "GET only\n", "text/plain"));
    } else if (m_authorizer && !m_authorizer(head)) {
        socket->write(response(401, "Unauthorized", "missing or wrong metrics token\n", "text/plain", "WWW-Authenticate: Bearer\r\n"));
    } else {
        const QByteArray target = requestLine.at(1);
        const int query = target.indexOf('?');
        const std::optional<Reply> reply = m_handler(query < 0 ? target : target.left(query));
        socket->write(reply ? response(200, "OK", reply->body, reply->contentType)
                            : response(404, "Not Found", "not found\n", "text/plain"));
    }
    socket->disconnectFromHost();
}
