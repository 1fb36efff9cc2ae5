#include "mainwindow.h"

#include "comparepanel.h"
#include "conformancepanel.h"
#include "consolerun.h"
#include "consolesettings.h"
#include "eventlogmodel.h"
#include "loadpanel.h"
#include "processtable.h"
#include "runcharts.h"
#include "runcontroller.h"
#include "runprogress.h"
#include "scenarioeditor.h"
#include "scenarioranview.h"
#include "serverpanel.h"
#include "sessionfileactions.h"
#include "statusheadline.h"
#include "timeserieschart.h"
#include "verdictbanner.h"

#include <sessionmodel.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include <cstdio>

namespace {

QGroupBox *group(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->addWidget(content);
    return box;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new SessionModel(this))
    , m_comparison(new SessionModel(this))
    , m_charts(new RunCharts)
    , m_banner(new VerdictBanner)
    , m_serverPanel(new ServerPanel)
    , m_loadPanel(new LoadPanel)
    , m_console(new ConsoleRun(m_model, m_serverPanel, m_loadPanel, this))
    , m_run(m_console->controller())
    , m_files(new SessionFileActions(this, m_model, m_comparison, m_charts, this))
    , m_eventLog(new EventLogModel(m_model, this))
    , m_eventView(new QTableView)
    , m_compare(new ComparePanel)
    , m_conformance(new ConformancePanel)
    , m_processes(new ProcessTable(m_run))
    , m_headline(new QLabel)
    , m_progress(new RunProgress)
    , m_scenarioEditor(new ScenarioEditor)
    , m_ranView(new ScenarioRanView)
    , m_centreTabs(new QTabWidget)
{
    setObjectName(QStringLiteral("SocketScopeMainWindow"));
    setAcceptDrops(true);
    m_charts->setModel(m_model);
    auto *centre = new QWidget;
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(2);
    centreLayout->addWidget(m_banner);
    m_centreTabs->setObjectName(QStringLiteral("centreTabs"));
    m_centreTabs->setDocumentMode(true);
    m_centreTabs->addTab(m_charts, tr("Charts"));
    m_centreTabs->addTab(m_scenarioEditor, tr("Scenario"));
    m_centreTabs->addTab(m_ranView, tr("What ran"));
    m_centreTabs->setTabVisible(m_centreTabs->indexOf(m_ranView), false);
    centreLayout->addWidget(m_centreTabs, 1);
    setCentralWidget(centre);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_headline, 1);
    statusBar()->addPermanentWidget(m_progress);
    createDocks();
    createMenus();
    wireScenario();

    connect(m_loadPanel, &LoadPanel::profilesChanged, this, [](const QJsonObject &profiles) {
        QSettings().setValue(ConsoleSettings::profiles(), QJsonDocument(profiles).toJson(QJsonDocument::Compact));
    });
    m_console->setReplaceRunCheck([this] { return m_files->confirmDiscard(tr("Save the current run before starting a new one?")); });
    m_console->setOverloadCheck([this](const QString &warning) { return confirmOverload(warning); });
    connect(m_console, &ConsoleRun::problem, this, &MainWindow::showError);
    m_files->setBusyCheck([this] { return m_run->isRunning(); });
    connect(m_files, &SessionFileActions::problem, this, &MainWindow::showError);
    connect(m_files, &SessionFileActions::done, this, [this](const QString &message) {
        if (!m_headless)
            statusBar()->showMessage(message, 15000);
    });
    connect(m_files, &SessionFileActions::comparisonChanged, this, [this] {
        m_charts->setComparison(m_files->isComparing() ? m_comparison : nullptr);
        updateSummary();
    });
    connect(m_compare, &ComparePanel::useSettingsRequested, this, [this](const QJsonObject &config) {
        if (config.contains(QLatin1String("server")))
            m_serverPanel->fromJson(config.value(QLatin1String("server")).toObject());
        // Where agents run and how they start: a file from elsewhere does not choose what runs here.
        QJsonObject load = config.value(QLatin1String("load")).toObject();
        load.remove(QStringLiteral("agentHosts"));
        load.remove(QStringLiteral("agentCommand"));
        m_loadPanel->fromJson(load);
        statusBar()->showMessage(tr("The panels now hold the settings of %1").arg(m_files->sessionName()), 8000);
    });
    connect(m_run, &RunController::serverRunningChanged, this, &MainWindow::updateRunning);
    connect(m_run, &RunController::serverReady, this, &MainWindow::updateRunning);
    connect(m_run, &RunController::serverRestartingChanged, this, &MainWindow::updateRunning);
    connect(m_run, &RunController::memberSampleReceived, this, [this](const QString &source, int member, const MetricSample &sample) {
        if (m_run->isGroup(source))
            m_charts->addMemberSample(m_run->memberName(source, member), sample);
    });
    connect(m_run, &RunController::loadRunningChanged, this, [this](bool running) {
        running ? m_progress->start(m_loadPanel->durationSec()) : m_progress->stop();
        updateRunning();
    });

