#include <runsummary.h>
#include <sessionheadline.h>

#include <QTest>

class TestSessionHeadline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromSamplesAlone();
    void summaryOverridesPerSecondFigures();
    void attachedTargetMemoryCounts();
    void deadTimeIsLeftOutOfTheRate();
};

namespace {

MetricSample server(double t, quint64 connections, qint64 rssMiB)
{
    MetricSample s;
    s.source = QStringLiteral("server");
    s.elapsedSec = t;
    s.connections = connections;
    s.process.rssBytes = rssMiB * 1024 * 1024;
    return s;
}

MetricSample load(double t, quint64 connections, quint64 received, double p99)
{
    MetricSample s;
    s.source = QStringLiteral("load");
    s.elapsedSec = t;
    s.connections = connections;
    s.messagesSent = received;
    s.messagesReceived = received;
    s.latency = LatencySummary{1, 2, p99, p99, p99, received};
    s.process.rssBytes = 50 * 1024 * 1024;
    return s;
}

} // namespace

void TestSessionHeadline::fromSamplesAlone()
{
    Session session;
    session.samples = {server(0, 0, 10), server(1, 500, 20), load(1, 500, 1000, 8), server(2, 1000, 40), load(2, 1000, 4000, 30),
                       server(3, 1000, 39), load(4, 1000, 8000, 12)};
    session.samples[6].errors.insert(QStringLiteral("lost"), 2);
    const SessionHeadline h = SessionHeadline::of(session);
    QCOMPARE(h.peakConnections, quint64(1000));
    QCOMPARE(h.serverRssPeakMiB, 40.0);
    QCOMPARE(h.loadRssPeakMiB, 50.0);
    // RSS above the idle server's 10 MiB at the last sample with the peak count (39 MiB at 1,000).
    QCOMPARE(h.bytesPerConnection.value_or(0), 29.0 * 1024 * 1024 / 1000);
    QCOMPARE(h.p99Ms, 30.0); // the worst second
    QCOMPARE(h.messagesPerSec, 2000.0); // 8,000 received in 4 s
    QCOMPARE(h.errors, quint64(2));
    QCOMPARE(h.errorPercent, 100.0 * 2 / (8000 + 1000));
    QCOMPARE(h.durationSec, 4.0);
}

void TestSessionHeadline::summaryOverridesPerSecondFigures()
{
    Session session;
    session.samples = {load(1, 10, 100, 50)};
    RunSummary summary;
    summary.durationSec = 10;
    summary.messagesReceived = 12340;
    summary.ratePerSec = 1234;
    summary.p99Ms = 7.5;
    summary.errors = 3;
    summary.messagesSent = 300;
    session.summary = summary.toJson();
    const SessionHeadline h = SessionHeadline::of(session);
    QCOMPARE(h.messagesPerSec, 1234.0);
    QCOMPARE(h.p99Ms, 7.5);
    QCOMPARE(h.errors, quint64(3));
    QCOMPARE(h.errorPercent, summary.errorPercent());
    QCOMPARE(h.figures().size(), 10);
    QCOMPARE(h.figures().constFirst().value, 1234.0);
}

void TestSessionHeadline::attachedTargetMemoryCounts()
{
    // The console read the target's RSS (80 MiB) before the load connected.
    MetricSample s = load(1, 200, 10, 1);
    s.target.insert(QStringLiteral("target_rss_bytes"), 100.0 * 1024 * 1024);
    Session session;
    session.samples = {s};
    SessionHeadline h = SessionHeadline::of(session);
    QCOMPARE(h.serverRssPeakMiB, 100.0);
    QVERIFY(!h.bytesPerConnection); // no idle baseline: no figure rather than total RSS / connections
    QVERIFY(!h.figures().at(7).known);
    session.config.insert(QStringLiteral("serverIdleRssBytes"), 80.0 * 1024 * 1024);
    h = SessionHeadline::of(session);
    QCOMPARE(h.bytesPerConnection.value_or(0), 20.0 * 1024 * 1024 / 200);
}

void TestSessionHeadline::deadTimeIsLeftOutOfTheRate()
{
    // The server was killed at 5 s of a 20 s run; 50,000 messages arrived before.
    Session session;
    for (int t = 1; t <= 5; ++t)
        session.samples << load(t, 500, quint64(t) * 10000, 20);
    for (int t = 6; t <= 20; ++t)
        session.samples << load(t, 0, 50000, 20);
    session.samples << server(5, 500, 30);
    session.events << SessionEvent{5, QStringLiteral("server"), QStringLiteral("server_died"), QStringLiteral("killed")};
    const SessionHeadline h = SessionHeadline::of(session);
    QCOMPARE(h.durationSec, 20.0);
    QCOMPARE(h.liveSec, 5.0);
    QCOMPARE(h.messagesPerSec, 10000.0); // not 2,500 averaged over the dead time
    QCOMPARE(h.abnormalCloses, 500ULL); // the connections the server held when it died
}

QTEST_GUILESS_MAIN(TestSessionHeadline)
#include "tst_sessionheadline.moc"
