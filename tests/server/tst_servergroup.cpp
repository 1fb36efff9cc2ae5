#include <jsonline.h>
#include <redistestserver.h>
#include <testserver.h>

#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
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
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    quint16 m_metricsPort = 0;
};

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QStringList groupArgs(quint16 port)
{
    return {QStringLiteral("--port"), QString::number(port), QStringLiteral("--reuseport"), QStringLiteral("--metrics-port"),
            QStringLiteral("0")};
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
    // Guards ReusePortListener's reason to exist: plain QTcpServer::listen() cannot share a port.
    const quint16 port = freePort();
    ServerProcess a;
    QVERIFY(a.start(groupArgs(port)));
    QProcess plain;
    plain.start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--port"), QString::number(port)});
    QVERIFY(plain.waitForFinished(10000));
    QCOMPARE(plain.exitCode(), 1);
    QVERIFY(plain.readAllStandardError().contains("cannot listen"));
}

QTEST_GUILESS_MAIN(TestServerGroup)
#include "tst_servergroup.moc"
