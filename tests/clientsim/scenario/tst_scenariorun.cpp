#include "scenariotesting.h"

#include <scenariorun.h>

#include <QTest>

namespace {

constexpr qint64 kMs = 1000000;

const QByteArray kUsers = "user,token,room\nalice,t-a,lobby\nbob,t-b,garden\n";

// Feeds a text frame to a run.
void deliver(ScenarioRun &run, const QByteArray &message, qint64 nowNs)
{
    run.onMessage(message.constData(), size_t(message.size()), true, nowNs);
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
    const QByteArray yaml = R"(
data: {csv: users.csv}
on:
  - match: {type: ping}
    reply: '{"type":"pong","n":{{msg.n}}}'
  - match: {type: tick}
    count: ticks
    latency_from: ts
steps:
  - await: {match: {type: welcome}, timeout: 5s}
  - send: '{"type":"join","room":"{{row.room}}"}'
    await: {match: {type: joined}, timeout: 5s, metric: join}
  - repeat: 3
    steps:
      - send: '{"type":"say","id":{{seq}},"text":"hello from {{row.user}}"}'
        await: {match: {type: ack, id: "{{seq}}"}, timeout: 2s, metric: say_ack}
      - think: 100ms..300ms
  - close: 1000
)";
    QString error;
    const auto program = compileScenario(yaml, kUsers, &error);
    QVERIFY2(program, qPrintable(error));
    QCOMPARE(program->metricNames(), (QStringList{QStringLiteral("ticks"), QStringLiteral("join"), QStringLiteral("say_ack")}));
    QCOMPARE(program->counterNames(), QStringList{QStringLiteral("ticks")});
    ScenarioContext context(*program, 1);
    context.setEpochOffsetNs(1700000000000 * kMs); // steady 0 is this epoch time
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 1);
    const int join = 1, sayAck = 2, ticks = 0;

    run.start(0);
    QCOMPARE(run.state(), ScenarioRun::State::Awaiting);
    QCOMPARE(run.nextDeadlineNs(), 5000 * kMs);
    QVERIFY(sink.sent.isEmpty());

    deliver(run, R"({"type":"welcome"})", 1 * kMs);
    QCOMPARE(sink.last(), QByteArray(R"({"type":"join","room":"garden"})"));
    QCOMPARE(run.seq(), quint64(1));
    deliver(run, R"({"type":"joined"})", 3 * kMs);
    QCOMPARE(sink.last(), QByteArray(R"({"type":"say","id":2,"text":"hello from bob"})"));
    QCOMPARE(context.metrics().matched(join), quint64(1));
    QCOMPARE(context.metrics().latency(join).maxNs(), 2 * kMs);

    deliver(run, R"({"type":"ack","id":1})", 4 * kMs); // not this step's seq: nobody takes it
    QCOMPARE(context.metrics().unmatched(), quint64(1));
    deliver(run, R"({"type":"ping","n":5})", 4 * kMs);
    QCOMPARE(sink.last(), QByteArray(R"({"type":"pong","n":5})"));
    deliver(run, R"({"type":"tick","ts":1700000000001})", 4 * kMs);
    QCOMPARE(context.metrics().counter(ticks), quint64(1));
    QCOMPARE(context.metrics().latency(ticks).maxNs(), 3 * kMs);
    QCOMPARE(context.metrics().unmatched(), quint64(1));

    qint64 now = 7 * kMs;
    deliver(run, R"({"id":2, "type":"ack"})", now);
    QCOMPARE(context.metrics().latency(sayAck).maxNs(), 4 * kMs);
    for (int seq = 3; seq <= 4; ++seq) {
        QCOMPARE(run.state(), ScenarioRun::State::Waiting);
        const qint64 think = run.nextDeadlineNs() - now;
        QVERIFY(think >= 100 * kMs && think <= 300 * kMs);
        run.poll(run.nextDeadlineNs() - 1);
        QCOMPARE(sink.sent.size(), seq); // nothing before the deadline
        now = run.nextDeadlineNs();
        run.poll(now);
        QCOMPARE(sink.last(), QStringLiteral(R"({"type":"say","id":%1,"text":"hello from bob"})").arg(seq).toUtf8());
        now += 1 * kMs;
        deliver(run, QStringLiteral(R"({"type":"ack","id":%1})").arg(seq).toUtf8(), now);
    }
    QCOMPARE(context.metrics().matched(sayAck), quint64(3));
    QCOMPARE(context.metrics().latency(sayAck).minNs(), 1 * kMs);
    run.poll(run.nextDeadlineNs());
    QCOMPARE(run.state(), ScenarioRun::State::Closed);
    QCOMPARE(sink.closes, QList<quint16>{1000});
    QCOMPARE(run.nextDeadlineNs(), ScenarioRun::kNoDeadline);
    QCOMPARE(context.metrics().timeouts(sayAck), quint64(0));
}

