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
    QByteArray m = MessageCodec::blank(binary, size);
    QCOMPARE(m.size(), size);
    MessageCodec::stamp(in, binary, m.data());
    if (!binary) // text messages stay ASCII: valid UTF-8 whatever the stamp
        QVERIFY(std::all_of(m.cbegin(), m.cend(), [](char c) { return c > 0x20 && c < 0x7f; }));
    MessageStamp out;
    QVERIFY(MessageCodec::decode(!binary, m.constData(), m.size(), &out));
    QCOMPARE(out.senderId, in.senderId);
    QCOMPARE(out.sequence, in.sequence);
    QCOMPARE(out.sentNs, in.sentNs);
}

void TestMessageCodec::rejectsShortOrForeignMessages()
{
    MessageStamp out;
    QVERIFY(!MessageCodec::decode(false, QByteArray(19, 'a').constData(), 19, &out));
    QVERIFY(!MessageCodec::decode(true, "hello", 5, &out));
    QVERIFY(!MessageCodec::decode(true, QByteArray(40, 'z').constData(), 40, &out));
    const QByteArray json = R"({"type":"tick","ts":1700000000000,"n":12345678})";
    QVERIFY(!MessageCodec::decode(true, json.constData(), json.size(), &out));
}

QTEST_GUILESS_MAIN(TestMessageCodec)
#include "tst_messagecodec.moc"
