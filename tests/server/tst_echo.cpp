#include <testserver.h>

#include <QSignalSpy>
#include <QWebSocket>

class TestEcho : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void echoesText_data();
    void echoesText();
    void echoesBinary_data();
    void echoesBinary();
    void countsWhatItEchoes();

private:
    std::unique_ptr<TestServer> m_server;
};

void TestEcho::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->started(), qPrintable(m_server->error()));
}

void TestEcho::echoesText_data()
{
    QTest::addColumn<QString>("message");
    QTest::newRow("ascii") << QStringLiteral("hello");
    QTest::newRow("empty") << QString();
    QTest::newRow("multi-byte utf-8") << QStringLiteral(u"h\u00e9llo \u4e16\u754c \U0001F600");
    QTest::newRow("large, many frames") << QString(300000, QLatin1Char('x'));
}

void TestEcho::echoesText()
{
    QFETCH(QString, message);
    QWebSocket socket;
    QVERIFY(openAndWait(socket, m_server->url(QStringLiteral("/ws"))));
    QSignalSpy replies(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(message);
    QVERIFY(replies.wait(5000));
    QCOMPARE(replies.first().first().toString(), message);
}

void TestEcho::echoesBinary_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("bytes") << QByteArray("\x00\x01\xff\xfe", 4);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("256 KiB") << QByteArray(256 * 1024, '\xab');
}

void TestEcho::echoesBinary()
{
    QFETCH(QByteArray, message);
    QWebSocket socket;
    QVERIFY(openAndWait(socket, m_server->url(QStringLiteral("/ws"))));
    QSignalSpy replies(&socket, &QWebSocket::binaryMessageReceived);
    socket.sendBinaryMessage(message);
    QVERIFY(replies.wait(5000));
    QCOMPARE(replies.first().first().toByteArray(), message);
}

void TestEcho::countsWhatItEchoes()
{
    // Sockets of earlier cases may still be closing on the server.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->engine().totals().connections, 0ULL, 5000);
    const ServerTotals before = m_server->engine().totals();
    QWebSocket socket;
    QVERIFY(openAndWait(socket, m_server->url(QStringLiteral("/ws"))));
    QSignalSpy replies(&socket, &QWebSocket::textMessageReceived);
    for (int i = 0; i < 100; ++i)
        socket.sendTextMessage(QStringLiteral("%1").arg(i, 4, 10, QLatin1Char('0')));
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 100, 5000);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(replies.at(i).first().toString(), QStringLiteral("%1").arg(i, 4, 10, QLatin1Char('0')));
    const ServerTotals after = m_server->engine().totals();
    QCOMPARE(after.messagesReceived - before.messagesReceived, 100ULL);
    QCOMPARE(after.messagesSent - before.messagesSent, 100ULL);
    QCOMPARE(after.bytesReceived - before.bytesReceived, 400ULL);
    QCOMPARE(after.connections, 1ULL);
}

QTEST_GUILESS_MAIN(TestEcho)
#include "tst_echo.moc"
