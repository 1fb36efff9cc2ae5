#include <handshake.h>

#include <QTest>

class TestHandshake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptKeyOfRfc6455();
    void requestCarriesEverythingAsked();
    void urlsGiveHostAndTarget_data();
    void urlsGiveHostAndTarget();
    void keysAreBase64Of16Bytes();
    void answersAreJudged_data();
    void answersAreJudged();
    void framesAfterTheHeadAreLeftForTheParser();
    void aHeadThatNeverEndsIsRefused();
};

namespace {

const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray kAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; // RFC 6455 1.3

QByteArray switching(const QByteArray &extra = {}, const QByteArray &accept = kAccept)
{
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
        + "\r\n" + extra + "\r\n";
}

} // namespace

void TestHandshake::acceptKeyOfRfc6455()
{
    QCOMPARE(Handshake::acceptFor(kKey), kAccept);
}

void TestHandshake::requestCarriesEverythingAsked()
{
    Handshake::Request r = Handshake::requestFor(QUrl(QStringLiteral("ws://example.com:8080/chat?room=1")));
    r.origin = "http://example.com";
    r.subprotocol = "chat, superchat";
    r.headers = {{"Authorization", "Bearer t0ken"}};
    const QByteArray request = Handshake::request(r, kKey);
    QVERIFY(request.startsWith("GET /chat?room=1 HTTP/1.1\r\nHost: example.com:8080\r\n"));
    const QList<QByteArray> lines{"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + kKey,
                                  "Sec-WebSocket-Version: 13", "Origin: http://example.com",
                                  "Sec-WebSocket-Protocol: chat, superchat", "Authorization: Bearer t0ken"};
    for (const QByteArray &line : lines)
        QVERIFY2(request.contains(QByteArray("\r\n" + line + "\r\n")), line.constData());
    QVERIFY(request.endsWith("\r\n\r\n"));
    QCOMPARE(request.count("\r\n\r\n"), 1);
}

void TestHandshake::urlsGiveHostAndTarget_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("ws default port") << QStringLiteral("ws://h/") << QByteArray("h:80") << QByteArray("/");
    QTest::newRow("wss default port") << QStringLiteral("wss://h") << QByteArray("h:443") << QByteArray("/");
    QTest::newRow("query") << QStringLiteral("ws://h:1/a%20b?x=1&y") << QByteArray("h:1") << QByteArray("/a%20b?x=1&y");
    QTest::newRow("IPv6 literal") << QStringLiteral("ws://[::1]:9/ws") << QByteArray("[::1]:9") << QByteArray("/ws");
}

void TestHandshake::urlsGiveHostAndTarget()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, target);
    QCOMPARE(Handshake::hostHeader(QUrl(url)), host);
    QCOMPARE(Handshake::requestTarget(QUrl(url)), target);
}

void TestHandshake::keysAreBase64Of16Bytes()
{
    const QByteArray key = Handshake::key(0x0123456789abcdefULL, 42);
    QCOMPARE(key.size(), 24);
    QCOMPARE(QByteArray::fromBase64(key).size(), 16);
    QVERIFY(key != Handshake::key(0x0123456789abcdefULL, 43));
}

void TestHandshake::answersAreJudged_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QByteArray>("failure"); // empty: accepted
    QTest::addColumn<int>("status");
    QTest::newRow("101") << switching() << QByteArray() << QByteArray() << 101;
    QTest::newRow("header names in any case") << QByteArray("HTTP/1.1 101 OK\r\nupgrade: WebSocket\r\nCONNECTION: keep-alive, Upgrade\r\n"
                                                            "sec-websocket-accept: " + kAccept + "\r\n\r\n")
                                              << QByteArray() << QByteArray() << 101;
    QTest::newRow("401") << QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n") << QByteArray() << QByteArray("http_401") << 401;
    QTest::newRow("503") << QByteArray("HTTP/1.0 503 Busy\r\n\r\n") << QByteArray() << QByteArray("http_503") << 503;
    QTest::newRow("wrong accept") << switching({}, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=") << QByteArray() << QByteArray("bad_accept") << 101;
    QTest::newRow("no accept") << QByteArray("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n") << QByteArray()
                               << QByteArray("bad_accept") << 101;
    QTest::newRow("no upgrade") << QByteArray("HTTP/1.1 101 OK\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + kAccept + "\r\n\r\n")
                                << QByteArray() << QByteArray("bad_upgrade") << 101;
    QTest::newRow("extension not offered") << switching("Sec-WebSocket-Extensions: permessage-deflate\r\n") << QByteArray()
                                           << QByteArray("bad_extension") << 101;
    QTest::newRow("subprotocol chosen") << switching("Sec-WebSocket-Protocol: superchat\r\n") << QByteArray("chat, superchat")
                                        << QByteArray() << 101;
    QTest::newRow("subprotocol not asked") << switching("Sec-WebSocket-Protocol: mqtt\r\n") << QByteArray("chat")
                                           << QByteArray("bad_subprotocol") << 101;
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << QByteArray() << QByteArray("bad_response") << 0;
    QTest::newRow("status not a number") << QByteArray("HTTP/1.1 abc OK\r\n\r\n") << QByteArray() << QByteArray("bad_response") << 0;
}

void TestHandshake::answersAreJudged()
{
    QFETCH(QByteArray, answer);
    QFETCH(QByteArray, subprotocol);
    QFETCH(QByteArray, failure);
    QFETCH(int, status);
    using Result = Handshake::Response::Result;
    // Incomplete at every byte before the end of the head, judged at the last one.
    for (qsizetype cut = 0; cut < answer.size(); ++cut)
        QCOMPARE(int(Handshake::readResponse(answer.left(cut), kKey, subprotocol).result), int(Result::Incomplete));
    const Handshake::Response r = Handshake::readResponse(answer, kKey, subprotocol);
    QCOMPARE(int(r.result), int(failure.isEmpty() ? Result::Accepted : Result::Refused));
    QCOMPARE(r.failure, failure);
    QCOMPARE(r.status, status);
    QCOMPARE(r.headBytes, answer.size());
}

void TestHandshake::framesAfterTheHeadAreLeftForTheParser()
{
    const QByteArray frame("\x81\x02hi", 4);
    const Handshake::Response r = Handshake::readResponse(switching() + frame, kKey, {});
    QCOMPARE(int(r.result), int(Handshake::Response::Result::Accepted));
    QCOMPARE(QByteArray(switching() + frame).mid(r.headBytes), frame);
    QCOMPARE(r.header("sec-websocket-accept"), kAccept);
}

void TestHandshake::aHeadThatNeverEndsIsRefused()
{
    const QByteArray endless = "HTTP/1.1 101 OK\r\nX-Padding: " + QByteArray(Handshake::kMaxHeadBytes, 'a');
    const Handshake::Response r = Handshake::readResponse(endless, kKey, {});
    QCOMPARE(int(r.result), int(Handshake::Response::Result::Refused));
    QCOMPARE(r.failure, QByteArray("bad_response"));
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
