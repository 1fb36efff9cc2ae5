#include "scenariotesting.h"

#include <chatprotocolserver.h>
#include <loadengine.h>
#include <loadrun.h>
#include <sessionfile.h>
#include <threshold.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// resources/scenarios/chat.yaml and variants of it, run by the load engine over real sockets against
// the chat protocol server: per-user tokens, pushes, application pings, named metrics, thresholds,
// reconnects.
class TestScenarioChat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chatYamlRunsAsWritten();
    void shortChatCompletesWithExactCounts();
    void wrongTokenIsRefusedWith401();
    void unansweredSaysTimeOut();
    void reconnectRestartsTheStepsWithTheSameRow();
    void framesNothingTakesAreUnmatched();
    void uniqueRowsRefuseMoreConnections();

private:
    QTemporaryDir m_dir;
};

namespace {

// A load of conns connections running program against server.
LoadConfig chatLoad(const ChatProtocolServer &server, std::optional<ScenarioProgram> program, int conns, double durationSec)
{
    LoadConfig config;
    config.url = server.url();
    config.connections = conns;
    config.threads = 2; // two threads' histograms merged each second
    config.durationSec = durationSec;
    config.pingIntervalSec = 0;
    if (program)
        config.scenarioProgram = std::make_shared<const ScenarioProgram>(std::move(*program));
    return config;
}

// yaml with users.csv (or users) beside it, against server.
LoadConfig chatLoad(const ChatProtocolServer &server, const QByteArray &yaml, int conns, double durationSec,
                    const QByteArray &users = scenarioResource(QStringLiteral("users.csv")))
{
    QString error;
    auto program = compileScenario(yaml, users, &error, server.url().toEncoded());
    if (!program)
        qWarning() << error;
    return chatLoad(server, std::move(program), conns, durationSec);
}

// chat.yaml with 5 says, short thinks: a whole conversation in well under a second.
QByteArray shortChat()
{
    QByteArray yaml = scenarioResource(QStringLiteral("chat.yaml"));
    return yaml.replace("repeat: 100", "repeat: 5").replace("think: 100ms..300ms", "think: 20ms..40ms");
}

} // namespace

void TestScenarioChat::chatYamlRunsAsWritten()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv"), 100, 100));
    QString error;
    const auto file = ScenarioFile::load(QStringLiteral(SCENARIOS_DIR "/chat.yaml"), &error);
    QVERIFY2(file, qPrintable(error));
    auto program = ScenarioProgram::compile(*file, server.url().toEncoded(), ScenarioProgram::processEnvironment, &error);
    QVERIFY2(program, qPrintable(error));
    const int connections = 4;
    const LoadConfig config = chatLoad(server, std::move(program), connections, 2.5);
    LoadEngine engine;
    // 100 says with 100-300 ms thinks take ~20 s; 2.5 s show the conversation works.
    const RunSummary s = runToEnd(engine, config);
    QCOMPARE(s.peakConnections, quint64(connections));
    QCOMPARE(server.joins(), connections);
    QCOMPARE(s.metrics.value(QStringLiteral("join")).count, quint64(connections));
    QVERIFY(s.metrics.value(QStringLiteral("say_ack")).count >= quint64(3 * connections));
    QVERIFY(s.metrics.value(QStringLiteral("ticks")).count >= quint64(3 * connections));
    QCOMPARE(s.counters.value(QStringLiteral("ticks")), s.metrics.value(QStringLiteral("ticks")).count); // every tick counted and timed
    QVERIFY(server.pongs() >= 3 * connections);
    QCOMPARE(s.metrics.value(QStringLiteral("say_ack")).timeouts, quint64(0));
    QCOMPARE(server.badPongs(), 0);
    QCOMPARE(server.refusedUnauthorized(), 0);
    QCOMPARE(s.errors, quint64(0));
    QVERIFY(s.metrics.value(QStringLiteral("ticks")).latency.maxMs < 10000); // push latency from the server's ts, same clock
}

void TestScenarioChat::shortChatCompletesWithExactCounts()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv"), 50, 50));
    const int connections = 8; // one per row of users.csv
    LoadConfig config = chatLoad(server, shortChat(), connections, 60);
    config.scenarioFile = QStringLiteral(SCENARIOS_DIR "/chat.yaml");
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary summary = runToEnd(engine, config, &samples);
    QVERIFY2(summary.durationSec < 30, "the run ends once every connection has closed by its steps");
    QCOMPARE(server.closedWith(1000), connections);
    QCOMPARE(summary.metrics.value(QStringLiteral("say_ack")).count, quint64(5 * connections));
    QCOMPARE(summary.metrics.value(QStringLiteral("join")).count, quint64(connections));
    QCOMPARE(summary.metrics.value(QStringLiteral("say_ack")).timeouts, quint64(0));
    QCOMPARE(server.says(), 5 * connections);
    QCOMPARE(summary.messagesUnmatched, quint64(0)); // welcome, joined, acks awaited; ticks and pings handled
    QCOMPARE(summary.errors, quint64(0));
    QCOMPARE(summary.messagesSent, quint64(6 * connections) + quint64(server.pongs()));

    // Through a session file and back, then judged by thresholds as socketscope-load does.
    const QString path = m_dir.filePath(QStringLiteral("chat-session.json"));
    QString error;
    QVERIFY2(SessionFile::save(path, engine.session(), &error), qPrintable(error));
    const auto loaded = SessionFile::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->samples.last().metrics.value(QStringLiteral("say_ack")).count, quint64(5 * connections));
    QCOMPARE(loaded->config.value(QLatin1String("scenarioText")).toString().toUtf8(), shortChat()); // exactly what ran
    QCOMPARE(loaded->config.value(QLatin1String("scenarioFile")).toString(), QStringLiteral("chat.yaml"));
    QCOMPARE(loaded->config.value(QLatin1String("scenarioCsv")).toString(), QStringLiteral("users.csv"));
    const RunSummary back = RunSummary::fromJson(loaded->summary);
    for (const char *text : {"say_ack.p99<5s", "say_ack.timeouts<0.1%", "join.count>=8", "ticks.rate>=1"}) {
        const auto t = Threshold::parse(QString::fromLatin1(text), &error);
        QVERIFY2(t && t->namesDefined(config.scenarioProgram->metricNames(), config.scenarioProgram->counterNames(), &error),
                 qPrintable(error));
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
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, chatLoad(server, shortChat(), 3, 60, users), &samples); // alice, bob, carol
    QCOMPARE(s.connectionsFailed, quint64(1));
    QCOMPARE(samples.last().errors.value(QStringLiteral("connect_http_401")), quint64(1));
    QCOMPARE(server.refusedUnauthorized(), 1);
    QCOMPARE(server.joinsOf(QStringLiteral("bob")), 0);
    QCOMPARE(server.joinsOf(QStringLiteral("carol")), 1);
    QCOMPARE(s.metrics.value(QStringLiteral("join")).count, quint64(2));
}

