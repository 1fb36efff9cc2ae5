#pragma once

#include <sessionfile.h>

#include <QJsonObject>
#include <QObject>

class EngineProcess;
class SessionModel;

// Runs the server and the load generator as child processes and feeds what they print into the
// SessionModel: samples, their events (on the run's clock; the server prints its heartbeat drops,
// refusals and abnormal closes itself), and each child's exit.
// Starting either while nothing runs begins a new live run in the model.
class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(SessionModel *model, QObject *parent = nullptr);

    void startServer(const QStringList &arguments, const QJsonObject &config);
    void startLoad(const QStringList &arguments, const QJsonObject &config);
    void stopServer();
    void stopLoad();
    // SIGHUP to the server (1012 to every client), and once it has exited the same command again
    // on the port it listened on; the run, its charts and the load go on. Only while it listens.
    void restartServer();
    // The load first, then the server once the load has closed its connections: stopping the
    // server first would count every open connection as closed by the server.
    void stopAll();

    bool isServerRunning() const;
    bool isLoadRunning() const;
    bool isRunning() const { return isServerRunning() || isLoadRunning(); }
    bool isServerRestarting() const { return m_restartingSinceMs > 0; }
    QJsonObject serverUrls() const { return m_serverUrls; }
    EngineProcess *serverProcess() const { return m_server; }
    EngineProcess *loadProcess() const { return m_load; }

Q_SIGNALS:
    // running false also when the child could not start at all (e.g. its executable is missing).
    void serverRunningChanged(bool running);
    void loadRunningChanged(bool running);
    void serverReady(const QJsonObject &urls); // its echo/broadcast/metrics URLs and pid
    void serverDied(); // killed or crashed, not asked to stop
    void serverRestartingChanged(bool restarting); // true from the hang-up until the new server listens
    void loadFinished(int exitCode);
    void allStopped();

private:
    void launch(EngineProcess *process, const QString &executable, const QStringList &arguments,
                const QJsonObject &config);
    void wire(EngineProcess *process);
    void onExited(EngineProcess *process, int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void addEvent(const QString &source, const QString &kind, const QString &message, SessionEvent::Severity severity,
                  double atSec = -1);
    double now() const;
    bool startServerAgain();
    void endRestart();

    SessionModel *m_model;
    EngineProcess *m_server;
    EngineProcess *m_load;
    QJsonObject m_serverUrls;
    QStringList m_serverArguments; // as last started, for a restart
    qint64 m_restartingSinceMs = 0; // wall clock of the hang-up; 0 when not restarting
    bool m_startAgainOnExit = false;
    bool m_stopServerWhenLoadExits = false;
};
