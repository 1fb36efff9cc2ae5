#pragma once

#include <QHash>
#include <QObject>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>
#include <QWebSocketServer>

// The small JSON protocol resources/scenarios/chat.yaml talks, for tests, on 127.0.0.1 with an
// OS-chosen port. The upgrade needs ?user=NAME and "Authorization: Bearer TOKEN" matching that
// user's row of a users.csv (else HTTP 401). Then: {"type":"welcome"} at once; join -> joined;
// say -> ack with the say's id; {"type":"tick","ts":EPOCH_MS} to everyone every tick interval;
// {"type":"ping","n":N} every ping interval, answered by {"type":"pong","n":N}.
class ChatProtocolServer : public QObject
{
    Q_OBJECT
public:
    explicit ChatProtocolServer(QObject *parent = nullptr);
    ~ChatProtocolServer() override;

    // usersCsv: "user,token,..." with a header row. False when it cannot be read or the port opened.
    bool start(const QString &usersCsv, int tickIntervalMs = 500, int pingIntervalMs = 1000, quint16 port = 0);
    QUrl url() const; // ws://127.0.0.1:PORT/chat
    void setAcksSays(bool on) { m_acksSays = on; } // off: says go unanswered, for timeouts
    void closeAll(int code); // every connected client, e.g. 1012 (restarting) to make them reconnect

    int refusedUnauthorized() const { return m_refused; }
    int joins() const { return m_joins; }
    int joinsOf(const QString &user) const { return m_joinsByUser.value(user); }
    int says() const { return m_says; }
    int pongs() const { return m_pongs; } // with the n of a ping that was sent
    int badPongs() const { return m_badPongs; }
    int closedWith(int code) const { return m_closeCodes.value(code); }
    int connected() const { return int(m_clients.size()); }

private:
    struct Client
    {
        QString user;
        int pingsSent = 0;
    };

    void readRequestHead(QTcpSocket *socket);
    void onConnected();
    void onText(QWebSocket *socket, const QString &message);
    void tick();
    void ping();

    QTcpServer m_tcp;
    QWebSocketServer m_ws{QStringLiteral("chat"), QWebSocketServer::NonSecureMode};
    QTimer m_tickTimer;
    QTimer m_pingTimer;
    QHash<QString, QString> m_tokens; // user -> token
    QHash<QWebSocket *, Client> m_clients;
    QHash<int, int> m_closeCodes;
    QHash<QString, int> m_joinsByUser;
    bool m_acksSays = true;
    int m_refused = 0, m_joins = 0, m_says = 0, m_pongs = 0, m_badPongs = 0;
};
