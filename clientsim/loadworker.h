#pragma once

#include "loadconfig.h"
#include "workersnapshot.h"

#include <clientconnection.h>
#include <clientcontext.h>
#include <connecttarget.h>
#include <handshake.h>
#include <loadpacer.h>

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

// One load thread: opens its share of the connections (ids index, index + threads, ...) on its own
// RFC 6455 client, drives the scenario from one 5 ms tick timer, reconnects what dropped, and counts
// everything. No timer or thread per connection. All methods run in the worker's thread; call them
// queued.
class LoadWorker : public QObject, private ClientConnection::Listener
{
    Q_OBJECT
public:
    LoadWorker(int index, int threadCount, const LoadConfig &config);
    ~LoadWorker() override;

    void start();
    WorkerSnapshot takeSnapshot(); // resets the interval's histograms
    // Closes every connection with 1000; closed() follows once all are gone (at most ~2 s).
    void stop();

Q_SIGNALS:
    void closed(const WorkerSnapshot &finalSnapshot);

private:
    static constexpr quint64 kNotSeenYet = ~quint64(0);

    struct Client
    {
        Client(ClientContext *context, Listener *listener, quint32 index, quint64 maxMessageBytes)
            : connection(context, listener, index, maxMessageBytes)
        {
        }
        ClientConnection connection;
        quint32 id = 0;
        bool closingByUs = false;
        int reconnectAttempt = 0; // attempts made since the drop
        qint64 droppedAtNs = 0; // when it dropped, while it is reconnecting; else 0
        quint64 nextSequence = 0;
        quint64 expectedSequence = 0; // echo replies come back in order
        std::vector<quint64> expectedFromPublisher; // broadcast; kNotSeenYet until the first delivery
    };
    struct Reconnect
    {
        qint64 dueNs;
        Client *client;
        bool operator<(const Reconnect &o) const { return dueNs > o.dueNs; } // a min-heap on dueNs
    };

    void connectionOpened(ClientConnection *c) override;
    void connectionFailed(ClientConnection *c, const QByteArray &kind) override;
    void messageReceived(ClientConnection *c, bool text, const char *data, qsizetype size) override;
    void pongReceived(ClientConnection *c, const char *data, qsizetype size) override;
    void connectionClosed(ClientConnection *c, const ClientConnection::CloseInfo &info) override;

    void tick();
    void openConnections(qint64 nowNs);
    void openClient(Client *c, qint64 nowNs);
    void dropped(Client *c, qint64 nowNs);
    void scheduleReconnect(Client *c, qint64 nowNs);
    void checkSequence(quint64 *expected, quint64 sequence);
    void sendTo(Client *c, qint64 stampNs);
    void sendOpenLoop(qint64 nowNs);
    void pingSome(qint64 nowNs, qint64 elapsedNs);
    void churnSome(qint64 elapsedNs);
    void sweep(qint64 nowNs);
    void checkClosed();
    Client *client(ClientConnection *c) { return m_clients[c->tag()].get(); }

    const int m_index;
    const int m_threadCount;
    const LoadConfig m_config;
    std::unique_ptr<ClientContext> m_context;
    std::optional<ConnectTarget> m_target;
    QByteArray m_setupFailure; // why no connection can open (the target's name did not resolve, ...)
    Handshake::Request m_request;
    std::vector<sockaddr_storage> m_sources;
    socklen_t m_sourceLength = 0;
    std::unique_ptr<LoadPacer> m_pacer;
    std::vector<std::unique_ptr<Client>> m_clients;
    std::vector<Client *> m_openClients; // for round-robin sends; rebuilt when it changes
    bool m_openListDirty = false;
    size_t m_nextToOpen = 0;
    std::vector<Client *> m_reopen; // churned, to open again
    std::vector<Reconnect> m_reconnects; // a heap
    size_t m_roundRobin = 0;
    size_t m_pingCursor = 0;
    std::vector<Client *> m_publishers;
    QByteArray m_message; // the payload every send stamps in place
    quint64 m_scheduledSent = 0;
    qint64 m_lastTickNs = 0;
    qint64 m_lastSweepNs = 0;
    qint64 m_startNs = 0;
    QTimer m_tick;
    bool m_stopping = false;
    bool m_closedSent = false;
    WorkerSnapshot m_counts;
};
