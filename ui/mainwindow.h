#pragma once

#include <QMainWindow>

class ComparePanel;
class ConformancePanel;
class ConsoleRun;
class QAction;
class EventLogModel;
class LoadPanel;
class QLabel;
class QMenu;
class RecentFiles;
class QTabWidget;
class QTableView;
class RunCharts;
class RunController;
class ServerPanel;
class SessionModel;

// The console: server and load panels on the left, the five charts in the middle, event log and
// comparison below, headline numbers in the status bar. It only assembles and wires; the panels,
// charts, RunController and SessionModel do the work.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded server (unless attached) and, once it listens, the load.
    void startAll();
    void stopAll();

    // Each returns false after telling the user why (dialog, or the status bar when headless).
    bool openSession(const QString &path);
    bool compareWith(const QString &path);
    void closeComparison();
    bool saveSession(const QString &path);
    bool exportCsv(const QString &path);
    bool exportHtml(const QString &path);
    bool exportChartImages(const QString &dir, QStringList *written);
    // Errors go to stderr instead of dialogs (headless runs).
    void setHeadless(bool headless) { m_headless = headless; }

    ServerPanel *serverPanel() const { return m_serverPanel; }
    LoadPanel *loadPanel() const { return m_loadPanel; }
    RunCharts *charts() const { return m_charts; }
    RunController *runController() const { return m_run; }
    SessionModel *sessionModel() const { return m_model; }
    EventLogModel *eventLog() const { return m_eventLog; }
    ComparePanel *comparePanel() const { return m_compare; }
    ConformancePanel *conformancePanel() const { return m_conformance; }
    QString headlineText() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void createDocks();
    void restoreSettings();
    void saveSettings();
    void updateTitle();
    void updateHeadline();
    void updateRunning();
    void showError(const QString &title, const QString &message);
    void updateComparePanel();
    QString sessionName() const;
    bool confirmDiscard();
    void saveAs();

    SessionModel *m_model;
    SessionModel *m_comparison;
    RunCharts *m_charts;
    ServerPanel *m_serverPanel;
    LoadPanel *m_loadPanel;
    ConsoleRun *m_console;
    RunController *m_run;
    EventLogModel *m_eventLog;
    QTableView *m_eventView;
    ComparePanel *m_compare;
    ConformancePanel *m_conformance;
    QTabWidget *m_bottomTabs = nullptr;
    QLabel *m_headline;
    RecentFiles *m_recent;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QString m_comparisonPath;
    bool m_headless = false;
};
