#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

// The opening handshake of a client (RFC 6455 4.1): the request it writes and the reading of the
// server's answer. One implementation for the load engine's ClientConnection and the conformance
// runner, so both judge a server by the same rules.
class Handshake
{
public:
    struct Request
    {
        QByteArray hostHeader; // "host:port"
        QByteArray target; // "/path?query"
        QByteArray origin;
        QByteArray subprotocol;
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    struct Response
    {
        enum class Result { Incomplete, Accepted, Refused };
        Result result = Result::Incomplete;
        int status = 0;
        qsizetype headBytes = 0; // frames the server sent right after its head start here
        // Why a complete answer is refused, as the load counts it after "connect_": "http_401",
        // "bad_accept", "bad_upgrade", "bad_subprotocol", "bad_extension", "bad_response".
        QByteArray failure;
        QByteArray head;

        // The value of the first header named name (any case), trimmed; empty when absent.
        QByteArray header(const QByteArray &name) const;
    };

    static constexpr qsizetype kMaxHeadBytes = 16384;

    // What requests to url carry: "host:port" (443 by default for wss, 80 for ws) and "/path?query".
    static quint16 port(const QUrl &url);
    static QByteArray hostHeader(const QUrl &url);
    static QByteArray requestTarget(const QUrl &url);
    static Request requestFor(const QUrl &url);

    // A Sec-WebSocket-Key from 16 bytes of the caller's randomness.
    static QByteArray key(quint64 random1, quint64 random2);
    static QByteArray acceptFor(const QByteArray &key);
    static QByteArray request(const Request &request, const QByteArray &key);
    // Reads the answer to a request sent with key and subprotocol from the bytes received so far.
    static Response readResponse(const QByteArray &received, const QByteArray &key, const QByteArray &subprotocol);
};
