#include <jsonline.h>
#include <rawwsclient.h>
#include <redistestserver.h>
#include <testserver.h>

#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <csignal>
#include <list>
#include <memory>

// A server group as users run it: socketscope-server processes sharing one port (--reuseport),
// each scraped on its own --metrics-port, with a real redis-server as their broadcast bus.
class TestServerGroup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoProcessesShareOnePortAndConnectionsLandOnBoth();
    void withoutReuseportTheSecondProcessCannotListen();
    void aBroadcastReachesSubscribersOnBothProcessesExactlyOnce();
    void redisStoppedAndStartedLocalDeliveryGoesOnDegradedThenHealthy();
    void aRestartClosesClientsWith1012();
    void aFullMemberLeavesThePortGroupAndRejoinsWithRoom();

private:
    std::unique_ptr<RedisTestServer> m_redis;
};

namespace {

// One socketscope-server child; its URLs come from the ready line (--json).
class ServerProcess
{
public:
    bool start(const QStringList &args)
    {
        m_process.start(QStringLiteral(SERVER_BINARY), args + QStringList{QStringLiteral("--json"), QStringLiteral("--workers"),
                                                                          QStringLiteral("2"), QStringLiteral("--duration"),
                                                                          QStringLiteral("120")});
        QByteArray line;
        const bool ready = QTest::qWaitFor([&] {
            if (m_process.canReadLine())
                line = m_process.readLine();
            return !line.isEmpty() || m_process.state() == QProcess::NotRunning;
        }, 10000);
        const JsonLine parsed = JsonLine::parse(line.trimmed());
        if (!ready || parsed.kind != JsonLine::Kind::Ready)
            return false;
        m_metricsPort = quint16(QUrl(parsed.object.value(QLatin1String("processMetrics")).toString()).port());
        return true;
    }
    ~ServerProcess()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(6000))
            m_process.kill();
    }
    // A series of this process alone, from its own metrics port.
    double metric(const QByteArray &name) const
    {
        const QByteArray body = httpGet(m_metricsPort, "/metrics");
        const QRegularExpression line(QStringLiteral("^%1 (\\S+)$").arg(QString::fromLatin1(name)), QRegularExpression::MultilineOption);
        const auto m = line.match(QString::fromUtf8(body));
        return m.hasMatch() ? m.captured(1).toDouble() : -1;
    }
    QByteArray health() const { return httpGet(m_metricsPort, "/healthz"); }
    // Everything it printed on stdout since the ready line (samples and events).
    QByteArray output() { return m_output += m_process.readAllStandardOutput(); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    quint16 m_metricsPort = 0;
    QByteArray m_output;
};

// Subscribers on /broadcast of the group's shared port, with every text message each one got.
class Subscribers
{
public:
    Subscribers(quint16 port, int count)
    {
        for (int i = 0; i < count; ++i) {
            auto socket = std::make_unique<QWebSocket>();
            m_received.emplace_back();
            QObject::connect(socket.get(), &QWebSocket::textMessageReceived,
                             [list = &m_received.back()](const QString &m) { list->append(m); });
            socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/broadcast").arg(port)));
            m_sockets.push_back(std::move(socket));
        }
    }
    bool allConnected() const
    {
        return std::all_of(m_sockets.begin(), m_sockets.end(), [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; });
    }
    void publish(int from, const QString &message) { m_sockets[size_t(from)]->sendTextMessage(message); }
    int countReceiving(const QString &message) const
    {
        return int(std::count_if(m_received.begin(), m_received.end(), [&](const QStringList &l) { return l.contains(message); }));
    }
    // How many got the message more than once.
    int duplicates(const QString &message) const
    {
        return int(std::count_if(m_received.begin(), m_received.end(), [&](const QStringList &l) { return l.count(message) > 1; }));
    }
    int size() const { return int(m_sockets.size()); }

private:
    std::vector<std::unique_ptr<QWebSocket>> m_sockets;
    std::list<QStringList> m_received; // stable addresses for the lambdas
};

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QStringList groupArgs(quint16 port, const QUrl &bus = {})
{
    QStringList args{QStringLiteral("--port"), QString::number(port), QStringLiteral("--reuseport"), QStringLiteral("--metrics-port"),
                     QStringLiteral("0")};
    if (!bus.isEmpty())
        args << QStringLiteral("--broadcast-bus") << bus.toString();
    return args;
}

} // namespace

void TestServerGroup::initTestCase()
{
    m_redis = std::make_unique<RedisTestServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
}