    connect(m_model, &SessionModel::sampleAppended, this, [this] {
        updateHeadline();
        if (m_model->session().samples.size() == 1)
            updateTitle(); // "Starting run" becomes "Unsaved run of …"
    });
    connect(m_model, &SessionModel::configChanged, this, &MainWindow::updateScenarioRan);
    connect(m_model, &SessionModel::modelReset, this, [this] {
        updateScenarioRan();
        m_processes->setRowCount(0);
        m_charts->setLive(m_run->isRunning());
        updateTitle();
        updateHeadline();
        updateSummary();
    });
    connect(m_model, &SessionModel::summaryChanged, this, [this] {
        updateHeadline();
        updateSummary();
    });
    connect(m_model, &SessionModel::modifiedChanged, this, [this] {
        updateTitle();
        updateSummary();
    });

    restoreSettings();
    updateTitle();
    updateHeadline();
    updateSummary();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto *setup = new QWidget;
    auto *setupLayout = new QVBoxLayout(setup);
    setupLayout->setContentsMargins(4, 4, 4, 4);
    setupLayout->setSpacing(4);
    setupLayout->addWidget(group(tr("Server"), m_serverPanel));
    setupLayout->addWidget(group(tr("Load"), m_loadPanel));
    setupLayout->addStretch(1);
    // Scrolls only on a screen smaller than 1366x768; the panels fit that without.
    auto *scroll = new QScrollArea;
    scroll->setWidget(setup);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(setup->minimumSizeHint().width() + 12);
    auto *setupDock = new QDockWidget(tr("Run setup"), this);
    setupDock->setObjectName(QStringLiteral("setupDock"));
    setupDock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, setupDock);
    // The setup panel gets the window's full height; events and summary sit under the charts only.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);

    m_eventView->setModel(m_eventLog);
    m_eventView->verticalHeader()->hide();
    m_eventView->verticalHeader()->setDefaultSectionSize(m_eventView->fontMetrics().height() + 6);
    m_eventView->horizontalHeader()->setStretchLastSection(true);
    m_eventView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventView->setColumnWidth(EventLogModel::Time, 70);
    m_eventView->setColumnWidth(EventLogModel::Source, 70);
    m_eventView->setColumnWidth(EventLogModel::Kind, 150);
    connect(m_eventLog, &QAbstractItemModel::rowsInserted, m_eventView, &QTableView::scrollToBottom);
    m_bottomTabs = new QTabWidget;
    m_bottomTabs->addTab(m_eventView, tr("Event log"));
    m_bottomTabs->addTab(m_compare, tr("Summary and comparison"));
    m_bottomTabs->addTab(m_conformance, tr("Conformance"));
    m_bottomTabs->addTab(m_processes, tr("Processes"));
    m_bottomTabs->setTabToolTip(m_bottomTabs->count() - 1, tr("Each server process and load agent on its own; the charts show their sums"));
    m_conformance->setTargetProvider([this] { return m_console->loadTarget(); });
    auto *bottomDock = new QDockWidget(tr("Events and summary"), this);
    bottomDock->setObjectName(QStringLiteral("bottomDock"));
    bottomDock->setWidget(m_bottomTabs);
    addDockWidget(Qt::BottomDockWidgetArea, bottomDock);
    resizeDocks({bottomDock}, {170}, Qt::Vertical);
    resizeDocks({setupDock}, {setup->minimumSizeHint().width() + 24}, Qt::Horizontal);
}

