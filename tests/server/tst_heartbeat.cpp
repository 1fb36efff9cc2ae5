#include <rawwsclient.h>
#include <testserver.h>

#include <QElapsedTimer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QThread>
#include <QWebSocket>

#include <unistd.h>

class TestHeartbeat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void silentClientIsDroppedAfterTimeout();
    void answeringClientStays();
    void clientPingingOnItsOwnStays();
    void anAnswerWaitingBehindABusyWorkerStays();
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

void TestHeartbeat::anAnswerWaitingBehindABusyWorkerStays()
{
    ServerConfig config;
    config.pingIntervalSec = 0.5;
    config.pingTimeoutSec = 1.0;
    TestServer server(config);
    QVERIFY(server.started());
    // A worker busy for 2 s, past the 1 s timeout: a slot of its own thread that sleeps. The sweep
    // runs right after it in the same pass, before the worker reads what came meanwhile.
    int pipeFds[2];
    QCOMPARE(::pipe(pipeFds), 0);
    QSemaphore asleep;
    auto *busy = new QSocketNotifier(pipeFds[0], QSocketNotifier::Read);
    busy->setEnabled(false);
    busy->moveToThread(server.engine().workerThread(0));
    connect(busy, &QSocketNotifier::activated, busy, [fd = pipeFds[0], &asleep] {
        char byte;
        [[maybe_unused]] const ssize_t got = ::read(fd, &byte, 1);
        asleep.release();
        QThread::msleep(2000);
    });
    QMetaObject::invokeMethod(busy, [busy] { busy->setEnabled(true); }, Qt::BlockingQueuedConnection);

    RawWsClient client;
    QVERIFY(client.handshake(server.port()));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 1ULL, 5000);
    QCOMPARE(::write(pipeFds[1], "x", 1), 1);
    QVERIFY(asleep.tryAcquire(1, 5000));
    client.send(RawWsClient::frame(0x9, "here")); // lands in the kernel, unread until the worker wakes
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().heartbeatLateReads, 1ULL, 5000);
    QCOMPARE(server.engine().totals().heartbeatTimeouts, 0ULL);
    RawWsClient::Frame frame;
    do
        QVERIFY(client.readFrame(&frame, 2000));
    while (frame.opcode == 0x9); // the server's own pings
    QCOMPARE(frame.opcode, 0xA); // read after all: the answer to our ping, not a close

    QMetaObject::invokeMethod(busy, [busy] { delete busy; }, Qt::BlockingQueuedConnection);
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);
}

QTEST_GUILESS_MAIN(TestHeartbeat)
#include "tst_heartbeat.moc"