void TestServerGroup::twoProcessesShareOnePortAndConnectionsLandOnBoth()
{
    const quint16 port = freePort();
    ServerProcess a, b;
    QVERIFY(a.start(groupArgs(port)));
    QVERIFY(b.start(groupArgs(port)));
    // The kernel picks a member by a hash of each connection's addresses: 40 connections from
    // 40 source ports all landing on one member would take odds of 2^-39.
    std::vector<std::unique_ptr<QWebSocket>> clients;
    for (int i = 0; i < 40; ++i) {
        clients.push_back(std::make_unique<QWebSocket>());
        clients.back()->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(),
                                         [](const auto &c) { return c->state() == QAbstractSocket::ConnectedState; }),
                             10000);
    QTRY_COMPARE(a.metric("socketscope_connections") + b.metric("socketscope_connections"), 40.0);
    QVERIFY(a.metric("socketscope_connections") > 0);
    QVERIFY(b.metric("socketscope_connections") > 0);
    QVERIFY(a.health().endsWith("ok\n"));
}

void TestServerGroup::withoutReuseportTheSecondProcessCannotListen()
{
    // Without SO_REUSEPORT (--reuseport) a second process cannot share the port.
    const quint16 port = freePort();
    ServerProcess a;
    QVERIFY(a.start(groupArgs(port)));
    QProcess plain;
    plain.start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--port"), QString::number(port)});
    QVERIFY(plain.waitForFinished(10000));
    QCOMPARE(plain.exitCode(), 1);
    QVERIFY(plain.readAllStandardError().contains("cannot listen"));
}

void TestServerGroup::aBroadcastReachesSubscribersOnBothProcessesExactlyOnce()
{
    const quint16 port = freePort();
    const QUrl bus = m_redis->busUrl(QStringLiteral("once"));
    ServerProcess a, b;
    QVERIFY(a.start(groupArgs(port, bus)));
    QVERIFY(b.start(groupArgs(port, bus)));
    QTRY_VERIFY(a.metric("socketscope_bus_up") == 1 && b.metric("socketscope_bus_up") == 1);
    Subscribers subscribers(port, 30);
    QTRY_VERIFY_WITH_TIMEOUT(subscribers.allConnected(), 10000);
    QTRY_COMPARE(a.metric("socketscope_broadcast_subscribers") + b.metric("socketscope_broadcast_subscribers"), 30.0);
    QVERIFY(a.metric("socketscope_broadcast_subscribers") > 0 && b.metric("socketscope_broadcast_subscribers") > 0);

    for (int from : {0, 7, 19}) {
        const QString message = QStringLiteral("hello from subscriber %1").arg(from);
        subscribers.publish(from, message);
        QTRY_COMPARE(subscribers.countReceiving(message), 30); // the publisher included, as on one process
    }
    // A later broadcast from each process has arrived everywhere: any duplicate of the earlier ones would have too.
    subscribers.publish(0, QStringLiteral("barrier 0"));
    subscribers.publish(19, QStringLiteral("barrier 19"));
    QTRY_VERIFY(subscribers.countReceiving(QStringLiteral("barrier 0")) == 30 && subscribers.countReceiving(QStringLiteral("barrier 19")) == 30);
    for (int from : {0, 7, 19})
        QCOMPARE(subscribers.duplicates(QStringLiteral("hello from subscriber %1").arg(from)), 0);
    QCOMPARE(a.metric("socketscope_bus_published_total") + b.metric("socketscope_bus_published_total"), 5.0);
    QCOMPARE(a.metric("socketscope_bus_received_total") + b.metric("socketscope_bus_received_total"), 5.0);
    QCOMPARE(a.metric("socketscope_bus_own_skipped_total") + b.metric("socketscope_bus_own_skipped_total"), 5.0);
}

