#include "runcontroller.h"

#include "enginegroup.h"
#include "engineprocess.h"
#include "redisprocess.h"

#include <processstats.h>
#include <runhealth.h>
#include <sessionmodel.h>
#include <verdict.h>

#include <QDateTime>
#include <QFileInfo>
#include <QHostAddress>
#include <QTcpServer>
#include <QThread>
#include <QUrl>

namespace {

QString executableOf(const EngineGroup *group)
{
    return group->source() == QLatin1String("server") ? QStringLiteral("socketscope-server") : QStringLiteral("socketscope-load");
}

// Every member of a group binds the same port, so "any free" is chosen here, once.
void chooseFreePort(QStringList *arguments)
{
    const qsizetype portAt = arguments->indexOf(QLatin1String("--port")) + 1;
    const qsizetype listenAt = arguments->indexOf(QLatin1String("--listen")) + 1;
    if (portAt <= 0 || portAt >= arguments->size() || arguments->at(portAt) != QLatin1String("0"))
        return;
    QTcpServer probe;
    const QHostAddress address(listenAt > 0 && listenAt < arguments->size() ? arguments->at(listenAt) : QStringLiteral("127.0.0.1"));
    if (probe.listen(address, 0))
        (*arguments)[portAt] = QString::number(probe.serverPort());
}

} // namespace

RunController::RunController(SessionModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_server(new EngineGroup(QStringLiteral("server"), this))
    , m_load(new EngineGroup(QStringLiteral("load"), this))
    , m_redis(new RedisProcess(this))
{
    wire(m_server);
    wire(m_load);
    connect(m_server, &EngineGroup::ready, this, &RunController::onReady);
    connect(m_server, &EngineGroup::memberRestarting, this, [this](int member) {
        const QString who = m_server->size() > 1 ? tr("server %1").arg(m_server->memberName(member)) : tr("server");
        addEvent(QStringLiteral("console"), QStringLiteral("server_restarting"),
                 tr("%1 restarting: SIGHUP, every client closed with 1012 (Service Restart)").arg(who), SessionEvent::Severity::Warning);
    });
    connect(m_server, &EngineGroup::restartFinished, this, &RunController::endRestart);
    connect(m_load, &EngineGroup::summaryReceived, m_model, &SessionModel::setSummary);
    connect(m_redis, &RedisProcess::ready, this, &RunController::startGroupOnBus);
    connect(m_redis, &RedisProcess::failed, this, [this](const QString &reason) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"), reason, SessionEvent::Severity::Error);
        if (std::exchange(m_waitingForBus, false)) {
            Q_EMIT serverRunningChanged(false);
            if (!isRunning())
                Q_EMIT allStopped();
        }
    });
    connect(m_redis, &RedisProcess::died, this, [this](const QString &reason) {
        addEvent(QStringLiteral("server"), QStringLiteral("child_died"),
                 tr("%1: broadcasts no longer cross processes, each serves its own subscribers").arg(reason),
                 SessionEvent::Severity::Error);
    });
}

bool RunController::isServerRunning() const
{
    return m_server->isRunning() || m_waitingForBus;
}

bool RunController::isLoadRunning() const
{
    return m_load->isRunning();
}

bool RunController::isGroup(const QString &source) const
{
    return (source == QLatin1String("server") ? m_server : m_load)->size() > 1;
}

QString RunController::memberName(const QString &source, int member) const
{
    const EngineGroup *group = source == QLatin1String("server") ? m_server : m_load;
    return group->size() > 1 ? QStringLiteral("%1 %2").arg(source, group->memberName(member)) : source;
}

EngineProcess *RunController::serverProcess() const
{
    return m_server->member(0);
}

EngineProcess *RunController::loadProcess() const
{
    return m_load->member(0);
}

double RunController::now() const
{
    return m_model->secondsAt(QDateTime::currentMSecsSinceEpoch());
}

void RunController::addEvent(const QString &source, const QString &kind, const QString &message,
                             SessionEvent::Severity severity, double atSec)
{
    m_model->appendEvent({atSec >= 0 ? atSec : now(), source, kind, message, severity});
}

