#include <httprequesthead.h>

#include <QTest>

class TestHttpRequestHead : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void status_data();
    void status();
    void headersAreCaseInsensitiveTokens();
    void queryValuesAreDecoded();
};

using Status = HttpRequestHead::Status;

void TestHttpRequestHead::status_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("expected");
    QTest::newRow("complete") << QByteArray("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n") << int(Status::Complete);
    QTest::newRow("frames after the head") << QByteArray("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n\x81\x85") << int(Status::Complete);
    QTest::newRow("half a head") << QByteArray("GET /ws HTTP/1.1\r\nHo") << int(Status::Incomplete);
    QTest::newRow("no version") << QByteArray("GET /ws\r\n\r\n") << int(Status::Malformed);
    QTest::newRow("target not a path") << QByteArray("GET ws HTTP/1.1\r\n\r\n") << int(Status::Malformed);
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nbroken\r\n\r\n") << int(Status::Malformed);
    QTest::newRow("endless head") << QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(9000, 'a') << int(Status::TooLarge);
}

void TestHttpRequestHead::status()
{
    QFETCH(QByteArray, input);
    QFETCH(int, expected);
    QCOMPARE(int(HttpRequestHead::parse(input).status()), expected);
}

void TestHttpRequestHead::headersAreCaseInsensitiveTokens()
{
    const HttpRequestHead head = HttpRequestHead::parse(
        "GET /broadcast?x=1 HTTP/1.1\r\nUPGRADE: WebSocket\r\nconnection: keep-alive, Upgrade\r\n"
        "Sec-WebSocket-Version:13\r\n\r\n");
    QCOMPARE(head.method(), QByteArray("GET"));
    QCOMPARE(head.path(), QByteArray("/broadcast"));
    QCOMPARE(head.header("sec-websocket-version"), QByteArray("13"));
    QVERIFY(head.isWebSocketUpgrade());
    QVERIFY(!head.headerHasToken("Connection", "close"));
}

void TestHttpRequestHead::queryValuesAreDecoded()
{
    const HttpRequestHead head = HttpRequestHead::parse("GET /ws?a=1&token=s%20cret HTTP/1.1\r\n\r\n");
    QCOMPARE(head.queryValue("token"), QByteArray("s cret"));
    QCOMPARE(head.queryValue("missing"), QByteArray());
}

QTEST_GUILESS_MAIN(TestHttpRequestHead)
#include "tst_httprequesthead.moc"
