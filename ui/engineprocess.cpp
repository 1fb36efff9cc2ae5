#include "engineprocess.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <signal.h>

Q_LOGGING_CATEGORY(lcEngineProcess, "socketscope.ui.process", QtWarningMsg)

namespace {
constexpr int kStderrLinesKept = 12;
constexpr int kGracefulStopMs = 7000; // the server's own shutdown promise is 5 s
// An agent behind ssh sends its whole session after the stop, megabytes for a long run: it is
// killed only once its output has stalled this long.
constexpr int kStalledRemoteStopMs = 30000;
} // namespace

EngineProcess::EngineProcess(const QString &source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, &m_process, &QProcess::kill);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &EngineProcess::readStdout);
    connect(&m_process, &QProcess::readyReadStandardError, this, &EngineProcess::readStderr);
    connect(&m_process, &QProcess::started, this, &EngineProcess::started);
    connect(&m_process, &QProcess::finished, this, &EngineProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failedToStart(tr("cannot start %1: %2").arg(m_process.program(), m_process.errorString()));
    });
}

EngineProcess::~EngineProcess()
{
    // The window is closing: do not leave an orphan holding ports and thousands of sockets.
    if (isRunning()) {
        m_process.disconnect(this);
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

QString EngineProcess::locate(const QString &executable)
{
    // Another build's engines, e.g. to compare a server change under the same console.
    const QString chosen = qEnvironmentVariable("SOCKETSCOPE_ENGINE_DIR");
    if (!chosen.isEmpty()) {
        const QString path = QDir(chosen).filePath(executable);
        return QFileInfo(path).isExecutable() ? path : QString();
    }
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(executable);
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStandardPaths::findExecutable(executable);
}

void EngineProcess::start(const QString &program, const QStringList &arguments)
{
    start(EngineCommand{program, arguments});
}

void EngineProcess::start(const EngineCommand &command)
{
    m_partialLine.clear();
    m_stderrTail.clear();
    m_stopRequested = false;
    m_closeStdinToStop = command.closeStdinToStop;
    m_startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_process.start(command.program, command.arguments);
}

void EngineProcess::stop()
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    if (m_closeStdinToStop) {
        m_process.closeWriteChannel();
        m_killTimer.start(kStalledRemoteStopMs);
    } else {
        m_process.terminate();
        m_killTimer.start(kGracefulStopMs);
    }
}

void EngineProcess::hangUp()
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    ::kill(pid_t(m_process.processId()), SIGHUP);
    m_killTimer.start(kGracefulStopMs);
}

void EngineProcess::readStdout()
{
    const QByteArray chunk = m_process.readAllStandardOutput();
    if (chunk.isEmpty())
        return;
    if (m_stopRequested && m_killTimer.isActive() && m_closeStdinToStop)
        m_killTimer.start(); // still sending: not stalled
    // Only the new bytes can end a line: a session line of megabytes is not searched again per chunk.
    qsizetype end = chunk.indexOf('\n');
    if (end >= 0)
        end += m_partialLine.size();
    m_partialLine += chunk;
    qsizetype start = 0;
    for (; end >= 0; start = end + 1, end = m_partialLine.indexOf('\n', start)) {
        const QByteArray line = m_partialLine.mid(start, end - start).trimmed();
        if (line.isEmpty())
            continue;
        const JsonLine parsed = JsonLine::parse(line);
        switch (parsed.kind) {
        case JsonLine::Kind::Sample:
            Q_EMIT sampleReceived(parsed.sample);
            break;
        case JsonLine::Kind::Event:
            Q_EMIT eventReceived(parsed.event);
            break;
        case JsonLine::Kind::Summary:
            Q_EMIT summaryReceived(parsed.object);
            break;
        case JsonLine::Kind::Session:
            Q_EMIT sessionReceived(parsed.session);
            break;
        case JsonLine::Kind::Ready:
            Q_EMIT ready(parsed.object);
            break;
        case JsonLine::Kind::Invalid:
            qCWarning(lcEngineProcess) << m_source << "printed a line that is not ours:" << parsed.error;
            break;
        }
    }
    m_partialLine.remove(0, start);
}

void EngineProcess::readStderr()
{
    const QStringList lines = QString::fromLocal8Bit(m_process.readAllStandardError()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    m_stderrTail += lines;
    if (m_stderrTail.size() > kStderrLinesKept)
        m_stderrTail = m_stderrTail.mid(m_stderrTail.size() - kStderrLinesKept);
}

void EngineProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    readStdout();
    readStderr();
    Q_EMIT exited(exitCode, status == QProcess::CrashExit, m_stopRequested, m_stderrTail.join(QLatin1Char('\n')));
}
