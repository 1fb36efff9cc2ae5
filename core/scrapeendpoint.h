#pragma once

#include "listeningsocket.h"

#include <QByteArray>

#include <functional>
#include <optional>

class QTcpSocket;

// A minimal HTTP/1.1 endpoint for scrapers (Prometheus, health checks): one GET per connection,
// answered from a handler in this object's thread, then closed. Bounded: request heads up to
// 8 KiB, kMaxClients at once, kDeadlineMs per exchange. Used for the server's --metrics-port
// and the load agent's --metrics-listen.
class ScrapeEndpoint : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxClients = 32;
    static constexpr int kDeadlineMs = 5000;
    static constexpr int kBacklog = 128;

    struct Reply
    {
        QByteArray body;
        QByteArray contentType = "text/plain; charset=utf-8";
    };
    // The reply for a path (query removed), or nullopt for 404.
    using Handler = std::function<std::optional<Reply>(const QByteArray &path)>;

    explicit ScrapeEndpoint(Handler handler, QObject *parent = nullptr);
    bool listen(const QHostAddress &address, quint16 port); // port 0: any free one
    quint16 serverPort() const { return m_listener.port(); }
    QString errorString() const { return m_listener.errorString(); }
    // Requests whose head (request line and headers) it refuses get 401.
    void setAuthorizer(std::function<bool(const QByteArray &head)> authorizer) { m_authorizer = std::move(authorizer); }

    static constexpr const char *kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

private:
    void serve(qintptr descriptor);
    void answer(QTcpSocket *socket);

    ListeningSocket m_listener;
    Handler m_handler;
    std::function<bool(const QByteArray &head)> m_authorizer;
    int m_clients = 0;
};
