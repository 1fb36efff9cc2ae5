#include "handshake.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace {

bool hasToken(const QByteArray &list, const QByteArray &token)
{
    for (const QByteArray &part : list.split(','))
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

quint16 Handshake::port(const QUrl &url)
{
    return quint16(url.port(url.scheme() == QLatin1String("wss") ? 443 : 80));
}

QByteArray Handshake::hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 literal
    return host + ':' + QByteArray::number(port(url));
}

QByteArray Handshake::requestTarget(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    return target;
}

Handshake::Request Handshake::requestFor(const QUrl &url)
{
    Request r;
    r.hostHeader = hostHeader(url);
    r.target = requestTarget(url);
    return r;
}

QByteArray Handshake::key(quint64 random1, quint64 random2)
{
    char bytes[16];
    qToLittleEndian(random1, bytes);
    qToLittleEndian(random2, bytes + 8);
    return QByteArray(bytes, 16).toBase64();
}

QByteArray Handshake::acceptFor(const QByteArray &key)
{
    return QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), QCryptographicHash::Sha1).toBase64();
}

QByteArray Handshake::request(const Request &r, const QByteArray &key)
{
    QByteArray out = "GET " + r.target + " HTTP/1.1\r\nHost: " + r.hostHeader
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n";
    if (!r.origin.isEmpty())
        out += "Origin: " + r.origin + "\r\n";
    if (!r.subprotocol.isEmpty())
        out += "Sec-WebSocket-Protocol: " + r.subprotocol + "\r\n";
    for (const auto &h : r.headers)
        out += h.first + ": " + h.second + "\r\n";
    return out + "\r\n";
}

QByteArray Handshake::Response::header(const QByteArray &name) const
{
    // Header lines follow the status line; a folded or malformed line simply never matches.
    qsizetype at = head.indexOf("\r\n");
    while (at >= 0 && at + 2 < head.size()) {
        const qsizetype start = at + 2;
        const qsizetype end = head.indexOf("\r\n", start);
        if (end < 0 || end == start)
            break;
        const qsizetype colon = head.indexOf(':', start);
        if (colon > start && colon < end && head.mid(start, colon - start).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return head.mid(colon + 1, end - colon - 1).trimmed();
        at = end;
    }
    return {};
}

Handshake::Response Handshake::readResponse(const QByteArray &received, const QByteArray &key, const QByteArray &subprotocol)
{
    Response r;
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0 ? received.size() > kMaxHeadBytes : end + 4 > kMaxHeadBytes) {
        r.result = Response::Result::Refused;
        r.failure = "bad_response";
        return r;
    }
    if (end < 0)
        return r;
    r.headBytes = end + 4;
    r.head = received.left(r.headBytes);
    r.result = Response::Result::Refused;
    // "HTTP/1.1 101 Switching Protocols": the version, a space, three digits.
    bool numeric = false;
    if (r.head.startsWith("HTTP/1.") && r.head.size() > 12 && r.head.at(8) == ' ')
        r.status = r.head.mid(9, 3).toInt(&numeric);
    if (!numeric || r.status < 100 || r.status > 599) {
        r.status = 0;
        r.failure = "bad_response";
    } else if (r.status != 101) {
        r.failure = "http_" + QByteArray::number(r.status);
    } else if (r.header("upgrade").compare("websocket", Qt::CaseInsensitive) != 0 || !hasToken(r.header("connection"), "upgrade")) {
        r.failure = "bad_upgrade";
    } else if (r.header("sec-websocket-accept") != acceptFor(key)) {
        r.failure = "bad_accept";
    } else if (!r.header("sec-websocket-extensions").isEmpty()) {
        r.failure = "bad_extension"; // none was offered
    } else if (const QByteArray chosen = r.header("sec-websocket-protocol"); !chosen.isEmpty() && !hasToken(subprotocol, chosen)) {
        r.failure = "bad_subprotocol";
    } else {
        r.result = Response::Result::Accepted;
    }
    return r;
}
