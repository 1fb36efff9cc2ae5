// HttpRequestHead::parse() and RequestRouter::route() on any bytes a client may send first.

#include <httprequesthead.h>
#include <requestrouter.h>
#include <serverconfig.h>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const HttpRequestHead head = HttpRequestHead::parse(input);
    if (head.status() == HttpRequestHead::Status::Complete && (head.byteCount() <= 0 || head.byteCount() > input.size()))
        __builtin_trap();
    head.header("Sec-WebSocket-Key");
    head.headerHasToken("Connection", "upgrade");
    head.queryValue("token");
    head.isWebSocketUpgrade();
    static const ServerConfig config = [] {
        ServerConfig c;
        c.token = QStringLiteral("t0ken");
        c.metricsToken = QStringLiteral("m3trics");
        c.allowedOrigins = QStringList{QStringLiteral("https://example.org")};
        return c;
    }();
    const RouteDecision d = RequestRouter::route(head, config, size % 2);
    if (d.kind == RouteDecision::Kind::Reject && (d.status < 400 || d.status > 599))
        __builtin_trap();
    return 0;
}
