#include <jsonline.h>
#include <sessionfile.h>
#include <testserver.h>

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
    void everyClientComesBackAfterAServerRestart();

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
    // The real thing: socketscope-server restarted gracefully (SIGUSR1: every client gets 1012,
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
    ::kill(pid_t(first.processId()), SIGUSR1);
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

QTEST_GUILESS_MAIN(TestLoadCli)
#include "tst_loadcli.moc"