void MainWindow::wireScenario()
{
    m_console->setScenarioEditor(m_scenarioEditor);
    auto tellPanel = [this] { m_loadPanel->setScenarioFile(m_scenarioEditor->filePath(), m_scenarioEditor->problem()); };
    connect(m_scenarioEditor, &ScenarioEditor::validated, this, tellPanel);
    connect(m_scenarioEditor, &ScenarioEditor::fileChanged, this, tellPanel);
    tellPanel();
    connect(m_loadPanel, &LoadPanel::scenarioFileChosen, this, [this](const QString &path) {
        if (m_scenarioEditor->openFile(path) && isVisible()) // not when the panel is restored at start-up
            m_centreTabs->setCurrentWidget(m_scenarioEditor);
    });
    connect(m_scenarioEditor, &ScenarioEditor::runRequested, this, [this] {
        m_loadPanel->useScenarioFile();
        m_centreTabs->setCurrentWidget(m_charts);
        // With a target of its own the load needs no embedded server.
        m_loadPanel->target().isEmpty() ? startAll() : m_console->startLoad();
    });
    connect(m_run, &RunController::loadRunningChanged, m_scenarioEditor, &ScenarioEditor::setRunning);
}

void MainWindow::updateScenarioRan()
{
    const bool ran = m_ranView->showSession(m_model->session(), m_files->sessionName());
    m_centreTabs->setTabVisible(m_centreTabs->indexOf(m_ranView), ran);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_files->populate(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_startAction = run->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start Server and &Load"),
                                   QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::startAll);
    m_startAction->setToolTip(tr("Start the server, then the load once it listens (Ctrl+R)"));
    run->addAction(tr("Start &Server"), m_console, &ConsoleRun::startServer);
    run->addAction(tr("Start L&oad"), QKeySequence(Qt::CTRL | Qt::Key_L), m_console, &ConsoleRun::startLoad);
    m_stopAction = run->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top All"),
                                  QKeySequence(Qt::CTRL | Qt::Key_Period), this, &MainWindow::stopAll);
    m_stopAction->setToolTip(tr("Stop the load, then the server (Ctrl+.)"));
    m_restartAction = run->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Restart Server"),
                                     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), m_run, &RunController::restartServer);
    m_restartAction->setToolTip(tr("Restart the server mid-run: SIGHUP closes every client with 1012 (Service Restart), "
                                   "then it starts again on the same port; with Reconnect on, the load comes back"));
    m_restartAction->setIconText(tr("Restart server"));
    m_restartAction->setEnabled(false);
    m_startAction->setIconText(tr("Start"));
    m_stopAction->setIconText(tr("Stop"));
    m_stopAction->setEnabled(false);

    // The first thing a new user looks for: one Start that runs server and load with the panels' settings.
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addActions({m_startAction, m_stopAction, m_restartAction});
    toolbar->addSeparator();
    toolbar->addActions({m_files->openAction(), m_files->saveAction(), m_files->compareAction()});

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Follow Live"), QKeySequence(Qt::Key_F6), this, [this] { m_charts->setLive(m_run->isRunning()); });
    view->addAction(tr("&Whole Run"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] {
        for (TimeSeriesChart *chart : m_charts->charts())
            chart->showWholeRun();
    });
    QAction *log = view->addAction(tr("&Logarithmic Latency Axis"), this, [this](bool on) { m_charts->latencyChart()->setLogScale(on); });
    log->setCheckable(true);
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Chart &Controls"), this, [this] {
        QMessageBox::information(this, tr("Chart controls"),
                                 tr("Hover: read every series at that second.\nWheel: zoom time.\nDrag: pan.\n"
                                    "Double-click: back to live (or the whole run).\nRight-click: log scale, save as PNG.\n"
                                    "Shaded spans: time without service, left out of the rates."));
    });
    help->addAction(tr("&Documentation"), QKeySequence::HelpContents, this,
                    [] { QDesktopServices::openUrl(QUrl::fromLocalFile(QStringLiteral(SOCKETSCOPE_README))); });
    help->addAction(tr("&About SocketScope"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    const QUrl readme = QUrl::fromLocalFile(QStringLiteral(SOCKETSCOPE_README));
    QMessageBox::about(this, tr("About SocketScope"),
                       tr("<h3>SocketScope %1</h3><p>A console for load-testing and watching WebSocket servers: "
                          "connections, message rate, latency, memory per connection, errors, and where it breaks.</p>"
                          "<p>Built with Qt %2. The console runs socketscope-server and socketscope-load as child "
                          "processes; everything it shows can be run headless in CI.</p><p>Documentation: <a href=\"%3\">%4</a></p>")
                           .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()), readme.toString(),
                                readme.toLocalFile().toHtmlEscaped()));
}

void MainWindow::startAll()
{
    m_console->startAll();
}