void TestScenarioRun::rendersTheHandshakePerConnection()
{
    const auto program = compileScenario(R"(
connect:
  url: "{{target}}?user={{row.user}}&c={{conn}}"
  headers: {Authorization: "Bearer {{row.token}}", X-Seq: "{{seq}}"}
data: {csv: users.csv}
steps: [{think: 1s}]
)", kUsers);
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun third(&context, &sink, 2); // two rows: connection 2 takes row 0 again
    QCOMPARE(third.url(), QByteArray("ws://127.0.0.1:9/chat?user=alice&c=2"));
    const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer t-a"}, {"X-Seq", "0"}};
    QCOMPARE(third.headers(), headers);
}

void TestScenarioRun::timeoutCountsAndGoesOn()
{
    const auto program = compileScenario(R"(
steps:
  - send: a
    await: {match: {type: ack}, timeout: 1s, metric: ack}
  - send: b
)");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    run.poll(999 * kMs);
    QCOMPARE(sink.sent.size(), 1);
    run.poll(1000 * kMs);
    QCOMPARE(context.metrics().timeouts(0), quint64(1));
    QCOMPARE(sink.last(), QByteArray("b"));
    QCOMPARE(run.state(), ScenarioRun::State::Done);
    deliver(run, R"({"type":"ack"})", 1001 * kMs); // too late: nobody waits for it any more
    QCOMPARE(context.metrics().unmatched(), quint64(1));
    QCOMPARE(context.metrics().matched(0), quint64(0));
}

void TestScenarioRun::timeoutClosesWhenAsked()
{
    const auto program = compileScenario(R"(
steps:
  - await: {contains: hello, timeout: 2s, metric: hello, on_timeout: close}
  - send: never
)");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(10 * kMs);
    run.poll(2010 * kMs);
    QCOMPARE(sink.closes, QList<quint16>{1000});
    QVERIFY(sink.sent.isEmpty());
    QCOMPARE(run.state(), ScenarioRun::State::Closed);
    QCOMPARE(context.metrics().timeouts(0), quint64(1));
}

void TestScenarioRun::awaitWithoutMetricCountsItsTimeouts()
{
    const auto program = compileScenario("steps:\n  - await: {equals: x, timeout: 1s}\n");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    run.poll(kMs * 1000);
    QCOMPARE(context.metrics().unnamedTimeouts(), quint64(1));
}

void TestScenarioRun::everyPacesFromTheSchedule()
{
    const auto program = compileScenario(R"(
steps:
  - repeat: 3
    every: 100ms
    steps:
      - send: 'm{{seq}}'
        await: {equals: 'r{{seq}}', timeout: 1s, metric: rtt}
)");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    QCOMPARE(sink.last(), QByteArray("m1"));
    deliver(run, "r1", 10 * kMs);
    QCOMPARE(run.state(), ScenarioRun::State::Waiting);
    QCOMPARE(run.nextDeadlineNs(), 100 * kMs); // the next iteration is due then, not 100 ms after the reply
    run.poll(100 * kMs);
    QCOMPARE(sink.last(), QByteArray("m2"));
    deliver(run, "r2", 250 * kMs); // late: iteration 3 was due at 200 ms
    QCOMPARE(sink.last(), QByteArray("m3")); // sent at once
    deliver(run, "r3", 260 * kMs);
    QCOMPARE(run.state(), ScenarioRun::State::Done);
    const LatencyHistogram &rtt = context.metrics().latency(0);
    QCOMPARE(rtt.count(), quint64(3));
    QCOMPARE(rtt.minNs(), 10 * kMs);
    QCOMPARE(rtt.maxNs(), 150 * kMs);
    QVERIFY(qAbs(rtt.percentileNs(50) - 60 * kMs) < kMs); // m3 counts from when it was due: 260 - 200
}

