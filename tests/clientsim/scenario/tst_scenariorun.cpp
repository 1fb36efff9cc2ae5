#include "scenariotesting.h"

#include <scenariorun.h>

#include <QTest>

namespace {

constexpr qint64 kMs = 1000000;

const QByteArray kUsers = "user,token,room\nalice,t-a,lobby\nbob,t-b,garden\n";

// Feeds a text frame to a run; false when nothing took it (the worker counts it as unmatched).
bool deliver(ScenarioRun &run, const QByteArray &message, qint64 nowNs)
{
    return run.onMessage(message.constData(), size_t(message.size()), true, nowNs);
}

} // namespace

class TestScenarioRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chatConversation();
    void rendersTheHandshakePerConnection();
    void timeoutCountsAndGoesOn();
    void timeoutClosesWhenAsked();
    void awaitWithoutMetricCountsItsTimeouts();
    void everyPacesFromTheSchedule();
    void thinkWaitsWithinItsRange();
    void longBurstsYield();
    void restartBeginsAgainWithTheSameRow();
    void handlersKeepAnsweringAfterTheSteps();
    void binaryMessagesGoOutAsBinary();
    void firstMatchingHandlerTakesTheFrame();
    void aFrameIsParsedOnce();
    void closedRunIgnoresFrames();
};

void TestScenarioRun::chatConversation()
{
    // The shipped chat.yaml, with three says instead of a hundred.
    QByteArray yaml = scenarioResource(QStringLiteral("chat.yaml"));
    yaml.replace("repeat: 100", "repeat: 3");
    OneRun t(yaml, scenarioResource(QStringLiteral("users.csv")), 1);
    QVERIFY2(t.run, qPrintable(t.error));
    const ScenarioProgram &program = *t.program;
    QCOMPARE(program.metricNames(), (QStringList{QStringLiteral("ticks"), QStringLiteral("join"), QStringLiteral("say_ack")}));
    QCOMPARE(program.counterNames(), QStringList{QStringLiteral("ticks")});
    t.context->setEpochOffsetNs(1700000000000 * kMs); // steady 0 is this epoch time
    ScenarioRun &run = *t.run;
    const int join = 1, sayAck = 2, ticks = 0;

    run.start(0);
    QCOMPARE(run.state(), ScenarioRun::State::Awaiting);
    QCOMPARE(run.nextDeadlineNs(), 5000 * kMs);
    QVERIFY(t.sink.sent.isEmpty());

    deliver(run, R"({"type":"welcome"})", 1 * kMs);
    QCOMPARE(t.sink.last(), QByteArray(R"({"type":"join","room":"lobby"})"));
    QCOMPARE(run.seq(), quint64(1));
    deliver(run, R"({"type":"joined"})", 3 * kMs);
    QCOMPARE(t.sink.last(), QByteArray(R"({"type":"say","id":2,"text":"hello from bob"})"));
    QCOMPARE(t.metrics().matched(join), quint64(1));
    QCOMPARE(t.metrics().latency(join).maxNs(), 2 * kMs);

    QVERIFY(!deliver(run, R"({"type":"ack","id":1})", 4 * kMs)); // not this step's seq: nobody takes it
    QVERIFY(deliver(run, R"({"type":"ping","n":5})", 4 * kMs));
    QCOMPARE(t.sink.last(), QByteArray(R"({"type":"pong","n":5})"));
    QVERIFY(deliver(run, R"({"type":"tick","ts":1700000000001})", 4 * kMs));
    QCOMPARE(t.metrics().counter(ticks), quint64(1));
    QCOMPARE(t.metrics().latency(ticks).maxNs(), 3 * kMs);

    qint64 now = 7 * kMs;
    deliver(run, R"({"id":2, "type":"ack"})", now);
    QCOMPARE(t.metrics().latency(sayAck).maxNs(), 4 * kMs);
    for (int seq = 3; seq <= 4; ++seq) {
        QCOMPARE(run.state(), ScenarioRun::State::Waiting);
        const qint64 think = run.nextDeadlineNs() - now;
        QVERIFY(think >= 100 * kMs && think <= 300 * kMs);
        run.poll(run.nextDeadlineNs() - 1);
        QCOMPARE(t.sink.sent.size(), seq); // nothing before the deadline
        now = run.nextDeadlineNs();
        run.poll(now);
        QCOMPARE(t.sink.last(), QStringLiteral(R"({"type":"say","id":%1,"text":"hello from bob"})").arg(seq).toUtf8());
        now += 1 * kMs;
        deliver(run, QStringLiteral(R"({"type":"ack","id":%1})").arg(seq).toUtf8(), now);
    }
    QCOMPARE(t.metrics().matched(sayAck), quint64(3));
    QCOMPARE(t.metrics().latency(sayAck).minNs(), 1 * kMs);
    run.poll(run.nextDeadlineNs());
    QCOMPARE(run.state(), ScenarioRun::State::Closed);
    QCOMPARE(t.sink.closes, QList<quint16>{1000});
    QCOMPARE(run.nextDeadlineNs(), ScenarioRun::kNoDeadline);
    QCOMPARE(t.metrics().timeouts(sayAck), quint64(0));
}

