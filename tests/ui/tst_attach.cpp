// Attach mode against a raw peer the console did not start: Node's `ws` with a /metrics page of its
// own names, watched through its PID. Skipped where Node or its ws module is missing.
#include "consolerig.h"

#include <runcharts.h>
#include <runconfig.h>
#include <timeserieschart.h>

#include <QJsonDocument>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>

class TestAttach : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void chartsTheTargetsOwnSeries();

private:
    QProcess m_peer;
    QJsonObject m_where; // {"port": N, "pid": P}
};

void TestAttach::initTestCase()
{
    ConsoleRig::initTestCase();
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not installed (Debian: nodejs, node-ws)");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), QStringLiteral("/usr/share/nodejs"));
    m_peer.setProcessEnvironment(env);
    m_peer.start(node, {QStringLiteral(PEERS_DIR "/metricspeer.js")});
    if (!m_peer.waitForReadyRead(20000))
        QSKIP(qPrintable(QStringLiteral("the Node peer did not start (is node-ws installed?): ") + QString::fromLocal8Bit(m_peer.readAllStandardError())));
    m_where = QJsonDocument::fromJson(m_peer.readLine()).object();
    QVERIFY(m_where.value(QLatin1String("port")).toInt() > 0);
}

void TestAttach::cleanupTestCase()
{
    if (m_peer.state() != QProcess::NotRunning) {
        m_peer.terminate();
        m_peer.waitForFinished(5000);
    }
}

void TestAttach::chartsTheTargetsOwnSeries()
{
    const QString base = QStringLiteral("127.0.0.1:%1").arg(m_where.value(QLatin1String("port")).toInt());
    const QString pid = QString::number(m_where.value(QLatin1String("pid")).toInt());
    MainWindow window;
    window.setHeadless(true);
    ConsoleRig::configureSmallRun(window, 4);
    QJsonObject server = window.serverPanel()->toJson();
    server.insert(QStringLiteral("mode"), QStringLiteral("attach"));
    server.insert(QStringLiteral("attachUrl"), QStringLiteral("ws://%1/ws").arg(base));
    server.insert(QStringLiteral("attachPid"), pid);
    server.insert(QStringLiteral("attachMetricsUrl"), QStringLiteral("http://%1/metrics").arg(base));
    window.serverPanel()->fromJson(server);
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("startServerButton"))->isEnabled()); // nothing to start

    QVERIFY(ConsoleRig::runToEnd(window)); // only the load runs
    const Session &session = window.sessionModel()->session();
    QVERIFY(!session.samples.isEmpty());

    // The session keeps where the server was and how it was watched.
    const RunConfig config = RunConfig::of(session);
    QVERIFY(config.attached);
    QCOMPARE(config.targetUrl, QStringLiteral("ws://%1/ws").arg(base));
    QCOMPARE(QString::number(config.targetPid), pid);
    QCOMPARE(config.metricsUrl, QStringLiteral("http://%1/metrics").arg(base));
    QVERIFY(config.serverIdleRssBytes > 0);

    // The server's side, from its /metrics by what the names say and from /proc by its PID.
    RunCharts *charts = window.charts();
    double receivedPeak = 0, openPeak = 0;
    QVERIFY(charts->rateChart()->pointCount(QStringLiteral("target received/s")) > 0);
    QVERIFY(charts->connectionsChart()->pointCount(QStringLiteral("target open")) > 0);
    for (const MetricSample &s : session.samples) {
        receivedPeak = qMax(receivedPeak, s.target.value(QStringLiteral("app_ws_messages_received_total")));
        openPeak = qMax(openPeak, s.target.value(QStringLiteral("app_ws_connections_open")));
    }
    QVERIFY(receivedPeak > 0);
    QCOMPARE(openPeak, 120.0);
    QVERIFY(charts->memoryChart()->lastPoint(QStringLiteral("target RSS")).y() > 1);
    QVERIFY(charts->memoryChart()->pointCount(QStringLiteral("target KiB/connection")) > 0);
    QVERIFY(charts->cpuChart()->pointCount(QStringLiteral("target CPU")) > 0);
    QVERIFY(charts->cpuChart()->pointCount(QStringLiteral("target threads")) > 0);
    QVERIFY(charts->connectionsChart()->pointCount(QStringLiteral("target open files")) > 0);
    // Titles follow the mode: no "server worker thread" for a server we did not start.
    QVERIFY(!charts->connectionsChart()->chart()->title().contains(QLatin1String("worker")));
    QVERIFY(charts->memoryChart()->chart()->title().contains(QLatin1String("target")));
}

QTEST_MAIN(TestAttach)
#include "tst_attach.moc"
