#include "runcontroller.h"

#include "engineprocess.h"

#include <sessionmodel.h>

#include <QDateTime>

RunController::RunController(SessionModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_server(new EngineProcess(QStringLiteral("server"), this))
    , m_load(new EngineProcess(QStringLiteral("load"), this))
{
    wire(m_server);
    wire(m_load);
    connect(m_server, &EngineProcess::sampleReceived, this, &RunController::deriveServerEvents);
    connect(m_server, &EngineProcess::ready, this, [this](const QJsonObject &urls) {
        m_serverUrls = urls;
        addEvent(QStringLiteral("server"), QStringLiteral("listening"), tr("server listening on %1").arg(urls.value(QLatin1String("echo")).toString()));
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

void RunController::addEvent(const QString &source, const QString &kind, const QString &message, double atSec)
{
    m_model->appendEvent({atSec >= 0 ? atSec : now(), source, kind, message});
}

void RunController::startServer(const QStringList &arguments, const QJsonObject &config)
{
    m_serverUrls = {};
    m_lastServerSample = MetricSample();
    launch(m_server, QStringLiteral("socketscope-server"), QStringList{QStringLiteral("--json")} + arguments, config);
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
        m_model->startLive({}, QDateTime::currentMSecsSinceEpoch());
    m_model->setConfigValue(process->source(), config);
    const QString program = EngineProcess::locate(executable);
    if (program.isEmpty()) {
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"),
                 tr("%1 not found next to the console or on PATH").arg(executable));
        return;
    }
    addEvent(QStringLiteral("console"), QStringLiteral("child_started"),
             tr("started %1 %2").arg(executable, arguments.join(QLatin1Char(' '))));
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
        addEvent(QStringLiteral("console"), QStringLiteral("child_failed"), reason);
        Q_EMIT(process == m_server ? serverRunningChanged(false) : loadRunningChanged(false));
    });
    connect(process, &EngineProcess::exited, this,
            [this, process](int exitCode, bool crashed, bool requested, const QString &stderrTail) {
                const QString name = process == m_server ? QStringLiteral("socketscope-server") : QStringLiteral("socketscope-load");
                QString message;
                if (crashed && !requested)
                    message = tr("%1 died (killed or crashed); its series stop here").arg(name);
                else if (process == m_load && exitCode == 3)
                    message = tr("%1 finished: a threshold failed (exit 3)").arg(name);
                else if (requested)
                    message = tr("%1 stopped").arg(name);
                else if (exitCode == 0)
                    message = tr("%1 finished").arg(name);
                else
                    message = tr("%1 exited with code %2").arg(name).arg(exitCode);
                if (exitCode != 0 && !requested && !stderrTail.isEmpty())
                    message += QStringLiteral(": ") + stderrTail.split(QLatin1Char('\n')).constLast();
                addEvent(QStringLiteral("console"), QStringLiteral("child_exited"), message);
                if (process == m_server) {
                    Q_EMIT serverRunningChanged(false);
                } else {
                    Q_EMIT loadRunningChanged(false);
                    Q_EMIT loadFinished(crashed ? -1 : exitCode);
                }
                if (!isRunning())
                    Q_EMIT allStopped();
            });
}

void RunController::stopServer()
{
    m_server->stop();
}

void RunController::stopLoad()
{
    m_load->stop();
}

void RunController::stopAll()
{
    m_load->stop();
    m_server->stop();
}

void RunController::deriveServerEvents(const MetricSample &sample)
{
    // The server prints counters, not events; a counter that moved since its last sample is worth
    // a line in the log.
    const double at = m_model->secondsOf(sample);
    auto report = [&](const QString &kind, quint64 now, quint64 before, const QString &message) {
        if (now > before)
            addEvent(QStringLiteral("server"), kind, message.arg(now - before).arg(now), at);
    };
    for (auto it = sample.errors.cbegin(); it != sample.errors.cend(); ++it)
        report(it.key(), it.value(), m_lastServerSample.errors.value(it.key()), it.key() + tr(": +%1 (%2 in all)"));
    for (auto it = sample.closeCodes.cbegin(); it != sample.closeCodes.cend(); ++it) {
        if (it.key() != 1000 && it.key() != 1001)
            report(QStringLiteral("close_%1").arg(it.key()), it.value(), m_lastServerSample.closeCodes.value(it.key()),
                   tr("closed with %1: +%2 (%3 in all)").arg(it.key()));
    }
    m_lastServerSample = sample;
}
