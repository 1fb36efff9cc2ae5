#include <scenariometrics.h>
#include <threshold.h>

#include <QTest>

class TestScenarioMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intervalsMergeIntoSamplesAndASummary();
    void startsAfreshEachInterval();
};

namespace {

constexpr qint64 kMs = 1000000;
const QStringList kMetrics{QStringLiteral("say_ack"), QStringLiteral("join")};
const QStringList kCounters{QStringLiteral("ticks")};

} // namespace

// Two load threads, two one-second intervals: what the engine will do each second.
void TestScenarioMetrics::intervalsMergeIntoSamplesAndASummary()
{
    ScenarioMetrics threadA(kMetrics, kCounters), threadB(kMetrics, kCounters);
    ScenarioMetrics run;
    for (int second = 1; second <= 2; ++second) {
        for (int i = 0; i < 100; ++i) {
            threadA.recordLatency(0, (second * 10 + i % 10) * kMs / 10); // 1-2 ms, then 2-3 ms
            threadB.count(0);
        }
        threadB.recordLatency(1, 5 * kMs);
        threadB.countTimeout(0);
        threadA.countTimeout(-1);

        ScenarioMetrics interval;
        interval.merge(threadA.takeInterval());
        interval.merge(threadB.takeInterval());
        run.merge(interval);
        MetricSample sample;
        interval.writeSample(&sample, run, 0.5);
        const NamedMetric sayAck = sample.metrics.value(QStringLiteral("say_ack"));
        QCOMPARE(sayAck.count, quint64(100 * second)); // totals since the start
        QCOMPARE(sayAck.timeouts, quint64(second));
        QCOMPARE(sayAck.latency.count, quint64(100)); // percentiles of this interval
        QVERIFY(sayAck.latency.maxMs >= 0.1 * second * 10 && sayAck.latency.maxMs < 0.1 * (second * 10 + 10));
        QCOMPARE(sample.counters.value(QStringLiteral("ticks")).count, quint64(100 * second));
        QCOMPARE(sample.counters.value(QStringLiteral("ticks")).perSec, 200.0);
        QCOMPARE(sample.errors.value(QStringLiteral("say_ack.timeouts")), quint64(second));
        QCOMPARE(sample.errors.value(QStringLiteral("join.timeouts")), quint64(0));
        QCOMPARE(sample.errors.value(QStringLiteral("await_timeouts")), quint64(second));
        QCOMPARE(sample.errorCount(), quint64(2 * second)); // timeouts are errors
    }
    RunSummary summary;
    summary.durationSec = 2;
    run.writeSummary(&summary);
    QCOMPARE(summary.metrics.value(QStringLiteral("say_ack")).count, quint64(200));
    QCOMPARE(summary.metrics.value(QStringLiteral("say_ack")).latency.count, quint64(200));
    QVERIFY(summary.metrics.value(QStringLiteral("say_ack")).latency.p50Ms < 2.05);
    QVERIFY(summary.metrics.value(QStringLiteral("say_ack")).latency.maxMs > 2.8);
    QVERIFY(qAbs(summary.metrics.value(QStringLiteral("join")).latency.p99Ms - 5.0) < 0.05); // within the bucket error
    QCOMPARE(summary.counters.value(QStringLiteral("ticks")), quint64(200));

    QString error;
    QVERIFY(Threshold::parse(QStringLiteral("say_ack.p99<3ms"), &error)->passes(summary));
    QVERIFY(!Threshold::parse(QStringLiteral("say_ack.timeouts<0.5%"), &error)->passes(summary)); // 2 of 202
    QVERIFY(Threshold::parse(QStringLiteral("ticks.rate>=100"), &error)->passes(summary));
}

void TestScenarioMetrics::startsAfreshEachInterval()
{
    ScenarioMetrics m(kMetrics, kCounters);
    m.recordLatency(1, kMs);
    m.count(0);
    const ScenarioMetrics first = m.takeInterval();
    QCOMPARE(first.matched(1), quint64(1));
    QCOMPARE(first.counter(0), quint64(1));
    QCOMPARE(m.matched(1), quint64(0));
    QCOMPARE(m.latency(1).count(), quint64(0));
    QCOMPARE(m.counter(0), quint64(0));
    m.count(0); // still knows its names after the hand-over
    MetricSample sample;
    m.writeSample(&sample, m, 1);
    QCOMPARE(sample.counters.keys(), kCounters);
}

QTEST_GUILESS_MAIN(TestScenarioMetrics)
#include "tst_scenariometrics.moc"
