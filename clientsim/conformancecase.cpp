#include "conformancecase.h"

#include "handshake.h"
#include "wireframe.h"

namespace {

using Expect = ConformanceCase::Expect;
const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ==";

Expect http(QList<int> statuses)
{
    Expect e;
    e.kind = Expect::Kind::HttpStatus;
    e.codes = std::move(statuses);
    return e;
}

Expect message(int opcode, const QByteArray &payload)
{
    Expect e;
    e.kind = Expect::Kind::Message;
    e.opcode = opcode;
    e.payload = payload;
    return e;
}

Expect text(const QByteArray &payload)
{
    return message(WireFrame::Text, payload);
}

Expect pong(const QByteArray &payload)
{
    Expect e;
    e.kind = Expect::Kind::Pong;
    e.payload = payload;
    return e;
}

Expect closed(QList<int> codes)
{
    Expect e;
    e.kind = Expect::Kind::Close;
    e.codes = std::move(codes);
    return e;
}

QByteArray f(int opcode, const QByteArray &payload, bool fin = true, bool masked = true, int rsv = 0)
{
    return WireFrame::encode(opcode, payload, fin, masked, rsv);
}

ConformanceCase makeCase(const char *id, const char *section, const char *title)
{
    ConformanceCase c;
    c.id = QString::fromLatin1(id);
    c.section = QString::fromLatin1(section);
    c.title = QString::fromLatin1(title);
    return c;
}

QByteArray closeFrame(int code, const QByteArray &reason = {})
{
    return f(WireFrame::Close, WireFrame::closePayload(code, reason));
}

} // namespace

QString ConformanceCase::Expect::describe() const
{
    QStringList alternatives;
    for (int c : codes)
        alternatives << QString::number(c);
    switch (kind) {
    case Kind::HttpStatus:
        return QStringLiteral("HTTP %1").arg(alternatives.join(QLatin1String(" or ")));
    case Kind::Message:
        return QStringLiteral("%1 message of %2 bytes echoed").arg(opcode == WireFrame::Binary ? QStringLiteral("binary") : QStringLiteral("text")).arg(payload.size());
    case Kind::Pong:
        return QStringLiteral("pong with the ping's %1-byte payload").arg(payload.size());
    case Kind::Close:
        return QStringLiteral("close frame with %1").arg(alternatives.join(QLatin1String(" or ")));
    }
    return {};
}

QString ConformanceCase::sentSummary() const
{
    const QByteArray &bytes = handshakeOnly ? request : frames;
    const QString shown = QString::fromLatin1(bytes.left(24).toHex(' '));
    QString how;
    if (framesWithHandshake)
        how = QStringLiteral(" (in the same write as the upgrade)");
    else if (oneByteAtATime)
        how = QStringLiteral(" (one byte per write)");
    return QStringLiteral("%1 bytes: %2%3%4").arg(bytes.size()).arg(shown, bytes.size() > 24 ? QStringLiteral(" …") : QString(), how);
}

QByteArray ConformanceCatalogue::upgradeRequest(const QByteArray &hostHeader, const QByteArray &path, const QByteArray &extraHeaders,
                                                const QByteArray &method, const QByteArray &omitHeader)
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n";
    const QList<QPair<QByteArray, QByteArray>> headers{{"Upgrade", "websocket"},
                                                       {"Connection", "Upgrade"},
                                                       {"Sec-WebSocket-Key", kKey},
                                                       {"Sec-WebSocket-Version", "13"}};
    for (const auto &h : headers) {
        if (h.first != omitHeader && !(h.first == "Sec-WebSocket-Version" && extraHeaders.contains("Sec-WebSocket-Version")))
            request += h.first + ": " + h.second + "\r\n";
    }
    return request + extraHeaders + "\r\n";
}

QByteArray ConformanceCatalogue::key()
{
    return kKey;
}

