#include <socketbuffers.h>

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <malloc.h>

#ifdef __SANITIZE_ADDRESS__
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

// What the heap holds, to see chunks of 16-32 KiB come and go. AddressSanitizer replaces malloc,
// and glibc's figures with it: then ask its allocator.
static qint64 heapInUse()
{
#ifdef __SANITIZE_ADDRESS__
    return qint64(__sanitizer_get_current_allocated_bytes());
#else
    return qint64(mallinfo2().uordblks);
#endif
}

class TestSocketBuffers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void releasesTheChunksEmptyBuffersKeep();
    void keepsBuffersThatHoldData();
    void drainedReadsKeepNoChunk();

private:
    // client writes, server reads
    void sendAndDrain(QByteArray *received);

    QTcpServer m_listener;
    QTcpSocket *m_client = nullptr;
    QTcpSocket *m_server = nullptr;
};

void TestSocketBuffers::init()
{
    QVERIFY(m_listener.listen(QHostAddress::LocalHost));
    m_client = new QTcpSocket(this);
    m_client->connectToHost(QHostAddress::LocalHost, m_listener.serverPort());
    QVERIFY(m_listener.waitForNewConnection(5000));
    m_server = m_listener.nextPendingConnection();
    QVERIFY(m_client->waitForConnected(5000));
}

void TestSocketBuffers::cleanup()
{
    delete m_client;
    delete m_server;
    m_listener.close();
}

void TestSocketBuffers::sendAndDrain(QByteArray *received)
{
    m_client->write(QByteArray(100, 'x'));
    QVERIFY(m_client->waitForBytesWritten(5000));
    while (received->size() < 100 && m_server->waitForReadyRead(5000))
        *received += m_server->readAll();
    QCOMPARE(*received, QByteArray(100, 'x'));
}

void TestSocketBuffers::releasesTheChunksEmptyBuffersKeep()
{
    QByteArray received;
    sendAndDrain(&received);
    m_server->write("reply");
    QVERIFY(m_server->waitForBytesWritten(5000));
    const qint64 before = heapInUse();
    QVERIFY(releaseEmptyBuffers(m_server));
    QVERIFY2(before - heapInUse() >= 40 * 1024, qPrintable(QString::number(before - heapInUse())));
    // Both directions work as before afterwards.
    received.clear();
    sendAndDrain(&received);
    m_server->write("again");
    QVERIFY(m_server->waitForBytesWritten(5000));
    QByteArray replies = m_client->readAll();
    while (replies.size() < 10 && m_client->waitForReadyRead(5000))
        replies += m_client->readAll();
    QCOMPARE(replies, QByteArray("replyagain"));
}

void TestSocketBuffers::keepsBuffersThatHoldData()
{
    m_client->write("pending");
    QVERIFY(m_client->waitForBytesWritten(5000));
    QVERIFY(m_server->waitForReadyRead(5000));
    const qint64 available = m_server->bytesAvailable();
    QVERIFY(available > 0);
    QVERIFY(!releaseEmptyBuffers(m_server));
    QCOMPARE(m_server->bytesAvailable(), available);
    QCOMPARE(m_server->readAll(), QByteArray("pending").left(int(available)));
}

void TestSocketBuffers::drainedReadsKeepNoChunk()
{
    freeReadChunksWhenDrained(m_server);
    QByteArray received;
    sendAndDrain(&received);
    const qint64 before = heapInUse();
    QVERIFY(releaseEmptyBuffers(m_server)); // nothing written, nothing kept from the read
    QVERIFY2(before - heapInUse() < 1024, qPrintable(QString::number(before - heapInUse())));
}

QTEST_GUILESS_MAIN(TestSocketBuffers)
#include "tst_socketbuffers.moc"
