#include <jsonline.h>
#include <metricsample.h>

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

class TestServerCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badUsageExits2_data();
    void badUsageExits2();
    void helpListsEveryFlag();
    void sigtermClosesClientsWith1001AndExits0();
};

void TestServerCli::badUsageExits2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--bogus")};
    QTest::newRow("port not a number") << QStringList{QStringLiteral("--port"), QStringLiteral("eighty")};
    QTest::newRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")};
    QTest::newRow("fractional workers") << QStringList{QStringLiteral("--workers"), QStringLiteral("1.5")};
    QTest::newRow("timeout not above interval")
        << QStringList{QStringLiteral("--ping-interval"), QStringLiteral("10"), QStringLiteral("--ping-timeout"), QStringLiteral("5")};
    QTest::newRow("cert without key") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("/etc/hostname")};
    QTest::newRow("bad address") << QStringList{QStringLiteral("--listen"), QStringLiteral("localhost.nowhere")};
    QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")};
    QTest::newRow("bus not redis") << QStringList{QStringLiteral("--broadcast-bus"), QStringLiteral("http://127.0.0.1:6379/x")};
    QTest::newRow("bus without channel") << QStringList{QStringLiteral("--broadcast-bus"), QStringLiteral("redis://127.0.0.1:6379")};
    QTest::newRow("metrics port out of range") << QStringList{QStringLiteral("--metrics-port"), QStringLiteral("70000")};
    QTest::newRow("metrics on the listening port")
        << QStringList{QStringLiteral("--port"), QStringLiteral("8080"), QStringLiteral("--metrics-port"), QStringLiteral("8080")};
}

void TestServerCli::badUsageExits2()
{
    QFETCH(QStringList, args);
    QProcess server;
    server.start(QStringLiteral(SERVER_BINARY), args);
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitCode(), 2);
    const QByteArray err = server.readAllStandardError();
    QVERIFY2(err.startsWith("socketscope-server: ") && err.count('\n') == 1, err.constData());
}

void TestServerCli::helpListsEveryFlag()
{
    QProcess server;
    server.start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--help")});
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitCode(), 0);
    const QByteArray help = server.readAllStandardOutput();
    for (const char *flag : {"--listen", "--port", "--workers", "--backlog", "--ping-interval", "--ping-timeout",
                             "--handshake-timeout", "--max-connections", "--max-message-bytes", "--max-pending-bytes",
                             "--allowed-origins", "--token", "--tls-cert", "--tls-key", "--json", "--duration",
                             "--reuseport", "--metrics-port", "--broadcast-bus", "--bus-queue"})
        QVERIFY2(help.contains(flag), flag);
}

void TestServerCli::sigtermClosesClientsWith1001AndExits0()
{
    QProcess server;
    server.start(QStringLiteral(SERVER_BINARY), {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--json")});
    QByteArray err;
    const QRegularExpression listening(QStringLiteral("listening on ws://127\\.0\\.0\\.1:(\\d+)/ws"));
    QRegularExpressionMatch match;
    QTRY_VERIFY_WITH_TIMEOUT((err += server.readAllStandardError(), match = listening.match(QString::fromUtf8(err))).hasMatch(), 5000);
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(match.captured(1)));

    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    client.open(url);
    QVERIFY(connected.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 3000); // a sample line, once a second

    const qint64 pid = server.processId();
    server.terminate(); // SIGTERM
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);

    const QList<QByteArray> lines = server.readAllStandardOutput().trimmed().split('\n');
    // First its URLs (the console starts it on port 0), then one sample a second.
    const JsonLine ready = JsonLine::parse(lines.constFirst());
    QCOMPARE(ready.kind, JsonLine::Kind::Ready);
    QVERIFY(ready.object.value(QLatin1String("echo")).toString().endsWith(QLatin1String("/ws")));
    QCOMPARE(qint64(ready.object.value(QLatin1String("pid")).toDouble()), pid);
    int samples = 0;
    for (const QByteArray &line : lines.mid(1)) {
        const JsonLine parsed = JsonLine::parse(line);
        QVERIFY2(parsed.kind == JsonLine::Kind::Sample, qPrintable(parsed.error + QLatin1String(": ") + QString::fromUtf8(line)));
        QCOMPARE(parsed.sample.source, QStringLiteral("server"));
        ++samples;
    }
    QVERIFY(samples >= 1);
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
