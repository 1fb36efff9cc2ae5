#pragma once

#include <QMainWindow>

class ComparePanel;
class ConformancePanel;
class ConsoleRun;
class EventLogModel;
class LoadPanel;
class ProcessTable;
class QLabel;
class QTabWidget;
class QTableView;
class RunCharts;
class RunController;
class RunProgress;
class ScenarioEditor;
class ScenarioRanView;
class ServerPanel;
class SessionFileActions;
class SessionModel;
class VerdictBanner;

// The console: server and load panels on the left, the verdict and six charts in the middle (with
// the scenario editor and what a scenario run ran as tabs beside them), event
// log, summary and conformance below, headline numbers and progress in the status bar. It only
// assembles and wires; the panels, charts, ConsoleRun, SessionFileActions and SessionModel do the work.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded server (unless attached) and, once it listens, the load.
    void startAll();
    void stopAll();
    QAction *restartServerAction() const { return m_restartAction; }

    // Open, compare, save and export are fileActions()'; this one is kept for the headless run.
    bool saveSession(const QString &path);
    // Errors and warnings go to stderr instead of dialogs (headless runs).
    void setHeadless(bool headless);

    ServerPanel *serverPanel() const { return m_serverPanel; }
    LoadPanel *loadPanel() const { return m_loadPanel; }
    RunCharts *charts() const { return m_charts; }
    RunController *runController() const { return m_run; }
    SessionModel *sessionModel() const { return m_model; }
    EventLogModel *eventLog() const { return m_eventLog; }
    ComparePanel *comparePanel() const { return m_compare; }
    ConformancePanel *conformancePanel() const { return m_conformance; }
    ProcessTable *processTable() const { return m_processes; }
    SessionFileActions *fileActions() const { return m_files; }
    VerdictBanner *verdictBanner() const { return m_banner; }
    ScenarioEditor *scenarioEditor() const { return m_scenarioEditor; }
    ScenarioRanView *scenarioRanView() const { return m_ranView; }
    QTabWidget *centreTabs() const { return m_centreTabs; }
    QString headlineText() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void createDocks();
    void wireScenario();
    void updateScenarioRan();
    void restoreSettings();
    void saveSettings();
    void updateTitle();
    void updateHeadline();
    void updateRunning();
    void updateSummary();
    void showError(const QString &title, const QString &message);
    bool confirmOverload(const QString &warning);
    void showAbout();

    SessionModel *m_model;
    SessionModel *m_comparison;
    RunCharts *m_charts;
    VerdictBanner *m_banner;
    ServerPanel *m_serverPanel;
    LoadPanel *m_loadPanel;
    ConsoleRun *m_console;
    RunController *m_run;
    SessionFileActions *m_files;
    EventLogModel *m_eventLog;
    QTableView *m_eventView;
    ComparePanel *m_compare;
    ConformancePanel *m_conformance;
    ProcessTable *m_processes;
    QTabWidget *m_bottomTabs = nullptr;
    QLabel *m_headline;
    RunProgress *m_progress;
    ScenarioEditor *m_scenarioEditor;
    ScenarioRanView *m_ranView;
    QTabWidget *m_centreTabs;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_restartAction = nullptr;
    bool m_headless = false;
};
