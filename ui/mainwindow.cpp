#include "mainwindow.h"

#include "comparepanel.h"
#include "conformancepanel.h"
#include "consolerun.h"
#include "consolesettings.h"
#include "eventlogmodel.h"
#include "loadpanel.h"
#include "reportexporter.h"
#include "runcharts.h"
#include "runcontroller.h"
#include "recentfiles.h"
#include "serverpanel.h"
#include "statusheadline.h"
#include "timeserieschart.h"

#include <samplecsv.h>
#include <sessionheadline.h>
#include <sessionmodel.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <cstdio>

namespace {

QGroupBox *group(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(content);
    return box;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new SessionModel(this))
    , m_comparison(new SessionModel(this))
    , m_charts(new RunCharts)
    , m_serverPanel(new ServerPanel)
    , m_loadPanel(new LoadPanel)
    , m_console(new ConsoleRun(m_model, m_serverPanel, m_loadPanel, this))
    , m_run(m_console->controller())
    , m_eventLog(new EventLogModel(m_model, this))
    , m_eventView(new QTableView)
    , m_compare(new ComparePanel)
    , m_conformance(new ConformancePanel)
    , m_headline(new QLabel)
    , m_recent(new RecentFiles(this))
{
    setObjectName(QStringLiteral("SocketScopeMainWindow"));
    setAcceptDrops(true);
    m_charts->setModel(m_model);
    setCentralWidget(m_charts);
    statusBar()->addPermanentWidget(m_headline, 1);
    createDocks();
    createMenus();

    connect(m_loadPanel, &LoadPanel::profilesChanged, this, [](const QJsonObject &profiles) {
        QSettings().setValue(ConsoleSettings::profiles(), QJsonDocument(profiles).toJson(QJsonDocument::Compact));
    });
    m_console->setReplaceRunCheck([this] { return confirmDiscard(); });
    connect(m_console, &ConsoleRun::problem, this, &MainWindow::showError);
    connect(m_run, &RunController::serverRunningChanged, this, &MainWindow::updateRunning);
    connect(m_run, &RunController::loadRunningChanged, this, &MainWindow::updateRunning);

    connect(m_model, &SessionModel::sampleAppended, this, &MainWindow::updateHeadline);
    connect(m_model, &SessionModel::modelReset, this, [this] {
        updateTitle();
        updateHeadline();
        updateComparePanel();
    });
    connect(m_model, &SessionModel::summaryChanged, this, [this] {
        updateHeadline();
        updateComparePanel();
    });
    connect(m_model, &SessionModel::modifiedChanged, this, &MainWindow::updateTitle);

    restoreSettings();
    updateTitle();
    updateHeadline();
    updateComparePanel();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto *setup = new QWidget;
    auto *setupLayout = new QVBoxLayout(setup);
    setupLayout->setContentsMargins(4, 4, 4, 4);
    setupLayout->addWidget(group(tr("Server"), m_serverPanel));
    setupLayout->addWidget(group(tr("Load"), m_loadPanel));
    setupLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(setup);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(setup->sizeHint().width() + 20);
    auto *setupDock = new QDockWidget(tr("Run setup"), this);
    setupDock->setObjectName(QStringLiteral("setupDock"));
    setupDock->setWidget(scroll);
    setupDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, setupDock);

