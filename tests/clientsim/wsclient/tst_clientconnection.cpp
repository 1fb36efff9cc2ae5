// The load engine's client against RawWsServer: every handshake and framing fault named, the RFC's
// answers (pongs, close replies, 1002/1007 on faults) on the wire, and the property that any cut of a
// server's stream gives the same messages.
#include <clientconnection.h>
#include <clientcontext.h>
#include <connecttarget.h>
#include <rawwsserver.h>
#include <wsstreamgenerator.h>

#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

class TestClientConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void handshakeFailuresAreNamed_data();
    void handshakeFailuresAreNamed();
    void refusedConnectIsNamed();
    void serverFaultsFailTheConnection_data();
    void serverFaultsFailTheConnection();
    void validTrafficIsDelivered_data();
    void validTrafficIsDelivered();
    void oneBytePerSegment();
    void serverCloseIsAnswered();
    void dropWithoutCloseIs1006();
    void closeHandshakeStartedByUs();
    void anyCutOfAServerStreamGivesTheSameMessages();
    void arrivalIsWhenTheKernelGotTheBytes();

private:
    std::unique_ptr<ClientContext> m_context;
};

namespace {

struct Events : ClientConnection::Listener
{
    bool opened = false;
    QByteArray failure;
    std::optional<ClientConnection::CloseInfo> closed;
    QList<GeneratedMessage> messages;
    QList<QByteArray> pongs;
    QList<QPair<qint64, qint64>> arrivedAndSeenNs;
    std::function<void(ClientConnection *)> onOpen;

    void connectionOpened(ClientConnection *c) override
    {
        opened = true;
        if (onOpen)
            onOpen(c);
    }
    void connectionFailed(ClientConnection *, const QByteArray &kind) override { failure = kind; }
    void messageReceived(ClientConnection *c, bool text, const char *data, qsizetype size) override
    {
        messages.append({text, QByteArray(data, size)});
        arrivedAndSeenNs.append({c->arrivalNs(), ClientContext::nowNs()});
    }
    void pongReceived(ClientConnection *, const char *data, qsizetype size) override { pongs.append(QByteArray(data, size)); }
    void connectionClosed(ClientConnection *, const ClientConnection::CloseInfo &info) override { closed = info; }
    bool ended() const { return closed.has_value() || !failure.isEmpty(); }
};

// One client connection to url, its deadlines checked as a load thread's sweep would.
struct Client
{
    Client(ClientContext *context, const QUrl &url, qint64 timeoutMs = 5000)
        : request(Handshake::requestFor(url))
        , connection(context, &events, 0, 1 << 20)
    {
        QString error;
        target = *ConnectTarget::resolve(url, AF_UNSPEC, &error);
        sweep.setInterval(20);
        QObject::connect(&sweep, &QTimer::timeout, [this] { connection.checkDeadline(ClientContext::nowNs()); });
        sweep.start();
        connection.open(target, nullptr, 0, &request, ClientContext::nowNs() + timeoutMs * 1000000);
    }
    ConnectTarget target;
    Handshake::Request request;
    Events events;
    ClientConnection connection;
    QTimer sweep;
};

QByteArray frame(int opcode, const QByteArray &payload, bool fin = true, int rsv = 0)
{
    return WireFrame::encode(opcode, payload, fin, false, rsv);
}

QList<QByteArray> segments(const QByteArray &bytes)
{
    return {bytes};
}

int closeCodeSent(const RawWsServer::Peer &peer)
{
    for (const WireFrame &f : RawWsServer::framesOf(peer)) {
        if (f.opcode == WireFrame::Close)
            return WireFrame::closeCode(f.payload);
    }
    return 0;
}

} // namespace

void TestClientConnection::initTestCase()
{
    m_context = std::make_unique<ClientContext>();
    QString error;
    QVERIFY2(m_context->open(false, false, &error), qPrintable(error));
}

void TestClientConnection::handshakeFailuresAreNamed_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<QByteArray>("kind");
    using A = RawWsServer::Answer;
    QTest::newRow("401") << int(A::Refuse) << QByteArray("http_401");
    QTest::newRow("wrong accept key") << int(A::BadAccept) << QByteArray("bad_accept");
    QTest::newRow("half a head, then nothing") << int(A::HalfHead) << QByteArray("handshake_timeout");
    QTest::newRow("accepts, says nothing") << int(A::Silence) << QByteArray("handshake_timeout");
    QTest::newRow("closes mid-handshake") << int(A::Hangup) << QByteArray("closed_in_handshake");
}

