// Remote agents' command template: words split as a shell would, {host} and {args} filled in, and
// every argument quoted so that the remote shell (here a real /bin/sh) reads it back unchanged.
#include <agentcommand.h>
#include <agentsessions.h>
#include <loadpanel.h>

#include <QJsonArray>
#include <QProcess>
#include <QTest>

class TestAgentCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void argumentsSurviveTheRemoteShell();
    void hostAndProgramFromTheTemplate();
    void templatesThatCannotRunAnAgent_data();
    void templatesThatCannotRunAnAgent();
    void planChecksHostsAndCount();
    void planRoundTripsThroughJson();
    void commandsGiveEachAgentItsShard();
    void remoteAgentsRefuseWhatOnlyHoldsHere();
};

void TestAgentCommand::argumentsSurviveTheRemoteShell()
{
    const QStringList arguments{QStringLiteral("ws://127.0.0.1:8080/ws"), QStringLiteral("two words"), QStringLiteral("it's"),
                                QStringLiteral("\"double\""), QStringLiteral("$HOME"), QStringLiteral("back\\slash"),
                                QStringLiteral("`id`"), QStringLiteral("*"), QString(), QStringLiteral(R"({"op":"hi","n":1})"),
                                QStringLiteral("a;b|c&d"), QStringLiteral("line\nbreak"), QStringLiteral("trailing\n"), QStringLiteral("héllo {host}"),
                                QStringLiteral("--header"), QStringLiteral("Authorization: Bearer x'y")};
    // printf repeats its format for every argument: one bracketed word each, as sh parsed them.
    const EngineCommand command =
        AgentCommand::expand(QStringLiteral(R"(sh -c "printf '[%s]' {args}")"), QStringLiteral("h1"), arguments);
    QCOMPARE(command.program, QStringLiteral("sh"));
    QVERIFY(command.closeStdinToStop);
    QProcess shell;
    shell.start(command.program, command.arguments);
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(shell.exitCode(), 0);
    QString expected;
    for (const QString &argument : arguments)
        expected += QLatin1Char('[') + argument + QLatin1Char(']');
    QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), expected);
}

