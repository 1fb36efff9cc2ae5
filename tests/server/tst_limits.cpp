#include <rawwsclient.h>
#include <testserver.h>

#include <QSignalSpy>
#include <QWebSocket>

class TestLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusesOverMaxConnections();
    void oversizeMessageGets1009_data();
    void oversizeMessageGets1009();
    void invalidUtf8Gets1007();
    void tokenIsRequired_data();
    void tokenIsRequired();
    void foreignOriginIsRefused();
    void handshakeTimeoutDropsIdleSockets();
};

namespace {

int statusOf(const QByteArray &response)
{
    return response.mid(9, 3).toInt(); // "HTTP/1.1 503 ..."
}

} // namespace

void TestLimits::refusesOverMaxConnections()
{
    ServerConfig config;
    config.maxConnections = 3;
    TestServer server(config);
    QVERIFY(server.started());
    std::vector<std::unique_ptr<RawWsClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<RawWsClient>());
        QVERIFY(clients.back()->handshake(server.port()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 3ULL, 5000);
    RawWsClient extra;
    QVERIFY(!extra.handshake(server.port()));
    QCOMPARE(statusOf(extra.received()), 503);
    QCOMPARE(server.engine().totals().refused[int(Refusal::MaxConnections)], 1ULL);

    clients.front().reset(); // one leaves, a slot opens
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 2ULL, 5000);
    RawWsClient again;
    QVERIFY(again.handshake(server.port()));
}

void TestLimits::oversizeMessageGets1009_data()
{
    QTest::addColumn<bool>("fragmented");
    QTest::newRow("one frame") << false;
    QTest::newRow("fragments adding up past the limit") << true;
}

void TestLimits::oversizeMessageGets1009()
{
    QFETCH(bool, fragmented);
    ServerConfig config;
    config.maxMessageBytes = 1000;
    TestServer server(config);
    QVERIFY(server.started());
    RawWsClient client;
    QVERIFY(client.handshake(server.port()));
    if (fragmented) {
        client.send(RawWsClient::frame(0x2, QByteArray(600, 'a'), false));
        client.send(RawWsClient::frame(0x0, QByteArray(600, 'a'), true));
    } else {
        client.send(RawWsClient::frame(0x2, QByteArray(1001, 'a')));
    }
    RawWsClient::Frame frame;
    QVERIFY(client.readFrame(&frame));
    QCOMPARE(RawWsClient::closeCode(frame), 1009);
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().closeCodes.value(1009), 1ULL, 5000);
}

void TestLimits::invalidUtf8Gets1007()
{
    TestServer server;
    QVERIFY(server.started());
    RawWsClient client;
    QVERIFY(client.handshake(server.port()));
    client.send(RawWsClient::frame(0x1, QByteArray("ok \xff\xfe bad")));
    RawWsClient::Frame frame;
    QVERIFY(client.readFrame(&frame));
    QCOMPARE(RawWsClient::closeCode(frame), 1007);
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().errorsByKind().value(QStringLiteral("invalid_payload")), 1ULL, 5000);
}

void TestLimits::tokenIsRequired_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("none") << QByteArray("/ws") << QByteArray() << false;
    QTest::newRow("wrong bearer") << QByteArray("/ws") << QByteArray("Authorization: Bearer nope\r\n") << false;
    QTest::newRow("bearer") << QByteArray("/ws") << QByteArray("Authorization: Bearer s3cret\r\n") << true;
    QTest::newRow("query") << QByteArray("/ws?token=s3cret") << QByteArray() << true;
}

void TestLimits::tokenIsRequired()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, headers);
    QFETCH(bool, accepted);
    ServerConfig config;
    config.token = QStringLiteral("s3cret");
    TestServer server(config);
    QVERIFY(server.started());
    RawWsClient client;
    QCOMPARE(client.handshake(server.port(), path, headers), accepted);
    if (!accepted) {
        QCOMPARE(statusOf(client.received()), 401);
        QCOMPARE(server.engine().totals().refused[int(Refusal::Unauthorized)], 1ULL);
    }
}

void TestLimits::foreignOriginIsRefused()
{
    ServerConfig config;
    config.allowedOrigins = {QStringLiteral("https://app.example")};
    TestServer server(config);
    QVERIFY(server.started());
    RawWsClient foreign;
    QVERIFY(!foreign.handshake(server.port(), "/ws", "Origin: https://evil.example\r\n"));
    QCOMPARE(statusOf(foreign.received()), 403);
    RawWsClient own;
    QVERIFY(own.handshake(server.port(), "/ws", "Origin: https://app.example\r\n"));
}

void TestLimits::handshakeTimeoutDropsIdleSockets()
{
    ServerConfig config;
    config.handshakeTimeoutMs = 300;
    TestServer server(config);
    QVERIFY(server.started());
    RawWsClient idle;
    QVERIFY(idle.connectTo(server.port()));
    idle.send("GET /ws HTTP/1.1\r\n"); // and never the rest
    QVERIFY(idle.waitClosed(5000));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().handshakeTimeouts, 1ULL, 5000);
    QCOMPARE(server.engine().totals().connecting, 0ULL);
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
