#include <loadengine.h>
#include <loadrun.h>
#include <rawwsserver.h>
#include <testserver.h>

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocketServer>

class TestLoadEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void echoClosedLoopLosesNothing();
    void openLoopAccountsForAStalledServer();
    void rampOpensConnectionsAtTheAskedRate();
    void broadcastCountsDeliveriesExactly();
    void idleMeasuresPingRoundTrips();
    void refusedConnectionsAreCountedByReason();
    void sourceAddressesSpreadConnections();
    void serverProtocolErrorsAreCountedByKind_data();
    void serverProtocolErrorsAreCountedByKind();
    void serverPushesAreCountedNotErrors();
    void failedBindsAreCounted();
    void handshakeTimeoutIsCounted();
    void idlePingsAtTheAskedRate();
    void everyConnectionComesBackAfterARestart();
    void reconnectsWaitTheirBackoff();
    void connectionsGiveUpAfterTheirRetries();
    void unansweredPingsEndInAHeartbeatTimeout();
    void wssEchoWithInsecure();
    void selfSignedCertificateIsACountedFailure();

private:
    // socketscope-server with TLS on a self-signed certificate (made with the openssl tool).
    std::unique_ptr<TestServer> startTlsServer();
    QTemporaryDir m_certificates;
};

namespace {

// Idle connections (no messages of their own), no client pings unless asked.
LoadConfig idle(const QUrl &url, int connections, double durationSec)
{
    LoadConfig config;
    config.url = url;
    config.scenario = LoadConfig::Scenario::Idle;
    config.connections = connections;
    config.pingIntervalSec = 0;
    config.durationSec = durationSec;
    return config;
}

// An echo server in the test's thread that can be told to hold every reply for a while.
class StallingEchoServer : public QObject
{
public:
    StallingEchoServer()
        : m_server(QStringLiteral("stall"), QWebSocketServer::NonSecureMode)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *s = m_server.nextPendingConnection();
            s->setParent(this); // else nobody deletes it (LeakSanitizer)
            connect(s, &QWebSocket::textMessageReceived, this, [this, s](const QString &m) {
                if (m_stalled)
                    m_held.append({s, m});
                else
                    s->sendTextMessage(m);
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_server.serverPort())); }
    void stallFor(int ms)
    {
        m_stalled = true;
        QTimer::singleShot(ms, this, [this] {
            m_stalled = false;
            for (const auto &[socket, message] : std::as_const(m_held))
                socket->sendTextMessage(message);
            m_held.clear();
        });
    }

private:
    QWebSocketServer m_server;
    bool m_stalled = false;
    QVector<QPair<QWebSocket *, QString>> m_held;
};

} // namespace

void TestLoadEngine::echoClosedLoopLosesNothing()
{
    TestServer server;
    QVERIFY(server.started());
    LoadConfig config;
    config.url = server.url(QStringLiteral("/ws"));
    config.connections = 50;
    config.window = 4;
    config.threads = 2;
    config.durationSec = 1.5;
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, config, &samples);
    QCOMPARE(s.peakConnections, 50ULL);
    QCOMPARE(s.connectionsFailed, 0ULL);
    QVERIFY(s.messagesReceived > 1000);
    QVERIFY(s.messagesReceived <= s.messagesSent);
    QVERIFY(s.messagesSent - s.messagesReceived <= 50ULL * 4); // at most a window per connection in flight at the end
    QCOMPARE(s.errors, 0ULL);
    QVERIFY(s.p50Ms > 0 && s.p50Ms <= s.p99Ms && s.p99Ms <= s.maxMs);
    QVERIFY(!samples.isEmpty());
    QCOMPARE(samples.last().errors.value(QStringLiteral("lost")), 0ULL);
    QCOMPARE(samples.last().closeCodes.value(1000), 50ULL);
    // The server's workers may still be reading the last messages when the load reports: wait for them.
    QTRY_COMPARE(server.engine().totals().messagesReceived, s.messagesSent);
}

void TestLoadEngine::openLoopAccountsForAStalledServer()
{
    StallingEchoServer server;
    LoadConfig config;
    config.url = server.url();
    config.connections = 5;
    config.threads = 1;
    config.ratePerSec = 400;
    config.durationSec = 2;
    QTimer::singleShot(600, &server, [&server] { server.stallFor(500); });
    LoadEngine engine;
    const RunSummary s = runToEnd(engine, config);
    // ~200 of ~800 messages were scheduled during the stall and waited up to 500 ms. A closed
    // loop would have sent only 5 of them and reported a p99 of a few ms.
    QVERIFY2(s.p90Ms > 100, qPrintable(QString::number(s.p90Ms)));
    QVERIFY2(s.maxMs > 400, qPrintable(QString::number(s.maxMs)));
    QCOMPARE(s.errors, 0ULL);
}

