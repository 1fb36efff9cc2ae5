#pragma once

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

// The broadcast bus of a server group the console runs: a redis-server child on a free loopback
// port, saving nothing, its working files in a temporary folder. Debian's redis-server, found on PATH.
class RedisProcess : public QObject
{
    Q_OBJECT
public:
    explicit RedisProcess(QObject *parent = nullptr);
    ~RedisProcess() override;

    void start();
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }
    // The --broadcast-bus URL for one channel; valid once ready() has fired.
    QString busUrl(const QString &channel) const;

Q_SIGNALS:
    void ready(); // it accepts connections
    void failed(const QString &reason); // did not start, or exited before it was ready
    void died(const QString &reason); // exited unasked after it was ready

private:
    void readOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QTemporaryDir m_dir;
    QByteArray m_output;
    quint16 m_port = 0;
    bool m_ready = false;
    bool m_stopRequested = false;
};