void TestScenarioRun::rendersTheHandshakePerConnection()
{
    OneRun t(R"(
connect:
  url: "{{target}}?user={{row.user}}&c={{conn}}"
  headers: {Authorization: "Bearer {{row.token}}", X-Seq: "{{seq}}"}
data: {csv: users.csv}
steps: [{think: 1s}]
)", kUsers, 2);
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &third = *t.run; // two rows: connection 2 takes row 0 again
    QCOMPARE(third.url(), QByteArray("ws://127.0.0.1:9/chat?user=alice&c=2"));
    const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer t-a"}, {"X-Seq", "0"}};
    QCOMPARE(third.headers(), headers);
}

void TestScenarioRun::timeoutCountsAndGoesOn()
{
    OneRun t(R"(
steps:
  - send: a
    await: {match: {type: ack}, timeout: 1s, metric: ack}
  - send: b
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    run.poll(999 * kMs);
    QCOMPARE(t.sink.sent.size(), 1);
    run.poll(1000 * kMs);
    QCOMPARE(t.metrics().timeouts(0), quint64(1));
    QCOMPARE(t.sink.last(), QByteArray("b"));
    QCOMPARE(run.state(), ScenarioRun::State::Done);
    QVERIFY(!deliver(run, R"({"type":"ack"})", 1001 * kMs)); // too late: nobody waits for it any more
    QCOMPARE(t.metrics().matched(0), quint64(0));
}

void TestScenarioRun::timeoutClosesWhenAsked()
{
    OneRun t(R"(
steps:
  - await: {contains: hello, timeout: 2s, metric: hello, on_timeout: close}
  - send: never
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(10 * kMs);
    run.poll(2010 * kMs);
    QCOMPARE(t.sink.closes, QList<quint16>{1000});
    QVERIFY(t.sink.sent.isEmpty());
    QCOMPARE(run.state(), ScenarioRun::State::Closed);
    QCOMPARE(t.metrics().timeouts(0), quint64(1));
}

void TestScenarioRun::awaitWithoutMetricCountsItsTimeouts()
{
    OneRun t("steps:\n  - await: {equals: x, timeout: 1s}\n");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    run.poll(kMs * 1000);
    QCOMPARE(t.metrics().unnamedTimeouts(), quint64(1));
}

void TestScenarioRun::everyPacesFromTheSchedule()
{
    OneRun t(R"(
steps:
  - repeat: 3
    every: 100ms
    steps:
      - send: 'm{{seq}}'
        await: {equals: 'r{{seq}}', timeout: 1s, metric: rtt}
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    QCOMPARE(t.sink.last(), QByteArray("m1"));
    deliver(run, "r1", 10 * kMs);
    QCOMPARE(run.state(), ScenarioRun::State::Waiting);
    QCOMPARE(run.nextDeadlineNs(), 100 * kMs); // the next iteration is due then, not 100 ms after the reply
    run.poll(100 * kMs);
    QCOMPARE(t.sink.last(), QByteArray("m2"));
    deliver(run, "r2", 250 * kMs); // late: iteration 3 was due at 200 ms
    QCOMPARE(t.sink.last(), QByteArray("m3")); // sent at once
    deliver(run, "r3", 260 * kMs);
    QCOMPARE(run.state(), ScenarioRun::State::Done);
    const LatencyHistogram &rtt = t.metrics().latency(0);
    QCOMPARE(rtt.count(), quint64(3));
    QCOMPARE(rtt.minNs(), 10 * kMs);
    QCOMPARE(rtt.maxNs(), 150 * kMs);
    QVERIFY(qAbs(rtt.percentileNs(50) - 60 * kMs) < kMs); // m3 counts from when it was due: 260 - 200
}

void TestScenarioRun::thinkWaitsWithinItsRange()
{
    OneRun t("steps:\n  - repeat: forever\n    steps:\n      - think: 1s..2s\n      - send: x\n", QByteArray(), 0, 7);
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    qint64 now = 0;
    run.start(now);
    qint64 shortest = 1LL << 62, longest = 0;
    for (int i = 0; i < 200; ++i) {
        const qint64 wait = run.nextDeadlineNs() - now;
        shortest = qMin(shortest, wait);
        longest = qMax(longest, wait);
        now = run.nextDeadlineNs();
        run.poll(now);
    }
    QCOMPARE(t.sink.sent.size(), 200);
    QVERIFY(shortest >= 1000 * kMs && longest <= 2000 * kMs);
    QVERIFY(longest - shortest > 500 * kMs); // spread over the range, not fixed
}

void TestScenarioRun::longBurstsYield()
{
    OneRun t("steps:\n  - repeat: 1000\n    steps:\n      - send: x\n");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(5);
    QVERIFY(t.sink.sent.size() < ScenarioRun::kMaxStepsPerCall);
    QCOMPARE(run.state(), ScenarioRun::State::Waiting);
    QCOMPARE(run.nextDeadlineNs(), qint64(5)); // due at once, after the thread's other runs
    for (int i = 0; i < 20 && run.state() != ScenarioRun::State::Done; ++i)
        run.poll(6);
    QCOMPARE(t.sink.sent.size(), 1000);
    QCOMPARE(run.state(), ScenarioRun::State::Done);
}

void TestScenarioRun::restartBeginsAgainWithTheSameRow()
{
    OneRun t(R"(
data: {csv: users.csv}
steps:
  - send: '{{row.user}} {{seq}}'
  - send: '{{row.user}} {{seq}}'
  - await: {equals: never, timeout: 10s}
)", kUsers, 3);
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    QCOMPARE(t.sink.last(), QByteArray("bob 2"));
    run.restart();
    QCOMPARE(run.state(), ScenarioRun::State::Idle);
    QCOMPARE(run.nextDeadlineNs(), ScenarioRun::kNoDeadline);
    run.start(kMs);
    QCOMPARE(t.sink.sent.at(2).first, QByteArray("bob 1"));
    QCOMPARE(run.nextDeadlineNs(), 10001 * kMs);
}

void TestScenarioRun::handlersKeepAnsweringAfterTheSteps()
{
    OneRun t(R"(
on:
  - equals: "2"
    reply: "3"
steps:
  - send: "40"
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    QCOMPARE(run.state(), ScenarioRun::State::Done);
    QVERIFY(deliver(run, "2", kMs));
    QCOMPARE(t.sink.last(), QByteArray("3"));
    QCOMPARE(t.sink.sent.size(), 2);
}

void TestScenarioRun::binaryMessagesGoOutAsBinary()
{
    OneRun t(R"(
on:
  - contains: ping
    reply: pong
    binary: true
steps:
  - send: a
  - send: b
    binary: true
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    run.onMessage("\x01ping", 5, false, kMs); // a binary frame: raw tests apply
    const QList<QPair<QByteArray, bool>> expected{{"a", false}, {"b", true}, {"pong", true}};
    QCOMPARE(t.sink.sent, expected);
}

void TestScenarioRun::firstMatchingHandlerTakesTheFrame()
{
    OneRun t(R"(
on:
  - match: {type: tick}
    count: first
  - contains: tick
    count: second
steps: [{think: 1s}]
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    deliver(run, R"({"type":"tick"})", kMs);
    deliver(run, R"({"type":"other","tick":1})", kMs);
    QCOMPARE(t.metrics().counter(0), quint64(1));
    QCOMPARE(t.metrics().counter(1), quint64(1));
}

void TestScenarioRun::aFrameIsParsedOnce()
{
    OneRun t(R"(
on:
  - match: {type: a}
    count: a
  - match: {type: b}
    count: b
  - match: {kind: c, id: "{{seq}}"}
    count: c
steps:
  - await: {match: {type: welcome}}
)");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    for (int i = 1; i <= 10; ++i) {
        QVERIFY(!deliver(run, R"({"type":"z","kind":"c"})", kMs));
        QCOMPARE(t.context->fields().scanCount(), quint64(i)); // the await and three handlers looked at it
    }
}

void TestScenarioRun::closedRunIgnoresFrames()
{
    OneRun t("on:\n  - contains: x\n    count: x\nsteps:\n  - close: 4000\n");
    QVERIFY2(t.run, qPrintable(t.error));
    ScenarioRun &run = *t.run;
    run.start(0);
    QCOMPARE(t.sink.closes, QList<quint16>{4000});
    QVERIFY(deliver(run, "x", kMs)); // ignored, not unmatched
    QCOMPARE(t.metrics().counter(0), quint64(0));
}

QTEST_GUILESS_MAIN(TestScenarioRun)
#include "tst_scenariorun.moc"
