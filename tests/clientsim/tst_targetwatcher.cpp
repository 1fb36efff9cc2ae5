#include <targetwatcher.h>

#include <QCoreApplication>
#include <QTest>

class TestTargetWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsUnlabelledSeriesAndLabelledCounters();
    void boundsWhatItKeeps();
    void readsItsOwnProcess();
};

void TestTargetWatcher::readsUnlabelledSeriesAndLabelledCounters()
{
    const QByteArray body = "# HELP go_goroutines Number of goroutines.\n"
                            "# TYPE go_goroutines gauge\n"
                            "go_goroutines 1042\n"
                            "app_ws_messages_received_total 123456 1764097200000\n"
                            "app_ws_closes_total{code=\"1006\"} 7\n"
                            "app_refused_total{reason=\"max connections\"} 3\n" // a label value with a space
                            "go_gc_duration_seconds{quantile=\"0.5\"} 0.0001\n" // labelled, not a counter: left out
                            "broken_line\n";
    const QMap<QString, double> values = TargetWatcher::parsePrometheus(body);
    QCOMPARE(values.value(QStringLiteral("go_goroutines")), 1042.0);
    QCOMPARE(values.value(QStringLiteral("app_ws_messages_received_total")), 123456.0); // the timestamp is not the value
    QCOMPARE(values.value(QStringLiteral("app_ws_closes_total{code=\"1006\"}")), 7.0);
    QCOMPARE(values.value(QStringLiteral("app_refused_total{reason=\"max connections\"}")), 3.0);
    QVERIFY(!values.contains(QStringLiteral("go_gc_duration_seconds{quantile=\"0.5\"}")));
    QCOMPARE(values.size(), 4);
}

void TestTargetWatcher::boundsWhatItKeeps()
{
    // A per-path request counter must not flood every sample.
    QByteArray body;
    for (int i = 0; i < 100; ++i)
        body += "http_requests_total{path=\"/item/" + QByteArray::number(i) + "\"} 1\n";
    for (int i = 0; i < 400; ++i)
        body += "gauge_" + QByteArray::number(i) + " 1\n";
    const QMap<QString, double> values = TargetWatcher::parsePrometheus(body);
    QCOMPARE(values.size(), TargetWatcher::kMaxSeries);
    int labelled = 0;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        labelled += it.key().contains(QLatin1Char('{'));
    QCOMPARE(labelled, TargetWatcher::kMaxLabelSetsPerCounter);
}

void TestTargetWatcher::readsItsOwnProcess()
{
    TargetWatcher watcher(QUrl(), QCoreApplication::applicationPid());
    watcher.poll();
    const QMap<QString, double> values = watcher.latest();
    QVERIFY(values.value(QStringLiteral("target_rss_bytes")) > 1024 * 1024);
    QVERIFY(values.value(QStringLiteral("target_threads")) >= 1);
    QVERIFY(values.value(QStringLiteral("target_open_fds")) >= 3);
}

QTEST_GUILESS_MAIN(TestTargetWatcher)
#include "tst_targetwatcher.moc"