    m_eventView->setModel(m_eventLog);
    m_eventView->verticalHeader()->hide();
    m_eventView->horizontalHeader()->setStretchLastSection(true);
    m_eventView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventView->setColumnWidth(EventLogModel::Time, 70);
    m_eventView->setColumnWidth(EventLogModel::Source, 70);
    m_eventView->setColumnWidth(EventLogModel::Kind, 150);
    connect(m_eventLog, &QAbstractItemModel::rowsInserted, m_eventView, &QTableView::scrollToBottom);
    auto *tabs = new QTabWidget;
    m_bottomTabs = tabs;
    tabs->addTab(m_eventView, tr("Event log"));
    tabs->addTab(m_compare, tr("Summary and comparison"));
    tabs->addTab(m_conformance, tr("Conformance"));
    m_conformance->setTargetProvider([this] { return m_console->loadTarget(); });
    auto *bottomDock = new QDockWidget(tr("Events and summary"), this);
    bottomDock->setObjectName(QStringLiteral("bottomDock"));
    bottomDock->setWidget(tabs);
    bottomDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, bottomDock);
    resizeDocks({bottomDock}, {170}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    auto askForSession = [this](const QString &title) {
        return QFileDialog::getOpenFileName(this, title, QSettings().value(ConsoleSettings::lastDirectory()).toString(),
                                            tr("SocketScope sessions (*.json);;All files (*)"));
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Session…"), QKeySequence::Open, this,
                                    [this, askForSession] {
                                        const QString path = askForSession(tr("Open session"));
                                        if (!path.isEmpty())
                                            openSession(path);
                                    });
    file->addMenu(m_recent->menu());
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openSession);
    QAction *compare = file->addAction(tr("&Compare With…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this, askForSession] {
        const QString path = askForSession(tr("Compare with session"));
        if (!path.isEmpty())
            compareWith(path);
    });
    file->addAction(tr("Close Comparison"), this, &MainWindow::closeComparison);
    file->addSeparator();
    QAction *save = file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), QKeySequence::Save, this, [this] {
        m_model->filePath().isEmpty() ? saveAs() : void(saveSession(m_model->filePath()));
    });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Samples as &CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), QFileInfo(sessionName()).completeBaseName() + QStringLiteral(".csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    exportMenu->addAction(tr("Chart &Images (PNG)…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export chart images to"));
        QStringList written;
        if (!dir.isEmpty() && exportChartImages(dir, &written))
            statusBar()->showMessage(tr("Wrote %1 images to %2").arg(written.size()).arg(dir), 8000);
    });
    exportMenu->addAction(tr("&HTML Report…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export HTML report"), QFileInfo(sessionName()).completeBaseName() + QStringLiteral(".html"), tr("HTML (*.html)"));
        if (!path.isEmpty())
            exportHtml(path);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_startAction = run->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start Server and &Load"),
                                   QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::startAll);
    run->addAction(tr("Start &Server"), m_console, &ConsoleRun::startServer);
    run->addAction(tr("Start L&oad"), QKeySequence(Qt::CTRL | Qt::Key_L), m_console, &ConsoleRun::startLoad);
    m_stopAction = run->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top All"),
                                  QKeySequence(Qt::CTRL | Qt::Key_Period), this, &MainWindow::stopAll);
    m_startAction->setIconText(tr("Start"));
    m_stopAction->setIconText(tr("Stop"));
    m_stopAction->setEnabled(false);

    // The first thing a new user looks for: one Start that runs server and load with the panels' settings.
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addActions({m_startAction, m_stopAction});
    toolbar->addSeparator();
    toolbar->addActions({open, save, compare});

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
                                    "Double-click: back to live (or the whole run).\nRight-click: log scale, save as PNG."));
    });
}

void MainWindow::startAll()
{
    m_console->startAll();
}

void MainWindow::stopAll()
{
    m_console->stopAll();
}

