#pragma once

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

// A real redis-server (Debian's) on a free loopback port, for tests of the broadcast bus.
// `--port 0` would not listen at all, so the port is one the OS just handed out. It can be
// stopped and started again on the same port; the destructor stops it.
class RedisTestServer
{
public:
    RedisTestServer();
    ~RedisTestServer();

    // Starts it and waits (at most 10 s) until it answers PING.
    bool start();
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    quint16 port() const { return m_port; }
    QUrl busUrl(const QString &channel) const;
    QString error() const { return m_error; }

private:
    QProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_error;
};

// Sends one raw command in RESP and returns the raw reply; empty when nobody answered.
QByteArray redisCommand(quint16 port, const QList<QByteArray> &arguments);
