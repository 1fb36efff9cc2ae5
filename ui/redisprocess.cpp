#include "redisprocess.h"

#include <QStandardPaths>
#include <QTcpServer>

namespace {
constexpr int kOutputKept = 4096; // enough for the lines that say why it did not start
}

RedisProcess::RedisProcess(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &RedisProcess::readOutput);
    connect(&m_process, &QProcess::finished, this, &RedisProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(tr("cannot start redis-server: %1").arg(m_process.errorString()));
    });
}

RedisProcess::~RedisProcess()
{
    if (isRunning()) {
        m_process.disconnect(this);
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

QString RedisProcess::busUrl(const QString &channel) const
{
    return QStringLiteral("redis://127.0.0.1:%1/%2").arg(m_port).arg(channel);
}

void RedisProcess::start()
{
    if (isRunning())
        return;
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty() || !m_dir.isValid()) {
        Q_EMIT failed(program.isEmpty() ? tr("redis-server not found on PATH (Debian: apt-get install redis-server)")
                                        : tr("no temporary folder for redis-server"));
        return;
    }
    QTcpServer probe; // a free port now; redis-server binds it a moment later
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        Q_EMIT failed(tr("no free loopback port for redis-server: %1").arg(probe.errorString()));
        return;
    }
    m_port = probe.serverPort();
    probe.close();
    m_output.clear();
    m_ready = false;
    m_stopRequested = false;
    m_process.start(program, {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                              QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                              QStringLiteral("--dir"), m_dir.path()});
}

void RedisProcess::stop()
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    m_process.terminate(); // redis-server exits at once on SIGTERM with nothing to save
}

void RedisProcess::readOutput()
{
    m_output += m_process.readAllStandardOutput();
    if (!m_ready && m_output.contains("Ready to accept connections")) {
        m_ready = true;
        Q_EMIT ready();
    }
    if (m_output.size() > kOutputKept)
        m_output = m_output.right(kOutputKept);
}

void RedisProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_stopRequested)
        return;
    const QByteArray lines = m_output.trimmed();
    const QString last = QString::fromLocal8Bit(lines.mid(lines.lastIndexOf('\n') + 1));
    const QString reason = status == QProcess::CrashExit ? tr("redis-server on port %1 crashed").arg(m_port)
                                                         : tr("redis-server on port %1 exited with code %2: %3").arg(m_port).arg(exitCode).arg(last);
    Q_EMIT(m_ready ? died(reason) : failed(reason));
}
