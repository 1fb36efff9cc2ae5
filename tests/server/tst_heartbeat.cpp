#include <rawwsclient.h>
#include <testserver.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QWebSocket>

class TestHeartbeat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void silentClientIsDroppedAfterTimeout();
    void answeringClientStays();
    void clientPingingOnItsOwnStays();
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

// A client that never answers our pings but sends its own is alive: late pongs behind a backlog
// must not get it dropped while its pings arrive.
void TestHeartbeat::clientPingingOnItsOwnStays()
{
    TestServer server(fastHeartbeat());
    QVERIFY(server.started());
    RawWsClient client;
    QVERIFY(client.handshake(server.port()));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 1ULL, 5000);
    int pongs = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    while (elapsed.elapsed() < 1500) { // three timeouts' worth
        client.send(RawWsClient::frame(0x9, "alive"));
        RawWsClient::Frame frame;
        while (client.readFrame(&frame, 100)) {
            QVERIFY2(frame.opcode != 0x8, "closed by the server");
            pongs += frame.opcode == 0xA;
        }
    }
    QVERIFY(pongs > 0);
    QCOMPARE(server.engine().totals().heartbeatTimeouts, 0ULL);
    QCOMPARE(server.engine().totals().connections, 1ULL);
}

QTEST_GUILESS_MAIN(TestHeartbeat)
#include "tst_heartbeat.moc"