void TestLoadEngine::rampOpensConnectionsAtTheAskedRate()
{
    TestServer server;
    QVERIFY(server.started());
    LoadConfig config;
    config.url = server.url(QStringLiteral("/ws"));
    config.connections = 30;
    config.rampPerSec = 20; // all open after 1.5 s
    config.durationSec = 2.5;
    LoadEngine engine;
    QSignalSpy finished(&engine, &LoadEngine::finished);
    QVERIFY(engine.start(config));
    QTest::qWait(500);
    const quint64 early = server.engine().totals().connections;
    // ~11 at 0.5 s; the bounds leave room for a busy machine, the upper one still rules out "all at once".
    QVERIFY2(early >= 1 && early <= 20, qPrintable(QString::number(early)));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 30ULL, 3000);
    QVERIFY(finished.wait(5000));
    QCOMPARE(engine.summary().peakConnections, 30ULL);
}

void TestLoadEngine::broadcastCountsDeliveriesExactly()
{
    TestServer server;
    QVERIFY(server.started());
    LoadConfig config;
    config.url = server.url(QStringLiteral("/broadcast"));
    config.scenario = LoadConfig::Scenario::Broadcast;
    config.connections = 10;
    config.publishers = 2;
    config.ratePerSec = 100;
    config.durationSec = 1.5;
    LoadEngine engine;
    const RunSummary s = runToEnd(engine, config);
    const ServerTotals t = server.engine().totals();
    QCOMPARE(t.messagesReceived, s.messagesSent); // every publish reached the server
    // ...and was fanned out to every subscriber connected at that moment: all 10, except that the
    // first publishes may go out while the last subscribers are still finishing their handshake.
    QVERIFY2(t.messagesSent <= t.messagesReceived * 10 && t.messagesSent + 10 * 5 >= t.messagesReceived * 10,
             qPrintable(QStringLiteral("%1 deliveries for %2 publishes").arg(t.messagesSent).arg(t.messagesReceived)));
    QVERIFY(s.messagesReceived <= t.messagesSent); // the load counted no delivery twice
    QVERIFY(s.messagesReceived + 10 * 5 >= t.messagesSent); // only the last few in flight at the close
    QCOMPARE(s.errors, 0ULL); // no gaps or duplicates in any publisher's sequence
}

void TestLoadEngine::idleMeasuresPingRoundTrips()
{
    TestServer server;
    QVERIFY(server.started());
    LoadConfig config;
    config.url = server.url(QStringLiteral("/ws"));
    config.scenario = LoadConfig::Scenario::Idle;
    config.connections = 20;
    config.pingIntervalSec = 0.2;
    config.durationSec = 1.5;
    LoadEngine engine;
    const RunSummary s = runToEnd(engine, config);
    QCOMPARE(s.peakConnections, 20ULL);
    QCOMPARE(s.messagesSent, 0ULL);
    QVERIFY(s.p50Ms > 0 && s.maxMs < 1000);
}

void TestLoadEngine::refusedConnectionsAreCountedByReason()
{
    ServerConfig serverConfig;
    serverConfig.maxConnections = 5;
    TestServer server(serverConfig);
    QVERIFY(server.started());
    LoadConfig config;
    config.url = server.url(QStringLiteral("/ws"));
    config.connections = 8;
    config.durationSec = 1;
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, config, &samples);
    QCOMPARE(s.peakConnections, 5ULL);
    QCOMPARE(s.connectionsFailed, 3ULL);
    quint64 connectErrors = 0;
    for (auto it = samples.last().errors.cbegin(); it != samples.last().errors.cend(); ++it) {
        if (it.key().startsWith(QLatin1String("connect_")))
            connectErrors += it.value();
    }
    QCOMPARE(connectErrors, 3ULL);
    QVERIFY(engine.session().events.size() >= 1);
}

