#include <testserver.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QWebSocket>

class TestMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exposesCountersAsPrometheusText();
    void healthz();
    void metricsPortAsksForTheMetricsToken();
};

namespace {

// Parses the exposition format strictly enough to catch a malformed line: "name{labels} value".
QHash<QString, double> parsePrometheus(const QByteArray &body, QString *error)
{
    static const QRegularExpression sample(
        QStringLiteral(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$)"));
    QHash<QString, double> values;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE "))
            continue;
        const auto m = sample.match(QString::fromUtf8(line));
        if (!m.hasMatch()) {
            *error = QStringLiteral("malformed line: ") + QString::fromUtf8(line);
            return {};
        }
        values.insert(m.captured(1) + m.captured(2), m.captured(4).toDouble());
    }
    return values;
}

} // namespace

void TestMetrics::exposesCountersAsPrometheusText()
{
    TestServer server;
    QVERIFY(server.started());
    QWebSocket a, b;
    QSignalSpy echoes(&a, &QWebSocket::textMessageReceived);
    QVERIFY(openAndWait(a, server.url(QStringLiteral("/ws"))));
    QVERIFY(openAndWait(b, server.url(QStringLiteral("/broadcast"))));
    QTRY_COMPARE_WITH_TIMEOUT(server.engine().totals().connections, 2ULL, 5000);
    for (int i = 0; i < 7; ++i)
        a.sendTextMessage(QStringLiteral("12345"));
    QTRY_COMPARE_WITH_TIMEOUT(echoes.size(), 7, 5000);

    const QByteArray response = httpGet(server.port(), "/metrics");
    QVERIFY(response.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(response.contains("Content-Type: text/plain; version=0.0.4"));
    QString error;
    const auto values = parsePrometheus(response.mid(response.indexOf("\r\n\r\n") + 4), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(values.value(QStringLiteral("socketscope_connections")), 2.0);
    QCOMPARE(values.value(QStringLiteral("socketscope_broadcast_subscribers")), 1.0);
    QCOMPARE(values.value(QStringLiteral("socketscope_messages_received_total")), 7.0);
    QCOMPARE(values.value(QStringLiteral("socketscope_messages_sent_total")), 7.0);
    QCOMPARE(values.value(QStringLiteral("socketscope_bytes_received_total")), 35.0);
    QCOMPARE(values.value(QStringLiteral("socketscope_worker_connections{worker=\"0\"}"))
                 + values.value(QStringLiteral("socketscope_worker_connections{worker=\"1\"}")),
             2.0);
    QVERIFY(values.value(QStringLiteral("process_resident_memory_bytes")) > 1e6);
    QVERIFY(values.contains(QStringLiteral("socketscope_errors_total{kind=\"heartbeat_timeout\"}")));
}

void TestMetrics::healthz()
{
    TestServer server;
    QVERIFY(server.started());
    const QByteArray response = httpGet(server.port(), "/healthz");
    QVERIFY(response.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(response.endsWith("\r\n\r\nok\n"));
    QVERIFY(httpGet(server.port(), "/nothing-here").startsWith("HTTP/1.1 404"));
}

// Regression: the separate --metrics-port answered anyone while the main port asked for --metrics-token.
void TestMetrics::metricsPortAsksForTheMetricsToken()
{
    ServerConfig config;
    config.metricsPort = 0;
    config.metricsToken = QStringLiteral("s3cret");
    TestServer server(config);
    QVERIFY(server.started());
    const quint16 port = server.engine().metricsPort();
    QVERIFY(port != 0);
    for (const char *path : {"/metrics", "/healthz", "/metrics?token=wrong"}) {
        const QByteArray refused = httpGet(port, path);
        QVERIFY2(refused.startsWith("HTTP/1.1 401"), path);
        QVERIFY(refused.contains("WWW-Authenticate: Bearer"));
    }
    QVERIFY(httpGet(port, "/metrics?token=s3cret").startsWith("HTTP/1.1 200 OK"));
    QVERIFY(httpGet(port, "/healthz?token=s3cret").startsWith("HTTP/1.1 200 OK"));
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
