#pragma once

#include <QMap>
#include <QString>
#include <QVector>

#include <atomic>
#include <memory>

enum class Refusal { MaxConnections, Unauthorized, OriginRejected, BadRequest, NotFound, Count };

// Counters one worker writes and anyone may read: relaxed atomics, one cache line block per
// worker so workers never contend on the per-message path.
struct alignas(64) WorkerCounters
{
    static constexpr int kFirstCloseCode = 1000;
    static constexpr int kCloseCodeSlots = 16; // 1000..1015; everything else goes to the "other" slot

    std::atomic<quint64> connections{0}; // gauge
    std::atomic<quint64> subscribers{0}; // gauge
    std::atomic<quint64> connecting{0}; // gauge: accepted, handshake not done
    std::atomic<quint64> accepted{0};
    std::atomic<quint64> messagesReceived{0};
    std::atomic<quint64> messagesSent{0};
    std::atomic<quint64> bytesReceived{0};
    std::atomic<quint64> bytesSent{0};
    std::atomic<quint64> heartbeatTimeouts{0};
    std::atomic<quint64> heartbeatLateReads{0}; // expiries put off: the answer waited unread
    std::atomic<quint64> handshakeTimeouts{0};
    std::atomic<quint64> broadcastDrops{0};
    std::atomic<quint64> slowConsumerCloses{0};
    std::atomic<quint64> socketErrors{0};
    std::atomic<quint64> httpRequests{0};
    std::atomic<quint64> refused[int(Refusal::Count)]{};
    std::atomic<quint64> closeCodes[kCloseCodeSlots + 1]{};

    void countCloseCode(int code);
};

inline void bump(std::atomic<quint64> &counter, quint64 by = 1)
{
    counter.fetch_add(by, std::memory_order_relaxed);
}

inline void drop(std::atomic<quint64> &gauge)
{
    gauge.fetch_sub(1, std::memory_order_relaxed);
}

// A consistent-enough sum of all workers' counters, taken at one moment.
struct ServerTotals
{
    quint64 connections = 0, subscribers = 0, connecting = 0, accepted = 0;
    quint64 messagesReceived = 0, messagesSent = 0, bytesReceived = 0, bytesSent = 0;
    quint64 heartbeatTimeouts = 0, heartbeatLateReads = 0, handshakeTimeouts = 0, broadcastDrops = 0, slowConsumerCloses = 0;
    quint64 socketErrors = 0, httpRequests = 0;
    quint64 acceptErrors = 0; // the acceptor's, not a worker's
    bool leftPortGroup = false; // full, out of its SO_REUSEPORT group (Acceptor)
    quint64 portGroupLeaves = 0;
    quint64 refused[int(Refusal::Count)] = {};
    QVector<quint64> connectionsPerWorker;
    QMap<int, quint64> closeCodes; // code -> count; 0 stands for codes outside 1000..1015

    quint64 refusedTotal() const;
    // Error counts by kind, as the JSON sample and /metrics name them.
    QMap<QString, quint64> errorsByKind() const;
};

class ServerCounters
{
public:
    explicit ServerCounters(int workers);
    int workerCount() const { return m_workers; }
    WorkerCounters &worker(int index) { return m_perWorker[index]; }

    // Admission against the connection limit, across all workers.
    bool tryAdmit(quint64 maxConnections);
    void release();
    quint64 admitted() const { return m_admitted.load(std::memory_order_relaxed); }
    bool atCapacity(quint64 maxConnections) const { return admitted() >= maxConnections; }
    quint64 connecting() const; // accepted, request head not yet read; all workers
    void countAcceptError() { bump(m_acceptErrors); } // the acceptor's thread
    void setLeftPortGroup(bool left); // the acceptor's thread

    ServerTotals totals() const;

private:
    int m_workers;
    std::unique_ptr<WorkerCounters[]> m_perWorker;
    alignas(64) std::atomic<quint64> m_admitted{0};
    std::atomic<quint64> m_acceptErrors{0};
    std::atomic<bool> m_leftPortGroup{false};
    std::atomic<quint64> m_portGroupLeaves{0};
};

QString refusalName(Refusal reason);