void MainWindow::updateRunning()
{
    const bool running = m_run->isRunning();
    m_startAction->setEnabled(!m_run->isLoadRunning());
    m_stopAction->setEnabled(running);
    m_charts->setLive(running);
    if (!running)
        for (TimeSeriesChart *chart : m_charts->charts())
            chart->showWholeRun();
    updateTitle();
    updateHeadline();
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

bool MainWindow::openSession(const QString &path)
{
    if (m_run->isRunning()) {
        showError(tr("Cannot open a session"), tr("A run is in progress; stop it first (Ctrl+.)."));
        return false;
    }
    if (!confirmDiscard())
        return false;
    QString error;
    const auto session = SessionFile::load(path, &error);
    if (!session) {
        showError(tr("Cannot open session"), error);
        return false;
    }
    m_model->load(*session, QFileInfo(path).absoluteFilePath());
    m_charts->setLive(false);
    m_recent->add(path);
    return true;
}

bool MainWindow::compareWith(const QString &path)
{
    QString error;
    const auto session = SessionFile::load(path, &error);
    if (!session) {
        showError(tr("Cannot compare"), error);
        return false;
    }
    m_comparison->load(*session, path);
    m_comparisonPath = path;
    m_charts->setComparison(m_comparison);
    updateComparePanel();
    m_recent->add(path);
    return true;
}

void MainWindow::closeComparison()
{
    if (m_comparisonPath.isEmpty())
        return;
    m_comparisonPath.clear();
    m_charts->setComparison(nullptr);
    updateComparePanel();
}

void MainWindow::updateComparePanel()
{
    const QJsonArray cases = m_model->session().summary.value(QLatin1String("conformance")).toArray();
    if (!cases.isEmpty()) { // a saved `socketscope-load --conformance -o` report
        m_conformance->showCases(cases);
        m_bottomTabs->setCurrentWidget(m_conformance);
    }
    if (m_comparisonPath.isEmpty())
        m_compare->showRun(m_model->session(), sessionName());
    else
        m_compare->showComparison(m_model->session(), sessionName(), m_comparison->session(), QFileInfo(m_comparisonPath).fileName());
}

bool MainWindow::saveSession(const QString &path)
{
    QString error;
    if (!SessionFile::save(path, m_model->session(), &error)) {
        showError(tr("Cannot save session"), error);
        return false;
    }
    m_model->markSaved(QFileInfo(path).absoluteFilePath());
    m_recent->add(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    updateTitle();
    return true;
}

void MainWindow::saveAs()
{
    const QString suggested = QDir(QSettings().value(ConsoleSettings::lastDirectory(), QDir::homePath()).toString())
                                  .filePath(QStringLiteral("socketscope-%1.json").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save session"), m_model->filePath().isEmpty() ? suggested : m_model->filePath(),
                                                      tr("SocketScope sessions (*.json)"));
    if (!path.isEmpty())
        saveSession(path);
}

bool MainWindow::exportCsv(const QString &path)
{
    QString error;
    if (!SampleCsv::save(path, m_model->session().samples, &error)) {
        showError(tr("Cannot export CSV"), error);
        return false;
    }
    return true;
}

bool MainWindow::exportHtml(const QString &path)
{
    QString error;
    if (!ReportExporter::saveHtmlReport(m_model->session(), sessionName(), m_charts, path, &error)) {
        showError(tr("Cannot export the report"), error);
        return false;
    }
    return true;
}

bool MainWindow::exportChartImages(const QString &dir, QStringList *written)
{
    QString error;
    const QString stem = QFileInfo(sessionName()).completeBaseName();
    if (!ReportExporter::saveChartImages(m_charts, dir, stem, written, &error)) {
        showError(tr("Cannot export chart images"), error);
        return false;
    }
    return true;
}

QString MainWindow::sessionName() const
{
    if (!m_model->filePath().isEmpty())
        return QFileInfo(m_model->filePath()).fileName();
    return m_model->session().samples.isEmpty() ? tr("No run yet") : tr("Unsaved run");
}

void MainWindow::updateTitle()
{
    QString state;
    if (m_run->isRunning())
        state = tr(" (running)");
    setWindowTitle(QStringLiteral("%1[*]%2 — SocketScope").arg(sessionName(), state));
    setWindowModified(m_model->isModified() && !m_model->session().samples.isEmpty());
}

QString MainWindow::headlineText() const
{
    return StatusHeadline::text(m_model->session(), m_run->isRunning());
}

void MainWindow::updateHeadline()
{
    m_headline->setText(headlineText());
}

bool MainWindow::confirmDiscard()
{
    if (m_headless || !m_model->isModified() || m_model->session().samples.isEmpty())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved run"), tr("Save the current run before replacing it?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) {
        saveAs();
        return !m_model->isModified();
    }
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmDiscard()) {
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
    if (openSession(urls.first().toLocalFile()) && urls.size() > 1 && urls.at(1).isLocalFile())
        compareWith(urls.at(1).toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(ConsoleSettings::geometry()).toByteArray()))
        resize(1500, 950);
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
