#include <rawwsclient.h>
#include <testserver.h>
#include <wireframe.h>

class TestFrameGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void frameOneBytePerSegmentIsEchoed_data();
    void frameOneBytePerSegmentIsEchoed();
    void unmaskedFrameOneBytePerSegmentIsRefused();

private:
    std::unique_ptr<TestServer> m_server;
};

void TestFrameGuard::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->started(), qPrintable(m_server->error()));
}

void TestFrameGuard::frameOneBytePerSegmentIsEchoed_data()
{
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<QByteArray>("echo");
    QTest::newRow("7-bit length") << WireFrame::encode(WireFrame::Text, "byte by byte") << QByteArray("byte by byte");
    const QByteArray medium(126, 'm');
    QTest::newRow("16-bit length") << WireFrame::encode(WireFrame::Text, medium) << medium;
    QTest::newRow("text fragments") << WireFrame::encode(WireFrame::Text, "frag", false) + WireFrame::encode(WireFrame::Continuation, "ments")
                                    << QByteArray("fragments");
}

// Regression (issue 12): a header arriving in pieces made the guard parse from inside it once
// QtWebSockets had read its first bytes, and close a valid connection as "unmasked" (1002).
// Each byte goes in its own TCP segment (TCP_NODELAY, a pause after each write), as on a real
// network where headers straddle segments; every try must be echoed.
void TestFrameGuard::frameOneBytePerSegmentIsEchoed()
{
    QFETCH(QByteArray, frames);
    QFETCH(QByteArray, echo);
    for (int attempt = 0; attempt < 8; ++attempt) {
        RawWsClient client;
        QVERIFY(client.connectTo(m_server->port()));
        client.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QVERIFY(client.handshake(m_server->port()));
        for (char byte : std::as_const(frames)) {
            client.send(QByteArray(1, byte));
            QTest::qWait(2);
        }
        RawWsClient::Frame frame;
        QVERIFY2(client.readFrame(&frame), qPrintable(QStringLiteral("attempt %1: no answer").arg(attempt)));
        QVERIFY2(frame.opcode == WireFrame::Text,
                 qPrintable(QStringLiteral("attempt %1: opcode %2, close code %3").arg(attempt).arg(frame.opcode).arg(RawWsClient::closeCode(frame))));
        QCOMPARE(frame.payload, echo);
    }
}

void TestFrameGuard::unmaskedFrameOneBytePerSegmentIsRefused()
{
    RawWsClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QVERIFY(client.handshake(m_server->port()));
    const QByteArray frame = WireFrame::encode(WireFrame::Text, "plain", true, false);
    for (char byte : frame) {
        client.send(QByteArray(1, byte));
        QTest::qWait(2);
    }
    RawWsClient::Frame answer;
    QVERIFY(client.readFrame(&answer));
    QCOMPARE(RawWsClient::closeCode(answer), 1002);
}

QTEST_GUILESS_MAIN(TestFrameGuard)
#include "tst_frameguard.moc"
