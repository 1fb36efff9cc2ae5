#pragma once

#include <QObject>

#include <functional>

class LoadPanel;
class RunController;
class ServerPanel;
class SessionModel;

// What the Start and Stop buttons mean: turns the two panels into child processes via
// RunController. Start All starts the server, the load once the server says where it listens,
// and ends the run a moment after the load finishes. Attached to an external server, only the
// load runs, with --scrape/--pid pointed at that server.
class ConsoleRun : public QObject
{
    Q_OBJECT
public:
    ConsoleRun(SessionModel *model, ServerPanel *serverPanel, LoadPanel *loadPanel, QObject *parent = nullptr);

    RunController *controller() const { return m_controller; }
    // Asked before a start would replace the run on screen; returning false cancels the start.
    void setReplaceRunCheck(std::function<bool()> check) { m_mayReplaceRun = std::move(check); }

    void startAll();
    void startServer();
    void startLoad();
    void stopAll();

    QString loadTarget() const; // where Start Load sends the load now; empty if nowhere yet

Q_SIGNALS:
    void problem(const QString &title, const QString &message);

private:
    QString targetHint() const;
    bool mayStartNewRun() const;

    RunController *m_controller;
    ServerPanel *m_serverPanel;
    LoadPanel *m_loadPanel;
    std::function<bool()> m_mayReplaceRun;
    bool m_loadAfterServer = false;
    bool m_stopServerAfterLoad = false;
};
