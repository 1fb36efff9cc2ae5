#include <decodedstream.h>
#include <frameguard.h>
#include <frameguardparser.h>
#include <propertyseeds.h>
#include <wireframe.h>
#include <wsstreamgenerator.h>

#include <QTest>

#include <cstring>

namespace {

constexpr qint64 kMaxMessageBytes = 1 << 20;

// A socket without a network: arrive() leaves bytes where a read notification would, behind
// whatever is buffered, and emits readyRead as QAbstractSocket does.
class FakeSocket : public QIODevice
{
public:
    FakeSocket() { open(QIODevice::ReadWrite); }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_arrived.size() + QIODevice::bytesAvailable(); }
    void arrive(const QByteArray &bytes)
    {
        m_arrived += bytes;
        Q_EMIT readyRead();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin<qint64>(maxSize, m_arrived.size());
        if (n > 0)
            std::memcpy(data, m_arrived.constData(), size_t(n));
        m_arrived.remove(0, qsizetype(n));
        return n;
    }
    qint64 writeData(const char *, qint64 size) override { return size; }

private:
    QByteArray m_arrived;
};

// What QtWebSockets gets from FrameGuardParser for a stream fed in these segments, skipping
// payload unseen where the parser allows it and rng says so. Empty if the parser refused the stream.
QByteArray guardedBytes(const QList<QByteArray> &segments, QRandomGenerator *rng)
{
    FrameGuardParser parser(kMaxMessageBytes);
    QByteArray out;
    for (const QByteArray &segment : segments) {
        const qint64 skipped = rng && rng->bounded(2u) ? qMin<qint64>(parser.passThroughAhead(), segment.size()) : 0;
        parser.skip(skipped);
        const FrameGuardParser::Result r = parser.feed(segment.constData() + skipped, segment.size() - skipped);
        if (parser.failed())
            return {};
        out += segment.left(skipped + r.kept) + r.replacement;
    }
    return out;
}

// What the QtWebSockets side of a FakeSocket reads, when it reads a random part of what is
// buffered on each readyRead: nothing, some (inside headers, too) or all.
QByteArray readThroughGuard(const QList<QByteArray> &segments, quint32 seed)
{
    FakeSocket socket;
    auto *guard = new FrameGuard(&socket, kMaxMessageBytes);
    QRandomGenerator rng(seed);
    QByteArray consumed;
    QObject::connect(&socket, &QIODevice::readyRead, [&] {
        const qint64 available = socket.bytesAvailable();
        const quint32 pattern = rng.bounded(3u);
        const qint64 n = pattern == 0 ? 0 : pattern == 1 ? qint64(rng.bounded(quint32(available + 1))) : available;
        consumed += socket.read(n);
    });
    guard->activate();
    for (const QByteArray &segment : segments)
        socket.arrive(segment);
    return consumed + socket.readAll();
}

} // namespace

class TestFrameGuardParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cutsDoNotChangeWhatQtGets();
    void howMuchQtReadsDoesNotMatter();
    void takesTextOverOnItsFirstByte();
    void leavesFragmentedBinaryToQt();
    void refuses_data();
    void refuses();
};

// Property: however the stream is cut, QtWebSockets gets the same bytes, which carry every
// message, each text message in one frame, every ping, and the close.
void TestFrameGuardParser::cutsDoNotChangeWhatQtGets()
{
    for (quint32 seed : propertySeeds(2000)) {
        const GeneratedStream stream = generateStream(seed, true);
        const QByteArray whole = guardedBytes({stream.bytes}, nullptr);
        QRandomGenerator rng(seed);
        const QByteArray cut = guardedBytes(cutIntoSegments(stream.bytes, seed ^ 0x5eed), &rng);
        const QString failure = QStringLiteral("seed %1 (SOCKETSCOPE_SEED=%1 replays it)").arg(seed);
        QVERIFY2(cut == whole, qPrintable(failure + QStringLiteral(": the cut stream gave other bytes")));
        const DecodedStream got = DecodedStream::decode(whole);
        const QString difference = compareMessages(got.messages, stream.messages);
        QVERIFY2(difference.isEmpty(), qPrintable(failure + QStringLiteral(": ") + difference));
        QVERIFY2(got.fragmentedTexts == 0, qPrintable(failure));
        QVERIFY2(got.pings == DecodedStream::decode(stream.bytes).pings, qPrintable(failure));
        QVERIFY2(got.unmaskedFrames == 0 && got.closeCode == 1000 && got.leftoverBytes == 0, qPrintable(failure));
    }
}

