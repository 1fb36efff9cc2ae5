#include <jsonline.h>
#include <runsummary.h>
#include <sessionfile.h>
#include <testserver.h>

#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QTcpServer>

#include <csignal>
#include <QTemporaryDir>

#include <sys/resource.h>

class TestLoadCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badUsageExits2_data();
    void badUsageExits2();
    void thresholdsDecideTheExitCode_data();
    void thresholdsDecideTheExitCode();
    void writesALoadableSessionFile();
    void sendsTheSessionDownStdoutAndStopsWhenStdinCloses();
    void everyClientComesBackAfterAServerRestart();
    void mergesAgentsFilesAndChecksThresholdsAgain();
    void startsAtTheGivenWallClockAndServesMetrics();
    void shardedAgentsShareOneBroadcastRun();

private:
    // Waits with the event loop running: the in-process server must keep accepting.
    int run(QProcess &process, const QStringList &args);
    std::unique_ptr<TestServer> m_server;
};

void TestLoadCli::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->started());
}

int TestLoadCli::run(QProcess &process, const QStringList &args)
{
    process.start(QStringLiteral(LOAD_BINARY), args);
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
        return -1;
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
}

void TestLoadCli::badUsageExits2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--bogus")} << QStringLiteral("bogus");
    QTest::newRow("not a ws url") << QStringList{QStringLiteral("http://127.0.0.1/")} << QStringLiteral("ws://");
    QTest::newRow("bad duration") << QStringList{QStringLiteral("-d"), QStringLiteral("ten")} << QStringLiteral("--duration");
    QTest::newRow("zero connections") << QStringList{QStringLiteral("-c"), QStringLiteral("0")} << QStringLiteral("--connections");
    QTest::newRow("unknown scenario") << QStringList{QStringLiteral("--scenario"), QStringLiteral("flood")} << QStringLiteral("--scenario");
    QTest::newRow("unknown threshold metric") << QStringList{QStringLiteral("--threshold"), QStringLiteral("p98<5ms")} << QStringLiteral("p98");
    QTest::newRow("malformed threshold") << QStringList{QStringLiteral("--threshold"), QStringLiteral("p99 fast")} << QStringLiteral("p99 fast");
    QTest::newRow("broadcast without rate") << QStringList{QStringLiteral("--scenario"), QStringLiteral("broadcast")} << QStringLiteral("--rate");
    QTest::newRow("text smaller than its stamp") << QStringList{QStringLiteral("--size"), QStringLiteral("16")} << QStringLiteral("size");
    QTest::newRow("bad source range") << QStringList{QStringLiteral("--source-addresses"), QStringLiteral("127.0.0.9-127.0.0.1")} << QStringLiteral("ascending");
    QTest::newRow("source address not an address") << QStringList{QStringLiteral("--source-addresses"), QStringLiteral("lo")} << QStringLiteral("--source-addresses");
    QTest::newRow("source addresses with a host name") << QStringList{QStringLiteral("ws://localhost:1/ws"), QStringLiteral("--source-addresses"), QStringLiteral("127.0.0.2")} << QStringLiteral("IP address in the URL");
    QTest::newRow("backoff without range") << QStringList{QStringLiteral("--reconnect-backoff"), QStringLiteral("5s")} << QStringLiteral("MIN..MAX");
    QTest::newRow("backoff max below min") << QStringList{QStringLiteral("--reconnect-backoff"), QStringLiteral("2s..1s")} << QStringLiteral("MIN..MAX");
    QTest::newRow("negative retries") << QStringList{QStringLiteral("--reconnect-retries"), QStringLiteral("-1")} << QStringLiteral("--reconnect-retries");
    QTest::newRow("zero handshake timeout") << QStringList{QStringLiteral("--handshake-timeout"), QStringLiteral("0")} << QStringLiteral("--handshake-timeout");
    QTest::newRow("start-at in seconds, not ms") << QStringList{QStringLiteral("--start-at"), QStringLiteral("1767225600")} << QStringLiteral("--start-at");
    QTest::newRow("metrics-listen without port") << QStringList{QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1")} << QStringLiteral("--metrics-listen");
    QTest::newRow("shard past the count") << QStringList{QStringLiteral("--shard"), QStringLiteral("3/2")} << QStringLiteral("K/N");
    QTest::newRow("shard with no connection") << QStringList{QStringLiteral("--shard"), QStringLiteral("5/6"), QStringLiteral("-c"), QStringLiteral("4")} << QStringLiteral("none of the 4");
    QTest::newRow("merge of one file") << QStringList{QStringLiteral("--merge"), QStringLiteral("a.json"), QStringLiteral("-o"), QStringLiteral("m.json")} << QStringLiteral("two or more");
    QTest::newRow("merge without -o") << QStringList{QStringLiteral("--merge"), QStringLiteral("a.json"), QStringLiteral("b.json")} << QStringLiteral("-o");
    QTest::newRow("more connections than files") << QStringList{QStringLiteral("-c"), QStringLiteral("5000000")} << QStringLiteral("ulimit");
}

