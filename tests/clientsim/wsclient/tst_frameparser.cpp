#include <frameparser.h>
#include <wireframe.h>
#include <wsstreamgenerator.h>

#include <QTest>

class TestFrameParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void faultsAreNamed_data();
    void faultsAreNamed();
    void controlFramesBetweenFragments();
    void closeWithoutCodeIs1005();
    void lengthsOfEveryWidth_data();
    void lengthsOfEveryWidth();
    void anyCutGivesTheSameMessages();
    void resetStartsAFreshStream();
};

namespace {

struct Recorder : FrameParser::Handler
{
    QList<GeneratedMessage> messages;
    QList<QByteArray> pings;
    QList<QByteArray> pongs;
    int closeCode = 0;
    QByteArray closeReason;
    FrameParser::Fault fault = FrameParser::Fault::None;

    bool messageReceived(bool text, const char *data, qsizetype size) override
    {
        messages.append({text, QByteArray(data, size)});
        return true;
    }
    bool pingReceived(const char *data, qsizetype size) override
    {
        pings.append(QByteArray(data, size));
        return true;
    }
    bool pongReceived(const char *data, qsizetype size) override
    {
        pongs.append(QByteArray(data, size));
        return true;
    }
    void closeReceived(int code, const char *reason, qsizetype size) override
    {
        closeCode = code;
        closeReason = QByteArray(reason, size);
    }
    void faultFound(FrameParser::Fault f) override { fault = f; }
};

QByteArray server(int opcode, const QByteArray &payload, bool fin = true, int rsv = 0)
{
    return WireFrame::encode(opcode, payload, fin, false, rsv);
}

QByteArray serverClose(int code, const QByteArray &reason = {})
{
    return server(WireFrame::Close, WireFrame::closePayload(code, reason));
}

QString describe(const QList<GeneratedMessage> &messages)
{
    QStringList parts;
    for (const auto &m : messages)
        parts << QStringLiteral("%1 %2 B").arg(m.text ? QStringLiteral("text") : QStringLiteral("binary")).arg(m.payload.size());
    return parts.join(QLatin1String(", "));
}

} // namespace

void TestFrameParser::faultsAreNamed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("fault");
    using F = FrameParser::Fault;
    QTest::newRow("masked server frame") << WireFrame::encode(WireFrame::Text, "hello", true, true) << int(F::MaskedFrame);
    QTest::newRow("RSV1") << server(WireFrame::Text, "x", true, 4) << int(F::ReservedBits);
    QTest::newRow("RSV3") << server(WireFrame::Binary, "x", true, 1) << int(F::ReservedBits);
    QTest::newRow("opcode 0x3") << server(0x3, "x") << int(F::BadOpcode);
    QTest::newRow("opcode 0xB") << server(0xB, "x") << int(F::BadOpcode);
    QTest::newRow("continuation first") << server(WireFrame::Continuation, "x") << int(F::BadOpcode);
    QTest::newRow("new message mid-fragment") << server(WireFrame::Text, "a", false) + server(WireFrame::Text, "b") << int(F::BadOpcode);
    QTest::newRow("ping of 126 bytes") << server(WireFrame::Ping, QByteArray(126, 'p')) << int(F::BadControlFrame);
    QTest::newRow("fragmented ping") << server(WireFrame::Ping, "p", false) << int(F::BadControlFrame);
    QTest::newRow("invalid UTF-8") << server(WireFrame::Text, QByteArray("\xc3\x28", 2)) << int(F::InvalidUtf8);
    QTest::newRow("overlong UTF-8") << server(WireFrame::Text, QByteArray("\xc0\xaf", 2)) << int(F::InvalidUtf8);
    QTest::newRow("UTF-16 surrogate") << server(WireFrame::Text, QByteArray("\xed\xa0\x80", 3)) << int(F::InvalidUtf8);
    QTest::newRow("truncated UTF-8 over fragments")
        << server(WireFrame::Text, QByteArray("caf\xc3", 4), false) + server(WireFrame::Continuation, "!") << int(F::InvalidUtf8);
    QTest::newRow("close code 999") << serverClose(999) << int(F::BadCloseCode);
    QTest::newRow("close code 1005") << serverClose(1005) << int(F::BadCloseCode);
    QTest::newRow("close code 1006") << serverClose(1006) << int(F::BadCloseCode);
    QTest::newRow("close code 5000") << serverClose(5000) << int(F::BadCloseCode);
    QTest::newRow("close payload of one byte") << server(WireFrame::Close, QByteArray(1, '\x03')) << int(F::BadCloseCode);
    QTest::newRow("close reason not UTF-8") << serverClose(1000, QByteArray("\xff\xfe", 2)) << int(F::InvalidUtf8);
    QTest::newRow("over the limit") << server(WireFrame::Binary, QByteArray(1025, 'b')) << int(F::MessageTooBig);
    QTest::newRow("over the limit in fragments")
        << server(WireFrame::Binary, QByteArray(600, 'b'), false) + server(WireFrame::Continuation, QByteArray(600, 'b'))
        << int(F::MessageTooBig);
    // A 64-bit length near 2^64 must not wrap the size check.
    QTest::newRow("64-bit length 2^64-1") << QByteArray("\x82\x7f\xff\xff\xff\xff\xff\xff\xff\xff", 10) << int(F::MessageTooBig);
}