// Property: the guard over a socket holds whatever QtWebSockets reads on each readyRead.
void TestFrameGuardParser::howMuchQtReadsDoesNotMatter()
{
    for (quint32 seed : propertySeeds(1000)) {
        const GeneratedStream stream = generateStream(seed, true);
        const QByteArray expected = guardedBytes({stream.bytes}, nullptr);
        const QByteArray got = readThroughGuard(cutIntoSegments(stream.bytes, seed ^ 0x5eed), seed);
        QVERIFY2(got == expected, qPrintable(QStringLiteral("seed %1 (SOCKETSCOPE_SEED=%1 replays it): %2")
                                                 .arg(seed)
                                                 .arg(compareMessages(DecodedStream::decode(got).messages, stream.messages))));
    }
}

// QtWebSockets reads a header's first two bytes as soon as they are there: the guard must not
// wait for the rest of the header to take the frame away from it.
void TestFrameGuardParser::takesTextOverOnItsFirstByte()
{
    const QByteArray ordinary = WireFrame::encode(WireFrame::Binary, "bin");
    const QByteArray fragment = WireFrame::encode(WireFrame::Text, "frag", false);
    FrameGuardParser parser(kMaxMessageBytes);
    const QByteArray input = ordinary + fragment.left(1);
    const FrameGuardParser::Result r = parser.feed(input.constData(), input.size());
    QCOMPARE(r.kept, ordinary.size());
    QVERIFY(r.replacement.isEmpty());
    const QByteArray rest = fragment.mid(1) + WireFrame::encode(WireFrame::Continuation, "ments");
    const FrameGuardParser::Result last = parser.feed(rest.constData(), rest.size());
    QCOMPARE(last.kept, 0);
    WireFrame frame;
    QByteArray replacement = last.replacement;
    QVERIFY(WireFrame::take(&replacement, &frame));
    QCOMPARE(frame.opcode, int(WireFrame::Text));
    QVERIFY(frame.fin);
    QCOMPARE(frame.payload, QByteArray("fragments"));
    QVERIFY(replacement.isEmpty());
}

// A text frame inside a fragmented binary message is QtWebSockets' protocol error to report.
void TestFrameGuardParser::leavesFragmentedBinaryToQt()
{
    const QByteArray input = WireFrame::encode(WireFrame::Binary, "b", false) + WireFrame::encode(WireFrame::Text, "t", false);
    FrameGuardParser parser(kMaxMessageBytes);
    const FrameGuardParser::Result r = parser.feed(input.constData(), input.size());
    QVERIFY(!parser.failed());
    QCOMPARE(r.kept, input.size());
}

void TestFrameGuardParser::refuses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("kind");
    const QByteArray half(kMaxMessageBytes / 2 + 1, 'x');
    QTest::newRow("unmasked, on its second byte") << QByteArray("\x81\x05", 2) << 1002 << QStringLiteral("unmasked_frame");
    QTest::newRow("unmasked ping between fragments")
        << WireFrame::encode(WireFrame::Text, "a", false) + WireFrame::encode(WireFrame::Ping, "p", true, false) << 1002
        << QStringLiteral("unmasked_frame");
    QTest::newRow("new message inside fragments")
        << WireFrame::encode(WireFrame::Text, "a", false) + WireFrame::encode(WireFrame::Text, "b") << 1002 << QStringLiteral("bad_fragment");
    QTest::newRow("RSV bit on a fragment")
        << WireFrame::encode(WireFrame::Text, "a", false) + WireFrame::encode(WireFrame::Continuation, "b", true, true, 4) << 1002
        << QStringLiteral("bad_fragment");
    QTest::newRow("text fragments past the limit")
        << WireFrame::encode(WireFrame::Text, half, false) + WireFrame::encode(WireFrame::Continuation, half) << 1009
        << QStringLiteral("message_too_big");
    // A 64-bit length near 2^64 must not wrap the size check.
    QTest::newRow("fragment of 2^64-1 bytes")
        << WireFrame::encode(WireFrame::Text, "a", false) + QByteArray("\x80\xff\xff\xff\xff\xff\xff\xff\xff\xff", 10) + QByteArray(4, '\0')
        << 1009 << QStringLiteral("message_too_big");
}

void TestFrameGuardParser::refuses()
{
    QFETCH(QByteArray, input);
    QFETCH(int, closeCode);
    QFETCH(QString, kind);
    FrameGuardParser parser(kMaxMessageBytes);
    parser.feed(input.constData(), input.size());
    QVERIFY(parser.failed());
    QCOMPARE(parser.closeCode(), closeCode);
    QCOMPARE(parser.kind(), kind);
}

QTEST_GUILESS_MAIN(TestFrameGuardParser)
#include "tst_frameguardparser.moc"