void TestLoadCli::badUsageExits2()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QProcess load;
    // A hard open-file limit of its own, below 5,000,000 whatever this machine allows (unlimited
    // included): "more connections than files" must not depend on where the test runs.
    load.setChildProcessModifier([] {
        rlimit limit{};
        getrlimit(RLIMIT_NOFILE, &limit);
        limit.rlim_max = qMin<rlim_t>(limit.rlim_max, 65536);
        limit.rlim_cur = qMin(limit.rlim_cur, limit.rlim_max);
        setrlimit(RLIMIT_NOFILE, &limit);
    });
    QCOMPARE(run(load, args), 2);
    const QString err = QString::fromLocal8Bit(load.readAllStandardError());
    QVERIFY2(err.startsWith(QLatin1String("socketscope-load: ")) && err.contains(mentions), qPrintable(err));
    QVERIFY(load.readAllStandardOutput().isEmpty()); // nothing ran
}

void TestLoadCli::thresholdsDecideTheExitCode_data()
{
    QTest::addColumn<QString>("threshold");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("met") << QStringLiteral("connections>=5") << 0;
    QTest::newRow("missed latency") << QStringLiteral("p99<1us") << 3;
    QTest::newRow("missed rate") << QStringLiteral("rate>=100000000") << 3;
}

void TestLoadCli::thresholdsDecideTheExitCode()
{
    QFETCH(QString, threshold);
    QFETCH(int, exitCode);
    QProcess load;
    QCOMPARE(run(load, {m_server->url(QStringLiteral("/ws")).toString(), QStringLiteral("-c"), QStringLiteral("5"),
                        QStringLiteral("-d"), QStringLiteral("1s"), QStringLiteral("--threshold"), threshold}),
             exitCode);
    const QString report = QString::fromLocal8Bit(load.readAllStandardError());
    QVERIFY2(report.contains(threshold + QLatin1Char(':')), qPrintable(report));
}

void TestLoadCli::writesALoadableSessionFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QProcess load;
    QCOMPARE(run(load, {m_server->url(QStringLiteral("/ws")).toString(), QStringLiteral("-c"), QStringLiteral("4"),
                        QStringLiteral("-d"), QStringLiteral("2"), QStringLiteral("--out"), path,
                        QStringLiteral("--scrape"), QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_server->port())}),
             0);
    QString error;
    const auto session = SessionFile::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    QVERIFY(session->samples.size() >= 2);
    QCOMPARE(session->config.value(QStringLiteral("connections")).toInt(), 4);
    QVERIFY(session->summary.value(QStringLiteral("messagesReceived")).toDouble() > 0);
    // The scraped server figures ride along in each sample.
    QVERIFY(session->samples.first().target.contains(QStringLiteral("socketscope_connections")));
    // stdout (not a terminal) carried the same samples as JSON lines, and the summary last.
    const QList<QByteArray> lines = load.readAllStandardOutput().trimmed().split('\n');
    int samples = 0;
    for (const QByteArray &line : lines)
        samples += JsonLine::parse(line).kind == JsonLine::Kind::Sample;
    QCOMPARE(samples, session->samples.size());
    const JsonLine summary = JsonLine::parse(lines.constLast());
    QCOMPARE(summary.kind, JsonLine::Kind::Summary);
    QCOMPARE(summary.object, session->summary);
}

