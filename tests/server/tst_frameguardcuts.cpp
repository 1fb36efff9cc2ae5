#include <decodedstream.h>
#include <propertyseeds.h>
#include <rawwsclient.h>
#include <testserver.h>
#include <wsstreamgenerator.h>

#include <QTimer>

#include <deque>

namespace {

constexpr int kStreams = 1000;
constexpr int kParallel = 24;

// One generated stream on its own connection: upgrade, then one segment per write (TCP_NODELAY),
// then everything the server sends until it closes the connection.
class StreamRun : public QObject
{
    Q_OBJECT
public:
    StreamRun(quint32 seed, quint16 port)
        : m_seed(seed)
        , m_stream(generateStream(seed, true))
        , m_segments(cutIntoSegments(m_stream.bytes, seed ^ 0x5eed))
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this, port] {
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_socket.write(RawWsClient::upgradeRequest(port, "/ws"));
        });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
        connect(&m_socket, &QTcpSocket::disconnected, this, &StreamRun::finished);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    quint32 seed() const { return m_seed; }

    // Writes the next segment, once the upgrade is answered.
    void writeNext()
    {
        if (m_next == 0 && !m_upgraded) {
            const qsizetype end = m_received.indexOf("\r\n\r\n");
            if (end < 0 || !m_received.startsWith("HTTP/1.1 101"))
                return;
            m_upgraded = true;
            m_received.remove(0, end + 4);
        }
        if (m_upgraded && m_next < m_segments.size()) {
            m_socket.write(m_segments.at(m_next++));
            m_socket.flush();
        }
    }

    // Empty if the server echoed every message, answered every ping and the close.
    QString verdict() const
    {
        if (!m_upgraded)
            return QStringLiteral("the upgrade was refused");
        const DecodedStream got = DecodedStream::decode(m_received);
        QString why = compareMessages(got.messages, m_stream.messages);
        if (why.isEmpty() && got.closeCode != 1000)
            why = QStringLiteral("close code %1, expected 1000").arg(got.closeCode);
        if (why.isEmpty() && got.pongs != DecodedStream::decode(m_stream.bytes).pings)
            why = QStringLiteral("%1 pongs for %2 pings").arg(got.pongs).arg(DecodedStream::decode(m_stream.bytes).pings);
        if (why.isEmpty() && got.maskedFrames != 0)
            why = QStringLiteral("the server masked a frame");
        return why.isEmpty() ? why : QStringLiteral("seed %1 (SOCKETSCOPE_SEED=%1 replays it), %2 segments: %3").arg(m_seed).arg(m_segments.size()).arg(why);
    }

Q_SIGNALS:
    void finished();

private:
    const quint32 m_seed;
    const GeneratedStream m_stream;
    const QList<QByteArray> m_segments;
    QTcpSocket m_socket;
    QByteArray m_received;
    qsizetype m_next = 0;
    bool m_upgraded = false;
};

} // namespace

class TestFrameGuardCuts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyCutStreamIsEchoed();
};

// Property (issue 12): valid client streams cut at any offset, each segment written on its own,
// come back whole through the guard: every message echoed, every ping answered, the close too.
void TestFrameGuardCuts::everyCutStreamIsEchoed()
{
    TestServer server;
    QVERIFY2(server.started(), qPrintable(server.error()));
    std::deque<quint32> waiting;
    for (quint32 seed : propertySeeds(kStreams))
        waiting.push_back(seed);
    const qsizetype total = qsizetype(waiting.size());
    std::vector<std::unique_ptr<StreamRun>> running;
    QStringList failures;
    qsizetype done = 0;
    // One round writes one segment on every connection: the writes of one stream are spread out.
    QTimer rounds;
    rounds.setInterval(0);
    connect(&rounds, &QTimer::timeout, this, [&] {
        while (running.size() < size_t(kParallel) && !waiting.empty()) {
            auto run = std::make_unique<StreamRun>(waiting.front(), server.port());
            waiting.pop_front();
            StreamRun *raw = run.get();
            connect(raw, &StreamRun::finished, this, [&, raw] {
                const QString why = raw->verdict();
                if (!why.isEmpty())
                    failures.append(why);
                ++done;
                const auto it = std::find_if(running.begin(), running.end(), [raw](const auto &r) { return r.get() == raw; });
                it->release()->deleteLater();
                running.erase(it);
            });
            running.push_back(std::move(run));
        }
        for (const auto &run : running)
            run->writeNext();
    });
    rounds.start();
    // An event loop of its own: QTest::qWaitFor() sleeps 10 ms between looks, once per round.
    QEventLoop loop;
    QTimer::singleShot(100000, &loop, &QEventLoop::quit);
    QTimer settledCheck;
    connect(&settledCheck, &QTimer::timeout, &loop, [&] {
        if (done == total || !failures.isEmpty())
            loop.quit();
    });
    settledCheck.start(20);
    loop.exec();
    const bool settled = done == total || !failures.isEmpty();
    rounds.stop();
    if (!settled) {
        for (const auto &run : running)
            failures.append(QStringLiteral("seed %1 (SOCKETSCOPE_SEED=%1 replays it): no close from the server").arg(run->seed()));
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestFrameGuardCuts)
#include "tst_frameguardcuts.moc"