void TestLoadEngine::sourceAddressesSpreadConnections()
{
    // The server sees each connection's peer address: it must be the source address it was given.
    QWebSocketServer server(QStringLiteral("peers"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QHash<QString, int> peers;
    connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            ++peers[socket->peerAddress().toString()];
            socket->setParent(&server);
        }
    });
    LoadConfig config;
    config.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.serverPort()));
    config.scenario = LoadConfig::Scenario::Idle;
    config.connections = 12;
    config.threads = 2;
    config.durationSec = 0.5;
    QString error;
    QVERIFY2(LoadConfig::parseSourceAddresses(QStringLiteral("127.0.0.2-127.0.0.4"), &config.sourceAddresses, &error), qPrintable(error));
    QCOMPARE(config.sourceAddresses.size(), 3);
    LoadEngine engine;
    const RunSummary s = runToEnd(engine, config);
    QCOMPARE(s.peakConnections, 12ULL);
    QCOMPARE(peers, (QHash<QString, int>{{QStringLiteral("127.0.0.2"), 4}, {QStringLiteral("127.0.0.3"), 4}, {QStringLiteral("127.0.0.4"), 4}}));
    QCOMPARE(s.connectionsFailed, 0ULL);
}

void TestLoadEngine::serverProtocolErrorsAreCountedByKind_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("kind");
    QTest::newRow("invalid UTF-8") << QByteArray("\x81\x02\xc3\x28", 4) << QStringLiteral("protocol_invalid_utf8");
    QTest::newRow("close code 999") << QByteArray("\x88\x02\x03\xe7", 4) << QStringLiteral("protocol_bad_close_code");
    QTest::newRow("reserved opcode") << QByteArray("\x83\x01\x41", 3) << QStringLiteral("protocol_bad_opcode");
    QTest::newRow("RSV bit") << QByteArray("\xc1\x01\x41", 3) << QStringLiteral("protocol_reserved_bits");
    QTest::newRow("ping of 126 bytes") << QByteArray("\x89\x7e\x00\x7e", 4) + QByteArray(126, 'p')
                                       << QStringLiteral("protocol_bad_control_frame");
    QTest::newRow("continuation first") << QByteArray("\x80\x01\x41", 3) << QStringLiteral("protocol_bad_opcode");
    QTest::newRow("masked server frame") << QByteArray("\x81\x85\x01\x02\x03\x04\x69\x67\x6f\x68\x6e", 11)
                                         << QStringLiteral("protocol_masked_frame");
}

void TestLoadEngine::serverProtocolErrorsAreCountedByKind()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, kind);
    RawWsServer server;
    server.script = [frame](const QByteArray &) { return QList<QByteArray>{frame}; };
    QVERIFY(server.listen());
    LoadConfig config;
    config.url = server.url();
    config.scenario = LoadConfig::Scenario::Idle;
    config.connections = 1;
    config.durationSec = 1;
    LoadEngine engine;
    QVector<MetricSample> samples;
    QVector<SessionEvent> events;
    connect(&engine, &LoadEngine::eventOccurred, this, [&events](const SessionEvent &e) { events.append(e); });
    const RunSummary s = runToEnd(engine, config, &samples);
    QVERIFY(!samples.isEmpty());
    QCOMPARE(samples.last().errors.value(kind), 1ULL);
    QCOMPARE(samples.last().errors.value(QStringLiteral("closed_by_server")), 0ULL); // not blamed on a plain close
    QVERIFY(s.errors >= 1);
    QVERIFY(std::any_of(events.cbegin(), events.cend(), [&kind](const SessionEvent &e) { return e.kind == kind; }));
}

void TestLoadEngine::serverPushesAreCountedNotErrors()
{
    // Regression: 450 pushes from 50 connections gave "errors 450 (900 %)" and bytesReceived 0.
    const QByteArray push = "{\"type\":\"tick\",\"n\":1,\"text\":\"caf\xc3\xa9\"}";
    RawWsServer server;
    server.script = [&push](const QByteArray &) {
        QList<QByteArray> pushes;
        for (int i = 0; i < 9; ++i)
            pushes << WireFrame::encode(WireFrame::Text, push, true, false);
        return pushes;
    };
    QVERIFY(server.listen());
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, idle(server.url(), 5, 1), &samples);
    QCOMPARE(s.errors, 0ULL);
    QCOMPARE(s.messagesUnmatched, 45ULL);
    QCOMPARE(samples.last().messagesReceived, 45ULL);
    QCOMPARE(samples.last().bytesReceived, 45ULL * quint64(push.size())); // UTF-8 bytes, not UTF-16 units
}

