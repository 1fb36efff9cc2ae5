#include <rawwsclient.h>
#include <testserver.h>

#include <QSignalSpy>
#include <QWebSocket>

class TestHeartbeat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void silentClientIsDroppedAfterTimeout();
    void answeringClientStays();
};

namespace {

ServerConfig fastHeartbeat()
{
    ServerConfig config;
    config.pingIntervalSec = 0.2;
    config.pingTimeoutSec = 0.5;
    return config;
}

} // namespace

void TestHeartbeat::silentClientIsDroppedAfterTimeout()
{
    TestServer server(fastHeartbeat());
    QVERIFY(server.started());
    RawWsClient silent; // completes the handshake, then never answers a ping
    QVERIFY(silent.handshake(server.port()));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 1ULL, 5000);

    RawWsClient::Frame frame;
    QVERIFY(silent.readFrame(&frame));
    QCOMPARE(frame.opcode, 0x9); // the server's ping
    QVERIFY(silent.readFrame(&frame, 3000));
    while (frame.opcode == 0x9)
        QVERIFY(silent.readFrame(&frame, 3000));
    QCOMPARE(frame.opcode, 0x8);
    QCOMPARE(RawWsClient::closeCode(frame), 1001);
    QVERIFY(silent.waitClosed(4000)); // never answered the close either: aborted after the grace
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 0ULL, 5000);
    QCOMPARE(server.engine().totals().heartbeatTimeouts, 1ULL);
}

void TestHeartbeat::answeringClientStays()
{
    TestServer server(fastHeartbeat());
    QVERIFY(server.started());
    QWebSocket client; // QWebSocket answers pings by itself
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    client.open(server.url(QStringLiteral("/ws")));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 1ULL, 5000);
    QTest::qWait(1500); // three timeouts' worth
    QCOMPARE(disconnected.size(), 0);
    QCOMPARE(server.engine().totals().heartbeatTimeouts, 0ULL);
}

QTEST_GUILESS_MAIN(TestHeartbeat)
#include "tst_heartbeat.moc"
