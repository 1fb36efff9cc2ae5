#include "redistestserver.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

RedisTestServer::RedisTestServer()
{
    QTcpServer probe;
    if (probe.listen(QHostAddress::LocalHost, 0))
        m_port = probe.serverPort();
}

RedisTestServer::~RedisTestServer()
{
    stop();
}

QUrl RedisTestServer::busUrl(const QString &channel) const
{
    return QUrl(QStringLiteral("redis://127.0.0.1:%1/%2").arg(m_port).arg(channel));
}

bool RedisTestServer::start()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("redis-server"),
                    {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                     QStringLiteral("--dir"), m_dir.path(), QStringLiteral("--loglevel"), QStringLiteral("warning")});
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("redis-server did not start: %1").arg(m_process.errorString());
        return false;
    }
    const bool answered = QTest::qWaitFor([this] {
        return !isRunning() || redisCommand(m_port, {"PING"}).startsWith("+PONG");
    }, 10000);
    if (!answered || !isRunning()) {
        m_error = QStringLiteral("redis-server on port %1 did not answer: %2").arg(m_port).arg(QString::fromLocal8Bit(m_process.readAll()));
        stop();
        return false;
    }
    return true;
}

void RedisTestServer::stop()
{
    if (!isRunning())
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

QByteArray redisCommand(quint16 port, const QList<QByteArray> &arguments)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(1000))
        return {};
    QByteArray request = '*' + QByteArray::number(arguments.size()) + "\r\n";
    for (const QByteArray &a : arguments)
        request += '$' + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
    socket.write(request);
    if (!socket.waitForReadyRead(2000))
        return {};
    return socket.readAll();
}
