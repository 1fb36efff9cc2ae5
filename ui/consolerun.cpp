#include "consolerun.h"

#include "loadpanel.h"
#include "runcontroller.h"
#include "scenarioeditor.h"
#include "serverpanel.h"

#include <loadbudget.h>
#include <commaseparated.h>
#include <processstats.h>
#include <sessionmodel.h>
#include <threshold.h>

#include <QJsonObject>
#include <QThread>
#include <QTimer>

namespace {
constexpr int kStopServerAfterLoadMs = 2000; // lets the last server samples show the connections draining
}

ConsoleRun::ConsoleRun(SessionModel *model, ServerPanel *serverPanel, LoadPanel *loadPanel, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_controller(new RunController(model, this))
    , m_serverPanel(serverPanel)
    , m_loadPanel(loadPanel)
{
    connect(serverPanel, &ServerPanel::startRequested, this, &ConsoleRun::startServer);
    connect(serverPanel, &ServerPanel::stopRequested, m_controller, &RunController::stopServer);
    connect(serverPanel, &ServerPanel::modeChanged, this, [this] { m_loadPanel->setDefaultTargetHint(targetHint()); });
    connect(loadPanel, &LoadPanel::startRequested, this, &ConsoleRun::startLoad);
    connect(loadPanel, &LoadPanel::stopRequested, m_controller, &RunController::stopLoad);
    connect(loadPanel, &LoadPanel::scenarioChanged, this, [this] { m_loadPanel->setDefaultTargetHint(targetHint()); });
    connect(m_controller, &RunController::serverRunningChanged, serverPanel, &ServerPanel::setRunning);
    connect(m_controller, &RunController::loadRunningChanged, loadPanel, &LoadPanel::setRunning);
    connect(m_controller, &RunController::serverReady, this, [this](const QJsonObject &urls) {
        m_serverPanel->setListening(urls.value(QLatin1String("echo")).toString());
        m_loadPanel->setDefaultTargetHint(targetHint());
        if (std::exchange(m_loadAfterServer, false))
            launchLoad(true);
    });
    connect(m_controller, &RunController::serverRunningChanged, this, [this](bool running) {
        if (!running && std::exchange(m_loadAfterServer, false))
            Q_EMIT problem(tr("The server did not start"), tr("The server stopped before it listened; the event log says why."));
        if (!running)
            m_loadPanel->setDefaultTargetHint(targetHint());
    });
    // A load against a dead server measures nothing but its own reconnects: the run ends here.
    connect(m_controller, &RunController::serverDied, this, [this] {
        if (m_controller->isLoadRunning() && m_loadPanel->target().isEmpty())
            m_controller->stopLoad();
    });
    connect(m_controller, &RunController::loadFinished, this, [this] {
        if (std::exchange(m_stopServerAfterLoad, false))
            QTimer::singleShot(kStopServerAfterLoadMs, m_controller, &RunController::stopServer);
    });
    m_loadPanel->setDefaultTargetHint(targetHint());
}

bool ConsoleRun::mayStartNewRun() const
{
    return m_controller->isRunning() || !m_mayReplaceRun || m_mayReplaceRun();
}

QString ConsoleRun::loadTarget() const
{
    if (!m_loadPanel->target().isEmpty())
        return m_loadPanel->target();
    if (m_serverPanel->isAttached())
        return m_serverPanel->attachedUrl();
    const bool broadcast = m_loadPanel->scenario() == QLatin1String("broadcast");
    return m_controller->serverUrls().value(broadcast ? QLatin1String("broadcast") : QLatin1String("echo")).toString();
}

QString ConsoleRun::targetHint() const
{
    if (m_serverPanel->isAttached())
        return m_serverPanel->attachedUrl().isEmpty() ? tr("the attached server's URL") : m_serverPanel->attachedUrl();
    const QString running = loadTarget();
    if (!running.isEmpty())
        return running;
    return m_loadPanel->scenario() == QLatin1String("broadcast") ? tr("the server above, /broadcast")
                                                                 : tr("the server above, /ws");
}

QString ConsoleRun::validationError(bool withLoad) const
{
    const QString server = m_serverPanel->validationError();
    if (!server.isEmpty() || !withLoad)
        return server;
    const QString load = m_loadPanel->validationError();
    if (!load.isEmpty() || !m_loadPanel->isScenarioFile())
        return load;
    if (!m_scenarioEditor)
        return tr("Scenario: no scenario editor to run from.");
    // What socketscope-load would refuse with exit 2, said before anything starts.
    QString error;
    for (const QString &text : commaSeparated(m_loadPanel->toJson().value(QLatin1String("thresholds")).toString())) {
        const auto threshold = Threshold::parse(text, &error);
        if (threshold && !threshold->namesDefined(m_scenarioEditor->metricNames(), m_scenarioEditor->counterNames(), &error))
            return error;
    }
    return m_scenarioEditor->problem();
}

bool ConsoleRun::refusedBeforeStart(bool withLoad)
{
    const QString invalid = validationError(withLoad);
    if (invalid.isEmpty())
        return false;
    Q_EMIT problem(tr("Cannot start"), invalid);
    return true;
}

bool ConsoleRun::fitsTheMachine()
{
    Session asked;
    asked.config = {{QStringLiteral("load"), m_loadPanel->toJson()}};
    const QString warning = LoadBudget::warning(RunConfig::of(asked), QThread::idealThreadCount());
    return warning.isEmpty() || !m_mayOverload || m_mayOverload(warning);
}

void ConsoleRun::startAll()
{
    if (m_serverPanel->isAttached() || m_controller->isServerRunning()) {
        startLoad();
        return;
    }
    // Nothing starts unless everything can: a bad threshold must not leave a server running.
    if (refusedBeforeStart(true) || !fitsTheMachine() || !mayStartNewRun())
        return;
    m_loadAfterServer = true;
    m_stopServerAfterLoad = true;
    m_controller->startServer(m_serverPanel->arguments(), m_serverPanel->toJson(), m_serverPanel->processes());
}

void ConsoleRun::startServer()
{
    if (m_serverPanel->isAttached() || m_controller->isServerRunning() || refusedBeforeStart(false) || !mayStartNewRun())
        return;
    m_controller->startServer(m_serverPanel->arguments(), m_serverPanel->toJson(), m_serverPanel->processes());
}

void ConsoleRun::startLoad()
{
    launchLoad(false);
}

void ConsoleRun::launchLoad(bool checked)
{
    if (m_controller->isLoadRunning())
        return;
    const QString target = loadTarget();
    if (!checked && refusedBeforeStart(true))
        return;
    if (target.isEmpty()) {
        Q_EMIT problem(tr("Cannot start the load"), tr("Start the server first, or enter a target URL (ws:// or wss://)."));
        return;
    }
    if (!checked && (!fitsTheMachine() || !mayStartNewRun()))
        return;
    QStringList args = m_loadPanel->arguments(target);
    const bool attached = m_serverPanel->isAttached();
    // Read before the first connection: what a connection costs the target is measured above it.
    const ProcessSnapshot idle = attached && m_serverPanel->attachedPid() > 0 ? ProcessStatsReader(m_serverPanel->attachedPid()).read()
                                                                              : ProcessSnapshot();
    if (attached) {
        if (!m_serverPanel->attachedMetricsUrl().isEmpty())
            args << QStringLiteral("--scrape") << m_serverPanel->attachedMetricsUrl();
        const AgentPlan agents = m_loadPanel->agentPlan();
        if (m_serverPanel->attachedPid() > 0 && (!agents.isRemote() || agents.onThisMachine())) // a PID is this machine's
            args << QStringLiteral("--pid") << QString::number(m_serverPanel->attachedPid());
    }
    QJsonObject config = m_loadPanel->toJson();
    config.insert(QStringLiteral("target"), target);
    if (m_loadPanel->isScenarioFile()) {
        QString error;
        const QString file = m_scenarioEditor->fileToRun(&error);
        if (file.isEmpty()) {
            Q_EMIT problem(tr("Cannot start the load"), error);
            return;
        }
        args << QStringLiteral("--scenario-file") << file;
        // The session keeps what ran, also when it ran from a copy of unsaved text.
        const QJsonObject ran = m_scenarioEditor->runConfig();
        for (auto it = ran.begin(); it != ran.end(); ++it)
            config.insert(it.key(), it.value());
    }
    const bool newRun = !m_controller->isRunning();
    m_controller->startLoad(args, config, m_loadPanel->agentPlan());
    if (attached && newRun) {
        m_model->setConfigValue(QStringLiteral("server"), m_serverPanel->toJson());
        if (idle.valid)
            m_model->setConfigValue(QStringLiteral("serverIdleRssBytes"), double(idle.rssBytes));
    }
}

void ConsoleRun::stopAll()
{
    m_loadAfterServer = false;
    m_stopServerAfterLoad = false;
    m_controller->stopAll();
}
