#include "requestrouter.h"

#include "serverconfig.h"

namespace {

RouteDecision reject(int status, Refusal refusal, const QByteArray &body, const HttpHeaders &headers = {})
{
    RouteDecision d;
    d.status = status;
    d.refusal = refusal;
    d.body = body + '\n';
    d.headers = headers;
    return d;
}

RouteDecision accept(RouteDecision::Kind kind)
{
    RouteDecision d;
    d.kind = kind;
    return d;
}

bool authorised(const HttpRequestHead &head, const ServerConfig &config)
{
    if (config.token.isEmpty())
        return true;
    const QByteArray token = config.token.toUtf8();
    return head.header("Authorization") == "Bearer " + token || head.queryValue("token") == token;
}

bool originAllowed(const HttpRequestHead &head, const ServerConfig &config)
{
    const QByteArray origin = head.header("Origin");
    // Non-browser clients send no Origin; like gorilla's CheckOrigin, only a present Origin is checked.
    return config.allowedOrigins.isEmpty() || origin.isEmpty()
        || config.allowedOrigins.contains(QString::fromUtf8(origin), Qt::CaseInsensitive);
}

} // namespace

RouteDecision RequestRouter::route(const HttpRequestHead &head, const ServerConfig &config, bool atCapacity)
{
    if (head.status() == HttpRequestHead::Status::TooLarge)
        return reject(431, Refusal::BadRequest, "request head larger than 8 KiB");
    if (head.status() != HttpRequestHead::Status::Complete || head.httpVersion() != "HTTP/1.1")
        return reject(400, Refusal::BadRequest, "malformed HTTP/1.1 request");
    const QByteArray path = head.path();
    const bool wsPath = path == "/ws" || path == "/broadcast";
    if (head.method() != "GET")
        return reject(405, Refusal::BadRequest, "only GET is supported", {{"Allow", "GET"}});

    if (!wsPath) {
        if (path == "/metrics")
            return accept(RouteDecision::Kind::Metrics);
        if (path == "/healthz")
            return accept(RouteDecision::Kind::Health);
        return reject(404, Refusal::NotFound, "not found; endpoints: /ws /broadcast /metrics /healthz");
    }
    if (!head.isWebSocketUpgrade())
        return reject(426, Refusal::BadRequest, "this endpoint needs a WebSocket upgrade",
                      {{"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}});
    if (head.header("Sec-WebSocket-Version") != "13")
        return reject(426, Refusal::BadRequest, "unsupported WebSocket version", {{"Sec-WebSocket-Version", "13"}});
    if (QByteArray::fromBase64(head.header("Sec-WebSocket-Key")).size() != 16)
        return reject(400, Refusal::BadRequest, "missing or invalid Sec-WebSocket-Key");
    if (!authorised(head, config))
        return reject(401, Refusal::Unauthorized, "missing or wrong token");
    if (!originAllowed(head, config))
        return reject(403, Refusal::OriginRejected, "origin not allowed");
    if (atCapacity)
        return reject(503, Refusal::MaxConnections, "connection limit reached", {{"Retry-After", "1"}});
    return accept(path == "/ws" ? RouteDecision::Kind::Echo : RouteDecision::Kind::Broadcast);
}
