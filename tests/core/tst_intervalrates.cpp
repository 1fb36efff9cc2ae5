#include <closecodes.h>
#include <intervalrates.h>
#include <jsonline.h>

#include <QFile>
#include <QTest>

class TestIntervalRates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeIntervalIsDividedByItsRealLength();
    void lastPartialIntervalIsMarkedAndNotMagnified();
    void firstSampleCountsFromTheSourceStart();
    void counterThatWentBackIsNoRate();
    void closeCodesSplitIntoNormalAndAbnormal();
    void recordedEndOfAnEchoRun();
};

namespace {

// Two load samples as socketscope-load printed them at the end of a default echo run
// (500 connections, window 1): the last whole second, then the final figures 40 ms later,
// once every connection had closed with 1000.
MetricSample recorded(double t, quint64 sent, quint64 received, quint64 open, quint64 closes1000)
{
    MetricSample s;
    s.source = QStringLiteral("load");
    s.elapsedSec = t;
    s.connections = open;
    s.messagesSent = sent;
    s.messagesReceived = received;
    s.closeCodes.insert(CloseCodes::kNormal, closes1000);
    s.errors.insert(QStringLiteral("lost"), 0);
    return s;
}

} // namespace

void TestIntervalRates::wholeIntervalIsDividedByItsRealLength()
{
    // A timer that fired late: 1.5 s between samples, 45,000 messages.
    const IntervalRates r = IntervalRates::between(recorded(9.0, 300000, 299500, 500, 0), recorded(10.5, 345000, 344500, 500, 0));
    QCOMPARE(r.seconds, 1.5);
    QVERIFY(!r.partial);
    QCOMPARE(r.sentPerSec, 30000.0);
    QCOMPARE(r.receivedPerSec, 30000.0);
}

void TestIntervalRates::lastPartialIntervalIsMarkedAndNotMagnified()
{
    const MetricSample lastWhole = recorded(15.0016, 488210, 487712, 500, 0);
    const MetricSample final = recorded(15.0407, 488712, 488712, 0, 500);
    const IntervalRates r = IntervalRates::between(lastWhole, final);
    QVERIFY(r.partial);
    QVERIFY(qAbs(r.seconds - 0.0391) < 1e-9);
    // 500 closes in 39 ms would read 12,788/s; over a whole second they are 500.
    QCOMPARE(r.closesPerSec.value(CloseCodes::kNormal), 500.0);
    QCOMPARE(r.errorsPerSec.value(QStringLiteral("lost")), 0.0);
}

void TestIntervalRates::firstSampleCountsFromTheSourceStart()
{
    const IntervalRates r = IntervalRates::first(recorded(1.0, 20000, 19500, 500, 0));
    QCOMPARE(r.seconds, 1.0);
    QCOMPARE(r.sentPerSec, 20000.0);
}

void TestIntervalRates::counterThatWentBackIsNoRate()
{
    // A restarted source counts from zero again.
    const IntervalRates r = IntervalRates::between(recorded(5, 1000, 1000, 1, 0), recorded(6, 10, 10, 1, 0));
    QCOMPARE(r.sentPerSec, 0.0);
}

void TestIntervalRates::closeCodesSplitIntoNormalAndAbnormal()
{
    const QMap<int, quint64> codes{{1000, 480}, {1001, 12}, {1006, 7}, {1011, 1}};
    QVERIFY(CloseCodes::isNormal(1000));
    QVERIFY(CloseCodes::isNormal(1001));
    QVERIFY(!CloseCodes::isNormal(CloseCodes::kAbnormal));
    QCOMPARE(CloseCodes::normalTotal(codes), 492ULL);
    QCOMPARE(CloseCodes::abnormalTotal(codes), 8ULL);
}

void TestIntervalRates::recordedEndOfAnEchoRun()
{
    // The last three load samples of a 15 s default echo run, as socketscope-load printed them.
    QFile file(QStringLiteral(DATA_DIR "/echo-run-end.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVector<MetricSample> load;
    while (!file.atEnd()) {
        const JsonLine line = JsonLine::parse(file.readLine().trimmed());
        QCOMPARE(line.kind, JsonLine::Kind::Sample);
        if (line.sample.source == QLatin1String("load"))
            load << line.sample;
    }
    QCOMPARE(load.size(), 3);
    const IntervalRates whole = IntervalRates::between(load.at(0), load.at(1));
    QVERIFY(!whole.partial); // 0.66 s: short, yet a rate (7,556 msg/s, as the engine said)
    QVERIFY(qAbs(whole.receivedPerSec - load.at(1).receivedPerSec) < 1);
    const IntervalRates last = IntervalRates::between(load.at(1), load.at(2));
    QVERIFY(last.partial); // 0.34 s with the closes; the engine's own rate for it reads 1,297 msg/s
    QCOMPARE(last.closesPerSec.value(CloseCodes::kNormal), 1000.0); // not 2,921/s
    QCOMPARE(CloseCodes::abnormalTotal(load.at(2).closeCodes), 0ULL);
}

QTEST_GUILESS_MAIN(TestIntervalRates)
#include "tst_intervalrates.moc"
