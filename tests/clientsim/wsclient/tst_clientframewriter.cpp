#include <clientframewriter.h>
#include <wireframe.h>

#include <QTest>

class TestClientFrameWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framesReadBackUnmasked_data();
    void framesReadBackUnmasked();
    void maskIsItsOwnInverseAtAnyAlignment();
};

void TestClientFrameWriter::framesReadBackUnmasked_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("headerBytes");
    QTest::newRow("empty") << 0 << 6;
    QTest::newRow("7 (no full word)") << 7 << 6;
    QTest::newRow("125 (7-bit)") << 125 << 6;
    QTest::newRow("126 (16-bit)") << 126 << 8;
    QTest::newRow("65535 (16-bit)") << 65535 << 8;
    QTest::newRow("65536 (64-bit)") << 65536 << 14;
    QTest::newRow("70001 (64-bit)") << 70001 << 14;
}

void TestClientFrameWriter::framesReadBackUnmasked()
{
    QFETCH(int, size);
    QFETCH(int, headerBytes);
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char(i * 31 + 7);
    for (quint32 key : {0x00000000u, 0x12345678u, 0xffffffffu, 0xa5c3e10fu}) {
        QCOMPARE(ClientFrameWriter::headerBytes(size), headerBytes);
        QByteArray out(headerBytes + size, Qt::Uninitialized);
        char *end = ClientFrameWriter::write(out.data(), WireFrame::Binary, payload.constData(), size, key);
        QCOMPARE(end - out.constData(), qsizetype(headerBytes + size));
        WireFrame frame;
        QVERIFY(WireFrame::take(&out, &frame));
        QVERIFY(out.isEmpty());
        QVERIFY(frame.masked && frame.fin);
        QCOMPARE(frame.opcode, int(WireFrame::Binary));
        QCOMPARE(frame.payload, payload);
    }
}

void TestClientFrameWriter::maskIsItsOwnInverseAtAnyAlignment()
{
    const QByteArray plain = "The quick brown fox jumps over the lazy dog, twice over: 0123456789";
    for (int offset = 0; offset < 8; ++offset) {
        QByteArray buffer = QByteArray(offset, '#') + plain;
        char *data = buffer.data() + offset;
        ClientFrameWriter::mask(data, plain.size(), 0xdeadbeef);
        QVERIFY(QByteArray(data, plain.size()) != plain);
        // The same as masking byte by byte with the key's bytes in order.
        const auto *key = reinterpret_cast<const unsigned char *>("\xef\xbe\xad\xde");
        for (int i = 0; i < plain.size(); ++i)
            QCOMPARE(uchar(data[i]), uchar(uchar(plain[i]) ^ key[i % 4]));
        ClientFrameWriter::mask(data, plain.size(), 0xdeadbeef);
        QCOMPARE(QByteArray(data, plain.size()), plain);
    }
}

QTEST_GUILESS_MAIN(TestClientFrameWriter)
#include "tst_clientframewriter.moc"