void TestScenarioRun::thinkWaitsWithinItsRange()
{
    const auto program = compileScenario("steps:\n  - repeat: forever\n    steps:\n      - think: 1s..2s\n      - send: x\n");
    QVERIFY(program);
    ScenarioContext context(*program, 7);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
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
    QCOMPARE(sink.sent.size(), 200);
    QVERIFY(shortest >= 1000 * kMs && longest <= 2000 * kMs);
    QVERIFY(longest - shortest > 500 * kMs); // spread over the range, not fixed
}

void TestScenarioRun::longBurstsYield()
{
    const auto program = compileScenario("steps:\n  - repeat: 1000\n    steps:\n      - send: x\n");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(5);
    QVERIFY(sink.sent.size() < ScenarioRun::kMaxStepsPerCall);
    QCOMPARE(run.state(), ScenarioRun::State::Waiting);
    QCOMPARE(run.nextDeadlineNs(), qint64(5)); // due at once, after the thread's other runs
    for (int i = 0; i < 20 && run.state() != ScenarioRun::State::Done; ++i)
        run.poll(6);
    QCOMPARE(sink.sent.size(), 1000);
    QCOMPARE(run.state(), ScenarioRun::State::Done);
}

void TestScenarioRun::restartBeginsAgainWithTheSameRow()
{
    const auto program = compileScenario(R"(
data: {csv: users.csv}
steps:
  - send: '{{row.user}} {{seq}}'
  - send: '{{row.user}} {{seq}}'
  - await: {equals: never, timeout: 10s}
)", kUsers);
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 3);
    run.start(0);
    QCOMPARE(sink.last(), QByteArray("bob 2"));
    run.restart();
    QCOMPARE(run.state(), ScenarioRun::State::Idle);
    QCOMPARE(run.nextDeadlineNs(), ScenarioRun::kNoDeadline);
    run.start(kMs);
    QCOMPARE(sink.sent.at(2).first, QByteArray("bob 1"));
    QCOMPARE(run.nextDeadlineNs(), 10001 * kMs);
}

void TestScenarioRun::handlersKeepAnsweringAfterTheSteps()
{
    const auto program = compileScenario(R"(
on:
  - equals: "2"
    reply: "3"
steps:
  - send: "40"
)");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    QCOMPARE(run.state(), ScenarioRun::State::Done);
    deliver(run, "2", kMs);
    QCOMPARE(sink.last(), QByteArray("3"));
    QCOMPARE(sink.sent.size(), 2);
    QCOMPARE(context.metrics().unmatched(), quint64(0));
}

void TestScenarioRun::binaryMessagesGoOutAsBinary()
{
    const auto program = compileScenario(R"(
on:
  - contains: ping
    reply: pong
    binary: true
steps:
  - send: a
  - send: b
    binary: true
)");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    run.onMessage("\x01ping", 5, false, kMs); // a binary frame: raw tests apply
    const QList<QPair<QByteArray, bool>> expected{{"a", false}, {"b", true}, {"pong", true}};
    QCOMPARE(sink.sent, expected);
}

void TestScenarioRun::firstMatchingHandlerTakesTheFrame()
{
    const auto program = compileScenario(R"(
on:
  - match: {type: tick}
    count: first
  - contains: tick
    count: second
steps: [{think: 1s}]
)");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    deliver(run, R"({"type":"tick"})", kMs);
    deliver(run, R"({"type":"other","tick":1})", kMs);
    QCOMPARE(context.metrics().counter(0), quint64(1));
    QCOMPARE(context.metrics().counter(1), quint64(1));
}

void TestScenarioRun::aFrameIsParsedOnce()
{
    const auto program = compileScenario(R"(
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
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    for (int i = 1; i <= 10; ++i) {
        deliver(run, R"({"type":"z","kind":"c"})", kMs);
        QCOMPARE(context.fields().scanCount(), quint64(i)); // the await and three handlers looked at it
    }
    QCOMPARE(context.metrics().unmatched(), quint64(10));
}

void TestScenarioRun::closedRunIgnoresFrames()
{
    const auto program = compileScenario("on:\n  - contains: x\n    count: x\nsteps:\n  - close: 4000\n");
    QVERIFY(program);
    ScenarioContext context(*program, 1);
    RecordingSink sink;
    ScenarioRun run(&context, &sink, 0);
    run.start(0);
    QCOMPARE(sink.closes, QList<quint16>{4000});
    deliver(run, "x", kMs);
    QCOMPARE(context.metrics().counter(0), quint64(0));
    QCOMPARE(context.metrics().unmatched(), quint64(0));
}

QTEST_GUILESS_MAIN(TestScenarioRun)
#include "tst_scenariorun.moc"
