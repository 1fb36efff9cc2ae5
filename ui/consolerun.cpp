#include "consolerun.h"

#include "loadpanel.h"
#include "runcontroller.h"
#include "serverpanel.h"

#include <QJsonObject>
#include <QTimer>

namespace {
constexpr int kStopServerAfterLoadMs = 2000; // lets the last server samples show the connections draining
}

ConsoleRun::ConsoleRun(SessionModel *model, ServerPanel *serverPanel, LoadPanel *loadPanel, QObject *parent)
    : QObject(parent)
    , m_controller(new RunController(model, this))
    , m_serverPanel(serverPanel)
    , m_loadPanel(loadPanel)
{
    connect(serverPanel, &ServerPanel::startRequested, this, &ConsoleRun::startServer);
    connect(serverPanel, &ServerPanel::stopRequested, m_controller, &RunController::stopServer);
    connect(serverPanel, &ServerPanel::modeChanged, this, [this] { m_loadPanel->setDefaultTargetHint(targetHint()); });
    connect(loadPanel, &LoadPanel::startRequested, this, &ConsoleRun::startLoad);
    connect(loadPanel, &LoadPanel::stopRequested, m_controller, &RunController::stopLoad);
    connect(m_controller, &RunController::serverRunningChanged, serverPanel, &ServerPanel::setRunning);
    connect(m_controller, &RunController::loadRunningChanged, loadPanel, &LoadPanel::setRunning);
    connect(m_controller, &RunController::serverReady, this, [this](const QJsonObject &urls) {
        m_serverPanel->setListening(urls.value(QLatin1String("echo")).toString());
        m_loadPanel->setDefaultTargetHint(targetHint());
        if (std::exchange(m_loadAfterServer, false))
            startLoad();
    });
    connect(m_controller, &RunController::serverRunningChanged, this, [this](bool running) {
        if (!running && std::exchange(m_loadAfterServer, false))
            Q_EMIT problem(tr("The server did not start"), tr("The server stopped before it listened; the event log says why."));
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
    const QString target = m_serverPanel->isAttached() ? m_serverPanel->attachedUrl()
                                                       : m_controller->serverUrls().value(QLatin1String("echo")).toString();
    return target.isEmpty() ? tr("the SocketScope server above") : target;
}

void ConsoleRun::startAll()
{
    if (m_serverPanel->isAttached() || m_controller->isServerRunning()) {
        startLoad();
        return;
    }
    m_loadAfterServer = true;
    m_stopServerAfterLoad = true;
    startServer();
}

void ConsoleRun::startServer()
{
    if (m_serverPanel->isAttached() || m_controller->isServerRunning() || !mayStartNewRun()) {
        m_loadAfterServer = m_stopServerAfterLoad = false;
        return;
    }
    m_controller->startServer(m_serverPanel->arguments(), m_serverPanel->toJson());
}

void ConsoleRun::startLoad()
{
    if (m_controller->isLoadRunning())
        return;
    const QString invalid = m_loadPanel->validationError();
    const QString target = loadTarget();
    if (!invalid.isEmpty() || target.isEmpty()) {
        Q_EMIT problem(tr("Cannot start the load"),
                       invalid.isEmpty() ? tr("Start the server first, or enter a target URL (ws:// or wss://).") : invalid);
        return;
    }
    if (!mayStartNewRun())
        return;
    QStringList args = m_loadPanel->arguments(target);
    if (m_serverPanel->isAttached()) {
        if (!m_serverPanel->attachedMetricsUrl().isEmpty())
            args << QStringLiteral("--scrape") << m_serverPanel->attachedMetricsUrl();
        if (m_serverPanel->attachedPid() > 0)
            args << QStringLiteral("--pid") << QString::number(m_serverPanel->attachedPid());
    }
    QJsonObject config = m_loadPanel->toJson();
    config.insert(QStringLiteral("target"), target);
    m_controller->startLoad(args, config);
}

void ConsoleRun::stopAll()
{
    m_loadAfterServer = false;
    m_stopServerAfterLoad = false;
    m_controller->stopAll();
}
