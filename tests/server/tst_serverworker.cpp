#include <acceptor.h>
#include <broadcasthub.h>
#include <rawwsclient.h>
#include <servercounters.h>
#include <serverworker.h>
#include <wireframe.h>

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTest>

// One ServerWorker in the test's thread, so a test can step in between what it does and what
// QtWebSockets does later in the same thread.
class TestServerWorker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void upgradeOfAVanishedSocketLeavesNothingBehind();

private:
    std::unique_ptr<ServerCounters> m_counters;
    std::unique_ptr<BroadcastHub> m_hub;
    ServerWorker *m_worker = nullptr;
    std::unique_ptr<Acceptor> m_acceptor;
};

void TestServerWorker::init()
{
    ServerConfig config;
    config.maxConnections = 1;
    config.pingIntervalSec = 0;
    m_counters = std::make_unique<ServerCounters>(1);
    m_hub = std::make_unique<BroadcastHub>();
    m_worker = new ServerWorker(0, config, QSslConfiguration(), m_counters.get(), m_hub.get());
    m_hub->setWorkers({m_worker});
    m_acceptor = std::make_unique<Acceptor>(QVector<ServerWorker *>{m_worker}, m_counters.get());
    QVERIFY(m_acceptor->listen(QHostAddress(QHostAddress::LocalHost), 0, 16));
}

void TestServerWorker::cleanup()
{
    m_acceptor.reset();
    delete m_worker;
    m_hub.reset();
    m_counters.reset();
}

// Regression (issue 12): a socket that is gone by the time QtWebSockets' queued handshake runs
// was upgraded all the same, its connection never closed (the worker never drained) and the
// lookup of its pending upgrade by peer address missed. Its slot must be free again, once.
void TestServerWorker::upgradeOfAVanishedSocketLeavesNothingBehind()
{
    const quint16 port = m_acceptor->port();
    RawWsClient vanishing;
    QVERIFY(vanishing.connectTo(port));
    QTRY_VERIFY(m_worker->findChild<QTcpSocket *>());
    QTcpSocket *accepted = m_worker->findChild<QTcpSocket *>();
    bool cut = false;
    // Connected after the worker's own slot: runs once the worker has handed the socket over.
    connect(accepted, &QTcpSocket::readyRead, this, [&] {
        if (!cut && m_counters->totals().connecting == 0) {
            cut = true;
            accepted->disconnectFromHost();
        }
    });
    vanishing.send(RawWsClient::upgradeRequest(port, "/ws"));
    QTRY_VERIFY(cut);

    // The slot is free: with --max-connections 1 the next client gets in, and is the only one.
    RawWsClient next;
    QVERIFY(next.handshake(port));
    QCOMPARE(m_counters->totals().connections, 1ULL);
    next.send(WireFrame::encode(WireFrame::Text, "still here"));
    RawWsClient::Frame echo;
    QVERIFY(next.readFrame(&echo));
    QCOMPARE(echo.payload, QByteArray("still here"));

    QSignalSpy drained(m_worker, &ServerWorker::drained);
    m_worker->shutdown();
    QTRY_COMPARE_WITH_TIMEOUT(drained.size(), 1, 5000); // at once, or after the close grace of 2 s
    QCOMPARE(m_counters->totals().connections, 0ULL);
    QVERIFY(!m_counters->atCapacity(1));
}

QTEST_GUILESS_MAIN(TestServerWorker)
#include "tst_serverworker.moc"
