#include <websocketforwards.h>

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

// The cut relies on how QtWebSockets wires its signals; this fails when a Qt update changes that.
class TestWebSocketForwards : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void cutsTheThreeForwardsOnce();
    void messagesPingsAndClosesStillArrive();

private:
    QWebSocketServer *m_server = nullptr;
    QWebSocket *m_client = nullptr;
    QWebSocket *m_peer = nullptr; // the server's side
};

void TestWebSocketForwards::init()
{
    m_server = new QWebSocketServer(QStringLiteral("test"), QWebSocketServer::NonSecureMode, this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost));
    QSignalSpy accepted(m_server, &QWebSocketServer::newConnection);
    m_client = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_client->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server->serverPort())));
    QVERIFY(accepted.wait(5000));
    m_peer = m_server->nextPendingConnection();
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
}

void TestWebSocketForwards::cleanup()
{
    delete m_client;
    delete m_peer;
    delete m_server;
}

void TestWebSocketForwards::cutsTheThreeForwardsOnce()
{
    QTcpSocket *tcp = m_client->findChild<QTcpSocket *>();
    QVERIFY(tcp);
    QCOMPARE(cutUnusedWebSocketForwards(m_client, tcp), 3);
    QCOMPARE(cutUnusedWebSocketForwards(m_client, tcp), 0);
}

void TestWebSocketForwards::messagesPingsAndClosesStillArrive()
{
    QTcpSocket *tcp = m_client->findChild<QTcpSocket *>();
    QVERIFY(tcp);
    QCOMPARE(cutUnusedWebSocketForwards(m_client, tcp), 3);
    QSignalSpy binary(m_client, &QWebSocket::binaryMessageReceived);
    QSignalSpy text(m_client, &QWebSocket::textMessageReceived);
    QSignalSpy binaryFrames(m_client, &QWebSocket::binaryFrameReceived);
    QSignalSpy textFrames(m_client, &QWebSocket::textFrameReceived);
    QSignalSpy pong(m_client, &QWebSocket::pong);
    QSignalSpy clientWrote(m_client, &QWebSocket::bytesWritten);
    QSignalSpy tcpWrote(tcp, &QTcpSocket::bytesWritten);
    QSignalSpy closed(m_client, &QWebSocket::disconnected);

    m_peer->sendBinaryMessage(QByteArray(100, 'b'));
    m_peer->sendTextMessage(QStringLiteral("h\u00e9llo"));
    QVERIFY(text.wait(5000));
    QCOMPARE(binary.size(), 1);
    QCOMPARE(binary.at(0).at(0).toByteArray(), QByteArray(100, 'b'));
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("h\u00e9llo"));
    QCOMPARE(binaryFrames.size(), 0);
    QCOMPARE(textFrames.size(), 0);

    m_client->ping("p");
    QVERIFY(pong.wait(5000));
    QVERIFY(tcpWrote.size() > 0);
    QCOMPARE(clientWrote.size(), 0);

    m_peer->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("bye"));
    QVERIFY(closed.wait(5000));
    QCOMPARE(m_client->closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

QTEST_GUILESS_MAIN(TestWebSocketForwards)
#include "tst_websocketforwards.moc"
