#pragma once

#include "loadconfig.h"
#include "messagecodec.h"
#include "workersnapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class QTcpSocket;
class QWebSocket;

// One load thread: opens its share of the connections (ids index, index + threads, ...), drives
// the scenario from one 5 ms tick timer and counts everything. No timer or thread per connection.
// All methods run in the worker's thread; call them queued.
class LoadWorker : public QObject
{
    Q_OBJECT
public:
    LoadWorker(int index, int threadCount, const LoadConfig &config);
    ~LoadWorker() override;

    void start();
    WorkerSnapshot takeSnapshot(); // resets the interval's latency histogram
    // Closes every connection with 1000; closed() follows once all are gone (at most ~2 s).
    void stop();

Q_SIGNALS:
    void closed(const WorkerSnapshot &finalSnapshot);

private:
    static constexpr quint64 kNotSeenYet = ~quint64(0);

    struct Client
    {
        QWebSocket *socket = nullptr;
        QTcpSocket *tcp = nullptr; // the socket's own, valid once connected
        quint32 id = 0;
        bool open = false;
        bool closingByUs = false;
        quint64 nextSequence = 0;
        quint64 expectedSequence = 0; // echo replies come back in order
        std::vector<quint64> expectedFromPublisher; // broadcast; kNotSeenYet until the first delivery
    };

    void tick();
    void openConnections(qint64 nowNs);
    void openClient(Client *c);
    void onConnected(Client *c);
    // "protocol_invalid_utf8" etc. for a close caused by a protocol error; empty for other closes.
    static QString protocolErrorKind(int closeCode, const QString &reason);
    void onFailed(Client *c);
    void onDisconnected(Client *c);
    void onMessage(Client *c, const MessageStamp &stamp, qint64 bytes);
    void checkSequence(quint64 *expected, quint64 sequence);
    void sendTo(Client *c, qint64 stampNs);
    void sendOpenLoop(qint64 nowNs);
    void pingSome();
    void churnSome(qint64 nowNs);
    void releaseSocket(Client *c);
    void checkClosed();
    qint64 nowNs() const;

    const int m_index;
    const LoadConfig m_config;
    const QUrl m_url;
    std::vector<std::unique_ptr<Client>> m_clients;
    std::vector<Client *> m_openClients; // for round-robin sends; rebuilt when it changes
    bool m_openListDirty = false;
    size_t m_nextToOpen = 0;
    std::vector<Client *> m_reopen; // churned, to open again
    size_t m_roundRobin = 0;
    size_t m_pingCursor = 0;
    double m_rateShare = 0; // messages per second this worker sends in the open loop
    std::vector<Client *> m_publishers;
    quint64 m_scheduledSent = 0;
    double m_churnDebt = 0;
    qint64 m_lastTickNs = 0;
    qint64 m_startNs = 0;
    QTimer m_tick;
    QElapsedTimer m_sinceStop;
    bool m_stopping = false;
    bool m_closedSent = false;
    WorkerSnapshot m_counts;
};