void MainWindow::stopAll()
{
    m_console->stopAll();
}

void MainWindow::setHeadless(bool headless)
{
    m_headless = headless;
    m_files->setHeadless(headless);
}

void MainWindow::updateRunning()
{
    const bool running = m_run->isRunning();
    m_startAction->setEnabled(!m_run->isLoadRunning());
    m_stopAction->setEnabled(running);
    m_restartAction->setEnabled(m_run->isServerRunning() && !m_run->isServerRestarting() && !m_run->serverUrls().isEmpty());
    m_charts->setLive(running);
    if (!running)
        for (TimeSeriesChart *chart : m_charts->charts())
            chart->showWholeRun();
    updateTitle();
    updateHeadline();
    updateSummary();
}

void MainWindow::showError(const QString &title, const QString &message)
{
    if (m_headless) {
        std::fprintf(stderr, "socketscope: %s: %s\n", qPrintable(title), qPrintable(message));
        return;
    }
    statusBar()->showMessage(message, 10000);
    QMessageBox::critical(this, title, message);
}

bool MainWindow::confirmOverload(const QString &warning)
{
    if (m_headless) {
        std::fprintf(stderr, "socketscope: warning: %s\n", qPrintable(warning));
        return true;
    }
    return QMessageBox::warning(this, tr("More than this machine can deliver"), warning + QStringLiteral("\n\n") + tr("Start anyway?"),
                                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

bool MainWindow::saveSession(const QString &path)
{
    return m_files->saveSession(path);
}

void MainWindow::updateSummary()
{
    const QJsonArray cases = m_model->session().summary.value(QLatin1String("conformance")).toArray();
    if (!cases.isEmpty()) { // a saved `socketscope-load --conformance -o` report
        m_conformance->showCases(cases);
        m_bottomTabs->setCurrentWidget(m_conformance);
    }
    if (m_files->isComparing())
        m_compare->showComparison(m_model->session(), m_files->sessionName(), m_comparison->session(), m_files->comparisonName());
    else
        m_compare->showRun(m_model->session(), m_files->sessionName(), m_run->isRunning());
    m_banner->showFor(m_model->session(), m_run->isRunning());
}

void MainWindow::updateTitle()
{
    const QString state = m_run->isRunning() ? tr(" (running)") : QString();
    setWindowTitle(QStringLiteral("%1[*]%2 — SocketScope").arg(m_files->sessionName(), state));
    setWindowModified(m_model->isModified() && !m_model->session().samples.isEmpty());
    m_files->updateEnabled();
}

QString MainWindow::headlineText() const
{
    return StatusHeadline::text(m_model->session(), m_run->isRunning());
}

void MainWindow::updateHeadline()
{
    m_headline->setText(headlineText());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_files->confirmDiscard(tr("Save the current run before quitting?"))) {
        event->ignore();
        return;
    }
    m_run->stopAll();
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    // One file opens; a second one dropped with it is overlaid for comparison.
    if (m_files->openSession(urls.first().toLocalFile()) && urls.size() > 1 && urls.at(1).isLocalFile())
        m_files->compareWith(urls.at(1).toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(ConsoleSettings::geometry()).toByteArray()))
        resize(QSize(1500, 950).boundedTo(screen()->availableGeometry().size()));
    restoreState(settings.value(ConsoleSettings::windowState()).toByteArray());
    m_serverPanel->fromJson(QJsonDocument::fromJson(settings.value(ConsoleSettings::serverPanel()).toByteArray()).object());
    m_loadPanel->fromJson(QJsonDocument::fromJson(settings.value(ConsoleSettings::loadPanel()).toByteArray()).object());
    m_loadPanel->setProfiles(QJsonDocument::fromJson(settings.value(ConsoleSettings::profiles()).toByteArray()).object(),
                             settings.value(ConsoleSettings::lastProfile()).toString());
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(ConsoleSettings::geometry(), saveGeometry());
    settings.setValue(ConsoleSettings::windowState(), saveState());
    settings.setValue(ConsoleSettings::serverPanel(), QJsonDocument(m_serverPanel->toJson()).toJson(QJsonDocument::Compact));
    settings.setValue(ConsoleSettings::loadPanel(), QJsonDocument(m_loadPanel->toJson()).toJson(QJsonDocument::Compact));
    settings.setValue(ConsoleSettings::lastProfile(), m_loadPanel->currentProfile());
}
