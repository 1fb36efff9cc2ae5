#pragma once

#include <QByteArray>
#include <QTcpServer>

#include <functional>
#include <optional>

// A minimal HTTP/1.1 endpoint for scrapers (Prometheus, health checks): one GET per connection,
// answered from a handler in this object's thread, then closed. Bounded: request heads up to
// 8 KiB, kMaxClients at once, kDeadlineMs per exchange. Used for the server's --metrics-port
// and the load agent's --metrics-listen.
class ScrapeEndpoint : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr int kMaxClients = 32;
    static constexpr int kDeadlineMs = 5000;

    struct Reply
    {
        QByteArray body;
        QByteArray contentType = "text/plain; charset=utf-8";
    };
    // The reply for a path (query removed), or nullopt for 404.
    using Handler = std::function<std::optional<Reply>(const QByteArray &path)>;

    explicit ScrapeEndpoint(Handler handler, QObject *parent = nullptr);
    // Requests whose head (request line and headers) it refuses get 401.
    void setAuthorizer(std::function<bool(const QByteArray &head)> authorizer) { m_authorizer = std::move(authorizer); }

    static constexpr const char *kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void answer(QTcpSocket *socket);

    Handler m_handler;
    std::function<bool(const QByteArray &head)> m_authorizer;
    int m_clients = 0;
};