void TestFrameParser::faultsAreNamed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, fault);
    // Whole, and one byte at a time: the same verdict.
    for (bool byteByByte : {false, true}) {
        FrameParser parser(1024);
        Recorder r;
        if (byteByByte) {
            for (char c : bytes)
                parser.feed(&c, 1, r);
        } else {
            parser.feed(bytes.constData(), bytes.size(), r);
        }
        QCOMPARE(int(r.fault), fault);
        QVERIFY(parser.hasStopped());
        QVERIFY(r.messages.isEmpty());
    }
    QVERIFY(QByteArray(FrameParser::faultKind(FrameParser::Fault(fault))).startsWith("protocol_"));
}

void TestFrameParser::controlFramesBetweenFragments()
{
    const QByteArray bytes = server(WireFrame::Text, "he", false) + server(WireFrame::Ping, "mid") + server(WireFrame::Continuation, "l", false)
        + server(WireFrame::Pong, "") + server(WireFrame::Continuation, "lo") + serverClose(1001, "bye");
    FrameParser parser;
    Recorder r;
    parser.feed(bytes.constData(), bytes.size(), r);
    QCOMPARE(r.pings, QList<QByteArray>{"mid"});
    QCOMPARE(r.pongs, QList<QByteArray>{""});
    QCOMPARE(r.messages.size(), 1);
    QCOMPARE(r.messages[0].payload, QByteArray("hello"));
    QVERIFY(r.messages[0].text);
    QCOMPARE(r.closeCode, 1001);
    QCOMPARE(r.closeReason, QByteArray("bye"));
    QCOMPARE(int(r.fault), int(FrameParser::Fault::None));
}

void TestFrameParser::closeWithoutCodeIs1005()
{
    const QByteArray bytes = server(WireFrame::Close, {}) + server(WireFrame::Text, "after the close: not read");
    FrameParser parser;
    Recorder r;
    parser.feed(bytes.constData(), bytes.size(), r);
    QCOMPARE(r.closeCode, 1005);
    QVERIFY(r.messages.isEmpty());
}

void TestFrameParser::lengthsOfEveryWidth_data()
{
    QTest::addColumn<int>("size");
    for (int size : {0, 1, 125, 126, 127, 65535, 65536, 70000})
        QTest::newRow(qPrintable(QString::number(size))) << size;
}

void TestFrameParser::lengthsOfEveryWidth()
{
    QFETCH(int, size);
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char(i * 7);
    const QByteArray bytes = server(WireFrame::Binary, payload) + server(WireFrame::Text, "next");
    FrameParser parser;
    Recorder r;
    parser.feed(bytes.constData(), bytes.size(), r);
    QCOMPARE(r.messages.size(), 2);
    QCOMPARE(r.messages[0].payload, payload);
    QCOMPARE(r.messages[1].payload, QByteArray("next"));
}

void TestFrameParser::anyCutGivesTheSameMessages()
{
    // The stream a server sends, cut at random offsets (1-byte pieces, inside headers and lengths):
    // every message whole and in order, every ping seen, the close found. Replay: the seed printed.
    constexpr quint32 kSeeds = 2000;
    for (quint32 seed = 1; seed <= kSeeds; ++seed) {
        const GeneratedStream stream = generateStream(seed, false);
        FrameParser parser;
        Recorder r;
        for (const QByteArray &segment : cutIntoSegments(stream.bytes, seed))
            parser.feed(segment.constData(), segment.size(), r);
        const bool same = r.messages.size() == stream.messages.size()
            && std::equal(r.messages.cbegin(), r.messages.cend(), stream.messages.cbegin(),
                          [](const GeneratedMessage &a, const GeneratedMessage &b) { return a.text == b.text && a.payload == b.payload; });
        QVERIFY2(same && r.closeCode == 1000 && r.fault == FrameParser::Fault::None,
                 qPrintable(QStringLiteral("seed %1: expected [%2], got [%3], close %4, fault %5")
                                .arg(seed)
                                .arg(describe(stream.messages), describe(r.messages))
                                .arg(r.closeCode)
                                .arg(int(r.fault))));
    }
}

void TestFrameParser::resetStartsAFreshStream()
{
    FrameParser parser;
    Recorder r;
    const QByteArray half = server(WireFrame::Text, "abandoned", false).left(5);
    parser.feed(half.constData(), half.size(), r);
    parser.reset();
    const QByteArray fresh = server(WireFrame::Text, "fresh");
    parser.feed(fresh.constData(), fresh.size(), r);
    QCOMPARE(r.messages.size(), 1);
    QCOMPARE(r.messages[0].payload, QByteArray("fresh"));
}

QTEST_GUILESS_MAIN(TestFrameParser)
#include "tst_frameparser.moc"
