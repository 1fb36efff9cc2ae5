#include <localupgrades.h>
#include <rawwsclient.h>
#include <wireframe.h>

#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

class TestUpgradeHandoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bytesAfterTheHeadComeBackInOrder();
    void guardSeesThePipelinedBytes();
    void aSocketGoneBeforeTheHandshakeReleasesItsSlotOnce();
};

// Frames sent with the head, and frames arriving after the hand-off but before QtWebSockets'
// queued handshake, all reach the QWebSocket, in order (QtWebSockets 6.4 would parse them before
// anyone is connected to it, and they would be lost).
void TestUpgradeHandoff::bytesAfterTheHeadComeBackInOrder()
{
    LocalUpgrades upgrades;
    RawWsClient client;
    QVERIFY(client.connectTo(upgrades.port()));
    QTcpSocket *accepted = upgrades.nextAccepted();
    QVERIFY(accepted);
    client.send(RawWsClient::upgradeRequest(upgrades.port(), "/ws") + WireFrame::encode(WireFrame::Text, "with the head"));
    QVERIFY(upgrades.handOverWhenHeadArrives(accepted));
    // The handshake is queued; read the next frame before the event loop gets to it.
    client.send(WireFrame::encode(WireFrame::Text, "before the handshake"));
    QVERIFY(accepted->waitForReadyRead(5000));
    QTRY_COMPARE(upgrades.upgraded().size(), 1);
    QWebSocket *socket = upgrades.upgraded().first().socket;
    client.send(WireFrame::encode(WireFrame::Text, "after"));
    QTRY_COMPARE(upgrades.texts(socket).size(), 3);
    QCOMPARE(upgrades.texts(socket),
             QStringList({QStringLiteral("with the head"), QStringLiteral("before the handshake"), QStringLiteral("after")}));
}

void TestUpgradeHandoff::guardSeesThePipelinedBytes()
{
    LocalUpgrades upgrades(true);
    RawWsClient client;
    QVERIFY(client.connectTo(upgrades.port()));
    QTcpSocket *accepted = upgrades.nextAccepted();
    QVERIFY(accepted);
    client.send(RawWsClient::upgradeRequest(upgrades.port(), "/ws") + WireFrame::encode(WireFrame::Text, "bare", true, false));
    QVERIFY(upgrades.handOverWhenHeadArrives(accepted));
    QTRY_COMPARE(upgrades.upgraded().size(), 1);
    QVERIFY(upgrades.upgraded().first().parts.guard);
    // The 101, then the guard's close for the unmasked frame that came with the head.
    QByteArray response;
    WireFrame close;
    QTRY_VERIFY([&] {
        response += client.socket().readAll();
        const qsizetype end = response.indexOf("\r\n\r\n");
        QByteArray frames = response.mid(end + 4);
        return end >= 0 && WireFrame::take(&frames, &close);
    }());
    QVERIFY(response.startsWith("HTTP/1.1 101"));
    QCOMPARE(close.opcode, int(WireFrame::Close));
    QCOMPARE(WireFrame::closeCode(close.payload), 1002);
}

// Regression (issue 12): a socket that ended before QtWebSockets' queued handshake is upgraded all
// the same, with its endpoints cleared; take() finds nothing and its slot was released once,
// when it disconnected (released twice, the unsigned count wraps and refuses everyone).
void TestUpgradeHandoff::aSocketGoneBeforeTheHandshakeReleasesItsSlotOnce()
{
    LocalUpgrades upgrades;
    RawWsClient client;
    QVERIFY(client.connectTo(upgrades.port()));
    QTcpSocket *accepted = upgrades.nextAccepted();
    QVERIFY(accepted);
    client.send(RawWsClient::upgradeRequest(upgrades.port(), "/ws"));
    QVERIFY(upgrades.handOverWhenHeadArrives(accepted));
    QVERIFY(upgrades.counters().atCapacity(1));
    accepted->disconnectFromHost(); // before the event loop runs the handshake
    QTRY_COMPARE(upgrades.vanished(), 1);
    QCOMPARE(upgrades.handoff().pendingCount(), 0);
    QVERIFY(!upgrades.counters().atCapacity(1));
    QVERIFY(upgrades.counters().tryAdmit(1));
    QVERIFY(!upgrades.counters().tryAdmit(1));
}

QTEST_GUILESS_MAIN(TestUpgradeHandoff)
#include "tst_upgradehandoff.moc"
