#include <requestrouter.h>
#include <serverconfig.h>

#include <QTest>

class TestRequestRouter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void route_data();
    void route();
};

namespace {
const QByteArray kUpgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
}

void TestRequestRouter::route_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("atCapacity");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    using K = RouteDecision::Kind;
    QTest::newRow("echo") << "GET /ws HTTP/1.1\r\n" + kUpgrade + "\r\n" << false << int(K::Echo) << 0;
    QTest::newRow("broadcast") << "GET /broadcast HTTP/1.1\r\n" + kUpgrade + "\r\n" << false << int(K::Broadcast) << 0;
    QTest::newRow("metrics") << QByteArray("GET /metrics HTTP/1.1\r\n\r\n") << false << int(K::Metrics) << 0;
    QTest::newRow("healthz") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << false << int(K::Health) << 0;
    QTest::newRow("unknown path") << QByteArray("GET /x HTTP/1.1\r\n\r\n") << false << int(K::Reject) << 404;
    QTest::newRow("POST") << QByteArray("POST /ws HTTP/1.1\r\n\r\n") << false << int(K::Reject) << 405;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /ws HTTP/1.0\r\n\r\n") << false << int(K::Reject) << 400;
    QTest::newRow("ws path without upgrade") << QByteArray("GET /ws HTTP/1.1\r\n\r\n") << false << int(K::Reject) << 426;
    QTest::newRow("version 8") << "GET /ws HTTP/1.1\r\n" + QByteArray(kUpgrade).replace("Version: 13", "Version: 8") + "\r\n"
                               << false << int(K::Reject) << 426;
    QTest::newRow("no key") << QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                          "Sec-WebSocket-Version: 13\r\n\r\n")
                            << false << int(K::Reject) << 400;
    QTest::newRow("full") << "GET /ws HTTP/1.1\r\n" + kUpgrade + "\r\n" << true << int(K::Reject) << 503;
    QTest::newRow("head too large") << "GET /ws HTTP/1.1\r\nX: " + QByteArray(9000, 'a') << false << int(K::Reject) << 431;
}

void TestRequestRouter::route()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, atCapacity);
    QFETCH(int, kind);
    QFETCH(int, status);
    const RouteDecision d = RequestRouter::route(HttpRequestHead::parse(request), ServerConfig(), atCapacity);
    QCOMPARE(int(d.kind), kind);
    QCOMPARE(d.status, status);
}

QTEST_GUILESS_MAIN(TestRequestRouter)
#include "tst_requestrouter.moc"
