#include "runcontroller.h"

#include "engineprocess.h"

#include <processstats.h>
#include <runhealth.h>
#include <sessionmodel.h>
#include <verdict.h>

#include <QDateTime>
#include <QThread>
#include <QUrl>

RunController::RunController(SessionModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_server(new EngineProcess(QStringLiteral("server"), this))
    , m_load(new EngineProcess(QStringLiteral("load"), this))
{
    wire(m_server);
    wire(m_load);
    connect(m_server, &EngineProcess::ready, this, [this](const QJsonObject &urls) {
        m_serverUrls = urls;
        if (isServerRestarting()) {
            const double downSec = double(QDateTime::currentMSecsSinceEpoch() - m_restartingSinceMs) / 1000.0;
            addEvent(QStringLiteral("console"), QStringLiteral("server_back"),
                     tr("server back on %1, %2 s after the restart began")
                         .arg(urls.value(QLatin1String("echo")).toString())
                         .arg(downSec, 0, 'f', 1),
                     SessionEvent::Severity::Info);
            endRestart();
            Q_EMIT serverReady(urls);
            return;
        }
        // The idle server's memory: what a connection costs is measured above it (ConnectionMemory).
        const ProcessSnapshot idle = ProcessStatsReader(m_server->pid()).read();
        if (idle.valid)
            m_model->setConfigValue(QStringLiteral("serverIdleRssBytes"), double(idle.rssBytes));
        addEvent(QStringLiteral("server"), QStringLiteral("listening"),
                 tr("server listening on %1").arg(urls.value(QLatin1String("echo")).toString()), SessionEvent::Severity::Info);
        Q_EMIT serverReady(urls);
    });
    connect(m_load, &EngineProcess::summaryReceived, m_model, &SessionModel::setSummary);
}

bool RunController::isServerRunning() const
{
    return m_server->isRunning();
}

bool RunController::isLoadRunning() const
{
    return m_load->isRunning();
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

void RunController::startServer(const QStringList &arguments, const QJsonObject &config)
{
    m_serverUrls = {};
    m_serverArguments = QStringList{QStringLiteral("--json")} + arguments;
    launch(m_server, QStringLiteral("socketscope-server"), m_serverArguments, config);
}

void RunController::restartServer()
{
    const int port = QUrl(m_serverUrls.value(QLatin1String("echo")).toString()).port();
    const qsizetype portAt = m_serverArguments.indexOf(QLatin1String("--port")) + 1;
    if (!m_server->isRunning() || isServerRestarting() || port <= 0 || portAt <= 0 || portAt >= m_serverArguments.size())
        return;
    // "Any free port" the first time; the clients reconnect to the one it got.
    m_serverArguments[portAt] = QString::number(port);
    m_startAgainOnExit = true;
    m_restartingSinceMs = QDateTime::currentMSecsSinceEpoch();
    addEvent(QStringLiteral("console"), QStringLiteral("server_restarting"),
             tr("server restarting: SIGHUP, every client closed with 1012 (Service Restart)"), SessionEvent::Severity::Warning);
    Q_EMIT serverRestartingChanged(true);
    m_server->hangUp();
}

bool RunController::startServerAgain()
{
    const QString program = EngineProcess::locate(QStringLiteral("socketscope-server"));
    if (program.isEmpty())
        return false;
    addEvent(QStringLiteral("console"), QStringLiteral("child_started"),
             tr("started socketscope-server %1 again").arg(m_serverArguments.join(QLatin1Char(' '))), SessionEvent::Severity::Info);
    m_server->start(program, m_serverArguments);
    return true;
}

void RunController::endRestart()
{
    m_startAgainOnExit = false;
    if (std::exchange(m_restartingSinceMs, 0) > 0)
        Q_EMIT serverRestartingChanged(false);
}

void RunController::startLoad(const QStringList &arguments, const QJsonObject &config)
{
    launch(m_load, QStringLiteral("socketscope-load"), QStringList{QStringLiteral("--json")} + arguments, config);
}

void RunController::launch(EngineProcess *process, const QString &executable, const QStringList &arguments,
                           const QJsonObject &config)
{
    if (process->isRunning())
        return;
    if (!isRunning())
        m_model->startLive({{QStringLiteral("cores"), QThread::idealThreadCount()}}, QDateTime::currentMSecsSinceEpoch());
    m_model->setConfigValue(process->source(), config);
    const QString program = EngineProcess::locate(executable);
    if (program.isEmpty()) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"),
                 tr("%1 not found next to the console or on PATH").arg(executable), SessionEvent::Severity::Error);
        // Whoever waits for this child to run (Start All waits for the server) hears that it will not.
        Q_EMIT(process == m_server ? serverRunningChanged(false) : loadRunningChanged(false));
        return;
    }
    addEvent(QStringLiteral("console"), QStringLiteral("child_started"),
             tr("started %1 %2").arg(executable, arguments.join(QLatin1Char(' '))), SessionEvent::Severity::Info);
    process->start(program, arguments);
    Q_EMIT(process == m_server ? serverRunningChanged(true) : loadRunningChanged(true));
}

void RunController::wire(EngineProcess *process)
{
    connect(process, &EngineProcess::sampleReceived, m_model, &SessionModel::appendSample);
    connect(process, &EngineProcess::eventReceived, this, [this, process](const SessionEvent &event) {
        // The engine counts from its own start; the run counts from the first child's.
        SessionEvent onRunClock = event;
        onRunClock.elapsedSec = event.elapsedSec + m_model->secondsAt(process->startedAtMs());
        m_model->appendEvent(onRunClock);
    });
    connect(process, &EngineProcess::failedToStart, this, [this, process](const QString &reason) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"), reason, SessionEvent::Severity::Error);
        if (process == m_server)
            endRestart();
        Q_EMIT(process == m_server ? serverRunningChanged(false) : loadRunningChanged(false));
    });
    connect(process, &EngineProcess::exited, this,
            [this, process](int exitCode, bool crashed, bool requested, const QString &stderrTail) {
                onExited(process, exitCode, crashed, requested, stderrTail);
            });
}

void RunController::onExited(EngineProcess *process, int exitCode, bool crashed, bool requested, const QString &stderrTail)
{
    const bool server = process == m_server;
    const QString name = server ? QStringLiteral("socketscope-server") : QStringLiteral("socketscope-load");
    if (server && std::exchange(m_startAgainOnExit, false)) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_exited"),
                 tr("socketscope-server stopped for the restart"), SessionEvent::Severity::Info);
        if (startServerAgain())
            return;
    }
    if (crashed && !requested) {
        // No close frame reached anyone: every connection it held ended abnormally (1006).
        quint64 open = 0;
        for (const MetricSample &s : m_model->session().samples) {
            if (s.source == process->source())
                open = s.connections;
        }
        addEvent(process->source(), server ? QStringLiteral("server_died") : QStringLiteral("child_died"),
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
        endRestart(); // the server started again did not listen (e.g. its port was taken meanwhile)
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
    m_startAgainOnExit = false; // a stop during a restart ends it
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
