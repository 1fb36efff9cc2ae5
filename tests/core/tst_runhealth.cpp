#include <runhealth.h>
#include <runsummary.h>
#include <sessionheadline.h>
#include <verdict.h>

#include <QTest>

class TestRunHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthyRunHasNoWarnings();
    void killedServerMarksTheRestDead();
    void loadWithoutConnectionsIsDeadTime();
    void closingMomentsAreNotDeadTime();
    void overloadedBroadcastIsFlagged();
    void saturatedMachineIsNamed();
    void recordedRunWhoseServerWasKilled();
};

namespace {

QJsonObject consoleConfig(const QString &scenario, int connections, double durationSec, double rate = 0)
{
    return {{QStringLiteral("startedAtMs"), 1000000.0},
            {QStringLiteral("cores"), 2},
            {QStringLiteral("server"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("embedded")}, {QStringLiteral("workers"), 0}}},
            {QStringLiteral("load"), QJsonObject{{QStringLiteral("scenario"), scenario},
                                                 {QStringLiteral("connections"), connections},
                                                 {QStringLiteral("durationSec"), durationSec},
                                                 {QStringLiteral("openLoop"), rate > 0},
                                                 {QStringLiteral("ratePerSec"), rate}}}};
}

// Samples on the run clock: the console started the run at 1,000,000 ms; both sources started then.
MetricSample sample(const QString &source, double t, quint64 open, quint64 received, double cpu = 20)
{
    MetricSample s;
    s.source = source;
    s.elapsedSec = t;
    s.timestampMs = 1000000 + qint64(t * 1000);
    s.connections = open;
    s.messagesSent = received;
    s.messagesReceived = received;
    s.process.cpuPercent = cpu;
    s.process.valid = true;
    return s;
}

Session steadyEcho(int seconds)
{
    Session session;
    session.config = consoleConfig(QStringLiteral("echo"), 500, seconds);
    for (int t = 1; t <= seconds; ++t) {
        session.samples << sample(QStringLiteral("server"), t, 500, quint64(t) * 30000, 60);
        session.samples << sample(QStringLiteral("load"), t, 500, quint64(t) * 30000, 50);
    }
    session.samples << sample(QStringLiteral("load"), seconds + 0.04, 0, quint64(seconds) * 30000);
    return session;
}

} // namespace

void TestRunHealth::healthyRunHasNoWarnings()
{
    const RunHealth h = RunHealth::of(steadyEcho(10));
    QVERIFY2(h.warnings().isEmpty(), qPrintable(h.warnings().join(QLatin1Char('\n'))));
    QCOMPARE(h.deadSec(), 0.0);
    QCOMPARE(h.liveSec(), h.durationSec);
}

void TestRunHealth::killedServerMarksTheRestDead()
{
    Session session;
    session.config = consoleConfig(QStringLiteral("echo"), 500, 30);
    for (int t = 1; t <= 5; ++t) {
        session.samples << sample(QStringLiteral("server"), t, 500, quint64(t) * 30000);
        session.samples << sample(QStringLiteral("load"), t, 500, quint64(t) * 30000);
    }
    session.events << SessionEvent{5.5, QStringLiteral("server"), QStringLiteral("server_died"), QStringLiteral("killed")};
    for (int t = 6; t <= 8; ++t)
        session.samples << sample(QStringLiteral("load"), t, 0, 5 * 30000);
    const RunHealth h = RunHealth::of(session);
    QVERIFY(h.serverDiedAtSec.has_value());
    QCOMPARE(*h.serverDiedAtSec, 5.5);
    QCOMPARE(h.connectionsAtServerDeath, 500ULL);
    QCOMPARE(h.dead.size(), 1);
    QCOMPARE(h.dead.first().fromSec, 5.0); // the load's last connected sample
    QCOMPARE(h.dead.first().toSec, 8.0);
    QCOMPARE(h.liveSec(), 5.0);
    QVERIFY(h.warnings().join(QLatin1Char(' ')).contains(QLatin1String("1006")));
}