// What a console gets back from an agent it started through ssh: stdin closed stops the run
// gracefully (ssh passes on EOF, not SIGTERM), and the whole session comes as the last line.
void TestLoadCli::sendsTheSessionDownStdoutAndStopsWhenStdinCloses()
{
    QProcess load;
    load.start(QStringLiteral(LOAD_BINARY), {m_server->url(QStringLiteral("/ws")).toString(), QStringLiteral("-c"), QStringLiteral("3"),
                                             QStringLiteral("-d"), QStringLiteral("60"), QStringLiteral("--out"), QStringLiteral("-"),
                                             QStringLiteral("--stop-when-stdin-closes"), QStringLiteral("--threshold"),
                                             QStringLiteral("connections>=3")});
    QVERIFY(QTest::qWaitFor([&] { return load.readAllStandardOutput().count('\n') > 0 || load.state() == QProcess::NotRunning; }, 10000));
    load.closeWriteChannel();
    QVERIFY(QTest::qWaitFor([&] { return load.state() == QProcess::NotRunning; }, 15000));
    QCOMPARE(load.exitStatus(), QProcess::NormalExit);
    QCOMPARE(load.exitCode(), 0);
    const JsonLine last = JsonLine::parse(load.readAllStandardOutput().trimmed().split('\n').constLast());
    QCOMPARE(last.kind, JsonLine::Kind::Session);
    QCOMPARE(last.session.config.value(QLatin1String("connections")).toInt(), 3);
    QVERIFY(last.session.summary.value(QLatin1String("durationSec")).toDouble() < 30); // stopped, not run out
    QVERIFY(!last.session.samples.isEmpty());
    QVERIFY(!QDir::current().exists(QStringLiteral("-"))); // no file named "-"
}

namespace {

// socketscope-server on port; returns once it listens (its "ready" line).
bool startServer(QProcess &server, quint16 port)
{
    server.start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--json"), QStringLiteral("--port"), QString::number(port),
                                                QStringLiteral("--workers"), QStringLiteral("1"), QStringLiteral("--duration"), QStringLiteral("60")});
    return QTest::qWaitFor([&server] { return server.canReadLine() || server.state() == QProcess::NotRunning; }, 10000)
        && JsonLine::parse(server.readLine()).kind == JsonLine::Kind::Ready;
}

} // namespace

void TestLoadCli::everyClientComesBackAfterAServerRestart()
{
    // The real thing: socketscope-server restarted gracefully (SIGHUP: every client gets 1012,
    // Service Restart) and started again on the same port while socketscope-load --reconnect runs.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess first;
    QVERIFY(startServer(first, port));
    QProcess load;
    load.start(QStringLiteral(LOAD_BINARY), {QStringLiteral("ws://127.0.0.1:%1/ws").arg(port), QStringLiteral("--scenario"),
                                             QStringLiteral("idle"), QStringLiteral("-c"), QStringLiteral("20"), QStringLiteral("--reconnect"),
                                             QStringLiteral("--reconnect-retries"), QStringLiteral("30"), QStringLiteral("--reconnect-backoff"),
                                             QStringLiteral("0.2s..1s"), QStringLiteral("-d"), QStringLiteral("15"), QStringLiteral("--json")});
    // Restart once the server holds all 20 (its samples say so).
    QVERIFY(QTest::qWaitFor([&first] {
        while (first.canReadLine()) {
            const JsonLine line = JsonLine::parse(first.readLine());
            if (line.kind == JsonLine::Kind::Sample && line.sample.connections == 20)
                return true;
        }
        return false;
    }, 15000));
    ::kill(pid_t(first.processId()), SIGHUP);
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitCode(), 0);
    QProcess second;
    QVERIFY(startServer(second, port));
    QVERIFY(QTest::qWaitFor([&load] { return load.state() == QProcess::NotRunning; }, 40000));
    second.terminate();
    second.waitForFinished(10000);
    const QList<QByteArray> lines = load.readAllStandardOutput().trimmed().split('\n');
    const JsonLine summary = JsonLine::parse(lines.constLast());
    QCOMPARE(summary.kind, JsonLine::Kind::Summary);
    QCOMPARE(summary.object.value(QLatin1String("reconnects")).toInt(), 20);
    QCOMPARE(summary.object.value(QLatin1String("reconnectGiveUps")).toInt(), 0);
    const auto lastSample = std::find_if(lines.crbegin(), lines.crend(), [](const QByteArray &l) {
        return JsonLine::parse(l).kind == JsonLine::Kind::Sample;
    });
    QVERIFY(lastSample != lines.crend());
    QCOMPARE(JsonLine::parse(*lastSample).sample.closeCodes.value(1012), 20ULL);
    QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QByteArray &l) {
        const JsonLine line = JsonLine::parse(l);
        return line.kind == JsonLine::Kind::Event && line.event.kind == QLatin1String("reconnected")
            && line.event.message.startsWith(QLatin1String("20 connections back"));
    }));
}