void RunController::startServer(const QStringList &arguments, const QJsonObject &config, int processes)
{
    if (isServerRunning())
        return;
    m_serverUrls = {};
    m_serverArguments = QStringList{QStringLiteral("--json")} + arguments;
    m_serverProcesses = qMax(1, processes);
    beginRun(m_server, config);
    if (m_serverProcesses == 1) {
        launch(m_server, {m_serverArguments});
        return;
    }
    chooseFreePort(&m_serverArguments);
    m_waitingForBus = true;
    addEvent(QStringLiteral("console"), QStringLiteral("child_started"),
             tr("starting redis-server as the broadcast bus of %1 server processes").arg(m_serverProcesses), SessionEvent::Severity::Info);
    Q_EMIT serverRunningChanged(true);
    m_redis->start();
}

void RunController::startGroupOnBus()
{
    if (!std::exchange(m_waitingForBus, false))
        return;
    m_serverArguments << QStringLiteral("--reuseport") << QStringLiteral("--broadcast-bus") << m_redis->busUrl(QStringLiteral("socketscope"));
    launch(m_server, QVector<QStringList>(m_serverProcesses, m_serverArguments));
}

void RunController::startLoad(const QStringList &arguments, const QJsonObject &config, const AgentPlan &agents)
{
    if (isLoadRunning())
        return;
    m_mergeAgents = agents.agents > 1 || agents.isRemote();
    const QStringList withJson = QStringList{QStringLiteral("--json")} + arguments;
    beginRun(m_load, config);
    if (!m_mergeAgents) {
        launch(m_load, {withJson});
        return;
    }
    QString local;
    if (!agents.isRemote() && (local = locateOrReport(m_load)).isEmpty())
        return;
    launch(m_load, m_agentSessions.commands(local, withJson, agents, QDateTime::currentMSecsSinceEpoch()));
}

void RunController::beginRun(EngineGroup *group, const QJsonObject &config)
{
    if (!isRunning())
        m_model->startLive({{QStringLiteral("cores"), QThread::idealThreadCount()}}, QDateTime::currentMSecsSinceEpoch());
    m_model->setConfigValue(group->source(), config);
}

QString RunController::locateOrReport(EngineGroup *group)
{
    const QString executable = executableOf(group);
    const QString program = EngineProcess::locate(executable);
    if (program.isEmpty()) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"),
                 tr("%1 not found next to the console or on PATH").arg(executable), SessionEvent::Severity::Error);
        if (group == m_server)
            m_redis->stop();
        // Whoever waits for this child to run (Start All waits for the server) hears that it will not.
        Q_EMIT(group == m_server ? serverRunningChanged(false) : loadRunningChanged(false));
    }
    return program;
}

void RunController::launch(EngineGroup *group, const QVector<QStringList> &members)
{
    const QString program = locateOrReport(group);
    if (program.isEmpty())
        return;
    QVector<EngineCommand> commands;
    for (const QStringList &arguments : members)
        commands.append({program, arguments});
    launch(group, commands);
}

void RunController::launch(EngineGroup *group, const QVector<EngineCommand> &members)
{
    for (int i = 0; i < members.size(); ++i) {
        const QString who = members.size() > 1 ? QStringLiteral(" (%1)").arg(group->memberName(i)) : QString();
        const EngineCommand &command = members.at(i);
        addEvent(QStringLiteral("console"), QStringLiteral("child_started"),
                 tr("started %1 %2%3").arg(QFileInfo(command.program).fileName(), command.arguments.join(QLatin1Char(' ')), who),
                 SessionEvent::Severity::Info);
    }
    group->start(members);
    Q_EMIT(group == m_server ? serverRunningChanged(true) : loadRunningChanged(true));
}

