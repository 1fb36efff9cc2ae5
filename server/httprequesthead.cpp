#include "httprequesthead.h"

HttpRequestHead HttpRequestHead::parse(const QByteArray &buffer)
{
    HttpRequestHead head;
    const int end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        head.m_status = buffer.size() > kMaxHeadBytes ? Status::TooLarge : Status::Incomplete;
        return head;
    }
    if (end > kMaxHeadBytes) {
        head.m_status = Status::TooLarge;
        return head;
    }
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/") || !requestLine[1].startsWith('/')) {
        head.m_status = Status::Malformed;
        return head;
    }
    head.m_method = requestLine[0];
    const QByteArray target = requestLine[1];
    const int queryStart = target.indexOf('?');
    head.m_path = queryStart < 0 ? target : target.left(queryStart);
    head.m_query = queryStart < 0 ? QByteArray() : target.mid(queryStart + 1);
    head.m_version = requestLine[2];
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const int colon = line.indexOf(':');
        if (colon <= 0) {
            head.m_status = Status::Malformed;
            return head;
        }
        head.m_headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    head.m_status = Status::Complete;
    head.m_byteCount = end + 4;
    return head;
}

QByteArray HttpRequestHead::header(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &h : m_headers) {
        if (h.first == lower)
            return h.second;
    }
    return QByteArray();
}

bool HttpRequestHead::headerHasToken(const QByteArray &name, const QByteArray &token) const
{
    const QByteArray lowerToken = token.toLower();
    for (const QByteArray &part : header(name).split(',')) {
        if (part.trimmed().toLower() == lowerToken)
            return true;
    }
    return false;
}

QByteArray HttpRequestHead::queryValue(const QByteArray &key) const
{
    for (const QByteArray &pair : m_query.split('&')) {
        const int eq = pair.indexOf('=');
        if (eq > 0 && pair.left(eq) == key)
            return QByteArray::fromPercentEncoding(pair.mid(eq + 1));
    }
    return QByteArray();
}

bool HttpRequestHead::isWebSocketUpgrade() const
{
    return headerHasToken("Upgrade", "websocket") && headerHasToken("Connection", "Upgrade");
}
