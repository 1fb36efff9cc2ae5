#pragma once

#include <jsonline.h>

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

// What runs one engine: a program and its arguments. closeStdinToStop for a command that reaches
// the engine through ssh or the like, where a signal stops only ssh: stop() closes the engine's
// stdin instead (socketscope-load --stop-when-stdin-closes), and it still reports before it exits.
struct EngineCommand
{
    QString program;
    QStringList arguments;
    bool closeStdinToStop = false;
};

// One engine CLI (socketscope-server or socketscope-load) as a child process that speaks JSON
// lines on stdout. Own process, own memory and CPU figures, and a crash that cannot take the
// window down: it arrives as exited(crashed = true).
// All signals fire in the thread that owns this object.
class EngineProcess : public QObject
{
    Q_OBJECT
public:
    explicit EngineProcess(const QString &source, QObject *parent = nullptr);
    ~EngineProcess() override;

    // Finds an engine executable in $SOCKETSCOPE_ENGINE_DIR when set (only there), else next to the
    // console, then on PATH; empty if none has it.
    static QString locate(const QString &executable);

    void start(const QString &program, const QStringList &arguments);
    void start(const EngineCommand &command);
    // SIGTERM, or closing stdin for a closeStdinToStop command (the engine stops gracefully and
    // still reports); SIGKILL if it has not exited in time.
    void stop();
    // SIGHUP: the server closes every client with 1012 (Service Restart) and exits; it counts as
    // requested, and is killed like stop() if it has not exited in time.
    void hangUp();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }
    qint64 startedAtMs() const { return m_startedAtMs; }
    QString source() const { return m_source; }

Q_SIGNALS:
    void started();
    void sampleReceived(const MetricSample &sample);
    void eventReceived(const SessionEvent &event); // its time is seconds since this process started
    void summaryReceived(const QJsonObject &summary);
    void sessionReceived(const Session &session); // with --out -: the whole run, at its end
    void ready(const QJsonObject &urls);
    // requested: stop() asked for it. stderrTail: the engine's last words, for the event log.
    void exited(int exitCode, bool crashed, bool requested, const QString &stderrTail);
    void failedToStart(const QString &reason);

private:
    void readStdout();
    void readStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QString m_source;
    QProcess m_process;
    QTimer m_killTimer;
    QByteArray m_partialLine;
    QStringList m_stderrTail;
    qint64 m_startedAtMs = 0;
    bool m_stopRequested = false;
    bool m_closeStdinToStop = false;
};