void RunController::wire(EngineGroup *group)
{
    connect(group, &EngineGroup::sampleReceived, m_model, &SessionModel::appendSample);
    connect(group, &EngineGroup::memberSampleReceived, this, [this, group](int member, const MetricSample &sample) {
        Q_EMIT memberSampleReceived(group->source(), member, sample);
    });
    connect(group, &EngineGroup::eventReceived, this, [this, group](const SessionEvent &event, qint64 memberStartedAtMs) {
        // The engine counts from its own start (agents: their --start-at); the run from the first child's.
        const qint64 engineStartMs = group == m_load && m_mergeAgents ? qMax(memberStartedAtMs, m_agentSessions.startAtMs())
                                                                      : memberStartedAtMs;
        SessionEvent onRunClock = event;
        onRunClock.elapsedSec = event.elapsedSec + m_model->secondsAt(engineStartMs);
        m_model->appendEvent(onRunClock);
    });
    connect(group, &EngineGroup::memberSessionReceived, this,
            [this](int member, const Session &session) { m_agentSessions.received(member, session); });
    connect(group, &EngineGroup::failedToStart, this, [this, group](const QString &reason) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"), reason, SessionEvent::Severity::Error);
        if (group == m_server) {
            m_redis->stop();
            Q_EMIT serverRunningChanged(false);
        } else {
            Q_EMIT loadRunningChanged(false);
        }
    });
    connect(group, &EngineGroup::memberExited, this,
            [this, group](int member, int exitCode, bool crashed, bool requested, const QString &stderrTail) {
                onMemberExited(group, member, exitCode, crashed, requested, stderrTail);
            });
    connect(group, &EngineGroup::exited, this, [this, group](int exitCode, bool crashed, bool requested, const QString &stderrTail) {
        onExited(group, exitCode, crashed, requested, stderrTail);
    });
}

void RunController::onReady(const QJsonObject &urls)
{
    m_serverUrls = urls;
    // The idle servers' memory: what a connection costs is measured above it (ConnectionMemory).
    qint64 idleRss = 0;
    for (int i = 0; i < m_server->size(); ++i) {
        const ProcessSnapshot idle = ProcessStatsReader(m_server->member(i)->pid()).read();
        idleRss += idle.valid ? idle.rssBytes : 0;
    }
    if (idleRss > 0)
        m_model->setConfigValue(QStringLiteral("serverIdleRssBytes"), double(idleRss));
    const QString where = urls.value(QLatin1String("echo")).toString();
    addEvent(QStringLiteral("server"), QStringLiteral("listening"),
             m_server->size() > 1 ? tr("%1 server processes listening on %2").arg(m_server->size()).arg(where)
                                  : tr("server listening on %1").arg(where),
             SessionEvent::Severity::Info);
    Q_EMIT serverReady(urls);
}

void RunController::restartServer()
{
    const int port = QUrl(m_serverUrls.value(QLatin1String("echo")).toString()).port();
    const qsizetype portAt = m_serverArguments.indexOf(QLatin1String("--port")) + 1;
    if (!m_server->isRunning() || isServerRestarting() || port <= 0 || portAt <= 0 || portAt >= m_serverArguments.size())
        return;
    // "Any free port" the first time; the clients reconnect to the one it got.
    m_serverArguments[portAt] = QString::number(port);
    m_restartingSinceMs = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT serverRestartingChanged(true);
    m_server->restartOneByOne(QVector<QStringList>(m_server->size(), m_serverArguments));
}

void RunController::endRestart(bool everyMemberBack)
{
    const qint64 since = std::exchange(m_restartingSinceMs, 0);
    if (since <= 0)
        return;
    const double tookSec = double(QDateTime::currentMSecsSinceEpoch() - since) / 1000.0;
    if (everyMemberBack)
        addEvent(QStringLiteral("console"), QStringLiteral("server_back"),
                 tr("server back on %1, %2 s after the restart began")
                     .arg(m_serverUrls.value(QLatin1String("echo")).toString())
                     .arg(tookSec, 0, 'f', 1),
                 SessionEvent::Severity::Info);
    else
        addEvent(QStringLiteral("console"), QStringLiteral("server_not_back"),
                 tr("the server did not come back from the restart; the event log above says why"), SessionEvent::Severity::Error);
    Q_EMIT serverRestartingChanged(false);
}

void RunController::onMemberExited(EngineGroup *group, int member, int exitCode, bool crashed, bool requested,
                                   const QString &stderrTail)
{
    const QString who = tr("%1 (%2)").arg(group->memberName(member), executableOf(group));
    QString message;
    if (crashed && !requested) {
        message = tr("%1 died (killed or crashed); the others go on").arg(who);
    } else if (requested || exitCode == 0) {
        message = requested ? tr("%1 stopped").arg(who) : tr("%1 finished").arg(who);
    } else {
        message = tr("%1 exited with code %2").arg(who).arg(exitCode);
        if (!stderrTail.isEmpty())
            message += QStringLiteral(": ") + stderrTail.split(QLatin1Char('\n')).constLast();
    }
    const bool died = (crashed && !requested) || (!requested && exitCode != 0 && exitCode != 3);
    addEvent(died ? group->source() : QStringLiteral("console"), died ? QStringLiteral("child_died") : QStringLiteral("child_exited"),
             message, died ? SessionEvent::Severity::Error : SessionEvent::Severity::Info);
    Q_EMIT memberExited(group->source(), member, died ? tr("died") : requested ? tr("stopped") : tr("finished"));
}