void TestLoadCli::mergesAgentsFilesAndChecksThresholdsAgain()
{
    // Two real agents at the same time, as a sharded run would have them: one --start-at, so their
    // seconds overlap however late a busy machine starts the second process, and 4 s, so that whole
    // seconds with all six open exist even when a slow first handshake or the last, partial second
    // of one agent falls beside the other's.
    QTemporaryDir dir;
    QStringList files;
    std::vector<std::unique_ptr<QProcess>> agents;
    const QString startAt = QString::number(QDateTime::currentMSecsSinceEpoch() + 3000);
    for (int i = 0; i < 2; ++i) {
        files << dir.filePath(QStringLiteral("agent%1.json").arg(i));
        agents.push_back(std::make_unique<QProcess>());
        agents.back()->start(QStringLiteral(LOAD_BINARY), {m_server->url(QStringLiteral("/ws")).toString(), QStringLiteral("-c"),
                                                           QStringLiteral("3"), QStringLiteral("-d"), QStringLiteral("4"),
                                                           QStringLiteral("--start-at"), startAt, QStringLiteral("--quiet"),
                                                           QStringLiteral("-o"), files.last()});
    }
    for (auto &agent : agents) {
        QVERIFY(QTest::qWaitFor([&] { return agent->state() == QProcess::NotRunning; }, 30000));
        QCOMPARE(agent->exitCode(), 0);
    }
    const QString merged = dir.filePath(QStringLiteral("run.json"));
    QProcess merge;
    QCOMPARE(run(merge, QStringList{QStringLiteral("--merge")} + files
                            + QStringList{QStringLiteral("-o"), merged, QStringLiteral("--threshold"), QStringLiteral("connections>=6")}),
             0);
    QString error;
    const auto session = SessionFile::load(merged, &error);
    QVERIFY2(session, qPrintable(error));
    QCOMPARE(session->agents.size(), 2);
    QCOMPARE(session->config.value(QStringLiteral("connections")).toInt(), 6);
    quint64 received = 0;
    for (const QString &file : files)
        received += quint64(SessionFile::load(file, &error)->summary.value(QStringLiteral("messagesReceived")).toDouble());
    QCOMPARE(quint64(session->summary.value(QStringLiteral("messagesReceived")).toDouble()), received);
    QVERIFY(!session->summary.value(QStringLiteral("latencyHistogram")).toObject().isEmpty());

    QProcess failing;
    QCOMPARE(run(failing, QStringList{QStringLiteral("--merge")} + files
                              + QStringList{QStringLiteral("-o"), merged, QStringLiteral("--threshold"), QStringLiteral("p99<1us")}),
             3);
    QVERIFY(QString::fromLocal8Bit(failing.readAllStandardOutput() + failing.readAllStandardError()).contains(QLatin1String("p99<1us: ")));

    QFile damaged(files.first());
    QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
    damaged.write("{\"format\":\"socketscope-session\",\"ver");
    damaged.close();
    QProcess refused;
    QCOMPARE(run(refused, QStringList{QStringLiteral("--merge")} + files + QStringList{QStringLiteral("-o"), merged}), 2);
    const QString err = QString::fromLocal8Bit(refused.readAllStandardError());
    QVERIFY2(err.contains(files.first()) && err.contains(QLatin1String("truncated")), qPrintable(err));
}

