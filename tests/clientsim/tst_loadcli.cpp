#include <jsonline.h>
#include <sessionfile.h>
#include <testserver.h>

#include <QProcess>
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

QTEST_GUILESS_MAIN(TestLoadCli)
#include "tst_loadcli.moc"
