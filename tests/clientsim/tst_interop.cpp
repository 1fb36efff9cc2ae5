// The load engine's client against real servers: socketscope-server, Node's `ws` and Gin + gorilla
// (bench/peers/), each started as a child process with server pings every second. A peer whose tool
// is missing (node and node-ws, or go with Debian's gin and gorilla packages) is skipped, saying so.
#include <loadengine.h>

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

class TestInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scenarios_data();
    void scenarios();
};

namespace {

constexpr int kConnections = 40;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool waitForPort(quint16 port)
{
    return QTest::qWaitFor([port] {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(200);
    }, 20000);
}

// The Gin + gorilla peer, built once into the build tree from Debian's Go packages.
QString ginBinary(QString *whyNot)
{
    const QString binary = QStringLiteral(BUILD_DIR "/peers/gin-ws");
    if (QFile::exists(binary))
        return binary;
    const QString go = QStandardPaths::findExecutable(QStringLiteral("go"));
    if (go.isEmpty() || !QFile::exists(QStringLiteral("/usr/share/gocode/src/github.com/gin-gonic/gin"))) {
        *whyNot = QStringLiteral("go or Debian's golang-github-gin-gonic-gin-dev is missing");
        return {};
    }
    QDir().mkpath(QStringLiteral(BUILD_DIR "/peers"));
    QProcess build;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GO111MODULE"), QStringLiteral("off"));
    env.insert(QStringLiteral("GOPATH"), QStringLiteral("/usr/share/gocode"));
    env.insert(QStringLiteral("GOCACHE"), QStringLiteral(BUILD_DIR "/go-cache"));
    build.setProcessEnvironment(env);
    build.start(go, {QStringLiteral("build"), QStringLiteral("-o"), binary, QStringLiteral(SOURCE_DIR "/bench/peers/gin/main.go")});
    if (!build.waitForFinished(240000) || build.exitCode() != 0) {
        *whyNot = QStringLiteral("go build of bench/peers/gin failed: ") + QString::fromLocal8Bit(build.readAllStandardError());
        return {};
    }
    return binary;
}

// Starts the named peer on a free port with pings every second; empty *whyNot when it runs.
std::unique_ptr<QProcess> startPeer(const QString &peer, quint16 *port, QString *whyNot)
{
    *port = freePort();
    auto process = std::make_unique<QProcess>();
    if (peer == QLatin1String("socketscope")) {
        process->start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--port"), QString::number(*port), QStringLiteral("--workers"),
                                                      QStringLiteral("2"), QStringLiteral("--ping-interval"), QStringLiteral("1")});
    } else if (peer == QLatin1String("node ws")) {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty() || !QFile::exists(QStringLiteral("/usr/share/nodejs/ws"))) {
            *whyNot = QStringLiteral("node or Debian's node-ws is missing");
            return nullptr;
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), QStringLiteral("/usr/share/nodejs"));
        process->setProcessEnvironment(env);
        process->start(node, {QStringLiteral(SOURCE_DIR "/bench/peers/node/server.js"), QStringLiteral("127.0.0.1:%1").arg(*port),
                              QStringLiteral("1")});
    } else {
        const QString gin = ginBinary(whyNot);
        if (gin.isEmpty())
            return nullptr;
        process->start(gin, {QStringLiteral("-addr"), QStringLiteral("127.0.0.1:%1").arg(*port), QStringLiteral("-ping"), QStringLiteral("1s")});
    }
    if (!process->waitForStarted(10000) || !waitForPort(*port)) {
        *whyNot = QStringLiteral("%1 did not start").arg(peer);
        return nullptr;
    }
    return process;
}

} // namespace

void TestInterop::scenarios_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<int>("scenario");
    QTest::addColumn<bool>("binary");
    for (const QString &peer : {QStringLiteral("socketscope"), QStringLiteral("node ws"), QStringLiteral("gin gorilla")}) {
        QTest::newRow(qPrintable(peer + QStringLiteral(": echo text"))) << peer << int(LoadConfig::Scenario::Echo) << false;
        QTest::newRow(qPrintable(peer + QStringLiteral(": echo binary"))) << peer << int(LoadConfig::Scenario::Echo) << true;
        QTest::newRow(qPrintable(peer + QStringLiteral(": broadcast"))) << peer << int(LoadConfig::Scenario::Broadcast) << false;
        // The server pings every second and drops a client that does not answer: 3 s idle proves the pongs.
        QTest::newRow(qPrintable(peer + QStringLiteral(": idle with pings both ways"))) << peer << int(LoadConfig::Scenario::Idle) << false;
    }
}

void TestInterop::scenarios()
{
    QFETCH(QString, peer);
    QFETCH(int, scenario);
    QFETCH(bool, binary);
    quint16 port = 0;
    QString whyNot;
    const auto process = startPeer(peer, &port, &whyNot);
    if (!process)
        QSKIP(qPrintable(whyNot));
    LoadConfig config;
    config.scenario = LoadConfig::Scenario(scenario);
    const bool broadcast = config.scenario == LoadConfig::Scenario::Broadcast;
    config.url = QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(broadcast ? QStringLiteral("/broadcast") : QStringLiteral("/ws")));
    config.connections = kConnections;
    config.binary = binary;
    config.sizeBytes = 100;
    config.window = 2;
    config.ratePerSec = broadcast ? 50 : 0;
    config.publishers = 2;
    config.pingIntervalSec = 0.5;
    config.durationSec = config.scenario == LoadConfig::Scenario::Idle ? 3 : 1.5;
    LoadEngine engine;
    QVector<MetricSample> samples;
    connect(&engine, &LoadEngine::sampleReady, this, [&samples](const MetricSample &s) { samples.append(s); });
    QSignalSpy finished(&engine, &LoadEngine::finished);
    QVERIFY(engine.start(config));
    QVERIFY(finished.wait(30000));
    process->terminate();
    process->waitForFinished(5000);

    const RunSummary s = engine.summary();
    QVERIFY2(s.errors == 0, QJsonDocument(samples.last().toJson()).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(s.peakConnections, quint64(kConnections));
    QCOMPARE(samples.last().closeCodes.value(1000), quint64(kConnections)); // every close handshake completed
    QCOMPARE(s.messagesUnmatched, 0ULL);
    if (config.scenario == LoadConfig::Scenario::Echo) {
        QVERIFY(s.messagesReceived > quint64(kConnections));
        QVERIFY(s.messagesSent - s.messagesReceived <= quint64(kConnections * config.window));
    } else if (broadcast) {
        QVERIFY(s.messagesReceived > quint64(kConnections)); // deliveries, in order per publisher (errors 0)
    } else {
        QVERIFY(s.p50Ms > 0); // our pings answered
    }
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
