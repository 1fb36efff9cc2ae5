#include <latencyhistogram.h>
#include <livesamplemerger.h>

#include <QTest>

class TestLiveSampleMerger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSecondWaitsForEveryRunningAgent();
    void aWallClockSecondBoundaryDoesNotSplitAMoment();
    void aSilentAgentHoldsASecondBackAtMostTheLag();
    void aFinishedAgentKeepsItsTotalsButNotItsConnections();
    void aLateSampleIsCountedOnce();
    void ratesComeFromTheMergedTotals();
};

namespace {

constexpr qint64 kStartMs = 1700000000000;

// The sample an agent started at kStartMs takes `second` seconds in, its timer lagMs late, with
// cumulative totals.
MetricSample sample(qint64 second, qint64 lagMs, quint64 connections, quint64 received, std::initializer_list<qint64> latenciesNs = {})
{
    MetricSample s;
    s.source = QStringLiteral("load");
    s.timestampMs = kStartMs + second * 1000 + lagMs;
    s.elapsedSec = double(second) + double(lagMs) / 1000.0;
    s.connections = connections;
    s.connectionsPerWorker = {connections};
    s.messagesSent = received;
    s.messagesReceived = received;
    s.errors.insert(QStringLiteral("lost"), received / 100);
    s.receivedPerSec = 1;
    LatencyHistogram h;
    for (qint64 ns : latenciesNs)
        h.record(ns);
    if (h.count()) {
        s.latency = h.summary();
        s.latencyHistogram = h.buckets();
    }
    return s;
}

} // namespace

void TestLiveSampleMerger::aSecondWaitsForEveryRunningAgent()
{
    LiveSampleMerger merger(2);
    QVERIFY(merger.add(0, sample(10, 100, 5, 100, {1000})).isEmpty());
    QVERIFY(merger.add(1, sample(10, 600, 7, 300, {3000, 5000})).isEmpty());
    QVERIFY(merger.add(0, sample(11, 100, 5, 200)).isEmpty()); // agent 1 could still add to second 10
    const QVector<MetricSample> out = merger.add(1, sample(11, 600, 7, 600));
    QCOMPARE(out.size(), 1);
    const MetricSample &m = out.first();
    QCOMPARE(m.timestampMs, kStartMs + 10 * 1000 + 600);
    QCOMPARE(m.connections, 12ULL);
    QCOMPARE(m.connectionsPerWorker, (QVector<quint64>{5, 7}));
    QCOMPARE(m.messagesReceived, 400ULL);
    QCOMPARE(m.errors.value(QStringLiteral("lost")), 4ULL);
    QVERIFY(m.latency);
    QCOMPARE(m.latency->count, 3ULL);
    QCOMPARE(m.latencyHistogram.total(), 3ULL);
    QCOMPARE(m.latencyHistogram.maxNs, 5000);
    QCOMPARE(m.source, QStringLiteral("load"));
}

void TestLiveSampleMerger::aWallClockSecondBoundaryDoesNotSplitAMoment()
{
    // Both agents started 10 ms before a whole wall-clock second: agent 0's timer fires 5 ms late,
    // before the boundary, agent 1's 15 ms late, after it. Still one moment, 6 connections.
    auto startingLate = [](MetricSample s) {
        s.timestampMs += 990;
        return s;
    };
    LiveSampleMerger merger(2);
    QVector<MetricSample> out;
    out += merger.add(0, startingLate(sample(1, 5, 3, 10)));
    out += merger.add(1, startingLate(sample(1, 15, 3, 10)));
    out += merger.add(0, startingLate(sample(2, 5, 0, 20)));
    out += merger.add(1, startingLate(sample(2, 15, 0, 20)));
    out += merger.flush();
    QCOMPARE(out.size(), 2);
    QCOMPARE(out.first().connections, 6ULL);
    QCOMPARE(out.last().connections, 0ULL);
    QCOMPARE(out.last().messagesReceived, 40ULL);
}

void TestLiveSampleMerger::aSilentAgentHoldsASecondBackAtMostTheLag()
{
    LiveSampleMerger merger(2);
    QVector<MetricSample> out;
    for (qint64 second = 10; second < 10 + LiveSampleMerger::kMaxLagSec; ++second)
        out += merger.add(0, sample(second, 0, 5, 100 * second));
    QVERIFY(out.isEmpty());
    out = merger.add(0, sample(10 + LiveSampleMerger::kMaxLagSec, 0, 5, 2000));
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().connections, 5ULL); // the silent agent adds nothing it never said
    QCOMPARE(merger.flush().size(), LiveSampleMerger::kMaxLagSec);
}

void TestLiveSampleMerger::aFinishedAgentKeepsItsTotalsButNotItsConnections()
{
    LiveSampleMerger merger(2);
    merger.add(0, sample(10, 0, 5, 100));
    merger.add(1, sample(10, 0, 7, 300));
    QVERIFY(merger.finishAgent(1).isEmpty()); // agent 0 may still add to second 10
    const QVector<MetricSample> out = merger.add(0, sample(11, 0, 5, 200));
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().connections, 12ULL); // agent 1 still ran during second 10
    const QVector<MetricSample> last = merger.flush();
    QCOMPARE(last.size(), 1);
    QCOMPARE(last.first().connections, 5ULL);
    QCOMPARE(last.first().connectionsPerWorker, (QVector<quint64>{5, 0}));
    QCOMPARE(last.first().messagesReceived, 500ULL);
}

void TestLiveSampleMerger::aLateSampleIsCountedOnce()
{
    LiveSampleMerger merger(2);
    merger.add(0, sample(10, 0, 5, 100, {1000, 2000}));
    merger.add(0, sample(11, 0, 5, 200, {1000}));
    QCOMPARE(merger.add(1, sample(11, 0, 5, 200, {4000})).size(), 1); // second 10: both agents are past it
    // Agent 1 reports second 10 only now: it joins the next open second, its older totals ignored.
    QVERIFY(merger.add(1, sample(10, 500, 5, 150, {8000})).isEmpty());
    const QVector<MetricSample> out = merger.flush();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().latencyHistogram.total(), 3ULL);
    QCOMPARE(out.first().latencyHistogram.maxNs, 8000);
    QCOMPARE(out.first().messagesReceived, 400ULL);
}

void TestLiveSampleMerger::ratesComeFromTheMergedTotals()
{
    LiveSampleMerger merger(2);
    QVector<MetricSample> out;
    out += merger.add(0, sample(10, 0, 5, 1000));
    out += merger.add(1, sample(10, 0, 5, 1000));
    out += merger.add(0, sample(12, 0, 5, 3000)); // two seconds later
    out += merger.add(1, sample(12, 0, 5, 5000));
    out += merger.flush();
    QCOMPARE(out.size(), 2);
    QCOMPARE(out.first().receivedPerSec, 2.0); // the agents' own rates, before there is an interval
    QCOMPARE(out.last().receivedPerSec, 3000.0); // (8000 - 2000) / 2 s
}

QTEST_GUILESS_MAIN(TestLiveSampleMerger)
#include "tst_livesamplemerger.moc"
