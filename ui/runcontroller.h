#pragma once

#include "agentsessions.h"

#include <sessionfile.h>

#include <QJsonObject>
#include <QObject>

class EngineGroup;
class EngineProcess;
class RedisProcess;
class SessionModel;

// Runs the server and the load generator as child processes and feeds what they print into the
// SessionModel: samples, their events (on the run's clock; the server prints its heartbeat drops,
// refusals and abnormal closes itself), and each child's exit. Either may be a group: N server
// processes on one port with a redis-server child as their broadcast bus, or N load agents sharing
// the load, here or on other hosts; a group's samples are merged per second into one series, and a member that
// dies is an event while the others go on.
// Starting either while nothing runs begins a new live run in the model.
class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(SessionModel *model, QObject *parent = nullptr);

    // processes > 1: each with --reuseport on one port, broadcasts shared over a redis-server child.
    void startServer(const QStringList &arguments, const QJsonObject &config, int processes = 1);
    // More than one agent, or remote ones: each with --shard K/N and one --start-at; the run's
    // summary is their sessions (sent back with --out -) merged once all have exited.
    void startLoad(const QStringList &arguments, const QJsonObject &config, const AgentPlan &agents = {});
    void stopServer();
    void stopLoad();
    // The load first, then the server once the load has closed its connections: stopping the
    // server first would count every open connection as closed by the server.
    void stopAll();
    // SIGHUP to each server process in turn (1012 to its clients), started again with the same
    // command on the same port once it has exited; the run, its charts and the load go on.
    void restartServer();

    bool isServerRunning() const;
    bool isLoadRunning() const;
    bool isRunning() const { return isServerRunning() || isLoadRunning(); }
    bool isServerRestarting() const { return m_restartingSinceMs > 0; }
    QJsonObject serverUrls() const { return m_serverUrls; }
    EngineGroup *serverGroup() const { return m_server; }
    EngineGroup *loadGroup() const { return m_load; }
    // "server p2" or "load agent 1" for a member of a group; "server" or "load" alone.
    QString memberName(const QString &source, int member) const;
    bool isGroup(const QString &source) const;
    EngineProcess *serverProcess() const; // the first server process; nullptr before the first start
    EngineProcess *loadProcess() const;

Q_SIGNALS:
    // running false also when the child could not start at all (e.g. its executable is missing).
    void serverRunningChanged(bool running);
    void loadRunningChanged(bool running);
    void serverReady(const QJsonObject &urls); // its echo/broadcast/metrics URLs and pid
    void serverDied(); // killed or crashed, not asked to stop (every process of a group)
    void serverRestartingChanged(bool restarting); // true from the first hang-up until all listen again
    void loadFinished(int exitCode);
    void allStopped();
    // One member's own sample (source "server" or "load"), for a per-process breakdown.
    void memberSampleReceived(const QString &source, int member, const MetricSample &sample);
    void memberExited(const QString &source, int member, const QString &state);

private:
    void beginRun(EngineGroup *group, const QJsonObject &config);
    QString locateOrReport(EngineGroup *group); // the engine's path; empty, reported, if there is none
    void launch(EngineGroup *group, const QVector<QStringList> &members); // local members
    void launch(EngineGroup *group, const QVector<EngineCommand> &members);
    void startGroupOnBus();
    void wire(EngineGroup *group);
    void onReady(const QJsonObject &urls);
    void onExited(EngineGroup *group, int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void onMemberExited(EngineGroup *group, int member, int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void mergeAgentSessions();
    void endRestart(bool everyMemberBack);
    void addEvent(const QString &source, const QString &kind, const QString &message, SessionEvent::Severity severity,
                  double atSec = -1);
    double now() const;

    SessionModel *m_model;
    EngineGroup *m_server;
    EngineGroup *m_load;
    RedisProcess *m_redis;
    AgentSessions m_agentSessions;
    QJsonObject m_serverUrls;
    QStringList m_serverArguments; // as last started, for a restart
    int m_serverProcesses = 1;
    bool m_mergeAgents = false; // the load runs as agents whose sessions are merged at the end
    qint64 m_restartingSinceMs = 0; // wall clock of the first hang-up; 0 when not restarting
    bool m_waitingForBus = false; // a group's redis-server is starting; its members are not yet
    bool m_stopServerWhenLoadExits = false;
};