void TestClientConnection::handshakeFailuresAreNamed()
{
    QFETCH(int, answer);
    QFETCH(QByteArray, kind);
    RawWsServer server;
    server.answer = RawWsServer::Answer(answer);
    server.refuseStatus = 401;
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url(), 300);
    QTRY_VERIFY_WITH_TIMEOUT(client.events.ended(), 10000);
    QCOMPARE(client.events.failure, kind);
    QVERIFY(!client.events.opened);
    QCOMPARE(int(client.connection.state()), int(ClientConnection::State::Closed));
}

void TestClientConnection::refusedConnectIsNamed()
{
    RawWsServer server;
    QVERIFY(server.listen());
    const QUrl url = server.url();
    server.stopListening();
    Client client(m_context.get(), url);
    QTRY_VERIFY(client.events.ended());
    QCOMPARE(client.events.failure, QByteArray("refused"));
}

void TestClientConnection::serverFaultsFailTheConnection_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("fault");
    QTest::addColumn<int>("code");
    QTest::newRow("masked frame") << WireFrame::encode(WireFrame::Text, "hello", true, true) << QByteArray("protocol_masked_frame") << 1002;
    QTest::newRow("RSV bit") << frame(WireFrame::Text, "x", true, 2) << QByteArray("protocol_reserved_bits") << 1002;
    QTest::newRow("reserved opcode") << frame(0x3, "x") << QByteArray("protocol_bad_opcode") << 1002;
    QTest::newRow("bad UTF-8") << frame(WireFrame::Text, QByteArray("\xc3\x28", 2)) << QByteArray("protocol_invalid_utf8") << 1007;
    QTest::newRow("bad close code") << frame(WireFrame::Close, WireFrame::closePayload(999)) << QByteArray("protocol_bad_close_code") << 1002;
    QTest::newRow("ping of 126 bytes") << frame(WireFrame::Ping, QByteArray(126, 'p')) << QByteArray("protocol_bad_control_frame") << 1002;
    QTest::newRow("over the limit") << frame(WireFrame::Binary, QByteArray((1 << 20) + 1, 'b')) << QByteArray("protocol_message_too_big")
                                    << 1009;
}

void TestClientConnection::serverFaultsFailTheConnection()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, fault);
    QFETCH(int, code);
    RawWsServer server;
    server.script = [&](const QByteArray &) { return segments(frame(WireFrame::Text, "fine") + bytes); };
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_VERIFY(client.events.ended());
    QVERIFY(client.events.opened);
    QCOMPARE(client.events.messages.size(), 1); // what came before the fault was delivered
    QCOMPARE(QByteArray(client.events.closed->fault), fault);
    QCOMPARE(client.events.closed->code, code);
    QVERIFY(client.events.closed->byUs);
    // RFC 6455 7.1.7: the client told the server why before it dropped the connection.
    QTRY_COMPARE(closeCodeSent(*server.peers().front()), code);
}

void TestClientConnection::validTrafficIsDelivered_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("payloads");
    QTest::addColumn<QList<QByteArray>>("pongs");
    const QByteArray big16(300, 'm'), big64(70000, 'L');
    QTest::newRow("fragments with pings between")
        << frame(WireFrame::Text, "he", false) + frame(WireFrame::Ping, "p1") + frame(WireFrame::Continuation, "ll", false)
               + frame(WireFrame::Ping, "p2") + frame(WireFrame::Continuation, "o")
        << QList<QByteArray>{"hello"} << QList<QByteArray>{"p1", "p2"};
    QTest::newRow("16- and 64-bit lengths") << frame(WireFrame::Binary, big16) + frame(WireFrame::Binary, big64)
                                            << QList<QByteArray>{big16, big64} << QList<QByteArray>{};
    QByteArray many;
    QList<QByteArray> manyPayloads;
    for (int i = 0; i < 100; ++i) {
        many += frame(WireFrame::Text, "m" + QByteArray::number(i));
        manyPayloads << "m" + QByteArray::number(i);
    }
    QTest::newRow("many frames in one segment") << many << manyPayloads << QList<QByteArray>{};
    QTest::newRow("UTF-8 split across fragments")
        << frame(WireFrame::Text, QByteArray("caf\xc3", 4), false) + frame(WireFrame::Continuation, QByteArray("\xa9", 1))
        << QList<QByteArray>{QByteArray("caf\xc3\xa9")} << QList<QByteArray>{};
}

