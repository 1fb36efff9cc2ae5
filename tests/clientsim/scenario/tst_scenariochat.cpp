#include "scenarioharness.h"
#include "scenariotesting.h"

#include <chatprotocolserver.h>
#include <sessionfile.h>
#include <threshold.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

// resources/scenarios/chat.yaml and variants of it, run over real sockets against the chat
// protocol server: per-user tokens, pushes, application pings, named metrics, thresholds.
class TestScenarioChat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chatYamlRunsAsWritten();
    void shortChatCompletesWithExactCounts();
    void wrongTokenIsRefusedWith401();
    void unansweredSaysTimeOut();

private:
    QTemporaryDir m_dir;
};

void TestScenarioChat::chatYamlRunsAsWritten()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv"), 100, 100));
    QString error;
    const auto file = ScenarioFile::load(QStringLiteral(SCENARIOS_DIR "/chat.yaml"), &error);
    QVERIFY2(file, qPrintable(error));
    const auto program = ScenarioProgram::compile(*file, server.url().toEncoded(), ScenarioProgram::processEnvironment, &error);
    QVERIFY2(program, qPrintable(error));
    const int connections = 4;
    ScenarioHarness harness(*program, connections);
    harness.start();
    const int join = int(program->metricNames().indexOf(QStringLiteral("join")));
    const int sayAck = int(program->metricNames().indexOf(QStringLiteral("say_ack")));
    const int ticks = int(program->metricNames().indexOf(QStringLiteral("ticks")));
    ScenarioMetrics &m = harness.context().metrics();
    // 100 says with 100-300 ms thinks take ~20 s; a few of each kind show the conversation works.
    QTRY_VERIFY_WITH_TIMEOUT(m.matched(sayAck) >= 3 * connections && m.matched(ticks) >= 3 * connections
                                 && server.pongs() >= 3 * connections, 30000);
    QCOMPARE(harness.opened(), connections);
    QCOMPARE(server.joins(), connections);
    QCOMPARE(m.matched(join), quint64(connections));
    QCOMPARE(m.counter(0), m.matched(ticks)); // every tick counted and timed
    QCOMPARE(m.timeouts(sayAck), quint64(0));
    QCOMPARE(server.badPongs(), 0);
    QCOMPARE(server.refusedUnauthorized(), 0);
    QVERIFY(m.latency(ticks).maxNs() < qint64(10e9)); // push latency from the server's ts, same clock
}

void TestScenarioChat::shortChatCompletesWithExactCounts()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv"), 50, 50));
    QByteArray yaml = scenarioResource(QStringLiteral("chat.yaml"));
    yaml.replace("repeat: 100", "repeat: 5").replace("think: 100ms..300ms", "think: 20ms..40ms");
    const auto program = compileScenario(yaml, scenarioResource(QStringLiteral("users.csv")), nullptr, server.url().toEncoded());
    QVERIFY(program);
    const int connections = 8; // one per row of users.csv
    ScenarioHarness harness(*program, connections);
    harness.start();
    QTRY_COMPARE_WITH_TIMEOUT(server.closedWith(1000), connections, 30000);
    for (int i = 0; i < connections; ++i)
        QCOMPARE(harness.state(i), ScenarioRun::State::Closed);

    ScenarioMetrics run;
    run.merge(harness.context().metrics().takeInterval());
    MetricSample sample;
    sample.source = QStringLiteral("load");
    sample.elapsedSec = 1;
    run.writeSample(&sample, run, 1.0);
    RunSummary summary;
    summary.durationSec = 1;
    run.writeSummary(&summary);
    QCOMPARE(summary.metrics.value(QStringLiteral("say_ack")).count, quint64(5 * connections));
    QCOMPARE(summary.metrics.value(QStringLiteral("join")).count, quint64(connections));
    QCOMPARE(summary.metrics.value(QStringLiteral("say_ack")).timeouts, quint64(0));
    QCOMPARE(server.says(), 5 * connections);
    QCOMPARE(harness.unmatched(), 0); // welcome, joined, acks awaited; ticks and pings handled

    // Through a session file and back, then judged by thresholds as socketscope-load will.
    Session session;
    session.samples.append(sample);
    session.summary = summary.toJson();
    const QString path = m_dir.filePath(QStringLiteral("chat-session.json"));
    QString error;
    QVERIFY2(SessionFile::save(path, session, &error), qPrintable(error));
    const auto loaded = SessionFile::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->samples.first().metrics.value(QStringLiteral("say_ack")).count, quint64(5 * connections));
    const RunSummary back = RunSummary::fromJson(loaded->summary);
    for (const char *text : {"say_ack.p99<5s", "say_ack.timeouts<0.1%", "join.count>=8", "ticks.rate>=1"}) {
        const auto t = Threshold::parse(QString::fromLatin1(text), &error);
        QVERIFY2(t && t->namesDefined(program->metricNames(), program->counterNames(), &error), qPrintable(error));
        QVERIFY2(t->passes(back), qPrintable(t->describe(back)));
    }
    QVERIFY(!Threshold::parse(QStringLiteral("say_ack.p99<1us"), &error)->passes(back));
}

void TestScenarioChat::wrongTokenIsRefusedWith401()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv")));
    QByteArray users = scenarioResource(QStringLiteral("users.csv"));
    users.replace("tok-bob-91c2", "tok-bob-wrong");
    const auto program = compileScenario(scenarioResource(QStringLiteral("chat.yaml")), users, nullptr, server.url().toEncoded());
    QVERIFY(program);
    ScenarioHarness harness(*program, 3); // alice, bob, carol
    harness.start();
    QTRY_COMPARE(harness.opened() + harness.failed(), 3);
    QCOMPARE(harness.failed(), 1);
    QCOMPARE(server.refusedUnauthorized(), 1);
    QCOMPARE(harness.state(1), ScenarioRun::State::Idle); // bob never started
}

void TestScenarioChat::unansweredSaysTimeOut()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv")));
    server.setAcksSays(false);
    // chat.yaml giving up on the first unanswered say.
    QByteArray yaml = scenarioResource(QStringLiteral("chat.yaml"));
    yaml.replace("timeout: 2s, metric: say_ack}", "timeout: 200ms, metric: say_ack, on_timeout: close}");
    const auto program = compileScenario(yaml, scenarioResource(QStringLiteral("users.csv")), nullptr, server.url().toEncoded());
    QVERIFY(program);
    ScenarioHarness harness(*program, 2);
    harness.start();
    QTRY_COMPARE_WITH_TIMEOUT(server.closedWith(1000), 2, 20000);
    const ScenarioMetrics &m = harness.context().metrics();
    const int sayAck = int(program->metricNames().indexOf(QStringLiteral("say_ack")));
    QCOMPARE(m.timeouts(sayAck), quint64(2));
    QCOMPARE(m.matched(sayAck), quint64(0));
    QCOMPARE(server.says(), 2); // closed after the first: no second say
    MetricSample sample;
    m.writeSample(&sample, m, 1.0);
    QCOMPARE(sample.errors.value(QStringLiteral("say_ack.timeouts")), quint64(2));
}

QTEST_GUILESS_MAIN(TestScenarioChat)
#include "tst_scenariochat.moc"
