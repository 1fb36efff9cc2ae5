#include <loadmetricsexporter.h>

#include <QRegularExpression>
#include <QTest>

class TestLoadMetricsExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bucketsAreCumulativeAndAddUpOverSamples();
    void totalsComeFromTheLatestSample();
};

namespace {

MetricSample sampleWith(std::initializer_list<QPair<qint64, int>> latencies, quint64 received)
{
    LatencyHistogram h;
    for (const auto &[ns, times] : latencies) {
        for (int i = 0; i < times; ++i)
            h.record(ns);
    }
    MetricSample s;
    s.source = QStringLiteral("load");
    s.messagesReceived = received;
    s.connections = 7;
    s.errors.insert(QStringLiteral("lost"), 2);
    s.latencyHistogram = h.buckets();
    return s;
}

double series(const QByteArray &text, const QString &name)
{
    const QRegularExpression line(QLatin1Char('^') + QRegularExpression::escape(name) + QStringLiteral(" (\\S+)$"),
                                  QRegularExpression::MultilineOption);
    const auto m = line.match(QString::fromUtf8(text));
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

} // namespace

void TestLoadMetricsExporter::bucketsAreCumulativeAndAddUpOverSamples()
{
    LoadMetricsExporter exporter;
    exporter.add(sampleWith({{800000, 1000}, {40000000, 10}}, 100)); // 0.8 ms and 40 ms
    exporter.add(sampleWith({{3000000, 90}}, 200)); // 3 ms, the next second
    const QByteArray text = exporter.render();
    QCOMPARE(series(text, QStringLiteral(R"(socketscope_load_latency_seconds_bucket{le="0.0005"})")), 0.0);
    QCOMPARE(series(text, QStringLiteral(R"(socketscope_load_latency_seconds_bucket{le="0.001"})")), 1000.0);
    QCOMPARE(series(text, QStringLiteral(R"(socketscope_load_latency_seconds_bucket{le="0.005"})")), 1090.0);
    QCOMPARE(series(text, QStringLiteral(R"(socketscope_load_latency_seconds_bucket{le="0.05"})")), 1100.0);
    QCOMPARE(series(text, QStringLiteral(R"(socketscope_load_latency_seconds_bucket{le="+Inf"})")), 1100.0);
    QCOMPARE(series(text, QStringLiteral("socketscope_load_latency_seconds_count")), 1100.0);
    const double sum = series(text, QStringLiteral("socketscope_load_latency_seconds_sum"));
    QVERIFY(qAbs(sum - (0.8 + 0.4 + 0.27)) < 0.01); // seconds, from bucket midpoints
    double previous = 0;
    for (double le : LoadMetricsExporter::bucketBoundsSec()) {
        const double n = series(text, QStringLiteral(R"(socketscope_load_latency_seconds_bucket{le="%1"})").arg(le, 0, 'g', 6));
        QVERIFY2(n >= previous, qPrintable(QString::number(le)));
        previous = n;
    }
}

void TestLoadMetricsExporter::totalsComeFromTheLatestSample()
{
    LoadMetricsExporter exporter;
    exporter.add(sampleWith({}, 100));
    exporter.add(sampleWith({}, 250));
    const QByteArray text = exporter.render();
    QCOMPARE(series(text, QStringLiteral("socketscope_load_messages_received_total")), 250.0);
    QCOMPARE(series(text, QStringLiteral("socketscope_load_connections")), 7.0);
    QCOMPARE(series(text, QStringLiteral(R"(socketscope_load_errors_total{kind="lost"})")), 2.0);
    QVERIFY(text.contains("# TYPE socketscope_load_latency_seconds histogram"));
}

QTEST_GUILESS_MAIN(TestLoadMetricsExporter)
#include "tst_loadmetricsexporter.moc"
