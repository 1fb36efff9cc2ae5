#include <samplecsv.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestSampleCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columnsCoverEveryRun();
    void quotesAndWritesAtomically();
};

void TestSampleCsv::columnsCoverEveryRun()
{
    MetricSample a;
    a.source = QStringLiteral("server");
    a.elapsedSec = 1;
    a.connectionsPerWorker = {3, 4};
    a.closeCodes.insert(1006, 2);
    MetricSample b;
    b.source = QStringLiteral("load");
    b.elapsedSec = 1.5;
    b.errors.insert(QStringLiteral("lost"), 5);
    b.latency = LatencySummary{1, 2, 3.5, 4, 5, 10};
    b.target.insert(QStringLiteral("go_goroutines"), 1200);
    const QList<QByteArray> lines = SampleCsv::toCsv({a, b}).trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QList<QByteArray> header = lines.at(0).split(',');
    for (const char *column : {"worker0", "worker1", "error_lost", "close_1006", "target_go_goroutines", "p99Ms"})
        QVERIFY2(header.contains(column), column);
    const QList<QByteArray> server = lines.at(1).split(',');
    const QList<QByteArray> load = lines.at(2).split(',');
    QCOMPARE(server.size(), header.size());
    QCOMPARE(load.size(), header.size());
    QCOMPARE(server.at(header.indexOf("worker1")), QByteArray("4"));
    QCOMPARE(server.at(header.indexOf("close_1006")), QByteArray("2"));
    QCOMPARE(server.at(header.indexOf("p99Ms")), QByteArray()); // no latency: empty, not 0
    QCOMPARE(load.at(header.indexOf("p99Ms")), QByteArray("3.5"));
    QCOMPARE(load.at(header.indexOf("error_lost")), QByteArray("5"));
    QCOMPARE(load.at(header.indexOf("worker0")), QByteArray());
    QCOMPARE(load.at(header.indexOf("target_go_goroutines")), QByteArray("1200"));
}

void TestSampleCsv::quotesAndWritesAtomically()
{
    MetricSample s;
    s.source = QStringLiteral("load, \"east\"");
    QVERIFY(SampleCsv::toCsv({s}).contains("\"load, \"\"east\"\"\""));

    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(QStringLiteral("run.csv"));
    QVERIFY2(SampleCsv::save(path, {s}, &error), qPrintable(error));
    QVERIFY(QFile::exists(path));
    QVERIFY(!SampleCsv::save(dir.filePath(QStringLiteral("missing/dir/run.csv")), {s}, &error));
    QVERIFY(error.contains(QLatin1String("cannot write")));
}

QTEST_GUILESS_MAIN(TestSampleCsv)
#include "tst_samplecsv.moc"