void TestLoadCli::startsAtTheGivenWallClockAndServesMetrics()
{
    quint16 metricsPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        metricsPort = probe.serverPort();
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    const qint64 startAt = QDateTime::currentMSecsSinceEpoch() + 1500;
    QProcess load;
    load.start(QStringLiteral(LOAD_BINARY), {m_server->url(QStringLiteral("/ws")).toString(), QStringLiteral("-c"), QStringLiteral("3"),
                                             QStringLiteral("-d"), QStringLiteral("3"), QStringLiteral("--quiet"),
                                             QStringLiteral("--start-at"), QString::number(startAt), QStringLiteral("--metrics-listen"),
                                             QStringLiteral("127.0.0.1:%1").arg(metricsPort), QStringLiteral("-o"), path});
    // Scraped while the run goes on: the histogram's +Inf bucket counts what was timed so far.
    QByteArray metrics;
    QTRY_VERIFY_WITH_TIMEOUT((metrics = httpGet(metricsPort, "/metrics")).contains("socketscope_load_latency_seconds_bucket{le=\"+Inf\"} ")
                                 && !metrics.contains("{le=\"+Inf\"} 0\n"),
                             15000);
    QVERIFY(httpGet(metricsPort, "/other").startsWith("HTTP/1.1 404"));
    QVERIFY(QTest::qWaitFor([&] { return load.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(load.exitCode(), 0);
    QString error;
    const auto session = SessionFile::load(path, &error);
    QVERIFY2(session, qPrintable(error));
    const MetricSample &first = session->samples.first();
    QVERIFY2(first.timestampMs - qint64(first.elapsedSec * 1000) >= startAt - 5, "the run began before --start-at");
}

void TestLoadCli::shardedAgentsShareOneBroadcastRun()
{
    // Two agents, one publisher each (global connections 0 and 1), six subscribers in all.
    QTemporaryDir dir;
    QStringList files;
    std::vector<std::unique_ptr<QProcess>> agents;
    const QString startAt = QString::number(QDateTime::currentMSecsSinceEpoch() + 1500); // together, whatever the load
    for (int k = 1; k <= 2; ++k) {
        files << dir.filePath(QStringLiteral("agent%1.json").arg(k));
        agents.push_back(std::make_unique<QProcess>());
        agents.back()->start(QStringLiteral(LOAD_BINARY),
                             {m_server->url(QStringLiteral("/broadcast")).toString(), QStringLiteral("--scenario"), QStringLiteral("broadcast"),
                              QStringLiteral("--rate"), QStringLiteral("40"), QStringLiteral("--publishers"), QStringLiteral("2"),
                              QStringLiteral("-c"), QStringLiteral("6"), QStringLiteral("--shard"), QStringLiteral("%1/2").arg(k),
                              QStringLiteral("-d"), QStringLiteral("2"), QStringLiteral("--start-at"), startAt, QStringLiteral("--quiet"),
                              QStringLiteral("-o"), files.last()});
    }
    QString error;
    for (int k = 0; k < 2; ++k) {
        QVERIFY(QTest::qWaitFor([&] { return agents[size_t(k)]->state() == QProcess::NotRunning; }, 30000));
        QCOMPARE(agents[size_t(k)]->exitCode(), 0);
        const auto session = SessionFile::load(files.at(k), &error);
        QVERIFY2(session, qPrintable(error));
        QCOMPARE(session->config.value(QStringLiteral("connections")).toInt(), 3);
        QCOMPARE(session->config.value(QStringLiteral("shardIndex")).toInt(), k + 1);
        QCOMPARE(session->summary.value(QStringLiteral("peakConnections")).toInt(), 3);
        const RunSummary summary = RunSummary::fromJson(session->summary);
        // Deliveries from the other agent's publisher count but are not timed: another clock.
        QVERIFY(summary.latencyHistogram.total() > 0);
        QVERIFY2(summary.latencyHistogram.total() < summary.messagesReceived,
                 qPrintable(QStringLiteral("%1 timed of %2").arg(summary.latencyHistogram.total()).arg(summary.messagesReceived)));
        const MetricSample &last = session->samples.last();
        QCOMPARE(last.errors.value(QStringLiteral("lost")), 0ULL);
        QCOMPARE(last.errors.value(QStringLiteral("duplicate_or_reordered")), 0ULL);
    }
    QProcess merge;
    const QString merged = dir.filePath(QStringLiteral("run.json"));
    QCOMPARE(run(merge, QStringList{QStringLiteral("--merge")} + files + QStringList{QStringLiteral("-o"), merged}), 0);
    const auto session = SessionFile::load(merged, &error);
    QVERIFY2(session, qPrintable(error));
    QCOMPARE(session->config.value(QStringLiteral("connections")).toInt(), 6);
    QCOMPARE(session->summary.value(QStringLiteral("peakConnections")).toInt(), 6);
}

QTEST_GUILESS_MAIN(TestLoadCli)
#include "tst_loadcli.moc"
