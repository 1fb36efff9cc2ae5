#include <messagecodec.h>

#include <QTest>

class TestMessageCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void rejectsShortOrForeignMessages();
};

void TestMessageCodec::roundTrip_data()
{
    QTest::addColumn<bool>("binary");
    QTest::addColumn<int>("size");
    QTest::newRow("binary, header only") << true << 20;
    QTest::newRow("binary 1 KiB") << true << 1024;
    QTest::newRow("text, header only") << false << 40;
    QTest::newRow("text 64 B") << false << 64;
}

void TestMessageCodec::roundTrip()
{
    QFETCH(bool, binary);
    QFETCH(int, size);
    const MessageStamp in{0xdeadbeef, 0x0123456789abcdefULL, 0x7edcba9876543210LL};
    MessageStamp out;
    if (binary) {
        const QByteArray m = MessageCodec::encodeBinary(in, size);
        QCOMPARE(m.size(), size);
        QVERIFY(MessageCodec::decode(m, &out));
    } else {
        const QString m = MessageCodec::encodeText(in, size);
        QCOMPARE(m.size(), size);
        QVERIFY(MessageCodec::decode(m, &out));
    }
    QCOMPARE(out.senderId, in.senderId);
    QCOMPARE(out.sequence, in.sequence);
    QCOMPARE(out.sentNs, in.sentNs);
}

void TestMessageCodec::rejectsShortOrForeignMessages()
{
    MessageStamp out;
    QVERIFY(!MessageCodec::decode(QByteArray(19, 'a'), &out));
    QVERIFY(!MessageCodec::decode(QStringLiteral("hello"), &out));
    QVERIFY(!MessageCodec::decode(QString(40, QLatin1Char('z')), &out));
}

QTEST_GUILESS_MAIN(TestMessageCodec)
#include "tst_messagecodec.moc"