void TestScenarioChat::unansweredSaysTimeOut()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv")));
    server.setAcksSays(false);
    // chat.yaml giving up on the first unanswered say.
    QByteArray yaml = scenarioResource(QStringLiteral("chat.yaml"));
    yaml.replace("timeout: 2s, metric: say_ack}", "timeout: 200ms, metric: say_ack, on_timeout: close}");
    LoadEngine engine;
    QVector<SessionEvent> events;
    connect(&engine, &LoadEngine::eventOccurred, this, [&events](const SessionEvent &e) { events.append(e); });
    const RunSummary s = runToEnd(engine, chatLoad(server, yaml, 2, 60));
    QCOMPARE(server.closedWith(1000), 2);
    QCOMPARE(s.metrics.value(QStringLiteral("say_ack")).timeouts, quint64(2));
    QCOMPARE(s.metrics.value(QStringLiteral("say_ack")).count, quint64(0));
    QCOMPARE(server.says(), 2); // closed after the first: no second say
    QCOMPARE(s.errors, quint64(2)); // timeouts are errors
    // The event log says which metric timed out.
    QVERIFY(std::any_of(events.cbegin(), events.cend(), [](const SessionEvent &e) {
        return e.kind == QLatin1String("say_ack.timeouts") && e.message.contains(QLatin1String("+2"));
    }));
}

void TestScenarioChat::reconnectRestartsTheStepsWithTheSameRow()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv")));
    const int connections = 3;
    QByteArray yaml = scenarioResource(QStringLiteral("chat.yaml"));
    yaml.replace("repeat: 100", "repeat: forever");
    LoadConfig config = chatLoad(server, yaml, connections, 60);
    config.reconnect = true;
    config.reconnectBackoffMinSec = 0.05;
    config.reconnectBackoffMaxSec = 0.1;
    LoadEngine engine;
    QSignalSpy finished(&engine, &LoadEngine::finished);
    QVERIFY(engine.start(config));
    QTRY_COMPARE_WITH_TIMEOUT(server.joins(), connections, 10000);
    server.closeAll(1012); // restarting: the clients come back
    QTRY_COMPARE_WITH_TIMEOUT(server.joins(), 2 * connections, 10000);
    engine.stop();
    QVERIFY(finished.wait(10000));
    // Each connection awaited the welcome and joined again as the same user, seq from the start.
    for (const char *user : {"alice", "bob", "carol"})
        QCOMPARE(server.joinsOf(QString::fromLatin1(user)), 2);
    const RunSummary s = engine.summary();
    QCOMPARE(s.reconnects, quint64(connections));
    QCOMPARE(s.metrics.value(QStringLiteral("join")).count, quint64(2 * connections));
    QCOMPARE(s.metrics.value(QStringLiteral("say_ack")).timeouts, quint64(0));
}

void TestScenarioChat::framesNothingTakesAreUnmatched()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv"), 50, 50));
    // Nothing awaits or handles the welcome, the ticks and the pings.
    const QByteArray yaml = "connect:\n  url: \"{{target}}?user={{row.user}}\"\n  headers:\n    Authorization: \"Bearer {{row.token}}\"\n"
                            "data: {csv: users.csv}\nsteps:\n  - think: 10s\n";
    LoadEngine engine;
    QVector<MetricSample> samples;
    const RunSummary s = runToEnd(engine, chatLoad(server, yaml, 2, 1), &samples);
    QVERIFY(s.messagesReceived >= 4); // a welcome each and some pushes
    QCOMPARE(s.messagesUnmatched, s.messagesReceived);
    QCOMPARE(s.errors, quint64(0));
    QVERIFY(samples.last().bytesReceived > 0);
}

void TestScenarioChat::uniqueRowsRefuseMoreConnections()
{
    ChatProtocolServer server;
    QVERIFY(server.start(QStringLiteral(SCENARIOS_DIR "/users.csv")));
    QByteArray yaml = shortChat();
    yaml.replace("csv: users.csv", "csv: users.csv\n  order: unique");
    LoadEngine engine;
    QVERIFY(!engine.start(chatLoad(server, yaml, 9, 1)));
    QVERIFY2(engine.errorString().contains(QLatin1String("9 connections need 9 rows, the file has 8")), qPrintable(engine.errorString()));
    QVERIFY(engine.start(chatLoad(server, yaml, 8, 1)));
    engine.stop();
}

QTEST_GUILESS_MAIN(TestScenarioChat)
#include "tst_scenariochat.moc"