void TestLoadEngine::failedBindsAreCounted()
{
    // 192.0.2.1 (TEST-NET-1) is no local address: the bind fails, and says so, instead of the
    // connection silently leaving from the default address.
    TestServer server;
    QVERIFY(server.started());
    LoadConfig config = idle(server.url(QStringLiteral("/ws")), 3, 0.5);
    config.sourceAddresses = {QHostAddress(QStringLiteral("192.0.2.1"))};
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, config, &samples);
    QCOMPARE(s.peakConnections, 0ULL);
    QCOMPARE(s.connectionsFailed, 3ULL);
    QCOMPARE(samples.last().errors.value(QStringLiteral("connect_bind_failed")), 3ULL);
}

void TestLoadEngine::handshakeTimeoutIsCounted()
{
    RawWsServer server;
    server.answer = RawWsServer::Answer::HalfHead;
    QVERIFY(server.listen());
    LoadConfig config = idle(server.url(), 4, 1.5);
    config.handshakeTimeoutSec = 0.3;
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, config, &samples);
    QCOMPARE(s.connectionsFailed, 4ULL);
    QCOMPARE(samples.last().errors.value(QStringLiteral("connect_handshake_timeout")), 4ULL);
}

void TestLoadEngine::idlePingsAtTheAskedRate()
{
    // Regression: 100 connections with --ping-interval 5 sent 400 pings/s, not 20.
    RawWsServer server;
    QVERIFY(server.listen());
    LoadConfig config = idle(server.url(), 10, 2);
    config.pingIntervalSec = 0.5;
    config.pingTimeoutSec = 60; // this server never answers
    LoadEngine engine;
    runToEnd(engine, config);
    int pings = 0;
    for (const auto &peer : server.peers()) {
        for (const WireFrame &f : RawWsServer::framesOf(*peer))
            pings += f.opcode == WireFrame::Ping;
    }
    // 10 connections x 2 s / 0.5 s = 40; one per 5 ms tick would be 400.
    QVERIFY2(pings >= 20 && pings <= 60, qPrintable(QString::number(pings)));
}

namespace {

LoadConfig reconnecting(const QUrl &url, int connections, double minSec, double maxSec, int retries)
{
    LoadConfig config = idle(url, connections, 30); // stopped by the test
    config.reconnect = true;
    config.reconnectRetries = retries;
    config.reconnectBackoffMinSec = minSec;
    config.reconnectBackoffMaxSec = maxSec;
    return config;
}

// A run the test stops itself, every sample kept.
struct SteeredRun
{
    SteeredRun()
    {
        QObject::connect(&engine, &LoadEngine::sampleReady, [this](const MetricSample &s) { samples.append(s); });
    }
    bool stop()
    {
        engine.stop();
        return finished.wait(10000);
    }
    LoadEngine engine;
    QVector<MetricSample> samples;
    QSignalSpy finished{&engine, &LoadEngine::finished};
};

} // namespace

void TestLoadEngine::everyConnectionComesBackAfterARestart()
{
    RawWsServer server;
    QVERIFY(server.listen());
    const quint16 port = server.port();
    SteeredRun run;
    QVERIFY(run.engine.start(reconnecting(server.url(), 20, 0.1, 0.4, 20)));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), size_t(20), 10000);
    // The server goes away for a second and comes back on the same port.
    server.stopListening();
    server.dropAll();
    QTest::qWait(1000);
    QVERIFY(server.listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), size_t(40), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!run.samples.isEmpty() && run.samples.last().reconnects == 20 && run.samples.last().reconnecting == 0, 10000);
    QVERIFY(run.stop());
    const RunSummary s = run.engine.summary();
    QCOMPARE(s.reconnects, 20ULL);
    QCOMPARE(s.reconnectGiveUps, 0ULL);
    QVERIFY(s.reconnectP50Ms >= 50 && s.reconnectP99Ms >= s.reconnectP50Ms); // the first attempt waits at least min/2
    QVERIFY(run.samples.last().errors.value(QStringLiteral("connect_refused")) > 0); // attempts while it was down
}

void TestLoadEngine::reconnectsWaitTheirBackoff()
{
    // After a drop, the first attempts come between min/2 and min later, spread out, not in one burst.
    RawWsServer server;
    QVERIFY(server.listen());
    SteeredRun run;
    QVERIFY(run.engine.start(reconnecting(server.url(), 20, 1.0, 8.0, 3)));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), size_t(20), 10000);
    const qint64 droppedAtMs = server.clockMs();
    server.dropAll();
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), size_t(40), 10000);
    QVERIFY(run.stop());
    qint64 first = std::numeric_limits<qint64>::max(), last = 0;
    for (size_t i = 20; i < 40; ++i) {
        first = qMin(first, server.peers()[i]->acceptedAtMs - droppedAtMs);
        last = qMax(last, server.peers()[i]->acceptedAtMs - droppedAtMs);
    }
    QVERIFY2(first >= 500, qPrintable(QStringLiteral("first attempt %1 ms after the drop").arg(first)));
    QVERIFY2(last - first >= 100, qPrintable(QStringLiteral("attempts within %1 ms").arg(last - first)));
}