void RunController::mergeAgentSessions()
{
    QStringList skipped;
    QString error;
    const std::optional<Session> merged = m_agentSessions.merge(&skipped, &error);
    if (!skipped.isEmpty())
        addEvent(QStringLiteral("console"), QStringLiteral("merge_incomplete"),
                 tr("left out of the merged summary: %1").arg(skipped.join(QStringLiteral(", "))), SessionEvent::Severity::Warning);
    if (!merged) {
        addEvent(QStringLiteral("console"), QStringLiteral("merge_failed"), tr("the agents' results do not merge: %1").arg(error),
                 SessionEvent::Severity::Error);
        return;
    }
    m_model->setSummary(merged->summary);
}

void RunController::onExited(EngineGroup *group, int exitCode, bool crashed, bool requested, const QString &stderrTail)
{
    const bool server = group == m_server;
    const QString name = executableOf(group);
    if (!server && m_mergeAgents)
        mergeAgentSessions(); // before the verdict below is read from the summary
    if (crashed && !requested) {
        // No close frame reached anyone: every connection it held ended abnormally (1006).
        quint64 open = 0;
        for (const MetricSample &s : m_model->session().samples) {
            if (s.source == group->source())
                open = s.connections;
        }
        addEvent(group->source(), server ? QStringLiteral("server_died") : QStringLiteral("child_died"),
                 tr("%1 died (killed or crashed) with %2 connections open; they end without a close frame (1006)")
                     .arg(name)
                     .arg(open),
                 SessionEvent::Severity::Error);
    } else {
        QString message;
        SessionEvent::Severity severity = SessionEvent::Severity::Info;
        if (!server && exitCode == 3) {
            // Quote what failed, not the last line the load printed (which may be a passing threshold).
            const Session &session = m_model->session();
            message = tr("%1 finished: %2 (exit 3)").arg(name, Verdict::of(session, RunHealth::of(session)).summaryLine());
            severity = SessionEvent::Severity::Error;
        } else if (requested) {
            message = tr("%1 stopped").arg(name);
        } else if (exitCode == 0) {
            message = tr("%1 finished").arg(name);
        } else {
            message = tr("%1 exited with code %2").arg(name).arg(exitCode);
            severity = SessionEvent::Severity::Error;
            if (!stderrTail.isEmpty())
                message += QStringLiteral(": ") + stderrTail.split(QLatin1Char('\n')).constLast();
        }
        addEvent(QStringLiteral("console"), QStringLiteral("child_exited"), message, severity);
    }
    if (server) {
        m_redis->stop();
        endRestart(false);
        Q_EMIT serverRunningChanged(false);
        if (crashed && !requested)
            Q_EMIT serverDied();
    } else {
        Q_EMIT loadRunningChanged(false);
        Q_EMIT loadFinished(crashed ? -1 : exitCode);
        if (std::exchange(m_stopServerWhenLoadExits, false))
            stopServer();
    }
    if (!isRunning())
        Q_EMIT allStopped();
}

void RunController::stopServer()
{
    if (std::exchange(m_waitingForBus, false)) {
        m_redis->stop();
        Q_EMIT serverRunningChanged(false);
        if (!isRunning())
            Q_EMIT allStopped();
        return;
    }
    if (std::exchange(m_restartingSinceMs, 0) > 0) // a stop ends a restart; nothing failed
        Q_EMIT serverRestartingChanged(false);
    m_server->stop();
}

void RunController::stopLoad()
{
    m_load->stop();
}

void RunController::stopAll()
{
    if (m_load->isRunning()) {
        m_stopServerWhenLoadExits = true;
        m_load->stop();
    } else {
        stopServer();
    }
}
