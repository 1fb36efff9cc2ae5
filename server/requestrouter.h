#pragma once

#include "httprequesthead.h"
#include "httpresponse.h"
#include "servercounters.h"

struct ServerConfig;

// What to do with a connection once its HTTP request head has arrived. Checks what QtWebSockets
// 6.4 does not (a bad handshake there just closes the socket, with no HTTP status).
struct RouteDecision
{
    enum class Kind { Echo, Broadcast, Metrics, Health, Reject };
    Kind kind = Kind::Reject;
    int status = 0; // for Reject
    QByteArray body; // for Reject
    HttpHeaders headers; // for Reject
    Refusal refusal = Refusal::BadRequest; // for Reject

    bool isWebSocket() const { return kind == Kind::Echo || kind == Kind::Broadcast; }
};

class RequestRouter
{
public:
    static RouteDecision route(const HttpRequestHead &head, const ServerConfig &config, bool atCapacity);
    // Whether the head carries token (Bearer header or ?token=), compared in constant time; an
    // empty token lets everyone in. Also guards the separate --metrics-port.
    static bool presents(const HttpRequestHead &head, const QString &token);
};
