#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>
#include <QVector>

// One RFC 6455 check: what to send to an echo endpoint and what a correct server answers.
// The catalogue is the same for SocketScope's own ctest suite and for `socketscope-load
// --conformance` against any server.
struct ConformanceCase
{
    struct Expect
    {
        enum class Kind { HttpStatus, Message, Pong, Close };
        Kind kind = Kind::Message;
        QList<int> codes; // HttpStatus: any of these statuses; Close: any of these close codes
        int opcode = 0; // Message: text or binary
        QByteArray payload; // Message and Pong
        QString describe() const;
    };

    QString id; // stable, e.g. "5.1-unmasked-frame"
    QString section; // RFC 6455 section
    QString title; // what a correct server does, in words
    QByteArray request; // HandshakeOnly: the whole HTTP request; otherwise empty (a valid upgrade is sent)
    QByteArray frames; // sent after the upgrade
    bool handshakeOnly = false;
    bool framesWithHandshake = false; // pipelined: upgrade and frames in one write
    bool oneByteAtATime = false;
    QVector<Expect> expected; // in order

    QString sentSummary() const;
};

class ConformanceCatalogue
{
public:
    // Every case against url; maxMessageBytes is the server's limit, exceeded by one for the 1009 cases.
    static QVector<ConformanceCase> cases(const QUrl &url, qint64 maxMessageBytes);
    static QByteArray upgradeRequest(const QByteArray &hostHeader, const QByteArray &path, const QByteArray &extraHeaders = {},
                                     const QByteArray &method = "GET", const QByteArray &omitHeader = {});
    static QByteArray key(); // the fixed Sec-WebSocket-Key every case sends
};
