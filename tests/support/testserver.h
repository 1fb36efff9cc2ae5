#pragma once

#include <serverengine.h>

#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

// A ServerEngine on 127.0.0.1 with an OS-chosen port, for tests.
class TestServer
{
public:
    explicit TestServer(ServerConfig config = {})
    {
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        if (config.workers == 0)
            config.workers = 2;
        m_started = m_engine.start(config);
    }
    bool started() const { return m_started; }
    QString error() const { return m_engine.errorString(); }
    ServerEngine &engine() { return m_engine; }
    quint16 port() const { return m_engine.serverPort(); }
    QUrl url(const QString &path) const { return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port()).arg(path)); }

private:
    ServerEngine m_engine;
    bool m_started = false;
};

// One plain HTTP/1.1 GET; returns the whole response (the server closes after it).
inline QByteArray httpGet(quint16 port, const QByteArray &path, const QByteArray &method = "GET")
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray response;
    const bool settled = QTest::qWaitFor([&] {
        return socket.state() == QAbstractSocket::ConnectedState || socket.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    if (!settled || socket.state() != QAbstractSocket::ConnectedState)
        return QByteArray(); // refused: nobody listens
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const bool closed = QTest::qWaitFor([&] {
        response += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    Q_UNUSED(closed); // a response without the close still goes back for the caller to judge
    return response + socket.readAll();
}

// Opens socket and waits for the client side of the handshake: QWebSocket silently drops
// messages sent before connected(), even when the server already counts the connection.
inline bool openAndWait(QWebSocket &socket, const QUrl &url)
{
    socket.open(url);
    return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
}