QVector<ConformanceCase> ConformanceCatalogue::cases(const QUrl &url, qint64 maxMessageBytes)
{
    const QByteArray host = Handshake::hostHeader(url);
    const QByteArray path = Handshake::requestTarget(url);
    QVector<ConformanceCase> all;
    auto handshake = [&](const char *id, const char *section, const char *title, const QByteArray &request, QList<int> statuses) {
        ConformanceCase c = makeCase(id, section, title);
        c.request = request;
        c.handshakeOnly = true;
        c.expected = {http(std::move(statuses))};
        all.append(c);
    };
    enum class Delivery { AfterUpgrade, WithUpgrade, ByteByByte };
    auto framed = [&](const char *id, const char *section, const char *title, const QByteArray &frames, QVector<Expect> expected,
                      Delivery delivery = Delivery::AfterUpgrade) {
        ConformanceCase c = makeCase(id, section, title);
        c.frames = frames;
        c.expected = std::move(expected);
        c.framesWithHandshake = delivery == Delivery::WithUpgrade;
        c.oneByteAtATime = delivery == Delivery::ByteByByte;
        all.append(c);
    };
    const QList<int> protocolError{1002};

    handshake("4.2.2-accept", "4.2.2", "A valid upgrade gets 101 with the right Sec-WebSocket-Accept", upgradeRequest(host, path), {101});
    handshake("4.2.1-no-upgrade", "4.2.1", "An upgrade without the Upgrade header is refused with 400 or 426",
              upgradeRequest(host, path, {}, "GET", "Upgrade"), {400, 426});
    handshake("4.2.1-no-key", "4.2.1", "An upgrade without Sec-WebSocket-Key is refused with 400",
              upgradeRequest(host, path, {}, "GET", "Sec-WebSocket-Key"), {400});
    handshake("4.2.2-bad-version", "4.4", "Sec-WebSocket-Version 12 (none such) is refused (e.g. 426) with Sec-WebSocket-Version: 13",
              upgradeRequest(host, path, "Sec-WebSocket-Version: 12\r\n"), {426, 400});
    handshake("4.2.1-not-get", "4.2.1", "An upgrade with POST is refused with 405", upgradeRequest(host, path, {}, "POST"), {405});
    handshake("4.2.1-huge-headers", "4.2.1", "A request head of 64 KiB is refused with 431",
              upgradeRequest(host, path, "X-Padding: " + QByteArray(64 * 1024, 'a') + "\r\n"), {431});

    framed("5.6-text-echo", "5.6", "A masked text message is echoed", f(WireFrame::Text, "hello"), {text("hello")});
    framed("5.6-binary-echo", "5.6", "A binary message is echoed", f(WireFrame::Binary, QByteArray("\x00\x01\xfe\xff", 4)),
           {message(WireFrame::Binary, QByteArray("\x00\x01\xfe\xff", 4))});
    framed("5.6-empty-text", "5.6", "An empty text message is echoed", f(WireFrame::Text, {}), {text({})});
    framed("5.2-length-16", "5.2", "A 200-byte message (16-bit length) is echoed", f(WireFrame::Text, QByteArray(200, 'x')),
           {text(QByteArray(200, 'x'))});
    framed("5.2-length-64", "5.2", "A 70,000-byte message (64-bit length) is echoed", f(WireFrame::Binary, QByteArray(70000, 'y')),
           {message(WireFrame::Binary, QByteArray(70000, 'y'))});
    framed("5.1-unmasked", "5.1", "An unmasked client frame fails the connection (1002)",
           f(WireFrame::Text, "hello", true, false), {closed(protocolError)});
    for (int rsv : {4, 2, 1}) {
        const QByteArray id = "5.2-rsv" + QByteArray::number(rsv == 4 ? 1 : rsv == 2 ? 2 : 3);
        framed(id.constData(), "5.2", "A frame with an RSV bit and no extension fails the connection (1002)",
               f(WireFrame::Text, "x", true, true, rsv), {closed(protocolError)});
    }
    framed("5.2-opcode-3", "5.2", "Reserved data opcode 0x3 fails the connection (1002)", f(0x3, "x"), {closed(protocolError)});
    framed("5.2-opcode-b", "5.2", "Reserved control opcode 0xB fails the connection (1002)", f(0xB, "x"), {closed(protocolError)});
    framed("5.5.2-ping", "5.5.2", "A ping is answered with a pong carrying its payload", f(WireFrame::Ping, "abc"), {pong("abc")});
    framed("5.5-ping-125", "5.5", "A ping with a 125-byte payload is answered", f(WireFrame::Ping, QByteArray(125, 'p')),
           {pong(QByteArray(125, 'p'))});
    framed("5.5-ping-126", "5.5", "A control frame over 125 bytes fails the connection (1002)",
           f(WireFrame::Ping, QByteArray(126, 'p')), {closed(protocolError)});
    framed("5.5-fragmented-ping", "5.5", "A fragmented control frame fails the connection (1002)",
           f(WireFrame::Ping, "abc", false) + f(WireFrame::Continuation, "d"), {closed(protocolError)});
    framed("5.5.3-unsolicited-pong", "5.5.3", "An unsolicited pong is ignored", f(WireFrame::Pong, "z") + f(WireFrame::Text, "after"),
           {text("after")});
    framed("5.4-fragments", "5.4", "A text message in three fragments is echoed whole",
           f(WireFrame::Text, "he", false) + f(WireFrame::Continuation, "ll", false) + f(WireFrame::Continuation, "o"), {text("hello")});
    framed("5.4-ping-between-fragments", "5.4", "A ping between fragments is answered and the message still echoed",
           f(WireFrame::Text, "he", false) + f(WireFrame::Ping, "mid") + f(WireFrame::Continuation, "llo"), {pong("mid"), text("hello")});
    framed("5.4-continuation-first", "5.4", "A continuation frame with no message started fails the connection (1002)",
           f(WireFrame::Continuation, "x"), {closed(protocolError)});
    framed("5.4-new-message-mid-fragment", "5.4", "A new text frame inside a fragmented message fails the connection (1002)",
           f(WireFrame::Text, "he", false) + f(WireFrame::Text, "llo"), {closed(protocolError)});
    framed("8.1-invalid-utf8", "8.1", "A text message that is not UTF-8 fails the connection (1007)",
           f(WireFrame::Text, QByteArray("\xc3\x28", 2)), {closed({1007})});
    framed("5.6-utf8-split-across-fragments", "5.6", "A valid UTF-8 character split across fragments is accepted",
           f(WireFrame::Text, QByteArray("caf\xc3", 4), false) + f(WireFrame::Continuation, QByteArray("\xa9", 1)),
           {text(QByteArray("caf\xc3\xa9"))});
    framed("8.1-truncated-utf8", "8.1", "A text message ending inside a UTF-8 sequence fails the connection (1007)",
           f(WireFrame::Text, QByteArray("caf\xc3", 4), false) + f(WireFrame::Continuation, QByteArray("!", 1)), {closed({1007})});
    framed("5.4-fragments-one-byte-writes", "5.4", "Text fragments written one byte at a time are echoed whole",
           f(WireFrame::Text, "ca", false) + f(WireFrame::Continuation, QByteArray("f\xc3", 2), false)
               + f(WireFrame::Continuation, QByteArray("\xa9", 1)),
           {text(QByteArray("caf\xc3\xa9"))}, Delivery::ByteByByte);
    framed("5.5.1-close-echo", "5.5.1", "A close with 1000 is answered with a close", closeFrame(1000), {closed({1000})});
    framed("5.5.1-close-empty", "5.5.1", "A close without a code is answered with a close",
           f(WireFrame::Close, {}), {closed({1000, 1005})});
    framed("5.5.1-close-one-byte", "5.5.1", "A close payload of one byte fails the connection (1002)",
           f(WireFrame::Close, QByteArray(1, '\x03')), {closed(protocolError)});
    framed("7.4.1-close-3000", "7.4.2", "Close code 3000 (registered range) is accepted", closeFrame(3000), {closed({1000, 3000})});
    framed("7.4.1-close-4999", "7.4.2", "Close code 4999 (private range) is accepted", closeFrame(4999), {closed({1000, 4999})});
    for (int code : {999, 1004, 1005, 1006, 1016, 2999, 5000}) {
        const QByteArray id = "7.4.1-close-" + QByteArray::number(code);
        framed(id.constData(), "7.4.1", "An invalid close code fails the connection (1002)", closeFrame(code), {closed(protocolError)});
    }
    framed("8.1-close-reason-utf8", "8.1", "A close reason that is not UTF-8 fails the connection (1007)",
           closeFrame(1000, QByteArray("\xff\xfe", 2)), {closed({1007})});
    framed("10.4-too-big", "10.4", "A message one byte over the server's limit is refused with 1009",
           f(WireFrame::Binary, QByteArray(maxMessageBytes + 1, 'b')), {closed({1009})});
    // Two fragments, each half the limit plus one byte: only their sum is too big.
    const QByteArray half(maxMessageBytes / 2 + 1, 'x');
    framed("10.4-too-big-in-fragments", "10.4", "Binary fragments adding up past the limit are refused with 1009",
           f(WireFrame::Binary, half, false) + f(WireFrame::Continuation, half), {closed({1009})});
    framed("10.4-text-too-big-in-fragments", "10.4", "Text fragments adding up past the limit are refused with 1009",
           f(WireFrame::Text, half, false) + f(WireFrame::Continuation, half), {closed({1009})});

    framed("4.1-pipelined", "4.1", "Frames in the same write as the upgrade are processed", f(WireFrame::Text, "early"),
           {text("early")}, Delivery::WithUpgrade);
    QByteArray tenFrames;
    QVector<Expect> tenEchoes;
    for (int i = 0; i < 10; ++i) {
        tenFrames += f(WireFrame::Text, "m" + QByteArray::number(i));
        tenEchoes.append(text("m" + QByteArray::number(i)));
    }
    framed("5.4-many-in-one-write", "5.4", "Ten messages in one write are all echoed, in order", tenFrames, tenEchoes);
    framed("5.2-one-byte-writes", "5.2", "A frame written one byte at a time is echoed", f(WireFrame::Text, "slowly"),
           {text("slowly")}, Delivery::ByteByByte);
    return all;
}