void TestServerGroup::redisStoppedAndStartedLocalDeliveryGoesOnDegradedThenHealthy()
{
    const quint16 port = freePort();
    const QUrl bus = m_redis->busUrl(QStringLiteral("faults"));
    ServerProcess a, b;
    QVERIFY(a.start(groupArgs(port, bus)));
    QVERIFY(b.start(groupArgs(port, bus)));
    QTRY_VERIFY(a.health().endsWith("ok\n") && b.health().endsWith("ok\n"));
    Subscribers subscribers(port, 20);
    QTRY_VERIFY_WITH_TIMEOUT(subscribers.allConnected(), 10000);
    QTRY_COMPARE(a.metric("socketscope_broadcast_subscribers") + b.metric("socketscope_broadcast_subscribers"), 20.0);
    const double onA = a.metric("socketscope_broadcast_subscribers");
    const double onB = b.metric("socketscope_broadcast_subscribers");

    m_redis->stop();
    QTRY_VERIFY(a.health().contains("degraded") && b.health().contains("degraded"));
    QTRY_VERIFY(a.output().contains("\"bus_degraded\""));
    subscribers.publish(3, QStringLiteral("while redis is down"));
    // Its own process still delivers: exactly the subscribers of one of the two.
    QTRY_VERIFY(subscribers.countReceiving(QStringLiteral("while redis is down")) > 0);
    QTest::qWait(300); // what could still arrive from the other process (nothing should)
    const int reached = subscribers.countReceiving(QStringLiteral("while redis is down"));
    QVERIFY2(reached == int(onA) || reached == int(onB), qPrintable(QStringLiteral("%1 of %2 + %3").arg(reached).arg(onA).arg(onB)));
    QTRY_COMPARE(a.metric("socketscope_bus_unrelayed_total") + b.metric("socketscope_bus_unrelayed_total"), 1.0);
    QVERIFY(a.metric("socketscope_bus_errors_total") >= 1 && b.metric("socketscope_bus_errors_total") >= 1);
    QCOMPARE(a.metric("socketscope_bus_up"), 0.0);

    QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
    QTRY_VERIFY_WITH_TIMEOUT(a.health().endsWith("ok\n") && b.health().endsWith("ok\n"), 15000); // backoff is at most 5 s
    QTRY_VERIFY(a.output().contains("\"bus_healthy\""));
    subscribers.publish(3, QStringLiteral("redis is back"));
    QTRY_COMPARE(subscribers.countReceiving(QStringLiteral("redis is back")), 20);
    QVERIFY(a.metric("socketscope_bus_reconnects_total") >= 1);
}

void TestServerGroup::aRestartClosesClientsWith1012()
{
    // SIGHUP is how bench/scale rolls a group: clients are told to come back (1012), not to go away.
    const quint16 port = freePort();
    ServerProcess a;
    QVERIFY(a.start(groupArgs(port)));
    RawWsClient client;
    QVERIFY(client.handshake(port, "/ws"));
    ::kill(pid_t(a.process().processId()), SIGHUP);
    RawWsClient::Frame frame;
    QVERIFY(client.readFrame(&frame, 10000));
    QCOMPARE(RawWsClient::closeCode(frame), 1012);
    QTRY_COMPARE_WITH_TIMEOUT(a.process().state(), QProcess::NotRunning, 10000); // may have exited while we read
    QCOMPARE(a.process().exitCode(), 0);
}

void TestServerGroup::aFullMemberLeavesThePortGroupAndRejoinsWithRoom()
{
    // The kernel's hash is blind to load: a full member stays out of it, so nobody gets 503
    // while another member has room.
    const quint16 port = freePort();
    ServerProcess full, roomy;
    QVERIFY(full.start(groupArgs(port) << QStringLiteral("--max-connections") << QStringLiteral("5")));
    QVERIFY(roomy.start(groupArgs(port)));
    auto openOneByOne = [port](std::vector<std::unique_ptr<QWebSocket>> &clients, int count) {
        for (int i = 0; i < count; ++i) { // one at a time: each lands after the last one's accept
            clients.push_back(std::make_unique<QWebSocket>());
            clients.back()->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
            if (!QTest::qWaitFor([&] { return clients.back()->state() == QAbstractSocket::ConnectedState; }, 5000)) {
                qWarning() << "client" << i << clients.back()->errorString();
                return false;
            }
        }
        return true;
    };
    std::vector<std::unique_ptr<QWebSocket>> clients;
    QVERIFY(openOneByOne(clients, 40)); // 5 or fewer of 40 on one member by its hash: odds of 1e-7
    QTRY_COMPARE(full.metric("socketscope_connections"), 5.0);
    QTRY_COMPARE(roomy.metric("socketscope_connections"), 35.0);
    QCOMPARE(full.metric("socketscope_port_group_left"), 1.0);
    QTRY_VERIFY(full.output().contains("\"port_group_left\""));

    clients.clear(); // the full member is empty again: it rejoins and gets its share
    QTRY_COMPARE(full.metric("socketscope_port_group_left"), 0.0);
    QTRY_VERIFY(full.output().contains("\"port_group_rejoined\""));
    QVERIFY(openOneByOne(clients, 20));
    QTRY_COMPARE(full.metric("socketscope_connections") + roomy.metric("socketscope_connections"), 20.0);
    QVERIFY(full.metric("socketscope_connections") > 0);
    const bool fullAgain = full.metric("socketscope_connections") == 5;
    QCOMPARE(full.metric("socketscope_port_group_leaves_total"), fullAgain ? 2.0 : 1.0);
}

QTEST_GUILESS_MAIN(TestServerGroup)
#include "tst_servergroup.moc"
