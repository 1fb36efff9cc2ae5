#include "requestrouter.h"

#include "serverconfig.h"

#include <QCryptographicHash>

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

// Compares digests byte by byte to the end: the time taken depends neither on how much of the
// secret a guess got right nor on its length (operator== stops at the first difference).
bool secretMatches(const QByteArray &given, const QByteArray &secret)
{
    const QByteArray a = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(secret, QCryptographicHash::Sha256);
    uchar difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= uchar(a.at(i) ^ b.at(i));
    return difference == 0;
}

// `Authorization: Bearer TOKEN` or `?token=TOKEN`; an empty token asks for nothing.
} // namespace

bool RequestRouter::presents(const HttpRequestHead &head, const QString &token)
{
    if (token.isEmpty())
        return true;
    const QByteArray secret = token.toUtf8();
    const QByteArray authorization = head.header("Authorization");
    const QByteArray bearer = authorization.startsWith("Bearer ") ? authorization.mid(7) : QByteArray();
    // Both are always compared, so the time does not tell which one was tried.
    const bool byHeader = secretMatches(bearer, secret);
    const bool byQuery = secretMatches(head.queryValue("token"), secret);
    return byHeader || byQuery;
}

namespace {

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
        if (path != "/metrics" && path != "/healthz")
            return reject(404, Refusal::NotFound, "not found; endpoints: /ws /broadcast /metrics /healthz");
        if (!presents(head, config.metricsToken))
            return reject(401, Refusal::Unauthorized, "missing or wrong metrics token", {{"WWW-Authenticate", "Bearer"}});
        return accept(path == "/metrics" ? RouteDecision::Kind::Metrics : RouteDecision::Kind::Health);
    }
    if (!head.isWebSocketUpgrade())
        return reject(426, Refusal::BadRequest, "this endpoint needs a WebSocket upgrade",
                      {{"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}});
    if (head.header("Sec-WebSocket-Version") != "13")
        return reject(426, Refusal::BadRequest, "unsupported WebSocket version", {{"Sec-WebSocket-Version", "13"}});
    if (QByteArray::fromBase64(head.header("Sec-WebSocket-Key")).size() != 16)
        return reject(400, Refusal::BadRequest, "missing or invalid Sec-WebSocket-Key");
    if (!presents(head, config.token))
        return reject(401, Refusal::Unauthorized, "missing or wrong token", {{"WWW-Authenticate", "Bearer"}});
    if (!originAllowed(head, config))
        return reject(403, Refusal::OriginRejected, "origin not allowed");
    if (atCapacity)
        return reject(503, Refusal::MaxConnections, "connection limit reached", {{"Retry-After", "1"}});
    return accept(path == "/ws" ? RouteDecision::Kind::Echo : RouteDecision::Kind::Broadcast);
}