void TestClientConnection::validTrafficIsDelivered()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, payloads);
    QFETCH(QList<QByteArray>, pongs);
    RawWsServer server;
    server.script = [&](const QByteArray &) { return segments(bytes); };
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_COMPARE(client.events.messages.size(), payloads.size());
    for (int i = 0; i < payloads.size(); ++i)
        QCOMPARE(client.events.messages[i].payload, payloads[i]);
    QList<QByteArray> answered;
    QTRY_VERIFY([&] {
        answered.clear();
        bool masked = false;
        for (const WireFrame &f : RawWsServer::framesOf(*server.peers().front(), &masked)) {
            if (f.opcode == WireFrame::Pong && masked)
                answered << f.payload;
        }
        return answered.size() == pongs.size();
    }());
    QCOMPARE(answered, pongs);
    QVERIFY(!client.events.ended());
}

void TestClientConnection::oneBytePerSegment()
{
    RawWsServer server;
    const QByteArray bytes = frame(WireFrame::Text, "byte by byte", false) + frame(WireFrame::Ping, "!")
        + frame(WireFrame::Continuation, QByteArray(200, '.'));
    server.script = [&](const QByteArray &) {
        QList<QByteArray> out;
        for (char c : bytes)
            out << QByteArray(1, c);
        return out;
    };
    server.pauseMs = 1; // with TCP_NODELAY: each byte its own TCP segment
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.events.messages.size(), 1, 20000);
    QCOMPARE(client.events.messages[0].payload, "byte by byte" + QByteArray(200, '.'));
    QVERIFY(!client.events.ended());
}

void TestClientConnection::serverCloseIsAnswered()
{
    RawWsServer server;
    server.script = [&](const QByteArray &) { return segments(frame(WireFrame::Close, WireFrame::closePayload(1012, "restart"))); };
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_VERIFY(client.events.opened);
    QTRY_COMPARE(closeCodeSent(*server.peers().front()), 1012); // the code echoed
    QVERIFY(!client.events.ended()); // waiting for the server to end the TCP connection (RFC 6455 7.1.1)
    server.peers().front()->socket->close();
    QTRY_VERIFY(client.events.closed.has_value());
    QCOMPARE(client.events.closed->code, 1012);
    QCOMPARE(client.events.closed->reason, QByteArray("restart"));
    QVERIFY(!client.events.closed->byUs);
    QVERIFY(!client.events.closed->fault);
}

void TestClientConnection::dropWithoutCloseIs1006()
{
    RawWsServer server;
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_VERIFY(client.events.opened);
    server.dropAll();
    QTRY_VERIFY(client.events.closed.has_value());
    QCOMPARE(client.events.closed->code, 1006);
    QVERIFY(!client.events.closed->byUs);
}

void TestClientConnection::closeHandshakeStartedByUs()
{
    RawWsServer server;
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_VERIFY(client.events.opened);
    QVERIFY(client.connection.send(true, "last words", 10));
    client.connection.close(1000, "done");
    QTRY_COMPARE(closeCodeSent(*server.peers().front()), 1000);
    QVERIFY(!client.connection.send(true, "too late", 8)); // nothing after our close frame
    RawWsServer::Peer &peer = *server.peers().front();
    peer.socket->write(frame(WireFrame::Close, WireFrame::closePayload(1000)));
    peer.socket->close();
    QTRY_VERIFY(client.events.closed.has_value());
    QCOMPARE(client.events.closed->code, 1000);
    QVERIFY(client.events.closed->byUs);
    QCOMPARE(RawWsServer::framesOf(peer).first().payload, QByteArray("last words"));
}

