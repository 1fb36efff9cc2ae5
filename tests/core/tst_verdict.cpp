#include <runsummary.h>
#include <verdict.h>

#include <QTest>

class TestVerdict : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyThresholdWithItsMeasuredValue();
    void failureQuotesWhatFailed();
    void noThresholdsNoVerdict();
    void unfinishedLoadCannotBeJudged();
    void deadServerFailsTheRun();
    void cliSessionKeepsItsThresholdsInEvents();
};

namespace {

Session consoleRun(const QString &thresholds, double p99Ms, quint64 errors)
{
    Session session;
    session.config = {{QStringLiteral("load"), QJsonObject{{QStringLiteral("thresholds"), thresholds}}}};
    RunSummary summary;
    summary.durationSec = 10;
    summary.messagesSent = 100000;
    summary.peakConnections = 500;
    summary.p99Ms = p99Ms;
    summary.errors = errors;
    session.summary = summary.toJson();
    return session;
}

} // namespace

void TestVerdict::everyThresholdWithItsMeasuredValue()
{
    const Session session = consoleRun(QStringLiteral("p99<50ms, errors<0.1%"), 22.5, 0);
    const Verdict v = Verdict::of(session, RunHealth::of(session));
    QCOMPARE(v.outcome, Verdict::Outcome::Pass);
    QCOMPARE(v.checks.size(), 2);
    QCOMPARE(v.checks.at(0).threshold, QStringLiteral("p99<50ms"));
    QCOMPARE(v.checks.at(0).measured, QStringLiteral("22.5 ms"));
    QVERIFY(v.checks.at(0).passed);
    QCOMPARE(v.checks.at(1).measured, QStringLiteral("0 %"));
    QCOMPARE(v.summaryLine(), QStringLiteral("PASS: 2 of 2 thresholds"));
}

void TestVerdict::failureQuotesWhatFailed()
{
    const Session session = consoleRun(QStringLiteral("errors<0.1%, p99<50ms"), 62.1, 0);
    const Verdict v = Verdict::of(session, RunHealth::of(session));
    QCOMPARE(v.outcome, Verdict::Outcome::Fail);
    QCOMPARE(v.word(), QStringLiteral("FAIL"));
    // The passing threshold is listed among the checks, never quoted as the failure.
    QCOMPARE(v.failures, QStringList{QStringLiteral("p99<50ms measured 62.1 ms")});
    QCOMPARE(v.summaryLine(), QStringLiteral("FAIL: p99<50ms measured 62.1 ms"));
}

void TestVerdict::noThresholdsNoVerdict()
{
    const Session session = consoleRun(QString(), 10, 0);
    const Verdict v = Verdict::of(session, RunHealth::of(session));
    QCOMPARE(v.outcome, Verdict::Outcome::None);
    QVERIFY(v.summaryLine().isEmpty());
}

void TestVerdict::unfinishedLoadCannotBeJudged()
{
    Session session = consoleRun(QStringLiteral("p99<50ms"), 10, 0);
    session.summary = {};
    const Verdict v = Verdict::of(session, RunHealth::of(session));
    QCOMPARE(v.outcome, Verdict::Outcome::Incomplete);
    QVERIFY(v.checks.first().measured.isEmpty());
}

void TestVerdict::deadServerFailsTheRun()
{
    // The run: p99 "passed" while the server had been killed for 13 s.
    Session session = consoleRun(QStringLiteral("p99<50ms"), 22.5, 0);
    session.events << SessionEvent{6.2, QStringLiteral("server"), QStringLiteral("server_died"), QStringLiteral("killed")};
    const Verdict v = Verdict::of(session, RunHealth::of(session));
    QCOMPARE(v.outcome, Verdict::Outcome::Fail);
    QVERIFY(v.checks.first().passed);
    QCOMPARE(v.failures, QStringList{QStringLiteral("the server died at 6.2 s")});
}

void TestVerdict::cliSessionKeepsItsThresholdsInEvents()
{
    Session session = consoleRun(QString(), 80, 0);
    session.config = {{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:8080/ws")}};
    session.events << SessionEvent{10, QStringLiteral("load"), QStringLiteral("threshold"), QStringLiteral("p99<50ms: 80 ms, FAILED")};
    const Verdict v = Verdict::of(session, RunHealth::of(session));
    QCOMPARE(v.outcome, Verdict::Outcome::Fail);
    QCOMPARE(v.checks.first().threshold, QStringLiteral("p99<50ms"));
}

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
