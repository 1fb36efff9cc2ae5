#include <metricsample.h>

#include <QJsonDocument>
#include <QTest>

class TestMetricSample : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsEveryField();
    void rejectsWhatIsNotASample_data();
    void rejectsWhatIsNotASample();
    void errorCountCountsEachFailureOnce();
};

void TestMetricSample::errorCountCountsEachFailureOnce()
{
    MetricSample s;
    s.connectionsFailed = 3;
    s.errors = {{QStringLiteral("connect_http_503"), 3}, // the same 3 failures, by reason
                {QStringLiteral("send_skipped_no_connection"), 7}, // the client holding back
                {QStringLiteral("lost"), 2},
                {QStringLiteral("closed_by_server"), 1},
                {QStringLiteral("protocol_invalid_utf8"), 1}};
    QCOMPARE(s.errorCount(), 3ULL + 2 + 1 + 1);
}

void TestMetricSample::roundTripKeepsEveryField()
{
    MetricSample s;
    s.source = QStringLiteral("load");
    s.timestampMs = 1764097200123;
    s.elapsedSec = 12.5;
    s.connections = 10000;
    s.connecting = 3;
    s.connectionsFailed = 7;
    s.connectionsPerWorker = {5000, 4997};
    s.messagesSent = 123456789012ULL;
    s.messagesReceived = 123456789000ULL;
    s.bytesSent = 1ULL << 40;
    s.bytesReceived = 99;
    s.sentPerSec = 51234.5;
    s.receivedPerSec = 51200.25;
    s.errors = {{QStringLiteral("protocol_error"), 2}, {QStringLiteral("heartbeat_timeout"), 1}};
    s.closeCodes = {{1000, 9990}, {1009, 1}};
    s.latency = LatencySummary{0.21, 0.5, 1.25, 3.5, 12.0, 51200};
    s.process.rssBytes = 512 << 20;
    s.process.cpuPercent = 187.5;
    s.process.cpuSeconds = 30.25;
    s.process.threads = 5;
    s.process.openFds = 10012;
    s.process.valid = true;
    s.target = {{QStringLiteral("go_goroutines"), 20004}};
    s.metrics.insert(QStringLiteral("say_ack"), NamedMetric{1200, 3, LatencySummary{1.5, 2.5, 7.25, 9.5, 12.0, 300}});
    s.metrics.insert(QStringLiteral("join"), NamedMetric{100, 0, LatencySummary()}); // nothing matched in this interval
    s.counters.insert(QStringLiteral("ticks"), NamedCounter{2000, 199.5});
    s.unmatched = 17;

    // Through text, as a session file or a CLI's stdout carries it.
    const QByteArray text = QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact);
    QString error;
    const auto back = MetricSample::fromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), s.toJson());
    QCOMPARE(back->messagesSent, s.messagesSent);
    QCOMPARE(back->connectionsPerWorker, s.connectionsPerWorker);
    QCOMPARE(back->latency->p999Ms, 3.5);
    QCOMPARE(back->closeCodes.value(1009), 1ULL);
    QCOMPARE(back->target.value(QStringLiteral("go_goroutines")), 20004.0);
    QCOMPARE(back->metrics.value(QStringLiteral("say_ack")).timeouts, 3ULL);
    QCOMPARE(back->metrics.value(QStringLiteral("say_ack")).latency.p99Ms, 7.25);
    QCOMPARE(back->metrics.value(QStringLiteral("join")).count, 100ULL);
    QCOMPARE(back->counters.value(QStringLiteral("ticks")).perSec, 199.5);
    QCOMPARE(back->unmatched, 17ULL);
}

void TestMetricSample::rejectsWhatIsNotASample_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("no time") << QByteArray(R"({"source":"server"})");
    QTest::newRow("source not a string") << QByteArray(R"({"source":3,"t":1})");
}

void TestMetricSample::rejectsWhatIsNotASample()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(!MetricSample::fromJson(QJsonDocument::fromJson(json).object(), &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestMetricSample)
#include "tst_metricsample.moc"