void TestClientConnection::anyCutOfAServerStreamGivesTheSameMessages()
{
    // A server's stream cut at random offsets, each segment its own write() with TCP_NODELAY: every
    // message whole and in order, every ping answered with its payload, the close answered with
    // 1000. 50 connections at a time; the failing seed is printed for a replay.
    constexpr quint32 kSeeds = 1000, kBatch = 50;
    RawWsServer server;
    server.script = [](const QByteArray &target) {
        const quint32 seed = target.mid(target.indexOf('=') + 1).toUInt();
        return cutIntoSegments(generateStream(seed, false).bytes, seed);
    };
    QVERIFY(server.listen());
    for (quint32 first = 1; first <= kSeeds; first += kBatch) {
        std::vector<std::unique_ptr<Client>> clients;
        for (quint32 seed = first; seed < first + kBatch; ++seed)
            clients.push_back(std::make_unique<Client>(m_context.get(), server.url(QStringLiteral("/ws?seed=%1").arg(seed)), 30000));
        for (auto &c : clients) // the server sends its close: each client answers and waits for the TCP close
            QTRY_VERIFY_WITH_TIMEOUT(c->connection.state() == ClientConnection::State::Closing || c->events.ended(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), size_t(first - 1 + kBatch), 30000);
        for (size_t p = first - 1; p < server.peers().size(); ++p) // the replies read before the server lets go
            QTRY_VERIFY_WITH_TIMEOUT(closeCodeSent(*server.peers()[p]) != 0, 30000);
        server.dropAll();
        for (quint32 i = 0; i < kBatch; ++i) {
            const quint32 seed = first + i;
            Client &c = *clients[i];
            QTRY_VERIFY(c.events.ended());
            const GeneratedStream stream = generateStream(seed, false);
            const bool same = c.events.messages.size() == stream.messages.size()
                && std::equal(c.events.messages.cbegin(), c.events.messages.cend(), stream.messages.cbegin(),
                              [](const GeneratedMessage &a, const GeneratedMessage &b) { return a.text == b.text && a.payload == b.payload; });
            QVERIFY2(same && c.events.closed && c.events.closed->code == 1000 && !c.events.closed->fault,
                     qPrintable(QStringLiteral("seed %1: %2 of %3 messages, failure \"%4\", fault %5")
                                    .arg(seed)
                                    .arg(c.events.messages.size())
                                    .arg(stream.messages.size())
                                    .arg(QString::fromLatin1(c.events.failure))
                                    .arg(QString::fromLatin1(c.events.closed && c.events.closed->fault ? c.events.closed->fault : "none"))));
        }
        // Pongs and the close reply, checked on the server side of each connection.
        for (size_t p = first - 1; p < server.peers().size(); ++p) {
            const auto &peer = server.peers()[p];
            const quint32 seed = peer->head.mid(peer->head.indexOf('=') + 1).split(' ').first().toUInt();
            QByteArray expected = generateStream(seed, false).bytes;
            QList<QByteArray> pings;
            WireFrame f;
            while (WireFrame::take(&expected, &f)) {
                if (f.opcode == WireFrame::Ping)
                    pings << f.payload;
            }
            bool masked = false;
            QList<QByteArray> pongs;
            int closeCode = 0;
            for (const WireFrame &sent : RawWsServer::framesOf(*peer, &masked)) {
                if (sent.opcode == WireFrame::Pong)
                    pongs << sent.payload;
                else if (sent.opcode == WireFrame::Close)
                    closeCode = WireFrame::closeCode(sent.payload);
            }
            QVERIFY2(masked && pongs == pings && closeCode == 1000, qPrintable(QStringLiteral("seed %1: pongs or close reply wrong").arg(seed)));
        }
    }
}

void TestClientConnection::arrivalIsWhenTheKernelGotTheBytes()
{
    RawWsServer server;
    QVERIFY(server.listen());
    Client client(m_context.get(), server.url());
    QTRY_VERIFY(client.events.opened);
    QTest::qWait(50); // the kernel turns receive stamps on lazily, for packets after that
    QTcpSocket *socket = server.peers().front()->socket;
    const qint64 beforeNs = ClientContext::nowNs();
    socket->write(frame(WireFrame::Text, "late"));
    QVERIFY(socket->flush());
    const qint64 afterNs = ClientContext::nowNs();
    QThread::msleep(100); // the bytes wait in the client's socket; the loop is busy elsewhere
    QTRY_COMPARE(client.events.messages.size(), 1);
    const auto [arrivedNs, seenNs] = client.events.arrivedAndSeenNs.constFirst();
    constexpr qint64 kClockSlackNs = 1'000'000; // realtime -> steady conversion
    QVERIFY2(arrivedNs >= beforeNs - kClockSlackNs && arrivedNs <= afterNs + kClockSlackNs,
             qPrintable(QStringLiteral("arrived %1 ns after the write began").arg(arrivedNs - beforeNs)));
    QVERIFY(seenNs - arrivedNs >= 100'000'000);
}

QTEST_GUILESS_MAIN(TestClientConnection)
#include "tst_clientconnection.moc"
