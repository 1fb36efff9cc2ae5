#pragma once

#include <QObject>

#include <functional>

class LoadPanel;
class RunController;
class ScenarioEditor;
class ServerPanel;
class SessionModel;

// What the Start and Stop buttons mean: turns the two panels into child processes via
// RunController. Every field and threshold is checked before any child starts. Start All starts
// the server, the load once the server says where it listens, and ends the run a moment after the
// load finishes, or at once when the server dies. Attached to an external server, only the load
// runs, with --scrape/--pid pointed at that server.
class ConsoleRun : public QObject
{
    Q_OBJECT
public:
    ConsoleRun(SessionModel *model, ServerPanel *serverPanel, LoadPanel *loadPanel, QObject *parent = nullptr);

    RunController *controller() const { return m_controller; }
    // Asked before a start would replace the run on screen; returning false cancels the start.
    void setReplaceRunCheck(std::function<bool()> check) { m_mayReplaceRun = std::move(check); }
    // Asked with LoadBudget's warning when the load asks far more than this machine sustains;
    // returning false cancels the start. Without one the warning goes to the event log only.
    void setOverloadCheck(std::function<bool(const QString &warning)> check) { m_mayOverload = std::move(check); }

    // Where the "Scenario file…" choice takes its text from; without one that choice cannot start.
    void setScenarioEditor(ScenarioEditor *editor) { m_scenarioEditor = editor; }

    void startAll();
    void startServer();
    void startLoad();
    void stopAll();

    QString loadTarget() const; // where Start Load sends the load now; empty if nowhere yet
    // Empty when the panels can run as set (the load too when withLoad); otherwise what to fix.
    QString validationError(bool withLoad) const;

Q_SIGNALS:
    void problem(const QString &title, const QString &message);

private:
    QString targetHint() const;
    bool mayStartNewRun() const;
    bool refusedBeforeStart(bool withLoad);
    bool fitsTheMachine();
    void launchLoad(bool checked); // checked: Start All checked everything before starting the server

    SessionModel *m_model;
    RunController *m_controller;
    ServerPanel *m_serverPanel;
    LoadPanel *m_loadPanel;
    ScenarioEditor *m_scenarioEditor = nullptr;
    std::function<bool()> m_mayReplaceRun;
    std::function<bool(const QString &)> m_mayOverload;
    bool m_loadAfterServer = false;
    bool m_stopServerAfterLoad = false;
};