void TestLoadEngine::connectionsGiveUpAfterTheirRetries()
{
    RawWsServer server;
    QVERIFY(server.listen());
    SteeredRun run;
    QVERIFY(run.engine.start(reconnecting(server.url(), 6, 0.05, 0.1, 2)));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), size_t(6), 10000);
    server.stopListening();
    server.dropAll();
    QTRY_VERIFY_WITH_TIMEOUT(!run.samples.isEmpty() && run.samples.last().reconnectGiveUps == 6, 10000);
    QCOMPARE(run.samples.last().reconnecting, 0ULL);
    QCOMPARE(run.samples.last().connections, 0ULL);
    QCOMPARE(run.samples.last().errors.value(QStringLiteral("connect_refused")), 12ULL); // 2 attempts each
    QVERIFY(run.stop());
}

void TestLoadEngine::unansweredPingsEndInAHeartbeatTimeout()
{
    RawWsServer server; // never answers a ping
    QVERIFY(server.listen());
    LoadConfig config = reconnecting(server.url(), 4, 0.05, 0.1, 3);
    config.pingIntervalSec = 0.1;
    config.pingTimeoutSec = 0.3;
    SteeredRun run;
    QVERIFY(run.engine.start(config));
    QTRY_VERIFY_WITH_TIMEOUT(!run.samples.isEmpty() && run.samples.last().errors.value(QStringLiteral("heartbeat_timeout")) >= 4
                                 && run.samples.last().reconnects >= 4, 15000);
    QVERIFY(run.stop());
    // Each timed-out connection told the server why (1001) before it went.
    bool closedWith1001 = false;
    for (const auto &peer : server.peers()) {
        for (const WireFrame &f : RawWsServer::framesOf(*peer))
            closedWith1001 |= f.opcode == WireFrame::Close && WireFrame::closeCode(f.payload) == 1001;
    }
    QVERIFY(closedWith1001);
}

std::unique_ptr<TestServer> TestLoadEngine::startTlsServer()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return nullptr;
    const QString cert = m_certificates.filePath(QStringLiteral("cert.pem"));
    const QString key = m_certificates.filePath(QStringLiteral("key.pem"));
    if (!QFile::exists(cert)) {
        QProcess make;
        make.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                             QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                             QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                             QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"), QStringLiteral("-keyout"), key,
                             QStringLiteral("-out"), cert});
        if (!make.waitForFinished(60000) || make.exitCode() != 0)
            return nullptr;
    }
    ServerConfig config;
    config.tlsCertPath = cert;
    config.tlsKeyPath = key;
    auto server = std::make_unique<TestServer>(config);
    return server->started() ? std::move(server) : nullptr;
}

void TestLoadEngine::wssEchoWithInsecure()
{
    const auto server = startTlsServer();
    if (!server)
        QSKIP("no openssl tool to make a test certificate");
    LoadConfig config;
    config.url = QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(server->port()));
    config.insecureTls = true;
    config.connections = 20;
    config.window = 2;
    config.durationSec = 1.5;
    LoadEngine engine;
    const RunSummary s = runToEnd(engine, config);
    QCOMPARE(s.peakConnections, 20ULL);
    QCOMPARE(s.errors, 0ULL);
    QVERIFY(s.messagesReceived > 100);
    QTRY_COMPARE(server->engine().totals().messagesReceived, s.messagesSent);
}

void TestLoadEngine::selfSignedCertificateIsACountedFailure()
{
    const auto server = startTlsServer();
    if (!server)
        QSKIP("no openssl tool to make a test certificate");
    LoadConfig config;
    config.url = QUrl(QStringLiteral("wss://localhost:%1/ws").arg(server->port())); // a name: SNI and the host check
    config.scenario = LoadConfig::Scenario::Idle;
    config.connections = 3;
    config.durationSec = 5; // every handshake done well before the end, even under ASan on a busy machine
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, config, &samples);
    QCOMPARE(s.peakConnections, 0ULL);
    QCOMPARE(samples.last().errors.value(QStringLiteral("connect_tls_self_signed")), 3ULL);
}

QTEST_GUILESS_MAIN(TestLoadEngine)
#include "tst_loadengine.moc"