void TestAgentCommand::hostAndProgramFromTheTemplate()
{
    const EngineCommand ssh = AgentCommand::expand(AgentCommand::defaultTemplate(), QStringLiteral("bench@load2"),
                                                   {QStringLiteral("ws://10.0.0.5/ws"), QStringLiteral("-c"), QStringLiteral("5000")});
    QCOMPARE(ssh.program, QStringLiteral("ssh"));
    QCOMPARE(ssh.arguments, (QStringList{QStringLiteral("bench@load2"), QStringLiteral("socketscope-load"),
                                         QStringLiteral("ws://10.0.0.5/ws -c 5000")}));
    QCOMPARE(AgentCommand::shellQuoted(QStringLiteral("--shard")), QStringLiteral("--shard"));
    QCOMPARE(AgentCommand::shellQuoted(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(AgentCommand::shellQuoted(QString()), QStringLiteral("''"));
}

void TestAgentCommand::templatesThatCannotRunAnAgent_data()
{
    QTest::addColumn<QString>("commandTemplate");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("no {args}") << QStringLiteral("ssh {host} socketscope-load") << QStringLiteral("needs {args}");
    QTest::newRow("{args} as the program") << QStringLiteral("{args} ssh") << QStringLiteral("start with a program");
}

void TestAgentCommand::templatesThatCannotRunAnAgent()
{
    QFETCH(QString, commandTemplate);
    QFETCH(QString, error);
    QVERIFY2(AgentCommand::check(commandTemplate).contains(error), qPrintable(AgentCommand::check(commandTemplate)));
    QCOMPARE(AgentCommand::check(AgentCommand::defaultTemplate()), QString());
}

void TestAgentCommand::planChecksHostsAndCount()
{
    const QString ssh = AgentCommand::defaultTemplate();
    QCOMPARE((AgentPlan{4, {}, QString()}).validationError(), QString()); // local needs no template
    QCOMPARE((AgentPlan{4, {QStringLiteral("load1"), QStringLiteral("me@10.0.0.7")}, ssh}).validationError(), QString());
    QVERIFY((AgentPlan{1, {QStringLiteral("load1"), QStringLiteral("load2")}, ssh}).validationError().contains(QLatin1String("2 agent hosts but 1")));
    QVERIFY((AgentPlan{1, {QStringLiteral("load1;reboot")}, ssh}).validationError().contains(QLatin1String("not a host name")));
    QVERIFY((AgentPlan{1, {QStringLiteral("load1")}, QStringLiteral("ssh {host}")}).validationError().contains(QLatin1String("{args}")));
}

void TestAgentCommand::planRoundTripsThroughJson()
{
    const AgentPlan remote{3, {QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("ssh -p 2222 {host} socketscope-load {args}")};
    const AgentPlan back = AgentPlan::fromJson(remote.toJson(), {});
    QCOMPARE(back.agents, 3);
    QCOMPARE(back.hosts, remote.hosts);
    QCOMPARE(back.commandTemplate, remote.commandTemplate);
    const QJsonObject local = AgentPlan{2, {}, QStringLiteral("unused")}.toJson();
    QCOMPARE(local, (QJsonObject{{QStringLiteral("agents"), 2}}));
}

void TestAgentCommand::commandsGiveEachAgentItsShard()
{
    AgentSessions sessions;
    const QStringList arguments{QStringLiteral("--json"), QStringLiteral("ws://127.0.0.1:1/ws")};
    const QVector<EngineCommand> local = sessions.commands(QStringLiteral("/opt/socketscope-load"), arguments, {2, {}, {}}, 1000);
    QCOMPARE(local.size(), 2);
    QCOMPARE(local.at(1).program, QStringLiteral("/opt/socketscope-load"));
    const QStringList own{QStringLiteral("--shard"), QStringLiteral("2/2"), QStringLiteral("--start-at"),
                          QString::number(1000 + AgentSessions::kStartDelayMs), QStringLiteral("--out"), QStringLiteral("-")};
    QCOMPARE(local.at(1).arguments, arguments + own);
    QVERIFY(!local.at(1).closeStdinToStop);
    // Three agents over two hosts: round-robin, each stopped through its stdin.
    const QVector<EngineCommand> remote =
        sessions.commands(QString(), arguments, {3, {QStringLiteral("h1"), QStringLiteral("h2")}, AgentCommand::defaultTemplate()}, 1000);
    QCOMPARE(remote.size(), 3);
    QCOMPARE(remote.at(2).arguments.first(), QStringLiteral("h1"));
    QVERIFY(remote.at(2).arguments.last().contains(QLatin1String("--shard 3/3")));
    QVERIFY(remote.at(2).arguments.last().endsWith(QLatin1String("--stop-when-stdin-closes")));
    QVERIFY(remote.at(2).closeStdinToStop);
    QStringList skipped;
    QString error;
    QVERIFY(!sessions.merge(&skipped, &error));
    QCOMPARE(skipped.size(), 3);
    QVERIFY(error.contains(QLatin1String("no agent")));
}

// A target, a scenario file's path or a PID of this machine mean nothing on another host.
void TestAgentCommand::remoteAgentsRefuseWhatOnlyHoldsHere()
{
    QVERIFY((AgentPlan{2, {QStringLiteral("localhost"), QStringLiteral("me@127.0.0.2"), QStringLiteral("[::1]")}, {}}).onThisMachine());
    QVERIFY(!(AgentPlan{2, {QStringLiteral("localhost"), QStringLiteral("load1")}, {}}).onThisMachine());
    LoadPanel panel;
    const auto validate = [&panel](const QStringList &hosts, const QString &target) {
        panel.fromJson({{QStringLiteral("agents"), 2}, {QStringLiteral("agentHosts"), QJsonArray::fromStringList(hosts)},
                        {QStringLiteral("target"), target}});
        return panel.validationError();
    };
    QVERIFY(validate({QStringLiteral("load1"), QStringLiteral("load2")}, QString()).contains(QLatin1String("Target URL")));
    QVERIFY(validate({QStringLiteral("load1"), QStringLiteral("load2")}, QStringLiteral("ws://127.0.0.1:8080/ws")).contains(QLatin1String("Target URL")));
    QCOMPARE(validate({QStringLiteral("load1"), QStringLiteral("load2")}, QStringLiteral("ws://10.0.0.5:8080/ws")), QString());
    QCOMPARE(validate({QStringLiteral("localhost"), QStringLiteral("127.0.0.1")}, QString()), QString());
    QVERIFY(validate({QStringLiteral("-oProxyCommand=x"), QStringLiteral("load2")}, QStringLiteral("ws://10.0.0.5/ws")).contains(QLatin1String("not a host name")));
}

QTEST_MAIN(TestAgentCommand)
#include "tst_agentcommand.moc"
