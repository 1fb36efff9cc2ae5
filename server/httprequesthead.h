#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// The request line and headers of an HTTP/1.1 request, parsed before deciding whether the
// connection is a WebSocket upgrade, a /metrics scrape or something to refuse.
class HttpRequestHead
{
public:
    enum class Status { Incomplete, Complete, Malformed, TooLarge };

    static constexpr int kMaxHeadBytes = 8192; // beyond it: 431

    // Parses what has arrived so far; buffer may hold more than the head (e.g. pipelined frames).
    static HttpRequestHead parse(const QByteArray &buffer);

    Status status() const { return m_status; }
    int byteCount() const { return m_byteCount; } // of a complete head, with its blank line
    QByteArray method() const { return m_method; }
    QByteArray path() const { return m_path; } // without the query
    QByteArray query() const { return m_query; }
    QByteArray httpVersion() const { return m_version; }
    // Case-insensitive; empty when absent.
    QByteArray header(const QByteArray &name) const;
    bool headerHasToken(const QByteArray &name, const QByteArray &token) const;
    QByteArray queryValue(const QByteArray &key) const;
    bool isWebSocketUpgrade() const;

private:
    Status m_status = Status::Incomplete;
    int m_byteCount = 0;
    QByteArray m_method, m_path, m_query, m_version;
    QList<QPair<QByteArray, QByteArray>> m_headers; // names lower-cased
};
