#pragma once

#include <wireframe.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

class QTcpSocket;

// A WebSocket server built from raw bytes, RawWsClient the other way round: it answers the upgrade
// as told (101, a refusal, a wrong accept key, half a head, silence, a hang-up), then writes what
// the test scripted, each segment in its own write() with TCP_NODELAY (and a pause between them
// when asked, so one byte is one TCP segment), and keeps whatever the client sends. For the load
// client's tests: faults, cuts, reconnects. Lives in the test's thread.
class RawWsServer : public QObject
{
public:
    enum class Answer { Accept, Refuse, BadAccept, HalfHead, Silence, Hangup };

    struct Peer
    {
        QTcpSocket *socket = nullptr;
        QByteArray head; // the client's request head
        QByteArray received; // everything after it
        qint64 acceptedAtMs = 0; // on the server's clock()
        QList<QByteArray> pending; // segments still to write
    };

    explicit RawWsServer(QObject *parent = nullptr);
    ~RawWsServer() override;

    bool listen(quint16 port = 0);
    void stopListening();
    void dropAll(); // every connection aborted: no close frame, the client sees a drop
    quint16 port() const { return m_port; }
    QUrl url(const QString &path = QStringLiteral("/ws")) const;
    qint64 clockMs() const { return m_clock.elapsed(); }

    Answer answer = Answer::Accept;
    int refuseStatus = 503;
    // Segments to write after the 101, chosen by the request target ("/ws?seed=5").
    std::function<QList<QByteArray>(const QByteArray &target)> script;
    int pauseMs = 0; // between segments

    const std::vector<std::unique_ptr<Peer>> &peers() const { return m_peers; }
    // The client's frames on one connection so far, unmasked; *allMasked false if any was not masked.
    static QList<WireFrame> framesOf(const Peer &peer, bool *allMasked = nullptr);

private:
    void accept();
    void readFrom(Peer *peer);
    void writeNext(Peer *peer);

    QTcpServer m_server;
    quint16 m_port = 0;
    QElapsedTimer m_clock;
    std::vector<std::unique_ptr<Peer>> m_peers;
};