void TestRunHealth::loadWithoutConnectionsIsDeadTime()
{
    // An attached target restarted: the load sat at 0 connections from 4 s to 7 s, then reconnected.
    Session session;
    session.config = consoleConfig(QStringLiteral("echo"), 100, 10);
    const quint64 received[] = {0, 1000, 2000, 3000, 3000, 3000, 3000, 4000, 5000, 6000, 7000};
    for (int t = 1; t <= 10; ++t)
        session.samples << sample(QStringLiteral("load"), t, t >= 4 && t <= 6 ? 0 : 100, received[t]);
    const RunHealth h = RunHealth::of(session);
    QCOMPARE(h.dead.size(), 1);
    QCOMPARE(h.dead.first().fromSec, 3.0);
    QCOMPARE(h.dead.first().toSec, 6.0);
    QCOMPARE(h.deadSec(), 3.0);
    QCOMPARE(h.liveSec(), 7.0);
}

void TestRunHealth::closingMomentsAreNotDeadTime()
{
    // Closing took longer than a partial interval: 1.2 s after the planned end, nothing open.
    Session session = steadyEcho(10);
    session.samples << sample(QStringLiteral("load"), 11.2, 0, 300000);
    QCOMPARE(RunHealth::of(session).deadSec(), 0.0);
}

void TestRunHealth::overloadedBroadcastIsFlagged()
{
    // The old default: 10,000 publishes/s to 200 subscribers on 2 cores; a 10 s run took 22 s.
    Session session;
    session.config = consoleConfig(QStringLiteral("broadcast"), 200, 10, 10000);
    const double times[] = {1.5, 4.0, 7.5, 12.0, 15.0, 19.5, 21.9};
    quint64 received = 0;
    double before = 0;
    for (double t : times) {
        received += quint64((t - before) * 84000);
        before = t;
        session.samples << sample(QStringLiteral("load"), t, 200, received, 196);
        session.samples << sample(QStringLiteral("server"), t, 200, received, 120);
    }
    RunSummary summary;
    summary.durationSec = 22.0;
    session.summary = summary.toJson();
    const RunHealth h = RunHealth::of(session);
    QVERIFY(h.loadCpuSaturated);
    QVERIFY(h.machineSaturated);
    QCOMPARE(h.lateSamples, 5 * 2); // seven samples of each source, their last aside
    QCOMPARE(h.longestGapSec, 4.5);
    QVERIFY(h.overran);
    QVERIFY(h.rateShortfall);
    QCOMPARE(h.askedPerSec, 2000000.0);
    QVERIFY(qAbs(h.deliveredPerSec - 84000) < 1);
    QCOMPARE(h.warnings().size(), 5);
}

void TestRunHealth::saturatedMachineIsNamed()
{
    // Neither side alone at 90 % of the two cores, together they are.
    Session session = steadyEcho(10);
    for (MetricSample &s : session.samples)
        s.process.cpuPercent = s.source == QLatin1String("server") ? 110 : 80;
    const RunHealth h = RunHealth::of(session);
    QVERIFY(!h.serverCpuSaturated);
    QVERIFY(!h.loadCpuSaturated);
    QVERIFY(h.machineSaturated);
}

void TestRunHealth::recordedRunWhoseServerWasKilled()
{
    // A default console run (1,000 echo connections, 30 s) whose server got SIGKILL at 12.5 s.
    // The QWebSocket load engine recorded its closes as 1000 and closed_by_server; the console
    // knows better from the server's death.
    QString error;
    const auto session = SessionFile::load(QStringLiteral(DATA_DIR "/killed-server.json"), &error);
    QVERIFY2(session, qPrintable(error));
    const RunHealth h = RunHealth::of(*session);
    QVERIFY(h.serverDiedAtSec.has_value());
    QVERIFY(qAbs(*h.serverDiedAtSec - 12.484) < 1e-6);
    QCOMPARE(h.connectionsAtServerDeath, 1000ULL);
    QCOMPARE(h.dead.size(), 1); // from the death to the load's last sample, which the console stopped at once
    QVERIFY(h.ranSec < 13);
    const SessionHeadline headline = SessionHeadline::of(*session, h);
    QCOMPARE(headline.abnormalCloses, 1000ULL);
    QVERIFY(headline.bytesPerConnection.has_value()); // above the idle 17.8 MiB the console read at start
    QVERIFY(*headline.bytesPerConnection > 10 * 1024 && *headline.bytesPerConnection < 20 * 1024);
    const Verdict verdict = Verdict::of(*session, h);
    QCOMPARE(verdict.outcome, Verdict::Outcome::Fail);
    QVERIFY(verdict.failures.last().startsWith(QLatin1String("the server died at 12.5 s")));
}

QTEST_GUILESS_MAIN(TestRunHealth)
#include "tst_runhealth.moc"
